"""The subscriber's own links: confirm the address, manage topics, unsubscribe in one click.

Manage and unsubscribe links carry the subscriber's secret token (a new token revokes them all);
the confirmation link is also signed with a time stamp, so it expires after
``PRESS_LIST_CONFIRM_DAYS``.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from press.presslist.models import Subscriber

CONFIRM_SALT = "presslist.confirm"


class ConfirmationExpired(Exception):
    pass


def confirm_url(subscriber: Subscriber) -> str:
    signed = signing.dumps([subscriber.pk, subscriber.token], salt=CONFIRM_SALT)
    return reverse("press:presslist:confirm", kwargs={"signed": signed})


def subscriber_to_confirm(signed: str) -> Subscriber | None:
    """Return the subscriber a confirmation link names, None if it is not genuine.

    Raise ``ConfirmationExpired`` for a genuine link older than ``PRESS_LIST_CONFIRM_DAYS``.
    """
    max_age = settings.PRESS_LIST_CONFIRM_DAYS * 24 * 3600
    try:
        pk, token = signing.loads(signed, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ConfirmationExpired from error
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return subscriber_from(pk, token)


def subscriber_from(pk, token: str) -> Subscriber | None:
    """Return the subscriber whose id and secret token a manage or unsubscribe link carries."""
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or not constant_time_compare(subscriber.token, token):
        return None
    return subscriber


def manage_url(subscriber: Subscriber) -> str:
    return reverse("press:presslist:manage", args=[subscriber.pk, subscriber.token])


def unsubscribe_url(subscriber: Subscriber) -> str:
    return reverse("press:presslist:unsubscribe", args=[subscriber.pk, subscriber.token])
