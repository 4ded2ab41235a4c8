from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, ListView

from accreditations import links, services
from accreditations.forms import AccreditationForm
from accreditations.models import AccreditationRequest, Event
from core.caching import http_cache
from core.caching.headers import keep_private
from core.ratelimit import recipient_over_limit, refuse_posts_over_limit
from core.views import too_many_requests


def section_crumbs() -> list[tuple[str, str]]:
    return [(_("Accréditations"), reverse("accreditations:list"))]


class EventListView(ListView):
    """The events whose accreditation is open, then those whose window opens later."""

    def get_queryset(self):
        return Event.objects.accreditation_open().with_counts()

    def get_context_data(self, **kwargs):
        kwargs["upcoming"] = list(Event.objects.accreditation_upcoming().with_counts())
        http_cache.show(self.request, Event, *self.object_list, *kwargs["upcoming"])
        kwargs["current"] = _("Accréditations")
        return super().get_context_data(**kwargs)


class EventDetailView(DetailView):
    queryset = Event.objects.with_counts()

    def get_context_data(self, **kwargs):
        http_cache.show(self.request, self.object)
        kwargs["crumbs"] = section_crumbs()
        kwargs["current"] = self.object.title
        return super().get_context_data(**kwargs)


@method_decorator(never_cache, name="dispatch")
class AccreditationFormView(FormView):
    form_class = AccreditationForm
    template_name = "accreditations/accreditationrequest_form.html"
    closed_template_name = "accreditations/accreditation_closed.html"

    def dispatch(self, request, *args, **kwargs):
        self.event = get_object_or_404(Event.objects.with_counts(), slug=kwargs["slug"])
        if not self.event.is_open:
            # The page says why; a post, even from a form loaded while it was open, is refused.
            status = 200 if request.method in ("GET", "HEAD") else 403
            return self.render_closed(status=status)
        refused = refuse_posts_over_limit(
            request,
            scope="accreditations",
            limit=settings.ACCREDITATION_RATE_LIMIT,
            period=settings.ACCREDITATION_RATE_PERIOD,
        )
        return refused or super().dispatch(request, *args, **kwargs)

    def render_closed(self, *, status: int):
        context = {
            "event": self.event,
            "crumbs": self.get_crumbs(),
            "current": _("Demande d’accréditation"),
        }
        return TemplateResponse(self.request, self.closed_template_name, context, status=status)

    def get_crumbs(self):
        return [*section_crumbs(), (self.event.title, self.event.get_absolute_url())]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["event"] = self.event
        kwargs["min_fill_seconds"] = settings.ACCREDITATION_MIN_FILL_SECONDS
        return kwargs

    def get_context_data(self, **kwargs):
        kwargs["event"] = self.event
        kwargs["crumbs"] = self.get_crumbs()
        kwargs["current"] = _("Demande d’accréditation")
        kwargs["retention_days"] = settings.ACCREDITATION_RETENTION_DAYS
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        # Each request acknowledged by e-mail: a mailbox typed in from many client addresses
        # gets no more than its share, and the poster the same 429 as for too many posts.
        if recipient_over_limit(
            form.cleaned_data["email"],
            scope="accreditations",
            limit=settings.RECIPIENT_EMAIL_LIMIT,
            period=settings.RECIPIENT_EMAIL_PERIOD,
        ):
            return too_many_requests(self.request, retry_after=settings.RECIPIENT_EMAIL_PERIOD)
        files = {name: form.cleaned_data.get(name) for name in AccreditationRequest.DOCUMENT_FIELDS}
        try:
            accreditation = services.request_accreditation(
                event=self.event, data=form.cleaned_data, files=files
            )
        except services.WindowClosed:
            return self.render_closed(status=403)
        except services.RequestRefused as refusal:
            form.add_error(refusal.field, refusal.message)
            return self.form_invalid(form)
        except services.DocumentsUnavailable:
            # Our failure, not the journalist's: say so, keep what they typed, and ask to retry.
            response = self.render_to_response(self.get_context_data(form=form, unavailable=True))
            response.status_code = 503
            response["Retry-After"] = "300"
            return response
        return redirect(accreditation)


@method_decorator(never_cache, name="dispatch")
class ConfirmationView(DetailView):
    """What the journalist sees after sending: the reference and what happens next.

    The reference in the address is unguessable, and the page shows no personal data.
    """

    context_object_name = "accreditation"

    def get_object(self, queryset=None):
        return get_object_or_404(
            AccreditationRequest.objects.select_related("event"),
            event__slug=self.kwargs["slug"],
            reference=self.kwargs["reference"],
        )

    def get_context_data(self, **kwargs):
        event = self.object.event
        kwargs["event"] = event
        kwargs["crumbs"] = [*section_crumbs(), (event.title, event.get_absolute_url())]
        kwargs["current"] = _("Confirmation")
        return super().get_context_data(**kwargs)


class CancelView(View):
    """The journalist's own page, reached from the e-mails: a button cancels the request.

    GET only shows the button, so a mail scanner that follows links cancels nothing.
    """

    template_name = "accreditations/cancel.html"

    def dispatch(self, request, *args, **kwargs):
        self.accreditation = links.request_to_cancel(kwargs["signed"])
        return keep_private(super().dispatch(request, *args, **kwargs))

    def render(self, *, status: int = 200, refusal: str = ""):
        accreditation = self.accreditation
        context = {"crumbs": section_crumbs(), "current": _("Annuler ma demande")}
        if accreditation is None:
            context["current"] = _("Lien non valable")
            return TemplateResponse(
                self.request, "accreditations/cancel_link_invalid.html", context, status=404
            )
        event = accreditation.event
        context.update(
            accreditation=accreditation,
            event=event,
            crumbs=[*section_crumbs(), (event.title, event.get_absolute_url())],
            refusal=refusal,
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        if self.accreditation is None:
            return self.render()
        try:
            services.cancel_request(accreditation=self.accreditation)
        except services.RequestRefused as refusal:
            return self.render(status=403, refusal=refusal.message)
        messages.success(
            request,
            _(
                "Votre demande est annulée. Un e-mail vous le confirme ; votre place, si vous "
                "en aviez une, est proposée à la personne suivante."
            ),
        )
        return redirect(request.path)
