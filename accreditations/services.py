"""Everything that writes accreditation data: requests, decisions, e-mails, export and erasure.

Views and the admin call these functions; models hold no side effects. E-mails are queued once
the transaction commits and sent by the background worker (``send_status_email_task``), never
from a request; a mail server that fails never undoes a saved request: the worker tries again
later, then marks the request, and staff resend from the admin. Logs name requests by reference,
never by person.
"""

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Literal

from django.conf import settings
from django.core.files.base import File
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from accreditations import links
from accreditations.approval import approval_extras
from accreditations.models import (
    ACTIVE_STATUSES,
    AccreditationRequest,
    Event,
    MailState,
    RequestStatus,
)
from accreditations.storage import private_storage
from core.email_addresses import normalise_email
from core.files.storage import STORE_ERRORS
from core.mail import error_name, retry_delay

logger = logging.getLogger(__name__)

REQUEST_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "outlet",
    "media_type",
    "role",
    "press_card_number",
    "equipment",
    "remarks",
    "date_of_birth",
    "nationality",
)


class RequestRefused(Exception):
    """A request the rules refuse; ``field`` names the form field the message belongs to."""

    field: str | None = None
    message = ""

    def __init__(self, message=None):
        super().__init__(str(message or self.message))
        self.message = message or self.message


class WindowClosed(RequestRefused):
    message = gettext_lazy("Les accréditations pour cet événement ne sont pas ouvertes.")


class DuplicateRequest(RequestRefused):
    field = "email"
    message = gettext_lazy(
        "Une demande est déjà en cours pour cette adresse e-mail et cet événement : elle n’a "
        "pas été modifiée. Pour la changer, répondez à l’e-mail de confirmation reçu."
    )


class DocumentsUnavailable(Exception):
    """The documents could not be stored (disk full, folder missing or read-only): nothing was."""


class OutletCapReached(RequestRefused):
    field = "outlet"


def request_accreditation(
    *,
    event: Event,
    data: Mapping,
    files: Mapping[str, File] | None = None,
    at: datetime | None = None,
) -> AccreditationRequest:
    """Save a journalist's request and queue its confirmation e-mail, or raise RequestRefused."""
    at = at or timezone.now()
    email = normalise_email(data["email"])
    outlet = " ".join(data["outlet"].split())
    accreditation = AccreditationRequest(
        consent_at=at,
        **{name: data.get(name) for name in REQUEST_FIELDS if data.get(name) is not None},
    )
    accreditation.email = email
    accreditation.outlet = outlet
    try:
        with transaction.atomic():
            # Locking the event serialises requests for one event: the checks below stay true
            # until this transaction commits.
            locked = Event.objects.select_for_update().get(pk=event.pk)
            if not locked.is_open_at(at):
                raise WindowClosed()
            active = locked.requests.filter(status__in=ACTIVE_STATUSES, anonymised_at__isnull=True)
            if active.filter(email__iexact=email).exists():
                raise DuplicateRequest()
            if (
                locked.per_outlet_cap is not None
                and active.filter(outlet__iexact=outlet).count() >= locked.per_outlet_cap
            ):
                raise OutletCapReached(
                    _(
                        "Ce média a déjà %(count)s demande(s) en cours pour cet événement, le "
                        "maximum. Coordonnez-vous avec votre rédaction ou contactez le service "
                        "presse."
                    )
                    % {"count": locked.per_outlet_cap}
                )
            if locked.is_full:
                # What the event's pages promise: once the places are taken, a new request
                # joins the waiting list.
                accreditation.status = RequestStatus.WAITLISTED
            accreditation.event = locked
            for name, content in (files or {}).items():
                if content:
                    getattr(accreditation, name).save(content.name, content, save=False)
            accreditation.save()
    except BaseException as error:
        # Nothing was saved: the files written so far must not outlive the rolled-back row.
        delete_files([f.name for _, f in accreditation.documents()])
        if isinstance(error, IntegrityError):
            # Another request with the same address won the race: the constraint said no.
            raise DuplicateRequest() from error
        if isinstance(error, STORE_ERRORS):
            logger.error("Accreditation documents could not be stored: %s", type(error).__name__)
            raise DocumentsUnavailable() from error
        raise
    logger.info("Accreditation request %s saved for event %s", accreditation.reference, event.pk)
    _enqueue_after_commit(accreditation)
    return accreditation


