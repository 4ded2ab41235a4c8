"""Helpers of the badge and check-in tests: approved requests, and badges read back from the PDF."""

import io

import zxingcpp
from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader

from accreditations import badges
from accreditations.models import RequestStatus
from tests.accreditations.conftest import jpeg_bytes
from tests.accreditations.factories import AccreditationRequestFactory


def approved(event, *, photo: bool = False, **fields):
    """Return an approved request of ``event`` with its badge issued."""
    accreditation = AccreditationRequestFactory(
        event=event, status=RequestStatus.APPROVED, **fields
    )
    if photo:
        accreditation.photo.save("photo.jpg", ContentFile(jpeg_bytes((300, 400))), save=True)
    badges.badge_for(accreditation)
    return accreditation


def pdf_images(pdf: bytes) -> list[Image.Image]:
    [page] = PdfReader(io.BytesIO(pdf)).pages
    return [image.image for image in page.images]


def pdf_text(pdf: bytes) -> str:
    [page] = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(page.extract_text().split())


def qr_codes_in(pdf: bytes) -> list[str]:
    """Return the text of every QR code found in the PDF's images, decoded from their pixels."""
    found = []
    for image in pdf_images(pdf):
        found += [
            result.text
            for result in zxingcpp.read_barcodes(image.convert("L"))
            if result.format == zxingcpp.BarcodeFormat.QRCode
        ]
    return found
