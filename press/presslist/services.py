"""Everything that writes the press list: subscribing, confirming, changing topics, staff's work.

Views, the admin and the purge command call these functions. E-mails are queued once the
transaction commits and sent by the background worker (``send_subscriber_email_task``), never from
a request. Logs name subscribers by id, never by name or address.
"""

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from core import erasures
from core.email_addresses import normalise_email
from core.mail import error_name, send_or_retry
from core.personal_data import scrub_admin_history
from press.presslist import links
from press.presslist.models import Subscriber, new_token

logger = logging.getLogger(__name__)

# The two e-mails a subscription sends: the confirmation link to a new address, and the link to
# manage the subscription to an address already confirmed that subscribes again.
CONFIRM = "confirm"
ALREADY_SUBSCRIBED = "already_subscribed"
SUBJECTS = {
    CONFIRM: gettext_lazy("Confirmez votre abonnement aux communiqués de presse — %(city)s"),
    ALREADY_SUBSCRIBED: gettext_lazy("Votre abonnement aux communiqués de presse — %(city)s"),
}


def subscribe(*, data: Mapping) -> None:
    """Take a subscription request and queue the e-mail that fits the address.

    A new address is saved unconfirmed and gets a confirmation link; an unconfirmed one takes the
    new details and gets a new link; a confirmed one is left as it is and gets the link to manage
    its subscription. The caller learns nothing of which happened: whoever typed the address
    must not learn whether it is on the list.
    """
    email = normalise_email(data["email"])
    for _attempt in range(2):
        try:
            with transaction.atomic():
                subscriber = (
                    Subscriber.objects.select_for_update().filter(email__iexact=email).first()
                )
                if subscriber is not None and subscriber.is_confirmed:
                    _queue_email(subscriber.pk, ALREADY_SUBSCRIBED)
                    return
                if subscriber is None:
                    subscriber = Subscriber(email=email)
                # A new link, a new confirmation window: the purge counts from now.
                subscriber.created = timezone.now()
                _save_details(subscriber, data)
                _queue_email(subscriber.pk, CONFIRM)
                logger.info("Press list subscriber %s awaits confirmation", subscriber.pk)
                return
        except IntegrityError:
            # The same address was saved meanwhile by another request: read it again.
            continue
    raise RuntimeError("Press list subscription could not be saved")


def _save_details(subscriber: Subscriber, data: Mapping) -> None:
    subscriber.name = data["name"]
    subscriber.outlet = data["outlet"]
    subscriber.all_topics = data["all_topics"]
    subscriber.save()
    subscriber.topics.set([] if subscriber.all_topics else data["topics"])


def confirm(*, subscriber: Subscriber, at: datetime | None = None) -> bool:
    """Confirm the address; return False if it already was."""
    confirmed = Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
        confirmed_at=at or timezone.now()
    )
    if confirmed:
        logger.info("Press list subscriber %s confirmed", subscriber.pk)
    subscriber.refresh_from_db()
    return bool(confirmed)


def update_subscription(*, subscriber: Subscriber, data: Mapping) -> None:
    """Save the name, outlet and topics the subscriber chose on their own page."""
    with transaction.atomic():
        _save_details(subscriber, data)
    logger.info("Press list subscriber %s changed their subscription", subscriber.pk)


def set_embargo_trust(*, subscribers: Iterable[Subscriber], trusted: bool) -> int:
    """Trust the confirmed subscribers with embargoed releases, or withdraw it; return how many.

    Withdrawing the trust also refuses the personal links to embargoed releases sent so far.
    """
    ids = [s.pk for s in subscribers]
    rows = Subscriber.objects.filter(pk__in=ids).exclude(embargo_trusted=trusted)
    if trusted:
        rows = rows.confirmed()
    changed = list(rows.values_list("pk", flat=True))
    Subscriber.objects.filter(pk__in=changed).update(embargo_trusted=trusted)
    for pk in changed:
        logger.info("Press list subscriber %s embargo trust: %s", pk, trusted)
    return len(changed)


def revoke_links(*, subscribers: Iterable[Subscriber]) -> int:
    """Give each subscriber a new secret: every link sent so far stops working."""
    count = 0
    with transaction.atomic():
        for subscriber in subscribers:
            count += Subscriber.objects.filter(pk=subscriber.pk).update(token=new_token())
            logger.info("Press list subscriber %s: personal links revoked", subscriber.pk)
    return count


def describe(subscriber: Subscriber) -> str:
    """Name a subscriber without personal data, for what outlives them (the admin history)."""
    return _("Abonné n° %(id)s") % {"id": subscriber.pk}


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def erasure_key(subscriber: Subscriber) -> str:
    """Name a subscriber in the erasure journal: its number and the microsecond it subscribed.

    After a restore a number may be given again to someone else; the two together are not.
    """
    return f"{subscriber.pk}-{(subscriber.created - _EPOCH) // timedelta(microseconds=1)}"


