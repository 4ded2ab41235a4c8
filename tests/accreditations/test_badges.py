"""Badges: the QR code read back from the PDF, forged codes refused, the journalist's own link."""

from html import unescape

import pytest
from django.core import signing

from accreditations import badge_pdf, badges, services
from accreditations.models import Badge, RequestStatus
from tests.accreditations.day import approved, pdf_images, pdf_text, qr_codes_in
from tests.accreditations.factories import AccreditationRequestFactory

pytestmark = pytest.mark.django_db


def test_the_badge_pdf_shows_the_person_and_a_qr_code_that_reads_back_to_its_signed_code(event):
    accreditation = approved(
        event, first_name="Zoë", last_name="Łaski", outlet="RTBF « Matin »", role="photographer"
    )
    pdf = badge_pdf.render(accreditation.badge)

    [decoded] = qr_codes_in(pdf)
    assert decoded == badges.code_of(accreditation.badge)
    assert badges.key_from_code(decoded) == accreditation.badge.key
    text = pdf_text(pdf)
    for expected in (
        "Visite officielle à la Citadelle",
        "Zoë Łaski",
        "RTBF « Matin »",
        "Photographe",
        decoded,
        accreditation.reference,
    ):
        assert expected in text
    # A6, portrait: 105 × 148 mm.
    assert [round(v / 72 * 25.4) for v in pdf_page_size(pdf)] == [105, 148]


def pdf_page_size(pdf: bytes):
    import io

    from pypdf import PdfReader

    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return float(box.width), float(box.height)


def test_the_photo_is_on_the_badge_only_when_the_event_asks_for_one(event):
    accreditation = approved(event, photo=True)
    assert len(pdf_images(badge_pdf.render(accreditation.badge))) == 1  # the QR code alone

    event.requires_photo = True
    event.save()
    accreditation.refresh_from_db()
    images = pdf_images(badge_pdf.render(accreditation.badge))
    assert len(images) == 2
    assert (300, 400) in [image.size for image in images]  # the photo, at its own size


def test_forged_altered_or_cut_codes_are_refused(event):
    badge = approved(event).badge
    code = badges.code_of(badge)
    assert badges.key_from_code(code.lower().replace("-", " ")) == badge.key

    last = code[-1]
    altered = code[:-1] + ("Z" if last != "Z" else "Y")
    other_key = ("A" if badge.key[0] != "A" else "B") + badge.key[1:]
    forged = other_key[:4] + "-" + other_key[4:] + code[9:]
    for bad in (
        altered,
        forged,
        code[:-2],
        code + "X",
        "",
        "ACC-ABCD-EFGH",
        code.replace("-", "O"),
    ):
        assert badges.key_from_code(bad) is None, bad


def test_each_badge_gets_its_own_unguessable_key(event):
    keys = {approved(event).badge.key for _ in range(5)}
    assert len(keys) == 5
    assert all(len(key) == 8 for key in keys)


def test_the_personal_link_shows_the_badge_and_its_pdf_never_cached(client, event):
    accreditation = approved(event, first_name="Claire", last_name="Dumont <b>")
    link = badges.personal_path(accreditation.badge)

    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Claire Dumont &lt;b&gt;" in html
    assert badges.code_of(accreditation.badge) in html
    assert 'src="data:image/svg+xml' in html  # the QR code, inline: no address of its own
    assert "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "no-referrer"

    pdf = client.get(link + "pdf/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert "no-store" in pdf["Cache-Control"]
    assert qr_codes_in(pdf.content) == [badges.code_of(accreditation.badge)]


@pytest.mark.parametrize("status", [RequestStatus.REJECTED, RequestStatus.WAITLISTED])
def test_a_request_no_longer_approved_has_no_badge_and_its_link_says_so(client, event, status):
    accreditation = approved(event)
    link = badges.personal_path(accreditation.badge)
    services.decide(requests=[accreditation], status=status, reason="Tribune complète")

    for path in (link, link + "pdf/"):
        response = client.get(path)
        assert response.status_code == 403
        html = unescape(response.content.decode())
        assert "Pas de badge pour cette demande" in html
        assert status.label.lower() in html
        assert "no-store" in response["Cache-Control"]


def test_a_forged_or_erased_link_is_not_valid(client, event):
    accreditation = approved(event)
    link = badges.personal_path(accreditation.badge)
    forged = signing.dumps([accreditation.pk, accreditation.badge.key], salt="autre")
    assert client.get(f"/accreditations/badge/{forged}/").status_code == 404
    assert client.get(link[:-4] + "x/").status_code == 404

    Badge.objects.all().delete()
    response = client.get(link)
    assert response.status_code == 404
    assert "Ce lien de badge n’est pas valable" in response.content.decode()


def test_a_pending_request_gets_no_badge_from_its_emails(event, mailoutbox):
    accreditation = AccreditationRequestFactory(event=event)
    message = services.build_status_email(accreditation)
    assert message.attachments == []
    assert not Badge.objects.exists()