def delete_files(names: Iterable[str]) -> int:
    storage = private_storage()
    deleted = 0
    for name in names:
        try:
            if name and storage.exists(name):
                storage.delete(name)
                deleted += 1
        except STORE_ERRORS as error:
            # The store may be what failed: the file stays, and the orphan sweep of
            # purge_accreditations removes it once the store answers again.
            logger.warning("A document stays in the store: %s", type(error).__name__)
    return deleted


EMAIL_SUBJECTS = {
    RequestStatus.PENDING: gettext_lazy(
        "Demande d’accréditation reçue — %(event)s (%(reference)s)"
    ),
    RequestStatus.APPROVED: gettext_lazy("Accréditation acceptée — %(event)s (%(reference)s)"),
    RequestStatus.REJECTED: gettext_lazy("Accréditation refusée — %(event)s (%(reference)s)"),
    RequestStatus.WAITLISTED: gettext_lazy(
        "Accréditation en liste d’attente — %(event)s (%(reference)s)"
    ),
    RequestStatus.CANCELLED: gettext_lazy(
        "Demande d’accréditation annulée — %(event)s (%(reference)s)"
    ),
}
WAITLISTED_ON_ARRIVAL_SUBJECT = gettext_lazy(
    "Demande d’accréditation reçue, en liste d’attente — %(event)s (%(reference)s)"
)


def build_status_email(accreditation: AccreditationRequest) -> EmailMultiAlternatives:
    """Return the French e-mail, text and HTML, that tells the journalist where things stand."""
    context = {
        "accreditation": accreditation,
        "event": accreditation.event,
        "event_url": settings.SITE_URL + accreditation.event.get_absolute_url(),
        "city": settings.CITY,
        "cancel_url": links.cancel_url(accreditation) if accreditation.can_be_cancelled else "",
    }
    # The acknowledgment, for a request no one has decided on yet: pending, or put on the
    # waiting list on arrival because the event was full.
    received = accreditation.status == RequestStatus.PENDING or accreditation.waitlisted_on_arrival
    template = "received" if received else "decision"
    subject = (
        WAITLISTED_ON_ARRIVAL_SUBJECT
        if accreditation.waitlisted_on_arrival
        else EMAIL_SUBJECTS[accreditation.status]
    ) % {
        "event": accreditation.event.title,
        "reference": accreditation.reference,
    }
    attachments = []
    if accreditation.status == RequestStatus.APPROVED:
        extra_context, attachments = approval_extras(accreditation)
        context.update(extra_context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/accreditations/{template}.txt", context),
        to=[accreditation.email],
        reply_to=[settings.CITY["email"]],
    )
    message.attach_alternative(
        render_to_string(f"emails/accreditations/{template}.html", context), "text/html"
    )
    for attachment in attachments:
        message.attach(*attachment)
    return message


MailOutcome = Literal["sent", "retry", "failed", "skipped"]


def _enqueue_after_commit(accreditation: AccreditationRequest) -> None:
    """Queue the request's e-mail, as numbered now, once the current transaction commits."""
    transaction.on_commit(
        partial(
            _enqueue_status_email,
            accreditation_id=accreditation.pk,
            reference=accreditation.reference,
            sequence=accreditation.mail_sequence,
        )
    )


def _queue_next_email(row: AccreditationRequest) -> list[str]:
    """Number a new e-mail for the row and queue it after the commit; return the fields to save."""
    row.mail_state = MailState.QUEUED
    row.mail_sequence += 1
    row.mail_attempts = 0
    row.mail_error = ""
    _enqueue_after_commit(row)
    return ["mail_state", "mail_sequence", "mail_attempts", "mail_error"]


