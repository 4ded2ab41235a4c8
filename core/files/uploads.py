"""Check uploaded files by their content, with one rule per use and one set of French messages.

A file is what its bytes say, never what its name or declared type claims. A PDF must start with
the PDF signature and end with a cross-reference pointer and the end-of-file marker. An image
must decode completely within a pixel limit; it is then encoded again as JPEG, which drops its
metadata (GPS position, camera serial) and anything appended after the image data, lays any
transparency on white and turns it upright.
"""

import io
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MEGABYTE = 1024 * 1024
PDF = "application/pdf"
JPEG = "image/jpeg"
# Only these decoders ever read an upload. The messages below name them: change both together.
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
IMAGE_MEDIA_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
JPEG_QUALITY = 90

_PDF_HEADER = re.compile(rb"%PDF-[12]\.[0-9]")
_PDF_TAIL = re.compile(rb"startxref\s+([0-9]+)\s+%%EOF\s*$")
# The end-of-file marker may be followed by a few bytes of padding; look a little further back.
_PDF_TAIL_BYTES = 2048


@dataclass(frozen=True)
class UploadRule:
    """What one use accepts: the largest PDF and image it takes (None: refused), and pixels."""

    pdf_bytes: int | None = None
    image_bytes: int | None = None
    max_pixels: int = 40_000_000

    @property
    def pdf(self) -> bool:
        return self.pdf_bytes is not None

    @property
    def images(self) -> bool:
        return self.image_bytes is not None

    @property
    def accept(self) -> str:
        """Return the media types a file input should offer, for its ``accept`` attribute."""
        return ",".join(((PDF,) if self.pdf else ()) + (IMAGE_MEDIA_TYPES if self.images else ()))


NEWS_IMAGE = UploadRule(image_bytes=10 * MEGABYTE)
PRESS_ATTACHMENT = UploadRule(pdf_bytes=20 * MEGABYTE, image_bytes=10 * MEGABYTE)
ACCREDITATION_DOCUMENT = UploadRule(pdf_bytes=5 * MEGABYTE, image_bytes=5 * MEGABYTE)
ACCREDITATION_PHOTO = UploadRule(image_bytes=5 * MEGABYTE)


class CheckedFile(ContentFile):
    """The bytes to store for an accepted upload, with the media type they are stored as."""

    def __init__(self, content: bytes, *, name: str, media_type: str):
        super().__init__(content, name=name)
        self.media_type = media_type


def check(file, rule: UploadRule) -> str:
    """Return the media type ``file`` will be stored as, or raise a ValidationError in French."""
    if _starts_like_pdf(file):
        _check_pdf(file, rule)
        return PDF
    _open_image(file, rule)
    return JPEG


def safe_copy(file, rule: UploadRule, *, name: str) -> CheckedFile:
    """Return what to store for ``file``: a PDF as it is, an image encoded again as JPEG."""
    stem = PurePosixPath(name).stem or "fichier"
    if _starts_like_pdf(file):
        _check_pdf(file, rule)
        file.seek(0)
        return CheckedFile(file.read(), name=f"{stem}.pdf", media_type=PDF)
    image = _upright_rgb(_open_image(file, rule))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return CheckedFile(output.getvalue(), name=f"{stem}.jpg", media_type=JPEG)


def _starts_like_pdf(file) -> bool:
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    return head == b"%PDF-"


def _check_pdf(file, rule: UploadRule) -> None:
    if not rule.pdf:
        raise _pdf_not_allowed()
    size = _size(file)
    _check_size(size, rule.pdf_bytes)
    file.seek(0)
    header_ok = _PDF_HEADER.match(file.read(8))
    file.seek(max(size - _PDF_TAIL_BYTES, 0))
    tail = _PDF_TAIL.search(file.read())
    file.seek(0)
    if not header_ok or tail is None or int(tail.group(1)) >= size:
        raise _damaged()


def _open_image(file, rule: UploadRule) -> Image.Image:
    """Return the fully decoded image in ``file``, or raise the ValidationError that fits."""
    if not rule.images:
        raise _not_a_pdf()
    with warnings.catch_warnings():
        # Pillow only warns between its own limit and twice that: treat it as an error too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(file, formats=IMAGE_FORMATS)
            _check_size(_size(file), rule.image_bytes)
            if image.width * image.height > rule.max_pixels:
                raise _too_many_pixels(rule)
            image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(rule) from None
        except UnidentifiedImageError:
            raise _wrong_type(rule) from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise _damaged() from None
        finally:
            file.seek(0)
    return image


def _upright_rgb(image: Image.Image) -> Image.Image:
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(0)
    return size


def _check_size(size: int, maximum: int) -> None:
    if size > maximum:
        # Rounded up, so that a file just over the limit never reads as the limit itself.
        megabytes = math.ceil(size * 10 / MEGABYTE) / 10
        raise ValidationError(
            _(
                "Le fichier pèse %(size)s Mo ; le maximum est %(max)s Mo. Réduisez-le puis "
                "choisissez-le à nouveau."
            )
            % {"size": number_format(megabytes, 1), "max": _megabytes(maximum)},
            code="too_large",
        )


def _megabytes(size: int) -> str:
    if size % MEGABYTE == 0:
        return str(size // MEGABYTE)
    return number_format(size / MEGABYTE, 1)


def _wrong_type(rule: UploadRule) -> ValidationError:
    if rule.pdf:
        return ValidationError(
            _(
                "Ce fichier n’est ni un PDF ni une image JPEG, PNG, WebP ou GIF. Enregistrez-le "
                "dans l’un de ces formats puis choisissez-le à nouveau."
            ),
            code="not_pdf_nor_image",
        )
    return ValidationError(
        _(
            "Ce fichier n’est pas une image JPEG, PNG, WebP ou GIF. Enregistrez-le dans l’un de "
            "ces formats puis choisissez-le à nouveau."
        ),
        code="not_an_image",
    )


def _not_a_pdf() -> ValidationError:
    return ValidationError(
        _("Ce fichier n’est pas un PDF. Exportez le document en PDF puis choisissez-le à nouveau."),
        code="not_a_pdf",
    )


def _pdf_not_allowed() -> ValidationError:
    return ValidationError(
        _("Un PDF n’est pas accepté ici. Choisissez une image JPEG, PNG, WebP ou GIF."),
        code="pdf_not_allowed",
    )


def _damaged() -> ValidationError:
    return ValidationError(
        _(
            "Le fichier est incomplet ou endommagé. Enregistrez-le ou exportez-le à nouveau, "
            "puis choisissez-le."
        ),
        code="damaged",
    )


def _too_many_pixels(rule: UploadRule) -> ValidationError:
    return ValidationError(
        _(
            "L’image compte plus de %(max)s millions de pixels. Réduisez ses dimensions puis "
            "choisissez-la à nouveau."
        )
        % {"max": number_format(rule.max_pixels // 1_000_000)},
        code="too_many_pixels",
    )
