from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NamurSiteConfig(AppConfig):
    name = "namur_site"
    verbose_name = _("Site de la Ville de Namur")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from namur_site import signals  # noqa: F401
        from namur_site.cache import content_changed
        from namur_site.sites import sync_current_site

        post_migrate.connect(sync_current_site, sender=self)

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, dispatch_uid=f"namur-page-cache-{signal}")