def _enqueue_status_email(*, accreditation_id: int, reference: str, sequence: int) -> None:
    """Put the e-mail in the task queue; if the queue itself fails, mark it for a resend."""
    try:
        send_status_email_task.enqueue(accreditation_id=accreditation_id, sequence=sequence)
    except Exception as error:
        # The request is saved whatever happens here: staff see "échec" and resend.
        logger.error(
            "E-mail for accreditation request %s not queued: %s", reference, error_name(error)
        )
        try:
            _mark_email(accreditation_id, sequence, state=MailState.FAILED, error=error)
        except Exception as second:
            logger.error(
                "Accreditation request %s could not be marked either: %s",
                reference,
                type(second).__name__,
            )


def _mark_email(
    accreditation_id: int,
    sequence: int,
    *,
    state: MailState,
    error: BaseException | None = None,
    attempts: int | None = None,
) -> int:
    """Record how this e-mail went, unless a newer one was queued since; return rows changed."""
    changes = {"mail_state": state, "mail_error": error_name(error) if error else ""}
    if attempts is not None:
        changes["mail_attempts"] = attempts
    return AccreditationRequest.objects.filter(pk=accreditation_id, mail_sequence=sequence).update(
        **changes
    )


def deliver_status_email(*, accreditation_id: int, sequence: int) -> MailOutcome:
    """Make one attempt at the queued e-mail ``sequence`` of a request; run by the worker.

    The e-mail tells the request's current state, read now. Nothing is sent for an anonymised
    request, nor when a newer e-mail was queued since (it will tell the same state) or this one
    already went. A failure is tried again later, up to EMAIL_MAX_ATTEMPTS attempts in all, and
    then the request is marked "échec" for staff to resend.
    """
    accreditation = (
        AccreditationRequest.objects.select_related("event").filter(pk=accreditation_id).first()
    )
    if (
        accreditation is None
        or accreditation.is_anonymised
        or accreditation.mail_sequence != sequence
        or accreditation.mail_state != MailState.QUEUED
    ):
        return "skipped"
    attempt = accreditation.mail_attempts + 1
    try:
        build_status_email(accreditation).send()
    except Exception as error:
        # Whatever the mail server did, the request is saved. Only the error's type is logged:
        # its message may quote the address.
        return _after_failure(accreditation, sequence, attempt, error)
    _mark_email(accreditation_id, sequence, state=MailState.SENT, attempts=attempt)
    logger.info("E-mail for accreditation request %s sent", accreditation.reference)
    return "sent"


def _after_failure(
    accreditation: AccreditationRequest, sequence: int, attempt: int, error: Exception
) -> MailOutcome:
    reference, name = accreditation.reference, error_name(error)
    if (
        attempt < settings.EMAIL_MAX_ATTEMPTS
        and send_status_email_task.get_backend().supports_defer
    ):
        delay = retry_delay(attempt)
        try:
            # One transaction: the attempt is counted if and only if the next one is queued.
            with transaction.atomic():
                _mark_email(
                    accreditation.pk,
                    sequence,
                    state=MailState.QUEUED,
                    error=error,
                    attempts=attempt,
                )
                send_status_email_task.using(run_after=timezone.now() + delay).enqueue(
                    accreditation_id=accreditation.pk, sequence=sequence
                )
        except Exception as queue_error:
            logger.error(
                "E-mail for accreditation request %s not sent (%s) nor queued again: %s",
                reference,
                name,
                type(queue_error).__name__,
            )
        else:
            logger.warning(
                "E-mail for accreditation request %s not sent, attempt %s of %s: %s; next "
                "attempt in %s s",
                reference,
                attempt,
                settings.EMAIL_MAX_ATTEMPTS,
                name,
                int(delay.total_seconds()),
            )
            return "retry"
    else:
        logger.warning(
            "E-mail for accreditation request %s not sent, attempt %s of %s: %s; marked failed",
            reference,
            attempt,
            settings.EMAIL_MAX_ATTEMPTS,
            name,
        )
    _mark_email(accreditation.pk, sequence, state=MailState.FAILED, error=error, attempts=attempt)
    return "failed"


