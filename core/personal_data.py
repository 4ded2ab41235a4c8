"""Shared by every kind of personal data: the spreadsheet export, the scrubbed admin history."""

import csv
import io
from collections.abc import Callable, Iterable, Sequence

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """Stop a spreadsheet from reading a cell as a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def spreadsheet_csv(columns: Sequence[tuple[str, Callable]], rows: Iterable) -> bytes:
    """Return the rows as CSV that Excel opens as it is: UTF-8 with a BOM, semicolons.

    ``columns`` are ``(heading, value of a row)`` pairs; no cell can start a formula.
    """
    output = io.StringIO()
    # Excel in French-speaking Belgium splits columns on semicolons.
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(label) for label, _value in columns])
    for row in rows:
        writer.writerow([neutralise(value(row)) for _label, value in columns])
    return output.getvalue().encode("utf-8-sig")


def scrub_admin_history(objects: Iterable[Model], *, describe: Callable[[Model], str] = str) -> int:
    """Replace what the admin history says about these objects by a neutral text."""
    scrubbed = 0
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj)
        scrubbed += LogEntry.objects.filter(
            content_type=content_type, object_id=str(obj.pk)
        ).update(
            object_repr=describe(obj)[:200],
            change_message=_("Données personnelles effacées."),
        )
    return scrubbed
