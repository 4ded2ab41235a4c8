"""Read the demo content an app ships as files beside its loader."""

import json
from datetime import date, datetime, time, timedelta
from importlib.resources import files

from django.db.models import Model
from django.utils import timezone


class DemoFiles:
    """The data files of one demo package: JSON lists, HTML bodies, pictures, documents."""

    def __init__(self, package: str):
        self.root = files(package)

    def json(self, name: str) -> list[dict]:
        """Return the content of the JSON file ``name``."""
        return json.loads((self.root / name).read_text(encoding="utf-8"))

    def text(self, folder: str, name: str) -> str:
        """Return the text of ``folder/name``, without surrounding blank lines."""
        return (self.root / folder / name).read_text(encoding="utf-8").strip()

    def bytes(self, folder: str, name: str) -> bytes:
        """Return the bytes of ``folder/name``."""
        return (self.root / folder / name).read_bytes()


def missing(rows: list[dict], model: type[Model], key: str = "slug") -> list[dict]:
    """Return the rows whose ``key`` no item of ``model`` holds yet: those a load creates."""
    keys = [row[key] for row in rows]
    found = set(model._default_manager.filter(**{f"{key}__in": keys}).values_list(key, flat=True))
    return [row for row in rows if row[key] not in found]


def moment(value: str) -> datetime:
    """Return the Namur time ``value`` names: ``2026-09-22 11:00``, or ``+4 10:00`` (from today)."""
    day, clock = value.split()
    if day[0] in "+-":
        # Relative to the day of loading, so that events stay open and releases scheduled.
        when = timezone.localdate() + timedelta(days=int(day))
    else:
        when = date.fromisoformat(day)
    return timezone.make_aware(datetime.combine(when, time.fromisoformat(clock)))


def summary(created: int, *totals: str) -> str:
    """Return the line ``load_demo`` prints for an app: its totals and how many rows were added."""
    return f"{', '.join(totals)} (ajouts : {created})"