def resend_status_email(*, accreditation: AccreditationRequest) -> bool:
    """Queue the e-mail of the request's current state again, after the transaction commits.

    Return False for an anonymised request, which gets no e-mail.
    """
    with transaction.atomic():
        row = AccreditationRequest.objects.select_for_update().get(pk=accreditation.pk)
        if row.is_anonymised:
            return False
        fields = _queue_next_email(row)
        # No save(): the mail columns show on no public page, so the page cache stays as it is.
        AccreditationRequest.objects.filter(pk=row.pk).update(
            **{name: getattr(row, name) for name in fields}
        )
    return True


@dataclass
class DecisionOutcome:
    changed: list[AccreditationRequest] = field(default_factory=list)
    over_capacity: list[AccreditationRequest] = field(default_factory=list)
    unchanged: list[AccreditationRequest] = field(default_factory=list)
    # Requests taken from the waiting list because this decision freed their places.
    promoted: list[AccreditationRequest] = field(default_factory=list)


DECISION_FIELDS = [
    "status",
    "waitlisted_by_staff",
    "decision_reason",
    "decided_at",
    "decided_by",
    "updated",
]


def _record_decision(row, *, status, at, by=None, reason: str = "", by_staff: bool = False) -> None:
    """Save the row's new state and queue the e-mail telling it, once the transaction commits.

    ``by_staff`` marks a decision of the press office, as opposed to the site's own moves
    (a place given from the waiting list, a cancellation).
    """
    row.status = status
    row.waitlisted_by_staff = by_staff and status == RequestStatus.WAITLISTED
    row.decision_reason = reason if status == RequestStatus.REJECTED else ""
    row.decided_at = at
    row.decided_by = by
    mail_fields = _queue_next_email(row)
    row.save(update_fields=[*DECISION_FIELDS, *mail_fields])
    logger.info("Accreditation request %s: %s", row.reference, status.value)


def _approved_count(event: Event) -> int:
    return event.requests.filter(status=RequestStatus.APPROVED).count()


def _promote_waiting(
    event: Event, *, approved: int, at: datetime, skip: Iterable[int] = ()
) -> list[AccreditationRequest]:
    """Approve waiting requests, first come first served, while the event has places left.

    The caller holds the event's row lock, so ``approved`` stays true until the commit. A place
    offered is a place given: the request is approved at once and the approval e-mail queued.
    Only requests that found the event full take turns: one that staff put on the waiting list
    stays there until staff decide again, and so do requests in ``skip`` (just moved by staff).
    """
    if event.capacity is None or approved >= event.capacity:
        return []
    rows = list(
        event.requests.select_for_update()
        .filter(
            status=RequestStatus.WAITLISTED,
            waitlisted_by_staff=False,
            anonymised_at__isnull=True,
        )
        .exclude(pk__in=list(skip))
        .order_by("created", "pk")[: event.capacity - approved]
    )
    for row in rows:
        _record_decision(row, status=RequestStatus.APPROVED, at=at)
        row.event = event
        logger.info("Accreditation request %s taken from the waiting list", row.reference)
    return rows


