from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NamurSiteConfig(AppConfig):
    name = "namur_site"
    verbose_name = _("Site de la Ville de Namur")

    def ready(self):
        from django.contrib import admin
        from django.contrib.flatpages.models import FlatPage
        from django.contrib.sites.models import Site
        from django.db.models.signals import (
            m2m_changed,
            post_delete,
            post_migrate,
            post_save,
            pre_delete,
        )

        from namur_site import signals  # noqa: F401
        from namur_site.core import admin_actions, http_cache, review_mail, search
        from namur_site.sites import sync_current_site

        post_migrate.connect(sync_current_site, sender=self)
        # SQLite drops a table's triggers when a migration rebuilds it: the index's come back.
        post_migrate.connect(search.ensure_index, sender=self)
        # A document shows related rows (attachments, contacts, tags): it follows their changes.
        for signal in (post_save, pre_delete, post_delete, m2m_changed):
            signal.connect(search.changed, dispatch_uid=f"namur-search-{signal}")
        # « Supprimer les actualités sélectionnées », « … les communiqués sélectionnés ».
        admin.site.add_action(admin_actions.delete_selected)
        # Writers and reviewers hear by e-mail of submissions, send-backs and publications.
        review_mail.connect()

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(http_cache.changed, dispatch_uid=f"namur-http-cache-{signal}")
        # The layout (site name, legal pages in the footer) is on every page.
        http_cache.register(FlatPage, lambda page: {http_cache.LAYOUT_KEY})
        http_cache.register(Site, lambda site: {http_cache.LAYOUT_KEY})
