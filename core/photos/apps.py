from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotosConfig(AppConfig):
    name = "core.photos"
    label = "photos"
    verbose_name = _("Photothèque")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.caching import http_cache
        from core.photos import usages
        from core.photos.models import Image

        # Editing an image (its alternative text, its focal point) refreshes the pages whose
        # text shows it (they carry its key) and every page of the items it leads (their own
        # keys: their pages, their cards in lists and feeds). No list depends on the library.
        http_cache.register(
            Image,
            lambda image: {http_cache.item_key(image), *usages.user_keys(image)},
            shared_parts=False,
        )