def fill_freed_places(*, event: Event, at: datetime | None = None) -> list[AccreditationRequest]:
    """Give the event's free places to its waiting list, e.g. after its capacity was raised."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        return _promote_waiting(locked, approved=_approved_count(locked), at=at or timezone.now())


class NotCancellable(RequestRefused):
    message = gettext_lazy("Cette demande n’est plus en cours : il n’y a rien à annuler.")


class EventStarted(RequestRefused):
    message = gettext_lazy(
        "L’événement a commencé : la demande ne peut plus être annulée. Pour toute question, "
        "répondez à l’e-mail reçu en citant votre référence."
    )


def cancel_request(
    *, accreditation: AccreditationRequest, at: datetime | None = None
) -> list[AccreditationRequest]:
    """Cancel a journalist's own request, or raise RequestRefused; return who got the place.

    Pending, waitlisted and approved requests may be cancelled until the event starts. The
    journalist is e-mailed that it is done; an approved request's place goes to the first
    request that found the event full, never to one that staff put on the waiting list.
    """
    at = at or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=accreditation.event_id)
        row = AccreditationRequest.objects.select_for_update().get(pk=accreditation.pk)
        if at >= event.starts:
            raise EventStarted()
        if row.is_anonymised or row.status not in ACTIVE_STATUSES:
            raise NotCancellable()
        freed = row.status == RequestStatus.APPROVED
        _record_decision(row, status=RequestStatus.CANCELLED, at=at)
        promoted = _promote_waiting(event, approved=_approved_count(event), at=at) if freed else []
    accreditation.status = row.status
    return promoted


def decide(
    *,
    requests: Iterable[AccreditationRequest],
    status: RequestStatus,
    by=None,
    reason: str = "",
    at: datetime | None = None,
) -> DecisionOutcome:
    """Approve, reject or waitlist requests and e-mail each journalist; never exceed capacity.

    Approvals beyond an event's capacity are not made and are returned in ``over_capacity``.
    A place an approved request leaves goes to the first request that found the event full.
    Waitlisting here is staff's decision: such a request gets no freed place by itself.
    Cancelled and anonymised requests stay as they are.
    """
    if status not in (RequestStatus.APPROVED, RequestStatus.REJECTED, RequestStatus.WAITLISTED):
        raise ValueError("A decision approves, rejects or waitlists.")
    reason = reason.strip()
    if status == RequestStatus.REJECTED and not reason:
        raise ValueError("A rejection needs a reason.")
    at = at or timezone.now()
    ids = [request.pk for request in requests]
    outcome = DecisionOutcome()
    with transaction.atomic():
        event_ids = set(
            AccreditationRequest.objects.filter(pk__in=ids).values_list("event_id", flat=True)
        )
        # Two reviewers at once: the second waits here until the first commits, then counts
        # the places the first one took. Locks are taken in one order to avoid deadlocks.
        events = {
            event.pk: event
            for event in Event.objects.select_for_update().filter(pk__in=event_ids).order_by("pk")
        }
        approved = dict(
            AccreditationRequest.objects.filter(
                event_id__in=event_ids, status=RequestStatus.APPROVED
            )
            .values("event_id")
            .annotate(total=Count("pk"))
            .values_list("event_id", "total")
        )
        freed = set()
        rows = (
            AccreditationRequest.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("created", "pk")
        )
        for row in rows:
            if row.is_anonymised or row.status in (status, RequestStatus.CANCELLED):
                outcome.unchanged.append(row)
                continue
            event = events[row.event_id]
            if status == RequestStatus.APPROVED:
                if event.capacity is not None and approved.get(event.pk, 0) >= event.capacity:
                    outcome.over_capacity.append(row)
                    continue
                approved[event.pk] = approved.get(event.pk, 0) + 1
            elif row.status == RequestStatus.APPROVED:
                approved[event.pk] -= 1
                freed.add(event.pk)
            _record_decision(row, status=status, at=at, by=by, reason=reason, by_staff=True)
            row.event = event
            outcome.changed.append(row)
        for event_id in sorted(freed):
            outcome.promoted += _promote_waiting(
                events[event_id], approved=approved[event_id], at=at, skip=ids
            )
    return outcome


@task()
def send_status_email_task(accreditation_id: int, sequence: int) -> str:
    """Send the e-mail numbered ``sequence`` of a request, or queue another attempt later.

    Run by the worker (`manage.py db_worker`), never a request. It receives ids, never personal
    data, so the task table holds none.
    """
    return deliver_status_email(accreditation_id=accreditation_id, sequence=sequence)
