"""Where accreditation documents live: a folder outside MEDIA_ROOT that no URL serves."""

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

    def url(self, name):
        raise ValueError("Private documents have no URL; use the admin download view.")


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _storage
