"""The staff's check-in pages: choose an event, then scan or type badge codes at the door.

Only staff holding « Peut enregistrer les arrivées » get in. The scanning page is the only one of
the site whose Permissions-Policy lets the browser use the camera, and only for the site itself.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from accreditations import badges, checkins
from accreditations.models import Event
from core.caching.headers import permissions_policy
from core.models import format_moment

CHECKIN_PERMISSION = "accreditations.record_checkin"
# Events still listed for check-in after they end: late arrivals, and the export afterwards.
LISTED_AFTER_END = timedelta(days=2)


def may_check_in(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(CHECKIN_PERMISSION)


@method_decorator([never_cache, staff_member_required], name="dispatch")
class CheckInMixin(View):
    def dispatch(self, request, *args, **kwargs):
        if not may_check_in(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def crumbs(self):
        return [(_("Arrivées"), reverse("accreditations:checkin-events"))]


class CheckInEventsView(CheckInMixin):
    """The events whose door is open or about to be: the staff choose one."""

    def get(self, request):
        events = Event.objects.filter(ends__gte=timezone.now() - LISTED_AFTER_END)
        context = {"events": events, "current": _("Arrivées")}
        return TemplateResponse(request, "accreditations/checkin_events.html", context)


class CheckInView(CheckInMixin):
    """Scan or type a badge code; the answer says at once whether its holder may come in."""

    @cached_property
    def event(self):
        return get_object_or_404(Event, slug=self.kwargs["slug"])

    def get(self, request, slug):
        return self.render(answer=None)

    def post(self, request, slug):
        code = request.POST.get("code", "").strip()
        if not code:
            return self.render(answer=None, missing=True)
        answer = checkins.check_in(event=self.event, code=code, by=request.user)
        return self.render(answer=answer, code=code)

    def render(self, **context):
        answer = context.get("answer")
        accreditation = answer.accreditation if answer else None
        context.update(
            event=self.event,
            counts=checkins.counts(self.event),
            photo=badges.photo_data_uri(accreditation) if accreditation else None,
            first_entry=format_moment(answer.check_in.at) if answer and answer.check_in else "",
            crumbs=self.crumbs(),
            current=self.event.title,
        )
        response = TemplateResponse(self.request, "accreditations/checkin.html", context)
        # The camera, for this page and the site only; every other page keeps it off.
        response["Permissions-Policy"] = permissions_policy(
            {**settings.PERMISSIONS_POLICY, "camera": ["self"]}
        )
        return response


class CheckInCountsView(CheckInView):
    """The counts alone, which the page asks for now and then to follow the other doors."""

    def get(self, request, slug):
        counts = checkins.counts(self.event)
        return JsonResponse(
            {"expected": counts.expected, "arrived": counts.arrived, "remaining": counts.remaining}
        )

    http_method_names = ["get", "head", "options"]


class CheckInExportView(CheckInView):
    """The event's check-ins as CSV."""

    def get(self, request, slug):
        response = HttpResponse(
            checkins.export_csv(self.event), content_type="text/csv; charset=utf-8"
        )
        name = f"arrivees-{self.event.slug}-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response

    http_method_names = ["get", "head", "options"]
