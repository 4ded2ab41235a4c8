"""Sending a dispatch: in batches, at a set pace, each e-mail once, whatever happens to workers.

A dispatch is sent by ``send_batch_task`` tasks, queued one per batch of
``PRESS_LIST_BATCH_SIZE`` deliveries and spaced so that the list leaves at
``PRESS_LIST_MESSAGES_PER_SECOND`` at most however many workers run. A batch opens one SMTP
connection and takes deliveries one at a time: each is claimed (row lock skipping the rows
another worker holds, then a conditional update, so two workers never take the same one),
marked "sending", sent, and marked "sent" as soon as the server accepted it. A failure is tried
again later (``EMAIL_RETRY_SECONDS``, doubled each time) up to ``EMAIL_MAX_ATTEMPTS`` attempts,
then marked failed with its reason. A worker killed mid-send leaves one delivery "sending": it
is never sent again by itself, but ``check_dispatch_task`` marks it failed, "interrompu, à
vérifier", after ``PRESS_LIST_SENDING_TIMEOUT``, for staff to resend. Logs name deliveries by
id, never by address.
"""

import logging
import math
import smtplib
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from core.mail import error_name, retry_delay
from press.presslist.emails import DispatchEmail
from press.presslist.models import Delivery, DeliveryStatus, Dispatch

logger = logging.getLogger(__name__)

INTERRUPTED = "Envoi interrompu, à vérifier"
# The server refused this message only: the batch goes on. After any other error (connection
# refused, cut or silent, a server that refuses the sender…) the batch stops and the rest waits.
RECIPIENT_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


def enqueue(task_, *, at: datetime | None = None, **kwargs) -> bool:
    """Queue ``task_`` to run at ``at`` (at once if None or past).

    Return False, queueing nothing, if ``at`` is to come and the backend cannot wait.
    """
    if at is not None and at > timezone.now():
        if not task_.get_backend().supports_defer:
            return False
        task_ = task_.using(run_after=at)
    task_.enqueue(**kwargs)
    return True


def _due(dispatch_id: int, now: datetime):
    return Delivery.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        dispatch_id=dispatch_id,
        status=DeliveryStatus.QUEUED,
    )


def schedule_sending(dispatch_id: int) -> int:
    """Queue the batches that send the dispatch's due deliveries, and a check after them.

    Return the number of batches queued.
    """
    now = timezone.now()
    batch_size = settings.PRESS_LIST_BATCH_SIZE
    batches = math.ceil(_due(dispatch_id, now).count() / batch_size)
    rate = settings.PRESS_LIST_MESSAGES_PER_SECOND
    deferred = send_batch_task.get_backend().supports_defer
    # Batch n starts when batch n - 1 should end at the set pace.
    pace = batch_size / rate if rate and deferred else 0
    for number in range(batches):
        enqueue(send_batch_task, at=now + timedelta(seconds=number * pace), dispatch_id=dispatch_id)
    if deferred:
        check_at = now + timedelta(seconds=batches * pace + settings.PRESS_LIST_SENDING_TIMEOUT)
        enqueue(check_dispatch_task, at=check_at, dispatch_id=dispatch_id)
    return batches


def claim_next(dispatch_id: int) -> Delivery | None:
    """Take the next due delivery of the dispatch for this worker and mark it "sending"."""
    while True:
        now = timezone.now()
        with transaction.atomic():
            delivery = (
                _due(dispatch_id, now)
                .select_related("subscriber")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")
                .first()
            )
            if delivery is None:
                return None
            # The condition makes the claim safe where rows cannot be locked (SQLite).
            claimed = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.QUEUED).update(
                status=DeliveryStatus.SENDING,
                attempts=F("attempts") + 1,
                next_attempt_at=None,
                updated=now,
            )
        if claimed:
            delivery.status = DeliveryStatus.SENDING
            delivery.attempts += 1
            return delivery


def failure_reason(error: BaseException) -> str:
    """Name the error and, when the server gave one, its reply code: never its text."""
    name = error_name(error)
    code = getattr(error, "smtp_code", None)
    if code is None and isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = {reply[0] for reply in error.recipients.values()}
        code = ", ".join(str(value) for value in sorted(codes))
    return f"{name} ({code})" if code else name


