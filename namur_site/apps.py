from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NamurSiteConfig(AppConfig):
    name = "namur_site"
    verbose_name = _("Site de la Ville de Namur")

    def ready(self):
        from namur_site import signals  # noqa: F401
