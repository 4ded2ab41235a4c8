from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    label = "core"
    verbose_name = _("Fonctionnement du site")

    def ready(self):
        from django.contrib import admin
        from django.contrib.flatpages.models import FlatPage
        from django.contrib.sites.models import Site
        from django.core import checks
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import (
            m2m_changed,
            post_delete,
            post_migrate,
            post_save,
            pre_delete,
        )
        from django_tasks.signals import task_finished, task_started

        from core import logs, redirects
        from core.caching import cache, http_cache
        from core.checks import check_scheduled_jobs
        from core.models import Redirect
        from core.publishing import admin_actions, review_mail
        from core.search import search

        checks.register(check_scheduled_jobs)
        # The worker's lines name the task they are about.
        task_started.connect(logs.task_started, dispatch_uid="namur-log-task-started")
        task_finished.connect(logs.task_finished, dispatch_uid="namur-log-task-finished")
        # SQLite drops a table's triggers when a migration rebuilds it: the index's come back.
        post_migrate.connect(search.ensure_index, sender=self)
        # A document shows related rows (attachments, contacts, tags): it follows their changes.
        for signal in (post_save, pre_delete, post_delete, m2m_changed):
            signal.connect(search.changed, dispatch_uid=f"namur-search-{signal}")
        # « Supprimer les actualités sélectionnées », « … les communiqués sélectionnés ».
        admin.site.add_action(admin_actions.delete_selected)
        # Writers and reviewers hear by e-mail of submissions, send-backs and publications.
        review_mail.connect()

        # A request reads the content generation once, whatever number of parts it shows.
        request_started.connect(cache.request_started, dispatch_uid="namur-generation-start")
        request_finished.connect(cache.request_finished, dispatch_uid="namur-generation-end")
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(http_cache.changed, dispatch_uid=f"namur-http-cache-{signal}")
        # The layout (site name, legal pages in the footer) is on every page.
        http_cache.register(FlatPage, lambda page: {http_cache.LAYOUT_KEY})
        http_cache.register(Site, lambda site: {http_cache.LAYOUT_KEY})
        # An item's old addresses lead to its new one; a redirect's answer is purged by its key.
        redirects.connect(redirects.publishable_models(self.apps.get_models()))
        http_cache.register(Redirect, lambda redirect: {http_cache.item_key(redirect)})