def erase_again(key: str) -> bool:
    """Erase again the subscriber the journal's ``key`` names, if a restore brought it back."""
    pk, _sep, microseconds = key.partition("-")
    if not (pk.isdigit() and microseconds.isdigit()):
        return False
    created = _EPOCH + timedelta(microseconds=int(microseconds))
    subscribers = list(Subscriber.objects.filter(pk=int(pk), created=created))
    return bool(subscribers) and erase(subscribers=subscribers) > 0


def erase(*, subscribers: Iterable[Subscriber]) -> int:
    """Delete the subscribers, their deliveries and what the admin history says of them."""
    subscribers = list(subscribers)
    with transaction.atomic():
        scrub_admin_history(subscribers, describe=describe)
        deleted = Subscriber.objects.filter(pk__in=[s.pk for s in subscribers]).delete()[1]
        for subscriber in subscribers:
            erasures.record(model=subscriber, key=erasure_key(subscriber))
    for subscriber in subscribers:
        logger.info("Press list subscriber %s erased", subscriber.pk)
    return deleted.get(Subscriber._meta.label, 0)


@dataclass
class PurgeReport:
    cutoff: datetime
    subscribers: int


def purge_unconfirmed(*, at: datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Erase the subscribers who did not confirm within the confirmation window (and a day)."""
    at = at or timezone.now()
    # The extra day covers a confirmation e-mail that left late, after retries: its link lives
    # PRESS_LIST_CONFIRM_DAYS from its sending, and must not lead to a deleted row.
    cutoff = at - timedelta(days=settings.PRESS_LIST_CONFIRM_DAYS + 1)
    due = list(Subscriber.objects.filter(confirmed_at__isnull=True, created__lt=cutoff))
    if not dry_run and due:
        erase(subscribers=due)
    return PurgeReport(cutoff=cutoff, subscribers=len(due))


# E-mails.


def _queue_email(subscriber_id: int, kind: str) -> None:
    transaction.on_commit(partial(_enqueue, subscriber_id, kind))


def _enqueue(subscriber_id: int, kind: str) -> None:
    try:
        send_subscriber_email_task.enqueue(subscriber_id=subscriber_id, kind=kind)
    except Exception as error:
        # Nothing is lost but this e-mail: the journalist who gets nothing subscribes again.
        logger.error(
            "E-mail %s for press list subscriber %s not queued: %s",
            kind,
            subscriber_id,
            error_name(error),
        )


def build_email(subscriber: Subscriber, kind: str) -> EmailMultiAlternatives:
    """Return the French e-mail, text and HTML, of ``kind`` for the subscriber."""
    context = {
        "subscriber": subscriber,
        "confirm_url": settings.SITE_URL + links.confirm_url(subscriber),
        "manage_url": settings.SITE_URL + links.manage_url(subscriber),
        "subscribe_url": settings.SITE_URL + reverse("press:presslist:subscribe"),
        "confirm_days": settings.PRESS_LIST_CONFIRM_DAYS,
        "city": settings.CITY,
    }
    message = EmailMultiAlternatives(
        subject=SUBJECTS[kind] % {"city": settings.CITY["name"]},
        body=render_to_string(f"emails/presslist/{kind}.txt", context),
        to=[subscriber.email],
        reply_to=[settings.CITY["email"]],
    )
    message.attach_alternative(
        render_to_string(f"emails/presslist/{kind}.html", context), "text/html"
    )
    return message


def deliver_subscriber_email(*, subscriber_id: int, kind: str, attempt: int = 1) -> str:
    """Make one attempt at a subscription e-mail; run by the worker.

    Nothing is sent to an address that is gone, a confirmation link to one already confirmed, nor
    the manage link to one not confirmed. A failure is tried again later, up to
    EMAIL_MAX_ATTEMPTS attempts in all.
    """
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.is_confirmed != (kind == ALREADY_SUBSCRIBED):
        return "skipped"
    return send_or_retry(
        build_email(subscriber, kind),
        task=send_subscriber_email_task,
        attempt=attempt,
        what=f"E-mail {kind} for press list subscriber {subscriber_id}",
        log=logger,
        subscriber_id=subscriber_id,
        kind=kind,
    )


@task()
def send_subscriber_email_task(subscriber_id: int, kind: str, attempt: int = 1) -> str:
    """Send a subscription e-mail, or queue another attempt later; ids only, no personal data."""
    return deliver_subscriber_email(subscriber_id=subscriber_id, kind=kind, attempt=attempt)
