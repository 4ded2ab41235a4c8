"""Where uploaded files live, and what it means when their store fails.

``STORAGES["default"]`` holds public media (images, renditions, attachments);
``STORAGES["private"]`` holds documents no URL may serve (accreditation documents). Each is
either a folder on this server's disk or a bucket of an S3-compatible store, chosen by
``MEDIA_STORAGE`` in the settings.
Code reaches files only through the storage API (open, save, exists, delete, listdir, size), never
by a path on disk, so that both work.
"""

import contextlib
import functools
import os
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty


def _store_errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (OSError,)
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - boto3 is a dependency; a trimmed install may lack it
        return errors
    return (*errors, BotoCoreError, ClientError)


# What a store raises when it cannot be reached or refuses: a full disk, a bucket that does not
# answer, a key that was revoked.
STORE_ERRORS = _store_errors()


def store_failed(error: BaseException | None) -> bool:
    """Return True if a file store raised ``error`` or an error that led to it."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, STORE_ERRORS) and not isinstance(error, FileNotFoundError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, read at each use so tests can point it elsewhere.

    There is no public address: staff download the files through a permission-checked view.
    """

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self):
        return None

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError:
            # A full or failing disk leaves the part already written: it belongs to no request.
            # Names are random, so this can only be the file just begun.
            with contextlib.suppress(OSError):
                os.remove(self.path(name))
            raise

    def url(self, name):
        raise ValueError("Private documents have no URL; use the admin download view.")


@functools.cache
def _public_s3_storage():
    from storages.backends.s3 import S3Storage

    from core.files import images
    from core.files.media import IMMUTABLE

    class PublicS3Storage(S3Storage):
        """The public media bucket: renditions keep the year-long Cache-Control of the disk."""

        def get_object_parameters(self, name):
            parameters = super().get_object_parameters(name)
            if images.is_rendition(name):
                parameters.setdefault("CacheControl", IMMUTABLE)
            return parameters

    return PublicS3Storage


@functools.cache
def _private_s3_storage():
    from storages.backends.s3 import S3Storage

    class PrivateS3Storage(S3Storage):
        """A private bucket: objects stored with a private ACL, and no URL, signed or not."""

        def url(self, name, parameters=None, expire=None, http_method=None):
            raise ValueError("Private documents have no URL; use the admin download view.")

    return PrivateS3Storage


def __getattr__(name):
    # Imported only when the settings ask for it: the local disk needs no boto3.
    if name == "PublicS3Storage":
        return _public_s3_storage()
    if name == "PrivateS3Storage":
        return _private_s3_storage()
    raise AttributeError(name)


class PrivateStorage(LazyObject):
    """``STORAGES["private"]``, looked up again when the settings change (tests)."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


def _reset(*, setting, **kwargs):
    if setting in ("STORAGES", "PRIVATE_MEDIA_ROOT"):
        private_storage._wrapped = empty


setting_changed.connect(_reset)


def walk(storage, folder: str = "") -> Iterator[str]:
    """Yield the name of every file ``storage`` holds under ``folder`` (``""``: all of them)."""
    folders = [folder]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        folders += [f"{folder}{name}/" for name in subfolders]
        yield from (folder + name for name in files)


def absolute_url(url: str) -> str:
    """Return the full address of a stored file's ``url``: the site's own, or the store's."""
    return url if "://" in url else settings.SITE_URL + url
