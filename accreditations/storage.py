"""Where accreditation documents live: ``STORAGES["private"]``, which no URL serves.

A folder outside MEDIA_ROOT on this server's disk, or a private bucket (see core.files.storage).
"""

from core.files.storage import private_storage as _storage


def private_storage():
    return _storage
