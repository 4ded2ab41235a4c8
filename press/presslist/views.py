"""The journalist's pages: subscribe, confirm the address, manage the subscription."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from core.caching.headers import keep_private
from core.ratelimit import recipient_over_limit, refuse_posts_over_limit
from press.presslist import links, services
from press.presslist.forms import SubscribeForm, SubscriptionForm


def section_crumbs() -> list[tuple[str, str]]:
    return [(_("Espace presse"), reverse("press:office"))]


class SectionMixin:
    current = ""

    def get_context_data(self, **kwargs):
        kwargs.setdefault("crumbs", section_crumbs())
        kwargs.setdefault("current", self.current)
        kwargs["confirm_days"] = settings.PRESS_LIST_CONFIRM_DAYS
        return super().get_context_data(**kwargs)


class PersonalPageMixin:
    """A page whose address holds the subscriber's secret: never cached nor indexed nor referred."""

    def private(self, response):
        return keep_private(response)

    def refuse(self, *, expired: bool = False):
        """The page for a link that is not (or no longer) valid, with the way to subscribe again."""
        context = {
            "crumbs": section_crumbs(),
            "current": _("Lien non valable"),
            "expired": expired,
            "confirm_days": settings.PRESS_LIST_CONFIRM_DAYS,
        }
        response = TemplateResponse(
            self.request, "presslist/link_invalid.html", context, status=410 if expired else 404
        )
        return self.private(response)


@method_decorator(never_cache, name="dispatch")
class SubscribeView(SectionMixin, FormView):
    form_class = SubscribeForm
    template_name = "presslist/subscribe.html"

    @property
    def current(self):
        return _("Recevoir les communiqués")

    def dispatch(self, request, *args, **kwargs):
        refused = refuse_posts_over_limit(
            request,
            scope="presslist",
            limit=settings.PRESS_LIST_RATE_LIMIT,
            period=settings.PRESS_LIST_RATE_PERIOD,
        )
        return refused or super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.subscription()
        if not recipient_over_limit(
            data["email"],
            scope="presslist",
            limit=settings.RECIPIENT_EMAIL_LIMIT,
            period=settings.RECIPIENT_EMAIL_PERIOD,
        ):
            services.subscribe(data=data)
        # The same answer whether the address was new, waiting, already on the list, or sent
        # enough e-mails for now: nobody learns which, and a mailbox is not flooded.
        return redirect("press:presslist:subscribed")


class SubscribedView(SectionMixin, TemplateView):
    template_name = "presslist/subscribed.html"

    @property
    def current(self):
        return _("Vérifiez vos e-mails")


class ConfirmView(PersonalPageMixin, View):
    """GET shows a button, POST confirms: a mail scanner that follows links confirms nothing."""

    def dispatch(self, request, *args, **kwargs):
        try:
            self.subscriber = links.subscriber_to_confirm(kwargs["signed"])
        except links.ConfirmationExpired:
            return self.refuse(expired=True)
        if self.subscriber is None:
            return self.refuse()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.subscriber.is_confirmed:
            return redirect(links.manage_url(self.subscriber))
        context = {
            "crumbs": section_crumbs(),
            "current": _("Confirmer l’abonnement"),
            "subscriber": self.subscriber,
        }
        return self.private(TemplateResponse(request, "presslist/confirm.html", context))

    def post(self, request, *args, **kwargs):
        services.confirm(subscriber=self.subscriber)
        messages.success(
            request,
            _(
                "Votre abonnement est confirmé : vous recevrez les communiqués par e-mail dès "
                "leur publication. Vous pouvez changer vos thèmes ici à tout moment."
            ),
        )
        return redirect(links.manage_url(self.subscriber))


class ManageView(PersonalPageMixin, SectionMixin, FormView):
    form_class = SubscriptionForm
    template_name = "presslist/manage.html"

    @property
    def current(self):
        return _("Mon abonnement")

    def dispatch(self, request, *args, **kwargs):
        self.subscriber = links.subscriber_from(kwargs["pk"], kwargs["token"])
        if self.subscriber is None or not self.subscriber.is_confirmed:
            return self.refuse()
        return self.private(super().dispatch(request, *args, **kwargs))

    def get_initial(self):
        return SubscriptionForm.initial_for(self.subscriber)

    def get_context_data(self, **kwargs):
        kwargs["subscriber"] = self.subscriber
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        services.update_subscription(subscriber=self.subscriber, data=form.subscription())
        messages.success(request=self.request, message=_("Vos choix sont enregistrés."))
        return redirect(links.manage_url(self.subscriber))
