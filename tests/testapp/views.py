from django.db import InterfaceError, OperationalError
from django.views.generic import DetailView

from core.views import LiveOrPreviewMixin
from tests.testapp.models import Item


class ItemDetailView(LiveOrPreviewMixin, DetailView):
    model = Item


def broken_view(request):
    raise RuntimeError("boom")


def database_down_view(request):
    raise OperationalError("connection to server at 10.0.0.5 failed")


def error_after_database_error_view(request):
    try:
        raise InterfaceError("connection already closed")
    except InterfaceError:
        raise RuntimeError("cleanup failed")  # noqa: B904
