"""What press does when the core announces something (core.signals)."""

from taggit.models import Tag

from core import signals
from core.caching import http_cache
from news.models import Topic
from press.models import (
    Attachment,
    CorrectionNote,
    PressContact,
    PressRelease,
    ReleaseContact,
    TaggedPressRelease,
)
from press.services import assign_number


def number_release(sender, *, item: PressRelease, **kwargs) -> None:
    """Number a release about to be published; under embargo, the public gets it at its end."""
    if (
        item.embargo_until is not None
        and item.publication_date is not None
        and item.publication_date < item.embargo_until
    ):
        # Published now under embargo: trusted journalists get it at once, the public at
        # the end of the embargo (as the admin form does for « Publier maintenant »).
        item.publication_date = item.embargo_until
    assign_number(release=item)


def connect() -> None:
    signals.pre_publish.connect(number_release, sender=PressRelease, dispatch_uid="press-number")
    # What the lists of releases filter, order and count on: live(), tag pages, the years.
    http_cache.register(
        PressRelease,
        list_fields=("status", "publication_date", "expiry_date", "topic", "tags"),
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
    # A topic's name, a tag's, is on the cards of releases in every list.
    for model in (Topic, Tag):
        http_cache.register(model, lambda label: {"press.pressrelease"})
