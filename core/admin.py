"""The core's own admin pages: « Tâches planifiées » (the daily jobs the worker runs, and how
their last run went; read only) and « Redirections » (the old addresses and where they lead)."""

from django import forms
from django.contrib import admin
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from core import redirects, scheduled_jobs
from core.models import JobOutcome, Redirect, ScheduledJob, format_moment
from core.people import full_name


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


class RedirectForm(forms.ModelForm):
    """A redirect added by hand: from an address of the site to another, never in circles."""

    class Meta:
        model = Redirect
        fields = ["old_path", "target_path"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "target_path" in self.fields:
            self.fields["target_path"].required = True

    def clean_old_path(self):
        return redirects.checked_path(self.cleaned_data["old_path"])

    def clean_target_path(self):
        return redirects.checked_path(self.cleaned_data["target_path"])

    def clean(self):
        cleaned = super().clean()
        old_path, target_path = cleaned.get("old_path"), cleaned.get("target_path")
        if old_path and target_path:
            redirects.check_no_circle(old_path=old_path, target_path=target_path)
        return cleaned


class OriginFilter(admin.SimpleListFilter):
    title = gettext_lazy("origine")
    parameter_name = "origine"

    def lookups(self, request, model_admin):
        return [
            ("contenu", gettext("Adresse d’un contenu changée")),
            ("main", gettext("Ajoutée à la main")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "contenu":
            return queryset.filter(content_type__isnull=False)
        if self.value() == "main":
            return queryset.filter(content_type__isnull=True)
        return queryset


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    form = RedirectForm
    list_display = ["old_path", "target", "created", "author"]
    list_filter = [OriginFilter]
    search_fields = ["old_path", "target_path"]
    date_hierarchy = "created"
    list_select_related = ["created_by", "content_type"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("item")

    def get_fields(self, request, obj=None):
        if obj is not None and obj.content_type_id is not None:
            return ["old_path", "target", "created", "author"]
        if obj is not None:
            return ["old_path", "target_path", "created", "author"]
        return ["old_path", "target_path"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.content_type_id is not None:
            # Recorded when the item's address changed: it follows the item, or goes.
            return ["old_path", "target", "created", "author"]
        return ["created", "author"]

    @admin.display(description=gettext_lazy("mène à"))
    def target(self, obj):
        if obj.content_type_id is None:
            return obj.target_path
        item = obj.item
        if item is None:
            return gettext("un contenu supprimé")
        address = item.get_absolute_url()
        if hasattr(item, "is_live") and not item.is_live():
            return format_html(
                "« {} » ({}) — {}",
                item,
                address,
                gettext("non publié : l’ancienne adresse répond « page introuvable »"),
            )
        return format_html('« {} » (<a href="{}">{}</a>)', item, address, address)

    @admin.display(description=gettext_lazy("par"), ordering="created_by__last_name")
    def author(self, obj):
        return full_name(obj.created_by, nobody="—")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
