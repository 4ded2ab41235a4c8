"""When a release goes to the press list: on publication, in advance under embargo, as an update.

A save that publishes or schedules a release (``core.signals.post_publish``) queues,
once the save commits, a ``dispatch_task`` due at the publication time — the queue's own
scheduling, no cron — and, for a release under embargo, one due at once for the embargo-trusted.
The task reads the release again: if it is not public (unpublished, or moved: the save that
moved it queued another task) it does nothing. Otherwise it creates the ``Dispatch`` — once per
release and kind, whatever the number of tasks or workers — with one ``Delivery`` per
subscriber, and queues the batches that send them (``presslist.sending``).
"""

import logging
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from core.mail import error_name
from core.models import Status
from press.models import CorrectionNote, PressRelease
from press.presslist.models import Delivery, DeliveryStatus, Dispatch, DispatchKind, Subscriber
from press.presslist.sending import enqueue, schedule_sending

logger = logging.getLogger(__name__)


class UpdateRefused(Exception):
    """An update that cannot be sent; the message says why, in French."""


def plan_release(sender, *, item: PressRelease, **kwargs) -> None:
    """Queue the release ``item``'s sending once the save commits (``post_publish`` receiver)."""
    transaction.on_commit(
        partial(
            _queue_planned,
            release_id=item.pk,
            publication_date=item.publication_date,
            embargo_until=item.embargo_until,
        )
    )


def _queue_planned(*, release_id: int, publication_date, embargo_until) -> None:
    # Never fails the editor's save: a release not queued is logged, and staff see no dispatch.
    try:
        if embargo_until is not None and embargo_until > timezone.now():
            enqueue(dispatch_task, release_id=release_id, kind=DispatchKind.EMBARGO.value)
        if not enqueue(
            dispatch_task, at=publication_date, release_id=release_id, kind=DispatchKind.RELEASE
        ):
            logger.warning("Release %s: this task backend cannot send it at its time", release_id)
    except Exception as error:
        logger.error("Release %s not queued for the press list: %s", release_id, error_name(error))


def recipients(release: PressRelease, kind: str):
    """Return the subscribers a dispatch of ``kind`` goes to."""
    subscribers = Subscriber.objects.for_release(release)
    if kind == DispatchKind.EMBARGO:
        return subscribers.filter(embargo_trusted=True)
    if kind == DispatchKind.RELEASE:
        # Whoever got the release under embargo does not get it again (unless that failed).
        return subscribers.exclude(
            pk__in=Delivery.objects.filter(
                dispatch__release=release, dispatch__kind=DispatchKind.EMBARGO
            )
            .exclude(status=DeliveryStatus.FAILED)
            .values("subscriber")
        )
    return subscribers


def _is_due(release: PressRelease, kind: str, now) -> bool:
    if kind == DispatchKind.EMBARGO:
        return (
            release.status == Status.PUBLISHED
            and release.embargo_until is not None
            and release.embargo_until > now
        )
    return release.is_live(at=now)


def start_dispatch(*, release_id: int, kind: str, correction_id: int | None = None):
    """Create the dispatch and its deliveries if the release is due for it; return it or None."""
    try:
        with transaction.atomic():
            # Two tasks for one release wait for each other here; the constraint backs it up.
            release = PressRelease.objects.select_for_update().filter(pk=release_id).first()
            if release is None or not _is_due(release, kind, timezone.now()):
                return None
            done = Dispatch.objects.filter(release=release, kind=kind)
            if kind == DispatchKind.UPDATE:
                done = done.filter(correction_id=correction_id)
            if done.exists():
                return None
            dispatch = Dispatch.objects.create(
                release=release, kind=kind, correction_id=correction_id
            )
            Delivery.objects.bulk_create(
                [
                    Delivery(dispatch=dispatch, subscriber_id=pk)
                    for pk in recipients(release, kind).values_list("pk", flat=True)
                ],
                batch_size=2000,
            )
    except IntegrityError:
        return None
    logger.info("Release %s: dispatch %s (%s) created", release_id, dispatch.pk, kind)
    return dispatch


@task()
def dispatch_task(release_id: int, kind: str, correction_id: int | None = None) -> str:
    """Send the release to the press list if it is due now; run by the worker."""
    dispatch = start_dispatch(release_id=release_id, kind=kind, correction_id=correction_id)
    if dispatch is None:
        return "skipped"
    schedule_sending(dispatch.pk)
    return f"dispatch {dispatch.pk}"


def resend_failed(*, dispatch: Dispatch) -> int:
    """Queue the dispatch's failed deliveries again, once the transaction commits; count them."""
    count = Delivery.objects.filter(dispatch=dispatch, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.QUEUED,
        attempts=0,
        error="",
        next_attempt_at=None,
        updated=timezone.now(),
    )
    if count:
        transaction.on_commit(partial(schedule_sending, dispatch.pk))
    return count


def send_update(*, correction: CorrectionNote) -> None:
    """Queue the update of a live release, with ``correction``; raise UpdateRefused if not."""
    release = correction.release
    if not release.is_live():
        raise UpdateRefused(
            _("Le communiqué n’est pas en ligne : une mise à jour ne peut pas être envoyée.")
        )
    if Dispatch.objects.filter(kind=DispatchKind.UPDATE, correction=correction).exists():
        raise UpdateRefused(_("Cette mise à jour a déjà été envoyée à la liste de presse."))
    transaction.on_commit(
        partial(
            dispatch_task.enqueue,
            release_id=release.pk,
            kind=DispatchKind.UPDATE.value,
            correction_id=correction.pk,
        )
    )
