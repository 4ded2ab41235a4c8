"""No stored file outlives the rows of a request that failed.

A model's file is written to the storage before its row, inside the request's transaction. When
that transaction rolls back because the request failed (the database was busy, a save raised),
the file, and an image's renditions, would be left behind, named by no row. The file fields note
each file they store with ``written()``; once its transaction commits, the file is kept; when
the request fails with an exception, ``FailedRequestFilesMiddleware`` deletes what was not.

A transaction rolled back on purpose (a pending version's rehearsal) keeps its files: the pending
version names them.
"""

import logging
from contextvars import ContextVar
from functools import partial

from django.db import transaction

from core.files import images
from core.files.storage import STORE_ERRORS

logger = logging.getLogger(__name__)

# The files the current request stored and no commit has kept yet: (storage, name) pairs.
_uncommitted: ContextVar[list | None] = ContextVar("uncommitted_files", default=None)


def written(storage, name: str) -> None:
    """Note that ``name`` was just stored: the current request deletes it if it fails."""
    uncommitted = _uncommitted.get()
    if uncommitted is None:
        return  # outside a request (a command, the worker): nothing to clean up after
    entry = (storage, name)
    uncommitted.append(entry)
    # Runs at once outside a transaction; dropped with a rolled-back one.
    transaction.on_commit(partial(_kept, uncommitted, entry))


def _kept(uncommitted: list, entry) -> None:
    if entry in uncommitted:
        uncommitted.remove(entry)


def delete_uncommitted() -> int:
    """Delete the files the current request stored that no commit kept; return how many."""
    uncommitted = _uncommitted.get() or []
    deleted = 0
    while uncommitted:
        storage, name = uncommitted.pop()
        try:
            # The store may be what failed the request: then what it holds stays, and says so.
            for stored in [name, *images.stored_renditions(storage, name)]:
                if storage.exists(stored):
                    storage.delete(stored)
                    deleted += 1
        except STORE_ERRORS as error:
            logger.warning("A file of a failed request stays: %s", type(error).__name__)
    return deleted


class FailedRequestFilesMiddleware:
    """Delete the files stored by a request that ended in an exception (its rows rolled back)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _uncommitted.set([])
        try:
            return self.get_response(request)
        finally:
            _uncommitted.reset(token)

    def process_exception(self, request, exception):
        delete_uncommitted()
