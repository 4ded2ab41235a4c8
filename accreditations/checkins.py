"""Check-in at the door: what a scanned or typed badge code is worth, the counts, the export."""

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from accreditations import badges
from accreditations.models import AccreditationRequest, Badge, CheckIn, Event, RequestStatus
from core.personal_data import spreadsheet_csv


class Verdict(Enum):
    ADMITTED = "admitted"
    ALREADY_IN = "already_in"
    NOT_VALID = "not_valid"
    OTHER_EVENT = "other_event"
    UNKNOWN = "unknown"
    FORGED = "forged"


@dataclass
class Answer:
    verdict: Verdict
    accreditation: AccreditationRequest | None = None
    check_in: CheckIn | None = None

    @property
    def admitted(self) -> bool:
        return self.verdict == Verdict.ADMITTED


def check_in(*, event: Event, code: str, by=None, at: datetime | None = None) -> Answer:
    """Say whether the badge ``code`` lets its holder into ``event``; record the first entry.

    Only an approved request of this event gets in, once: any other state (refused, waiting
    list, cancelled…) is not valid, whatever it is called.
    """
    key = badges.key_from_code(code)
    if key is None:
        return Answer(Verdict.FORGED)
    badge = Badge.objects.select_related("request__event").filter(key=key).first()
    if badge is None or badge.request.is_anonymised:
        return Answer(Verdict.UNKNOWN)
    accreditation = badge.request
    if accreditation.event_id != event.pk:
        return Answer(Verdict.OTHER_EVENT, accreditation)
    if accreditation.status != RequestStatus.APPROVED:
        return Answer(Verdict.NOT_VALID, accreditation)
    try:
        with transaction.atomic():
            entry = CheckIn.objects.create(request=accreditation, at=at or timezone.now(), by=by)
    except IntegrityError:
        # Already let in, maybe a moment ago at the other door: the first entry stands.
        first = CheckIn.objects.select_related("by").get(request=accreditation)
        return Answer(Verdict.ALREADY_IN, accreditation, first)
    return Answer(Verdict.ADMITTED, accreditation, entry)


@dataclass
class Counts:
    expected: int
    arrived: int

    @property
    def remaining(self) -> int:
        return max(self.expected - self.arrived, 0)


def counts(event: Event) -> Counts:
    """Return how many approved journalists are expected and how many came in."""
    approved = AccreditationRequest.objects.filter(event=event, status=RequestStatus.APPROVED)
    return Counts(
        expected=approved.count(),
        arrived=CheckIn.objects.filter(request__in=approved).count(),
    )


def _moment(value: datetime) -> str:
    return date_format(timezone.localtime(value), "d/m/Y H:i:s")


CSV_COLUMNS = [
    (gettext_lazy("Arrivée le"), lambda c: _moment(c.at)),
    (gettext_lazy("Référence"), lambda c: c.request.reference),
    (gettext_lazy("Nom"), lambda c: c.request.last_name),
    (gettext_lazy("Prénom"), lambda c: c.request.first_name),
    (gettext_lazy("Média"), lambda c: c.request.outlet),
    (gettext_lazy("Fonction"), lambda c: c.request.get_role_display()),
    (gettext_lazy("État de la demande"), lambda c: c.request.get_status_display()),
    (gettext_lazy("Enregistrée par"), lambda c: c.by_name),
]


def export_csv(event: Event) -> bytes:
    """Return the event's check-ins, first to last, as CSV that Excel opens as it is."""
    rows = (
        CheckIn.objects.filter(request__event=event)
        .select_related("request", "by")
        .order_by("at", "pk")
    )
    return spreadsheet_csv(CSV_COLUMNS, rows)
