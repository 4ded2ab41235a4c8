"""Hostile files, and the one French message each use of uploads gives for each problem."""

import io
import struct
import zlib

from PIL import Image

MEGABYTE = 1024 * 1024

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00 This program cannot be run in DOS mode."
HTML = b"<html><script>alert(document.cookie)</script></html>"
PDF_WITHOUT_TRAILER = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"

NOT_PDF_NOR_IMAGE = (
    "Ce fichier n’est ni un PDF ni une image JPEG, PNG, WebP ou GIF. Enregistrez-le dans l’un de "
    "ces formats puis choisissez-le à nouveau."
)
NOT_AN_IMAGE = (
    "Ce fichier n’est pas une image JPEG, PNG, WebP ou GIF. Enregistrez-le dans l’un de ces "
    "formats puis choisissez-le à nouveau."
)
PDF_NOT_ALLOWED = "Un PDF n’est pas accepté ici. Choisissez une image JPEG, PNG, WebP ou GIF."
DAMAGED = (
    "Le fichier est incomplet ou endommagé. Enregistrez-le ou exportez-le à nouveau, puis "
    "choisissez-le."
)
TOO_MANY_PIXELS = (
    "L’image compte plus de 40 millions de pixels. Réduisez ses dimensions puis choisissez-la à "
    "nouveau."
)


def too_large(size: str, maximum: int) -> str:
    return (
        f"Le fichier pèse {size} Mo ; le maximum est {maximum} Mo. Réduisez-le puis "
        "choisissez-le à nouveau."
    )


def jpeg(width=400, height=300, **save_options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "JPEG", **save_options)
    return buffer.getvalue()


def truncated_jpeg() -> bytes:
    return jpeg()[:700]


def heavy_jpeg(megabytes: int) -> bytes:
    """Return a valid JPEG a little over ``megabytes``: padding after the image data."""
    return jpeg() + b"\0" * (megabytes * MEGABYTE)


def png_header_only(width: int, height: int) -> bytes:
    """Return a PNG that declares ``width`` × ``height`` pixels: what a decompression bomb looks like."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"") + chunk(b"IEND", b"")


def jpeg_with_gps() -> bytes:
    """Return a JPEG carrying a camera name, a GPS position and a script appended after it."""
    exif = Image.Exif()
    exif[0x010F] = "Appareil du photographe"
    exif[0x8825] = {1: "N", 2: (50.0, 27.0, 56.0), 3: "E", 4: (4.0, 52.0, 2.0)}
    return jpeg(exif=exif.tobytes()) + b"<?php echo 'appended'; ?>"


def assert_clean_jpeg(stored: bytes) -> None:
    """Fail unless ``stored`` is a JPEG with no metadata and nothing of what was appended."""
    assert b"appended" not in stored
    assert b"Appareil du photographe" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert not image.getexif()
