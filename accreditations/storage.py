"""Where accreditation documents live: a folder outside MEDIA_ROOT that no URL serves."""

import contextlib
import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
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
            # Names are random (document_path), so this can only be the file just begun.
            with contextlib.suppress(OSError):
                os.remove(self.path(name))
            raise

    def url(self, name):
        raise ValueError("Private documents have no URL; use the admin download view.")


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _storage
