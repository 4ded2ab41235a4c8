"""Check, re-encode and derive the responsive renditions of uploaded images.

Every upload is decoded and encoded again as JPEG, which drops EXIF data (GPS position, camera
serial), colour-profile tricks and anything appended after the image data. Renditions are written
once, when the file is stored, so that no page ever resizes an image.
"""

import io
import warnings
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
RENDITION_WIDTHS = (480, 800, 1200, 1600)
JPEG_QUALITY = 85
WEBP_QUALITY = 80


def open_checked(file) -> Image.Image:
    """Return the decoded image in ``file``, or raise a ValidationError that says what is wrong."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("L’image pèse %(size)s ; le maximum est %(max)s. Réduisez-la avant de l’envoyer.")
            % {"size": filesizeformat(size), "max": filesizeformat(MAX_UPLOAD_BYTES)},
            code="too_large",
        )
    file.seek(0)
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that: treat it as an error too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(file)
            if image.format not in ACCEPTED_FORMATS:
                raise UnidentifiedImageError(image.format)
            _check_pixels(image.width, image.height)
            image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(
                _("L’image compte trop de pixels ; le maximum est %(max)s millions de pixels.")
                % {"max": MAX_PIXELS // 1_000_000},
                code="too_many_pixels",
            ) from None
        except UnidentifiedImageError:
            raise ValidationError(
                _(
                    "Ce fichier n’est pas une image reconnue. "
                    "Envoyez une photo JPEG, PNG, WebP ou GIF."
                ),
                code="not_an_image",
            ) from None
        except (OSError, SyntaxError, ValueError):
            raise ValidationError(
                _("L’image est incomplète ou endommagée. Exportez-la à nouveau puis réessayez."),
                code="damaged",
            ) from None
    return image


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _(
                "L’image mesure %(width)s × %(height)s pixels ; le maximum est %(max)s millions "
                "de pixels. Réduisez-la avant de l’envoyer."
            )
            % {"width": width, "height": height, "max": MAX_PIXELS // 1_000_000},
            code="too_many_pixels",
        )


def _flatten(image: Image.Image) -> Image.Image:
    """Return an upright RGB copy of ``image``, transparency laid on white."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    if image_format == "WEBP":
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def reencode(file, *, name: str) -> ContentFile:
    """Return ``file`` decoded and encoded again as a metadata-free JPEG called ``name``.jpg."""
    image = _flatten(open_checked(file))
    stem = PurePosixPath(name).stem or "image"
    return ContentFile(_encode(image, "JPEG"), name=f"{stem}.jpg")


def rendition_widths(width: int) -> list[int]:
    """Return the widths to offer for an image ``width`` pixels wide, never upscaled."""
    largest = min(width, RENDITION_WIDTHS[-1])
    return [w for w in RENDITION_WIDTHS if w < largest] + [largest]


def rendition_name(name: str, width: int, extension: str) -> str:
    """Return the storage name of the ``width`` rendition of the stored image ``name``."""
    path = PurePosixPath(name)
    return str(path.parent / "renditions" / f"{path.stem}-{width}w.{extension}")


def write_renditions(storage, name: str) -> None:
    """Write every rendition of the stored image ``name``, in WebP and JPEG."""
    with storage.open(name, "rb") as stored:
        image = _flatten(Image.open(stored))
    for width in rendition_widths(image.width):
        height = round(image.height * width / image.width)
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        for extension, image_format in (("webp", "WEBP"), ("jpg", "JPEG")):
            target = rendition_name(name, width, extension)
            if storage.exists(target):
                storage.delete(target)
            storage.save(target, ContentFile(_encode(resized, image_format)))
