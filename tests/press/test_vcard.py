"""Each public contact downloads as a vCard that address books import as it is."""

import pytest

from core.models import Status
from press.vcard import contact_vcard, escape, fold
from tests.press.factories import PressContactFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


def test_vcard_has_the_contact_its_content_type_and_a_file_name(client):
    contact = PressContactFactory(
        first_name="Nathalie",
        last_name="Lemaire",
        slug="nathalie-lemaire",
        job_title="Attachée de presse",
        organisation="Service Communication; Ville de Namur",
        email="nathalie.lemaire@ville.namur.be",
        phone="081 24 63 15",
    )
    PressReleaseFactory(contacts=[contact])

    response = client.get("/presse/contacts/nathalie-lemaire.vcf")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="nathalie-lemaire.vcf"'
    text = response.content.decode("utf-8")
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert text.endswith("END:VCARD\r\n")
    lines = text.split("\r\n")
    assert "N:Lemaire;Nathalie;;;" in lines
    assert "FN:Nathalie Lemaire" in lines
    assert "ORG:Service Communication\\; Ville de Namur" in lines
    assert "TITLE:Attachée de presse" in lines
    assert "EMAIL;TYPE=INTERNET,WORK:nathalie.lemaire@ville.namur.be" in lines
    assert "TEL;TYPE=WORK,VOICE:+32 81 24 63 15" in lines
    assert "\n" not in text.replace("\r\n", "")


def test_values_are_escaped_and_long_lines_folded_without_splitting_characters():
    assert escape("a\\b,c;d\ne") == "a\\\\b\\,c\\;d\\ne"
    line = "ORG:" + "é" * 80
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if i else part for i, part in enumerate(parts)) == line


def test_a_contact_without_phone_or_organisation_has_no_empty_properties():
    contact = PressContactFactory.build(phone="", organisation="", job_title="")

    text = contact_vcard(contact)

    assert "TEL" not in text and "ORG" not in text and "TITLE" not in text


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW, Status.UNPUBLISHED])
def test_a_contact_only_on_hidden_releases_is_not_public(client, status):
    contact = PressContactFactory(slug="cache")
    PressReleaseFactory(status=status, contacts=[contact])

    assert client.get("/presse/contacts/cache.vcf").status_code == 404


def test_a_press_office_contact_is_public_without_any_release(client):
    PressContactFactory(slug="service-presse", press_office=True)

    assert client.get("/presse/contacts/service-presse.vcf").status_code == 200
