"""The press demo content: the shape of a real release, links to events, a second load that changes nothing."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from core.models import Status
from press import demo
from press.models import (
    Attachment,
    CorrectionNote,
    PressContact,
    PressRelease,
    ReleaseContact,
    ReleaseNumberCounter,
    TaggedPressRelease,
)

pytestmark = pytest.mark.django_db

OPEN = "delegation-quebec-convention-culturelle-citadelle"
CLOSED = "budget-2027-presente-au-conseil-communal"
SCHEDULED = "saison-culturelle-2027-theatre-royal"


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


def snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (
            PressRelease,
            PressContact,
            ReleaseContact,
            Attachment,
            CorrectionNote,
            ReleaseNumberCounter,
            TaggedPressRelease,
        )
    ] + [sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "presse").rglob("*") if p.is_file())]


def test_second_load_changes_no_row_and_writes_no_file():
    load_demo()
    first = snapshot()

    load_demo()

    assert snapshot() == first


def test_demo_content(client):
    load_demo()

    releases = PressRelease.objects.all()
    assert releases.count() == 6
    live = set(PressRelease.objects.live().values_list("slug", flat=True))
    assert len(live) == 5 and SCHEDULED not in live
    assert PressRelease.objects.get(slug=SCHEDULED).is_scheduled
    assert all(r.number for r in releases if r.status == Status.PUBLISHED)
    assert PressContact.objects.count() == 4
    shared = [c for c in PressContact.objects.all() if c.releases.count() > 1]
    assert len(shared) >= 2
    for contact in PressContact.objects.all():
        assert contact.email.endswith("@ville.namur.be")
        assert contact.phone.as_e164.startswith("+3281")
    for attachment in Attachment.objects.all():
        assert (Path(settings.MEDIA_ROOT) / attachment.file.name).is_file()
        assert attachment.file.name.startswith("presse/")
    assert {a.media_type for a in Attachment.objects.all()} == {"application/pdf", "image/jpeg"}
    assert all(r.quote_text and r.quote_speaker and r.editors_notes for r in releases)
    assert releases.filter(quote_role="bourgmestre de Namur").count() >= 2

    opened = client.get(f"/presse/{OPEN}/").content.decode()
    assert "press-box--open" in opened and "Demander une accréditation" in opened
    assert 'href="mailto:' in opened and 'href="tel:+32' in opened and ".vcf" in opened
    assert "<blockquote" in opened and "Pièces jointes" in opened
    closed = client.get(f"/presse/{CLOSED}/").content.decode()
    assert "Accréditations clôturées" in closed
    assert "Mis à jour le" in closed
    assert client.get(f"/presse/{SCHEDULED}/").status_code == 404


def test_each_release_has_its_texts_and_files_and_no_file_is_left_over():
    releases = demo.DATA.json("releases.json")
    slugs = {row["slug"] for row in releases}
    contacts = {row["slug"] for row in demo.DATA.json("contacts.json")}
    files = {a["file"] for row in releases for a in row.get("attachments", ())}

    assert len(slugs) == len(releases)
    for folder in ("bodies", "notes"):
        assert {p.name for p in (demo.DATA.root / folder).iterdir()} == {f"{s}.html" for s in slugs}
    assert {p.name for p in (demo.DATA.root / "attachments").iterdir()} == files
    assert {slug for row in releases for slug in row["contacts"]} == contacts
