"""The badge as a PDF (reportlab): one A6 page, to print or to show on a phone.

Texts use Bitstream Vera, which reportlab ships and embeds, so accents print on any machine; a
letter the font lacks is printed without its accent rather than as a blank box.
"""

import io
import unicodedata
from functools import cache

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from accreditations import badges
from accreditations.models import Badge
from core import french

REGULAR, BOLD = "Vera", "VeraBd"
INK = HexColor("#1a1a1a")
BRAND = HexColor("#003f7d")
WIDTH, HEIGHT = A6
MARGIN = 7 * mm


@cache
def _fonts() -> dict[str, set[int]]:
    """Register the fonts once; return the characters each one can print."""
    covered = {}
    for name, file_name in ((REGULAR, "Vera.ttf"), (BOLD, "VeraBd.ttf")):
        font = TTFont(name, file_name)
        pdfmetrics.registerFont(font)
        covered[name] = set(font.face.charToGlyph)
    return covered


def printable(text: str, font: str) -> str:
    """Return ``text`` with each character the font lacks replaced by its unaccented letter."""
    covered = _fonts()[font]
    result = []
    for character in " ".join(text.split()):
        if ord(character) in covered:
            result.append(character)
            continue
        base = unicodedata.normalize("NFKD", character)
        result.append("".join(c for c in base if ord(c) in covered) or "?")
    return "".join(result)


def _lines(
    canvas: Canvas,
    text: str,
    *,
    font: str,
    size: float,
    top: float,
    width: float,
    max_lines: int,
    x: float = MARGIN,
) -> float:
    """Draw ``text`` wrapped to ``width`` from ``top`` down; return the y under the last line."""
    lines = simpleSplit(printable(text, font), font, size, width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,.;:") + "…"
    canvas.setFont(font, size)
    y = top
    for line in lines:
        y -= size * 1.2
        canvas.drawString(x, y, line)
    return y


def render(badge: Badge) -> bytes:
    """Return the badge of an approved request as a one-page PDF."""
    accreditation = badge.request
    event = accreditation.event
    output = io.BytesIO()
    canvas = Canvas(output, pagesize=A6, pageCompression=1)
    canvas.setTitle(printable(_("Badge presse — %(event)s") % {"event": event.title}, REGULAR))
    canvas.setAuthor(printable(settings.CITY["name"], REGULAR))
    inner = WIDTH - 2 * MARGIN

    # The band: whose badge this is, readable from a distance.
    band = 16 * mm
    canvas.setFillColor(BRAND)
    canvas.rect(0, HEIGHT - band, WIDTH, band, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont(BOLD, 13)
    canvas.drawString(MARGIN, HEIGHT - 8 * mm, printable(_("ACCRÉDITATION PRESSE"), BOLD))
    canvas.setFont(REGULAR, 8)
    canvas.drawString(MARGIN, HEIGHT - 12.5 * mm, printable(settings.CITY["name"], REGULAR))

    canvas.setFillColor(INK)
    y = _lines(
        canvas,
        event.title,
        font=BOLD,
        size=10,
        top=HEIGHT - band - 2 * mm,
        width=inner,
        max_lines=3,
    )
    when = french.format_date(event.starts, "l j F Y, H:i")
    y = _lines(
        canvas,
        f"{when} — {event.venue}",
        font=REGULAR,
        size=7.5,
        top=y - 1 * mm,
        width=inner,
        max_lines=2,
    )

    # The person: photo on the left when the event asks for one, then name, outlet and role.
    top = y - 4 * mm
    x = MARGIN
    photo = badges.photo_jpeg(accreditation, size=400)
    if photo is not None:
        picture = ImageReader(io.BytesIO(photo))
        width, height = picture.getSize()
        box_w, box_h = 24 * mm, 30 * mm
        scale = min(box_w / width, box_h / height)
        canvas.drawImage(picture, MARGIN, top - height * scale, width * scale, height * scale)
        x = MARGIN + box_w + 4 * mm
    text_width = WIDTH - MARGIN - x
    y = _lines(
        canvas,
        accreditation.full_name,
        font=BOLD,
        size=14,
        top=top,
        width=text_width,
        max_lines=3,
        x=x,
    )
    y = _lines(
        canvas,
        accreditation.outlet,
        font=REGULAR,
        size=10,
        top=y - 1 * mm,
        width=text_width,
        max_lines=2,
        x=x,
    )
    _lines(
        canvas,
        accreditation.get_role_display(),
        font=REGULAR,
        size=9,
        top=y - 1 * mm,
        width=text_width,
        max_lines=1,
        x=x,
    )

    # The code: a QR code big enough for a phone held at arm's length, and the same in letters.
    side = 46 * mm
    qr_bottom = 20 * mm
    canvas.drawImage(
        ImageReader(io.BytesIO(badges.qr_png(badge))), (WIDTH - side) / 2, qr_bottom, side, side
    )
    canvas.setFont(BOLD, 11)
    canvas.drawCentredString(WIDTH / 2, qr_bottom - 4 * mm, badges.code_of(badge))
    canvas.setFont(REGULAR, 7)
    canvas.drawCentredString(
        WIDTH / 2,
        qr_bottom - 9 * mm,
        printable(_("Référence %(reference)s") % {"reference": accreditation.reference}, REGULAR),
    )
    canvas.drawCentredString(
        WIDTH / 2,
        qr_bottom - 13 * mm,
        printable(_("Badge personnel, à présenter avec une pièce d’identité."), REGULAR),
    )
    canvas.showPage()
    canvas.save()
    return output.getvalue()
