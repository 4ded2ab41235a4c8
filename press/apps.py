from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    name = "press"
    verbose_name = _("Presse")

    def ready(self):
        from core.caching import http_cache
        from core.publishing import revision_parts, workflow
        from press.models import (
            Attachment,
            CorrectionNote,
            PressContact,
            PressRelease,
            ReleaseContact,
            TaggedPressRelease,
        )
        from press.services import save_release

        # What the lists of releases filter, order and count on: live(), tag pages, the years.
        http_cache.register(
            PressRelease,
            list_fields=("status", "publication_date", "expiry_date", "topic", "tags"),
        )
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
        # Search results show what a release's page shows, its contacts' names included.
        any_release = http_cache.any_item_key(PressRelease)
        # The press office lists the press service's contacts by name.
        http_cache.register(
            PressContact,
            lambda contact: {*http_cache.own_keys(contact), any_release},
            list_fields=("press_office", "first_name", "last_name"),
            shared_parts=False,
        )
        # What a release shows besides its own fields: the pages showing that release (a feed
        # shows its first attachment), and a contact's vCard is public while a release shows it.
        for model in (Attachment, CorrectionNote):
            http_cache.register(
                model,
                lambda part: {f"press.pressrelease:{part.release_id}", any_release},
                shared_parts=False,
            )
        http_cache.register(
            ReleaseContact,
            lambda link: {
                f"press.pressrelease:{link.release_id}",
                f"press.presscontact:{link.contact_id}",
                any_release,
            },
            shared_parts=False,
        )
        http_cache.register(
            TaggedPressRelease,
            lambda link: {f"press.pressrelease:{link.content_object_id}", "press.pressrelease"},
        )