def record_failure(delivery: Delivery, error: BaseException) -> datetime | None:
    """Put the delivery back for a later attempt, or mark it failed; return when it is due."""
    reason = failure_reason(error)[:300]
    now = timezone.now()
    maximum = settings.EMAIL_MAX_ATTEMPTS
    rows = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING)
    if delivery.attempts < maximum and send_batch_task.get_backend().supports_defer:
        delay = retry_delay(delivery.attempts)
        rows.update(
            status=DeliveryStatus.QUEUED, error=reason, next_attempt_at=now + delay, updated=now
        )
        logger.warning(
            "Press list delivery %s not sent, attempt %s of %s: %s; next attempt in %s s",
            delivery.pk,
            delivery.attempts,
            maximum,
            reason,
            int(delay.total_seconds()),
        )
        return now + delay
    rows.update(status=DeliveryStatus.FAILED, error=reason, updated=now)
    logger.warning(
        "Press list delivery %s not sent, attempt %s of %s: %s; marked failed",
        delivery.pk,
        delivery.attempts,
        maximum,
        reason,
    )
    return None


def _wait_for_pace(started: float, sent: int) -> None:
    rate = settings.PRESS_LIST_MESSAGES_PER_SECOND
    if rate:
        delay = started + sent / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)


def send_batch(dispatch_id: int) -> str:
    """Send up to one batch of the dispatch's due deliveries over one SMTP connection."""
    dispatch = (
        Dispatch.objects.select_related("release", "correction").filter(pk=dispatch_id).first()
    )
    if dispatch is None:
        return "gone"
    email = None
    connection = get_connection(fail_silently=False)
    started = time.monotonic()
    sent = failed = 0
    retry_at = None
    try:
        for _number in range(settings.PRESS_LIST_BATCH_SIZE):
            delivery = claim_next(dispatch_id)
            if delivery is None:
                break
            _wait_for_pace(started, sent + failed)
            try:
                if email is None:
                    email = DispatchEmail(dispatch)
                # One connection for the batch: opened once, reopened after an error.
                connection.open()
                connection.send_messages([email.message(delivery.subscriber)])
            except Exception as error:
                failed += 1
                due = record_failure(delivery, error)
                retry_at = min(filter(None, (retry_at, due)), default=None)
                if isinstance(error, RECIPIENT_ERRORS):
                    continue
                break
            now = timezone.now()
            Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
                status=DeliveryStatus.SENT, sent_at=now, updated=now, error=""
            )
            sent += 1
    finally:
        connection.close()
    if retry_at is not None:
        enqueue(send_batch_task, at=retry_at, dispatch_id=dispatch_id)
    logger.info("Press list dispatch %s: batch sent %s, failed %s", dispatch_id, sent, failed)
    return f"sent {sent}, failed {failed}"


def check_dispatch(dispatch_id: int) -> str:
    """Mark e-mails a killed worker left "sending" failed; queue what no batch took; check again."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.PRESS_LIST_SENDING_TIMEOUT)
    deliveries = Delivery.objects.filter(dispatch_id=dispatch_id)
    interrupted = deliveries.filter(status=DeliveryStatus.SENDING, updated__lt=cutoff).update(
        status=DeliveryStatus.FAILED, error=INTERRUPTED, updated=now
    )
    if interrupted:
        logger.warning(
            "Press list dispatch %s: %s deliveries interrupted while being sent, marked failed",
            dispatch_id,
            interrupted,
        )
    if not deliveries.filter(status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING]).exists():
        return "done"
    # Batches already queued may still be waiting for a worker: one more costs nothing, as a
    # delivery is claimed once.
    schedule_sending(dispatch_id)
    return "rescheduled"


@task()
def send_batch_task(dispatch_id: int) -> str:
    """Send one batch of a dispatch; run by the worker. Carries an id, no personal data."""
    return send_batch(dispatch_id)


@task()
def check_dispatch_task(dispatch_id: int) -> str:
    return check_dispatch(dispatch_id)
