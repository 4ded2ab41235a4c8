"""What the approval e-mail carries beside its text: the badge, its personal link, the calendar."""

from django.conf import settings

from accreditations import badge_pdf, badges, calendar
from accreditations.models import AccreditationRequest

Attachment = tuple[str, bytes, str]


def approval_extras(accreditation: AccreditationRequest) -> tuple[dict, list[Attachment]]:
    """Return the e-mail's extra context (the badge link) and its attachments (badge, .ics)."""
    badge = badges.badge_for(accreditation)
    event = accreditation.event
    context = {"badge_url": settings.SITE_URL + badges.personal_path(badge)}
    attachments = [
        (f"badge-{accreditation.reference}.pdf", badge_pdf.render(badge), "application/pdf"),
        (calendar.file_name(event), calendar.event_ics(event), "text/calendar"),
    ]
    return context, attachments
