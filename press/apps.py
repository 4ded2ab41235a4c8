from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    name = "press"
    verbose_name = _("Presse")

    def ready(self):
        from namur_site.core import http_cache, revision_parts, workflow
        from press.models import (
            Attachment,
            CorrectionNote,
            PressContact,
            PressRelease,
            ReleaseContact,
            TaggedPressRelease,
        )
        from press.services import save_release

        http_cache.register(PressRelease)
        # A release is numbered when first published: only its service knows how.
        workflow.register_saver(
            PressRelease, lambda *, item, user: save_release(release=item, author=user)
        )
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
        http_cache.register(PressContact)
        # What a release page shows besides its own fields: its release's pages and lists.
        for model in (Attachment, CorrectionNote, ReleaseContact):
            http_cache.register(
                model,
                lambda part: {f"press.pressrelease:{part.release_id}", "press.pressrelease"},
            )
        http_cache.register(
            TaggedPressRelease,
            lambda link: {f"press.pressrelease:{link.content_object_id}", "press.pressrelease"},
        )
