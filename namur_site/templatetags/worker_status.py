"""The admin index's warnings: no worker has polled the queue for a while, a daily job failed."""

from django import template
from django.utils.translation import gettext as _

from core import scheduled_jobs, worker
from core.models import JobOutcome, ScheduledJob, format_moment

register = template.Library()


@register.simple_tag
def worker_silence() -> str:
    """Return the French warning to show staff when no worker polls the queue, else ""."""
    if not worker.is_silent():
        return ""
    seen_at = worker.last_poll()
    if seen_at is None:
        since = _("Aucun worker n’a encore relevé la file d’attente des e-mails")
    else:
        since = _("Aucun worker n’a relevé la file d’attente des e-mails depuis le %(moment)s") % {
            "moment": format_moment(seen_at)
        }
    return _(
        "%(since)s : accusés de réception, décisions, badges et envois à la liste de presse "
        "attendent. Vérifiez que le worker (manage.py db_worker) tourne."
    ) % {"since": since}


@register.simple_tag
def failed_scheduled_jobs(user) -> list[str]:
    """Return a French line per daily job whose last run failed, for staff who may see them."""
    if not user.has_perm("core.view_scheduledjob"):
        return []
    return [
        _("La tâche planifiée « %(job)s » a échoué le %(moment)s (%(error)s).")
        % {
            "job": row.label,
            "moment": format_moment(row.last_started_at),
            "error": row.last_error,
        }
        for row in ScheduledJob.objects.filter(
            last_outcome=JobOutcome.FAILED, name__in=scheduled_jobs.configured_jobs()
        )
    ]
