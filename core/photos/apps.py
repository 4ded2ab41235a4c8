from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotosConfig(AppConfig):
    name = "core.photos"
    label = "photos"
    verbose_name = _("Photothèque")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.caching import http_cache
        from core.photos.models import Image

        # A page showing an image carries its key: editing the image (its alternative text, its
        # focal point) refreshes those pages, and no list depends on the library.
        http_cache.register(Image, lambda image: {http_cache.item_key(image)}, shared_parts=False)
