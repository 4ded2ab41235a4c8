"""The journalist's badge through their personal link, and each event's calendar file."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import View

from accreditations import badge_pdf, badges, calendar, links
from accreditations.models import Event, RequestStatus
from accreditations.views import section_crumbs
from core.caching import http_cache


def _personal(response: HttpResponse) -> HttpResponse:
    """Keep a response of a personal link out of every cache, index and referrer."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


class BadgeView(View):
    """The badge as a page for the phone, and the PDF to print (``as_pdf``).

    Only an approved request has a badge; the link of any other says so, in French.
    """

    as_pdf = False

    def get(self, request, signed):
        badge = badges.badge_from_link(signed)
        if badge is None:
            return self._render("accreditations/badge_link_invalid.html", 404)
        accreditation = badge.request
        if accreditation.status != RequestStatus.APPROVED:
            return self._render(
                "accreditations/badge_not_valid.html", 403, accreditation=accreditation
            )
        if self.as_pdf:
            response = HttpResponse(badge_pdf.render(badge), content_type="application/pdf")
            name = f"badge-{accreditation.reference}.pdf"
            response["Content-Disposition"] = f'inline; filename="{name}"'
            return _personal(response)
        qr, qr_size = badges.qr_data_uri(badge)
        context = {
            "accreditation": accreditation,
            "event": accreditation.event,
            "code": badges.code_of(badge),
            "qr": qr,
            "qr_size": qr_size,
            "photo": badges.photo_data_uri(accreditation),
            "signed": signed,
            # Until the event starts, the holder may still give the place back.
            "cancel_path": links.cancel_path(accreditation)
            if accreditation.can_be_cancelled
            else "",
        }
        return self._render("accreditations/badge.html", 200, **context)

    def _render(self, template: str, status: int, **context):
        context.update(crumbs=section_crumbs(), current=_("Badge presse"))
        response = TemplateResponse(self.request, template, context, status=status)
        return _personal(response.render())


def event_calendar(request, slug):
    """The event as an .ics file, for any calendar."""
    event = get_object_or_404(Event, slug=slug)
    http_cache.show(request, event)
    response = HttpResponse(calendar.event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar.file_name(event)}"'
    return response
