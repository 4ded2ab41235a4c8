from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressListConfig(AppConfig):
    name = "presslist"
    verbose_name = _("Liste de presse")

    def ready(self):
        from press.signals import publication_planned
        from presslist import release_admin
        from presslist.dispatch import plan_release

        publication_planned.connect(plan_release, dispatch_uid="presslist.plan_release")
        # The release's admin page shows the press list's dispatches, from this app.
        release_admin.register()
