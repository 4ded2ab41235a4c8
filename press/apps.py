from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    name = "press"
    verbose_name = _("Presse")

    def ready(self):
        from core.publishing import revision_parts
        from press import receivers
        from press.models import PressRelease

        receivers.connect()
        # Versions of a release keep what its form's inlines edit, and restore it.
        revision_parts.follow(
            PressRelease, "release_contacts", label=_("Contacts presse"), shown=("contact",)
        )
        revision_parts.follow(
            PressRelease, "attachments", label=_("Pièces jointes"), shown=("title", "file")
        )
        revision_parts.follow(
            PressRelease, "corrections", label=_("Notes de mise à jour"), shown=("date", "text")
        )
