"""Check what an attachment really is, from its content rather than its name.

A press release offers journalists PDFs and pictures. A file is a PDF when it starts like one
and ends with a cross-reference pointer and an end-of-file marker; anything else must decode as
an image (``namur_site.core.images.open_checked``), which is then re-encoded like every other image
of the site, so that no GPS position or camera serial number is published.
"""

import re

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from namur_site.core import images

MAX_PDF_BYTES = 20 * 1024 * 1024
PDF = "application/pdf"
JPEG = "image/jpeg"

_PDF_HEADER = re.compile(rb"%PDF-[12]\.[0-9]")
_PDF_TAIL = re.compile(rb"startxref\s+([0-9]+)\s+%%EOF\s*$")
# The end-of-file marker may be followed by a few bytes of padding; look a little further back.
_TAIL_BYTES = 2048


def _not_a_pdf(reason: str) -> ValidationError:
    return ValidationError(
        _(
            "Ce fichier n’est pas un PDF valide : %(reason)s Exportez le document en PDF puis "
            "réessayez."
        )
        % {"reason": reason},
        code="not_a_pdf",
    )


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    return size


def check_pdf(file) -> None:
    """Raise a ValidationError unless ``file`` is a complete PDF within the size limit."""
    size = _size(file)
    if size > MAX_PDF_BYTES:
        raise ValidationError(
            _("Le PDF pèse %(size)s ; le maximum est %(max)s. Réduisez-le avant de l’envoyer.")
            % {"size": filesizeformat(size), "max": filesizeformat(MAX_PDF_BYTES)},
            code="too_large",
        )
    file.seek(0)
    if not _PDF_HEADER.match(file.read(8)):
        raise _not_a_pdf(_("son contenu ne commence pas comme celui d’un PDF."))
    file.seek(max(size - _TAIL_BYTES, 0))
    tail = _PDF_TAIL.search(file.read())
    file.seek(0)
    if tail is None or int(tail.group(1)) >= size:
        raise _not_a_pdf(_("il est incomplet ou endommagé."))


def check_attachment(file, *, name: str) -> str:
    """Return the media type of ``file`` (PDF or image), or raise a ValidationError in French."""
    file.seek(0)
    starts_like_pdf = file.read(5) == b"%PDF-"
    file.seek(0)
    if starts_like_pdf or name.lower().endswith(".pdf"):
        check_pdf(file)
        return PDF
    try:
        images.open_checked(file)
    except ValidationError as error:
        if error.code != "not_an_image":
            raise
        raise ValidationError(
            _(
                "Ce fichier n’est ni un PDF ni une image reconnue. Joignez un PDF, ou une image "
                "JPEG, PNG, WebP ou GIF."
            ),
            code="unsupported",
        ) from None
    finally:
        file.seek(0)
    return JPEG
