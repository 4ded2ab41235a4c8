"""Check uploaded documents by their content, never by their name or declared type.

A PDF must start with the PDF signature. An image is decoded and encoded again as JPEG, which
drops metadata (GPS position, camera serial) and anything hidden after the image data.
"""

import io
import math
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MEGABYTE = 1024 * 1024
MAX_UPLOAD_BYTES = 5 * MEGABYTE
MAX_PIXELS = 40_000_000
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
PDF_SIGNATURE = b"%PDF-"


def checked_document(upload, *, allow_pdf: bool) -> ContentFile:
    """Return a safe copy of ``upload`` with a random name, or raise a ValidationError."""
    if upload.size > MAX_UPLOAD_BYTES:
        # Rounded up, so that a file just over the limit never reads as "5,0 Mo".
        size = math.ceil(upload.size * 10 / MEGABYTE) / 10
        raise ValidationError(
            _(
                "Le fichier pèse %(size)s Mo ; le maximum est %(max)s Mo. Réduisez-le puis "
                "choisissez-le à nouveau."
            )
            % {"size": number_format(size, 1), "max": MAX_UPLOAD_BYTES // MEGABYTE},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(len(PDF_SIGNATURE))
    upload.seek(0)
    if head == PDF_SIGNATURE:
        if not allow_pdf:
            raise ValidationError(
                _("Envoyez une photo au format JPEG ou PNG, pas un PDF."), code="pdf_not_allowed"
            )
        return ContentFile(upload.read(), name=f"{uuid.uuid4().hex}.pdf")
    return ContentFile(_reencoded_jpeg(upload, allow_pdf=allow_pdf), name=f"{uuid.uuid4().hex}.jpg")


def _reencoded_jpeg(upload, *, allow_pdf: bool) -> bytes:
    wrong_type = (
        _(
            "Ce fichier n’est ni un PDF ni une image JPEG ou PNG. Enregistrez-le dans l’un de "
            "ces formats puis choisissez-le à nouveau."
        )
        if allow_pdf
        else _(
            "Ce fichier n’est pas une image JPEG ou PNG. Choisissez une photo dans l’un de ces "
            "formats."
        )
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload)
            if image.format not in IMAGE_FORMATS:
                raise ValidationError(wrong_type, code="wrong_type")
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(
                    _("L’image compte trop de pixels ; le maximum est %(max)s millions.")
                    % {"max": MAX_PIXELS // 1_000_000},
                    code="too_many_pixels",
                )
            image.load()
            image = ImageOps.exif_transpose(image)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(
                _("L’image compte trop de pixels ; le maximum est %(max)s millions.")
                % {"max": MAX_PIXELS // 1_000_000},
                code="too_many_pixels",
            ) from None
        except UnidentifiedImageError:
            raise ValidationError(wrong_type, code="wrong_type") from None
        except (OSError, SyntaxError, ValueError):
            raise ValidationError(
                _(
                    "Le fichier est incomplet ou endommagé. Exportez-le à nouveau puis "
                    "choisissez-le."
                ),
                code="damaged",
            ) from None
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=90, optimize=True)
    return output.getvalue()
