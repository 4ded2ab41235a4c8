"""« Tâches planifiées »: the daily jobs the worker runs, and how their last run went. Read only."""

from django.contrib import admin
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import scheduled_jobs
from core.models import JobOutcome, ScheduledJob, format_moment


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    list_display = (
        "job",
        "time_of_day",
        "next_run",
        "last_started",
        "last_finished",
        "outcome",
        "output_excerpt",
    )
    list_display_links = ("job",)
    fields = (
        "job",
        "name",
        "time_of_day",
        "next_run_at",
        "last_started_at",
        "last_finished_at",
        "outcome",
        "last_worker",
        "output",
    )
    readonly_fields = fields
    list_per_page = 50

    # The settings say which jobs run and when (SCHEDULED_JOBS); the worker writes the rest.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("tâche"), ordering="name")
    def job(self, row):
        return row.label

    @admin.display(description=_("chaque jour à"), ordering="at")
    def time_of_day(self, row):
        # « 3 h 10 », on Brussels' clock whatever the season.
        return dateformat.time_format(row.at, "G\u00a0\\h\u00a0i")

    @admin.display(description=_("prochaine exécution"), ordering="next_run_at")
    def next_run(self, row):
        return format_moment(row.next_run_at)

    @admin.display(description=_("dernier lancement"), ordering="last_started_at")
    def last_started(self, row):
        return format_moment(row.last_started_at) if row.last_started_at else "—"

    @admin.display(description=_("fin"), ordering="last_finished_at")
    def last_finished(self, row):
        end, start = row.last_finished_at, row.last_started_at
        if end is None:
            return "—"
        if start and timezone.localdate(start) == timezone.localdate(end):
            return dateformat.format(timezone.localtime(end), "G\u00a0\\h\u00a0i")
        return format_moment(end)

    @admin.display(description=_("résultat"), ordering="last_outcome")
    def outcome(self, row):
        if not row.last_outcome:
            return gettext("Jamais lancée")
        label = row.get_last_outcome_display()
        if row.last_outcome == JobOutcome.FAILED and row.last_error:
            return gettext("%(outcome)s : %(error)s") % {"outcome": label, "error": row.last_error}
        return label

    @admin.display(description=_("sortie (extrait)"))
    def output_excerpt(self, row):
        lines = [line for line in row.last_output.splitlines() if line.strip()]
        return Truncator(lines[-1]).chars(60) if lines else "—"

    @admin.display(description=_("sortie du dernier lancement"))
    def output(self, row):
        if not row.last_output:
            return "—"
        return format_html('<pre class="scheduled-job-output">{}</pre>', row.last_output)

    def get_queryset(self, request):
        # The rows follow SCHEDULED_JOBS when a worker starts; until then, the settings decide.
        return super().get_queryset(request).filter(name__in=scheduled_jobs.configured_jobs())

    def changelist_view(self, request, extra_context=None):
        # Not « Choisir l’élément à afficher »: there is nothing to choose, only to read.
        extra_context = {"title": gettext("Tâches planifiées"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)
