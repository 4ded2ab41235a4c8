"""Personal data of accreditation requests: the CSV export, erasure on request, and the purge.

What stays after an erasure is anonymous (event, state, media type, role, dates), so counts
survive; files go once the erasure is committed; the admin history is scrubbed, not deleted.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accreditations.models import AccreditationRequest, Badge, CheckIn, Event
from accreditations.services import delete_files
from accreditations.storage import private_storage
from core import erasures
from core.files.storage import walk
from core.personal_data import scrub_admin_history, spreadsheet_csv
from core.phones import format_phone

logger = logging.getLogger(__name__)


CSV_COLUMNS = [
    (gettext_lazy("Référence"), lambda r: r.reference),
    (gettext_lazy("Événement"), lambda r: r.event.title),
    (gettext_lazy("État"), lambda r: r.get_status_display()),
    (gettext_lazy("Nom"), lambda r: r.last_name),
    (gettext_lazy("Prénom"), lambda r: r.first_name),
    (gettext_lazy("E-mail"), lambda r: r.email),
    (gettext_lazy("Téléphone"), lambda r: format_phone(r.phone)),
    (gettext_lazy("Média"), lambda r: r.outlet),
    (gettext_lazy("Type de média"), lambda r: r.get_media_type_display()),
    (gettext_lazy("Fonction"), lambda r: r.get_role_display()),
    (gettext_lazy("Carte de presse"), lambda r: r.press_card_number),
    (gettext_lazy("Lettre de mission"), lambda r: _("oui") if r.assignment_letter else ""),
    (gettext_lazy("Matériel"), lambda r: r.equipment),
    (
        gettext_lazy("Date de naissance"),
        lambda r: date_format(r.date_of_birth, "d/m/Y") if r.date_of_birth else "",
    ),
    (gettext_lazy("Nationalité"), lambda r: r.nationality),
    (gettext_lazy("Reçue le"), lambda r: _datetime(r.created)),
    (gettext_lazy("Décision le"), lambda r: _datetime(r.decided_at)),
]


def _datetime(value: datetime | None) -> str:
    return date_format(timezone.localtime(value), "d/m/Y H:i") if value else ""


def export_csv(*, requests: Iterable[AccreditationRequest]) -> bytes:
    """Return the requests as CSV that Excel opens as it is."""
    return spreadsheet_csv(CSV_COLUMNS, requests)


ERASED_FIELDS = {
    "first_name": "",
    "last_name": "",
    "email": "",
    "phone": "",
    "outlet": "",
    "press_card_number": "",
    "equipment": "",
    "remarks": "",
    "date_of_birth": None,
    "nationality": "",
    "decision_reason": "",
}


def anonymise(*, accreditation: AccreditationRequest, at: datetime | None = None) -> int:
    """Erase the request's personal data, files, badge, check-in and admin history.

    Return the number of files removed.

    What stays is anonymous: the event, state, media type, role and dates, so counts survive.
    """
    at = at or timezone.now()
    with transaction.atomic():
        row = AccreditationRequest.objects.select_for_update().get(pk=accreditation.pk)
        files = [f.name for _, f in row.documents()]
        for name, value in ERASED_FIELDS.items():
            setattr(row, name, value)
        for name in AccreditationRequest.DOCUMENT_FIELDS:
            setattr(row, name, "")
        row.anonymised_at = row.anonymised_at or at
        row.save()
        # The badge (its code opens the door) and the check-ins say who came and when: they go
        # with the rest; the photo went with the files above.
        Badge.objects.filter(request=row).delete()
        CheckIn.objects.filter(request=row).delete()
        scrub_admin_history([row])
        erasures.record(model=row, key=row.reference, at=at)
        # The files go once the erasure is committed, so a rollback never leaves dead links.
        transaction.on_commit(partial(delete_files, files))
    logger.info("Accreditation request %s anonymised", row.reference)
    return len(files)


@dataclass
class PurgeReport:
    cutoff: datetime
    events: list[Event]
    requests: int
    files: int
    orphans: list[str] = field(default_factory=list)


# A request being sent has written its files before its row commits: leave recent files alone.
ORPHAN_GRACE = timedelta(hours=1)


def orphan_files(*, at: datetime | None = None) -> list[str]:
    """Return the stored documents older than ORPHAN_GRACE that no request refers to."""
    at = at or timezone.now()
    storage = private_storage()
    referenced = set()
    for names in AccreditationRequest.objects.values_list(*AccreditationRequest.DOCUMENT_FIELDS):
        referenced.update(name for name in names if name)
    orphans = []
    for path in walk(storage):
        if (
            path not in referenced
            and not erasures.is_entry(path)
            and storage.get_modified_time(path) < at - ORPHAN_GRACE
        ):
            orphans.append(path)
    return sorted(orphans)


def erase_again(reference: str) -> bool:
    """Anonymise again the request ``reference`` if a restore brought its data back."""
    row = AccreditationRequest.objects.filter(reference=reference, anonymised_at__isnull=True)
    accreditation = row.first()
    if accreditation is None:
        return False
    anonymise(accreditation=accreditation)
    return True


def purge_expired(*, at: datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Anonymise every request of the events that ended more than the retention period ago."""
    at = at or timezone.now()
    cutoff = at - timedelta(days=settings.ACCREDITATION_RETENTION_DAYS)
    due = list(
        AccreditationRequest.objects.filter(
            event__ends__lt=cutoff, anonymised_at__isnull=True
        ).select_related("event")
    )
    events = sorted({request.event for request in due}, key=lambda event: event.starts)
    files = sum(len(request.documents()) for request in due)
    orphans = orphan_files(at=at)
    if not dry_run:
        with transaction.atomic():
            for request in due:
                anonymise(accreditation=request, at=at)
        delete_files(orphans)
        if orphans:
            logger.info("%s stored document(s) referred to by no request deleted", len(orphans))
    return PurgeReport(
        cutoff=cutoff, events=events, requests=len(due), files=files, orphans=orphans
    )
