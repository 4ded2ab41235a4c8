"""The erasure journal: what was erased, kept beside the private documents, so a restore redoes it.

A backup restored after someone's data was erased would bring that data back. Each erasure
therefore leaves one small object, ``erasures/<model>/<key>``, in ``STORAGES["private"]``: the
key names the row by something that is not personal (an accreditation request's random
reference, a subscriber's number and the instant of subscription), never by a name or an address.
The journal outlives a lost or restored database; ``restore_site`` keeps it, adds the archive's,
and replays every entry. ``backup_site`` forgets the entries older than ``BACKUP_RETENTION_DAYS``:
by then no archive kept holds the data they name.

Each app registers, in its ``AppConfig.ready()``, how one of its keys is erased again.
"""

import json
import logging
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from core.files.storage import STORE_ERRORS, private_storage, walk

logger = logging.getLogger(__name__)

PREFIX = "erasures/"
# Keys become object names: letters, digits, dots, dashes and underscores only.
KEY = re.compile(r"^[A-Za-z0-9._-]{1,100}$")

_replays: dict[str, Callable[[str], bool]] = {}


def label(model: type[Model] | Model) -> str:
    return model._meta.label_lower


def register(model: type[Model], replay: Callable[[str], bool]) -> None:
    """Let ``replay(key)`` erase again the row of ``model`` that ``key`` names.

    It returns True if it erased something, False if the row is gone or already erased.
    """
    _replays[label(model)] = replay


def record(*, model: type[Model] | Model, key: str, at: datetime | None = None) -> None:
    """Journal the erasure of ``model``'s row ``key`` once the current transaction commits."""
    if not KEY.match(key):
        raise ValueError(f"Not a journal key: {key!r}")
    transaction.on_commit(partial(_write, label(model), key, at or timezone.now()))


def _write(model_label: str, key: str, at: datetime) -> None:
    storage = private_storage
    name = f"{PREFIX}{model_label}/{key}"
    try:
        if not storage.exists(name):
            entry = {"model": model_label, "key": key, "at": at.isoformat()}
            storage.save(name, ContentFile(json.dumps(entry).encode()))
    except STORE_ERRORS:
        # The erasure itself is committed; only a restore from an older backup would miss it.
        logger.exception("Erasure of %s %s not journaled: add %s by hand", model_label, key, name)


def entries() -> list[tuple[str, str]]:
    """Return the journal's ``(model, key)`` pairs."""
    found = []
    for name in walk(private_storage, PREFIX):
        model_label, _sep, key = name.removeprefix(PREFIX).partition("/")
        if KEY.match(key) and "/" not in key:
            found.append((model_label, key))
    return sorted(found)


def is_entry(name: str) -> bool:
    """Return True if ``name``, in the private storage, is part of the journal."""
    return name.startswith(PREFIX)


def replay(pairs: Iterable[tuple[str, str]] | None = None) -> int:
    """Erase again every row the journal names that is back; return how many were."""
    erased = 0
    for model_label, key in entries() if pairs is None else pairs:
        replay_one = _replays.get(model_label)
        if replay_one is None:
            logger.warning("Erasure journal: no replay for %s", model_label)
        elif replay_one(key):
            logger.info("Erasure of %s %s applied again", model_label, key)
            erased += 1
    return erased


def forget_before(cutoff: datetime) -> int:
    """Delete the journal's entries written before ``cutoff``; return how many."""
    forgotten = 0
    for name in list(walk(private_storage, PREFIX)):
        if private_storage.get_modified_time(name) < cutoff:
            private_storage.delete(name)
            forgotten += 1
    return forgotten
