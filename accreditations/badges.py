"""Badges: the code each one carries, the journalist's own link to it, the photo it shows.

A badge's code is its random key (8 characters) followed by a signature of that key (8 more),
an HMAC under the site's secret: a code cannot be made up without the secret, and a mistyped or
altered one is refused before the database is asked. The characters are those of the request
references, which no one misreads, and the QR code holds them in its compact alphanumeric mode.
"""

import base64
import io
import logging
import secrets

import segno
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from PIL import Image, ImageOps

from accreditations.models import REFERENCE_ALPHABET, AccreditationRequest, Badge
from core.files.storage import STORE_ERRORS

logger = logging.getLogger(__name__)

CODE_SALT = "accreditations.badge.code"
LINK_SALT = "accreditations.badge.link"
KEY_LENGTH = 8
SIGNATURE_LENGTH = 8


def _signature(key: str) -> str:
    number = int.from_bytes(salted_hmac(CODE_SALT, key, algorithm="sha256").digest()[:8], "big")
    characters = []
    for _ in range(SIGNATURE_LENGTH):
        number, index = divmod(number, len(REFERENCE_ALPHABET))
        characters.append(REFERENCE_ALPHABET[index])
    return "".join(characters)


def code_of(badge: Badge) -> str:
    """Return the code printed and encoded on the badge, e.g. ``7QX4-K2M9-HR3T-PW8N``."""
    raw = badge.key + _signature(badge.key)
    return "-".join(raw[start : start + 4] for start in range(0, len(raw), 4))


def key_from_code(text: str) -> str | None:
    """Return the badge key a scanned or typed code carries; None if forged, altered or cut."""
    raw = "".join(character for character in text.upper() if character.isalnum())
    if len(raw) != KEY_LENGTH + SIGNATURE_LENGTH or any(
        character not in REFERENCE_ALPHABET for character in raw
    ):
        return None
    key, signature = raw[:KEY_LENGTH], raw[KEY_LENGTH:]
    return key if constant_time_compare(signature, _signature(key)) else None


def badge_for(accreditation: AccreditationRequest) -> Badge:
    """Return the request's badge, issuing it the first time."""
    try:
        return accreditation.badge
    except Badge.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            badge = Badge.objects.create(
                request=accreditation,
                key="".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(KEY_LENGTH)),
            )
    except IntegrityError:
        # Issued meanwhile by another process (the worker and a click on the link at once).
        badge = Badge.objects.get(request=accreditation)
    accreditation.badge = badge
    return badge


def qr_code(badge: Badge) -> segno.QRCode:
    # Level Q still reads with a quarter of the symbol creased, scratched or in glare.
    return segno.make_qr(code_of(badge), error="q")


def qr_png(badge: Badge, *, scale: int = 10) -> bytes:
    output = io.BytesIO()
    qr_code(badge).save(output, kind="png", scale=scale, border=4)
    return output.getvalue()


def qr_data_uri(badge: Badge, *, scale: int = 6) -> tuple[str, int]:
    """Return the QR code as an SVG data URI for an <img>, and its width in pixels."""
    qr = qr_code(badge)
    return qr.svg_data_uri(scale=scale, border=4), qr.symbol_size(scale=scale, border=4)[0]


def personal_path(badge: Badge) -> str:
    """Return the path of the journalist's own link to their badge (in the approval e-mail)."""
    signed = signing.dumps([badge.request_id, badge.key], salt=LINK_SALT)
    return reverse("accreditations:badge", kwargs={"signed": signed})


def badge_from_link(signed: str) -> Badge | None:
    """Return the badge a personal link names, None if the link is not genuine or is erased."""
    try:
        request_id, key = signing.loads(signed, salt=LINK_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return (
        Badge.objects.select_related("request__event")
        .filter(request_id=request_id, key=key)
        .first()
    )


def photo_jpeg(accreditation: AccreditationRequest, *, size: int) -> bytes | None:
    """Return the request's photo as a JPEG of at most ``size`` pixels, when its event wants one.

    None when there is none, or when the stored file cannot be read (the badge goes without).
    """
    if not (accreditation.event.requires_photo and accreditation.photo):
        return None
    try:
        with accreditation.photo.open("rb") as stored, Image.open(stored) as image:
            picture = ImageOps.exif_transpose(image).convert("RGB")
    except (*STORE_ERRORS, ValueError, Image.DecompressionBombError) as error:
        logger.warning(
            "Photo of accreditation request %s unreadable: %s",
            accreditation.reference,
            type(error).__name__,
        )
        return None
    picture.thumbnail((size, size))
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=85)
    return output.getvalue()


def photo_data_uri(accreditation: AccreditationRequest, *, size: int = 240) -> str | None:
    """Return the photo inline, for a page that must not give it an address of its own."""
    jpeg = photo_jpeg(accreditation, size=size)
    if jpeg is None:
        return None
    return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")
