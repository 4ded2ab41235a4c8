"""A concrete publishable model, so the shared core is tested apart from news and press."""

from django.urls import reverse

from core.models import Publishable


class Item(Publishable):
    class Meta(Publishable.Meta):
        app_label = "testapp"

    def get_absolute_url(self):
        return reverse("item-detail", kwargs={"slug": self.slug})
