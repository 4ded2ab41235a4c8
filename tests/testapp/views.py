from django.views.generic import DetailView

from namur_site.views import LiveOrPreviewMixin
from tests.testapp.models import Item


class ItemDetailView(LiveOrPreviewMixin, DetailView):
    model = Item


def broken_view(request):
    raise RuntimeError("boom")
