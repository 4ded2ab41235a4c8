"""The admin index's warning when no task worker has polled the queue for a while."""

from django import template
from django.utils.translation import gettext as _

from core import worker
from core.models import format_moment

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
