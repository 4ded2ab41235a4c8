"""Derive the responsive renditions of stored images.

Uploads are checked and re-encoded by ``core.files.uploads`` before they are stored.
Renditions are written once, when the file is stored, so that no page ever resizes an image;
``manage.py regenerate_renditions`` writes them again after ``RENDITION_WIDTHS`` changes.
"""

import io
import posixpath
import re
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image

RENDITION_WIDTHS = (480, 800, 1200, 1600)
JPEG_QUALITY = 85
WEBP_QUALITY = 80
EXTENSIONS = {"webp": "WEBP", "jpg": "JPEG"}


def rendition_widths(width: int) -> list[int]:
    """Return the widths to offer for an image ``width`` pixels wide, never upscaled."""
    largest = min(width, RENDITION_WIDTHS[-1])
    return [w for w in RENDITION_WIDTHS if w < largest] + [largest]


def rendition_name(name: str, width: int, extension: str) -> str:
    """Return the storage name of the ``width`` rendition of the stored image ``name``."""
    # String work, not PurePosixPath: a page with images asks for dozens of these names.
    folder, _slash, filename = name.rpartition("/")
    stem = posixpath.splitext(filename)[0]
    return posixpath.join(folder, "renditions", f"{stem}-{width}w.{extension}")


_RENDITION = re.compile(r"(?:.*/)?renditions/[^/]+-[0-9]+w\.(?:webp|jpg)")


def is_rendition(name: str) -> bool:
    """Return True if the storage name ``name`` is a rendition (``…/renditions/x-800w.webp``)."""
    return bool(_RENDITION.fullmatch(name))


def rendition_names(name: str, width: int) -> list[str]:
    """Return the storage names of every rendition offered for ``name``, ``width`` pixels wide."""
    return [
        rendition_name(name, w, extension)
        for w in rendition_widths(width)
        for extension in EXTENSIONS
    ]


def stored_renditions(storage, name: str) -> list[str]:
    """Return the storage names of the renditions of ``name`` that exist, whatever their width."""
    path = PurePosixPath(name)
    folder = path.parent / "renditions"
    pattern = re.compile(rf"{re.escape(path.stem)}-[0-9]+w\.(?:webp|jpg)")
    try:
        _folders, files = storage.listdir(str(folder))
    except FileNotFoundError:
        return []
    return sorted(str(folder / file) for file in files if pattern.fullmatch(file))


def stale_renditions(storage, name: str, width: int) -> list[str]:
    """Return the stored renditions of ``name`` that are no longer offered at ``width`` pixels."""
    offered = set(rendition_names(name, width))
    return [stored for stored in stored_renditions(storage, name) if stored not in offered]


def stored_width(storage, name: str) -> int:
    """Return the width in pixels of the stored image ``name``, reading only its header."""
    with storage.open(name, "rb") as stored:
        return Image.open(stored).width


def encode(image: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    if image_format == "WEBP":
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def write_renditions(storage, name: str) -> list[str]:
    """Write every rendition of the stored image ``name``, in WebP and JPEG; return their names."""
    with storage.open(name, "rb") as stored:
        image = Image.open(stored).convert("RGB")
    written = []
    for width in rendition_widths(image.width):
        height = round(image.height * width / image.width)
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        for extension, image_format in EXTENSIONS.items():
            target = rendition_name(name, width, extension)
            if storage.exists(target):
                storage.delete(target)
            written.append(storage.save(target, ContentFile(encode(resized, image_format))))
    return written
