from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NamurSiteConfig(AppConfig):
    name = "namur_site"
    verbose_name = _("Site de la Ville de Namur")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from namur_site import signals  # noqa: F401
        from namur_site.sites import sync_current_site

        # After the sites app made its record: namur_site, without models, has no post_migrate.
        post_migrate.connect(sync_current_site, sender=apps.get_app_config("sites"))
