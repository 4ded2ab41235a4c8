"""One-click unsubscribe (RFC 8058): the link in every e-mail's footer and List-Unsubscribe."""

from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from press.presslist import links, services
from press.presslist.views import PersonalPageMixin, section_crumbs


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(PersonalPageMixin, View):
    """GET shows one button; POST unsubscribes at once and erases the subscriber.

    A mail program's one-click POST (body ``List-Unsubscribe=One-Click``) carries no cookie nor
    CSRF token: the secret token in the address is what proves the right, so the view is exempt.
    GET changes nothing, so a mail scanner that follows links unsubscribes nobody.
    """

    def dispatch(self, request, *args, **kwargs):
        self.subscriber = links.subscriber_from(kwargs["pk"], kwargs["token"])
        if self.subscriber is None:
            return self.refuse()
        return super().dispatch(request, *args, **kwargs)

    def _page(self, template: str, **context):
        context = {"crumbs": section_crumbs(), **context}
        return self.private(TemplateResponse(self.request, template, context))

    def get(self, request, *args, **kwargs):
        return self._page(
            "presslist/unsubscribe.html",
            current=_("Me désabonner"),
            subscriber=self.subscriber,
        )

    def post(self, request, *args, **kwargs):
        email = self.subscriber.email
        services.erase(subscribers=[self.subscriber])
        return self._page("presslist/unsubscribed.html", current=_("Désabonnement"), email=email)
