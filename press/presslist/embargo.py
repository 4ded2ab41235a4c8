"""Personal links to an embargoed release: signed, for one subscriber, valid until the embargo.

A link names the subscriber and the release and carries a digest of the subscriber's secret
token, so staff revoke every link of a person by giving them a new token (or by withdrawing their
embargo trust). It expires when the embargo ends: the release is public from then on.
"""

import hashlib

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from core.models import Status
from press.models import PressRelease
from press.presslist.models import Subscriber

SALT = "presslist.embargo"


class LinkRefused(Exception):
    """The link is forged, altered, revoked, or for a release that is not published."""


class EmbargoOver(LinkRefused):
    """A genuine link whose embargo has ended: the release is public, or unpublished since."""

    def __init__(self, release):
        super().__init__(release)
        self.release = release


def _digest(subscriber) -> str:
    return hashlib.sha256(subscriber.token.encode()).hexdigest()[:16]


def personal_url(release, subscriber) -> str:
    """Return the path of ``subscriber``'s own link to the embargoed ``release``."""
    value = signing.dumps(
        {"r": release.pk, "s": subscriber.pk, "d": _digest(subscriber)}, salt=SALT, compress=True
    )
    return reverse("press:presslist:embargo", kwargs={"signed": value})


def open_link(signed: str, *, now=None):
    """Return ``(release, subscriber)`` for a valid link; raise ``LinkRefused`` otherwise."""
    try:
        data = signing.loads(signed, salt=SALT)
        release = PressRelease.objects.get(pk=data["r"])
        subscriber = Subscriber.objects.confirmed().get(pk=data["s"], embargo_trusted=True)
    except (
        signing.BadSignature,
        KeyError,
        TypeError,
        ValueError,
        PressRelease.DoesNotExist,
        Subscriber.DoesNotExist,
    ) as error:
        raise LinkRefused from error
    if data["d"] != _digest(subscriber):
        raise LinkRefused
    if release.status != Status.PUBLISHED or release.embargo_until is None:
        raise LinkRefused
    if release.embargo_until <= (now or timezone.now()):
        raise EmbargoOver(release)
    return release, subscriber
