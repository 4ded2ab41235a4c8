"""The page an embargo-trusted journalist opens from their personal link, before the embargo."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from core.models import format_moment
from press.presslist.embargo import EmbargoOver, LinkRefused, open_link
from press.views import PressReleaseDetailView


class EmbargoedReleaseView(PressReleaseDetailView):
    """The release as the public will see it, marked as embargoed, for the link's owner only.

    Never cached, never indexed, and its address is never sent to the sites it links to. Once
    the embargo is over, the link leads to the public page.
    """

    template_name = "presslist/embargoed_release.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.release, self.subscriber = open_link(kwargs["signed"])
        except EmbargoOver as over:
            if over.release.is_live():
                return redirect(over.release)
            raise Http404("Embargo terminé, communiqué non publié") from None
        except LinkRefused:
            raise Http404("Lien d’embargo refusé") from None
        return super().dispatch(request, *args, **kwargs)

    def can_preview(self) -> bool:
        # The signed link stands for the right to see the release before it is public.
        return True

    def get_object(self, queryset=None):
        return self.get_queryset().get(pk=self.release.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            is_preview=False,
            embargo_until=format_moment(self.object.embargo_until),
            embargo_reader=self.subscriber,
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response
