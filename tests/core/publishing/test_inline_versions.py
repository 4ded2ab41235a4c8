"""Versions of a press release cover its inlines: contacts and their order, attachments, notes."""

import importlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client

from core.models import Revision
from core.publishing import workflow
from tests.core.publishing.conftest import management, release_data
from tests.press.factories import PressContactFactory, PressReleaseFactory, pdf_bytes

pytestmark = pytest.mark.django_db


def admin_url(release, tail="change/"):
    return f"/admin/press/pressrelease/{release.pk}/{tail}"


def form_data(release, *, contacts=None, attachments=None, corrections=None, **overrides):
    """Return the change form as a browser posts it, each inline row as it is stored.

    ``contacts`` maps a contact link's id to its new position; ``attachments`` and
    ``corrections`` map a row's id to the fields changed (``{"DELETE": "on"}`` removes it), and
    the key ``"new"`` to a list of rows added.
    """
    data = release_data(release, **overrides)
    links = list(release.release_contacts.all())
    data.update(management("release_contacts", total=len(links), initial=len(links)))
    for i, link in enumerate(links):
        data.update(
            {
                f"release_contacts-{i}-id": link.pk,
                f"release_contacts-{i}-release": release.pk,
                f"release_contacts-{i}-contact": link.contact_id,
                f"release_contacts-{i}-position": (contacts or {}).get(link.pk, link.position),
            }
        )
    files = [{"title": a.title, "position": a.position} for a in release.attachments.all()]
    rows = list(release.attachments.all())
    data.update(_inline("attachments", release, rows, files, attachments))
    if release.number:
        notes = [{"date": n.date.strftime("%d/%m/%Y"), "text": n.text} for n in rows_of(release)]
        data.update(_inline("corrections", release, rows_of(release), notes, corrections))
    return data


def rows_of(release):
    return list(release.corrections.all())


def _inline(prefix, release, rows, values, changes):
    changes = changes or {}
    added = changes.get("new", [])
    data = management(prefix, total=len(rows) + len(added), initial=len(rows))
    for i, (row, fields) in enumerate(zip(rows, values, strict=True)):
        fields = {"id": row.pk, "release": release.pk, **fields, **changes.get(row.pk, {})}
        data.update({f"{prefix}-{i}-{name}": value for name, value in fields.items()})
    for i, fields in enumerate(added, start=len(rows)):
        data.update({f"{prefix}-{i}-{name}": value for name, value in fields.items()})
    return data


def contacts_on_page(release) -> list:
    """Return the release's contacts in the order its public page shows them."""
    html = Client().get(release.get_absolute_url()).content.decode()
    contacts = [link.contact for link in release.release_contacts.all()]
    return sorted(contacts, key=lambda contact: html.index(contact.full_name))


@pytest.fixture
def editor(make_member):
    # The press service's saves go live at once: these tests are about versions, not review
    # (a Rédacteur's change to a published release waits for it: see test_pending.py).
    return make_member("Service presse", "presse-redaction")


def test_reordering_contacts_keeps_a_version_that_compares_and_restores_the_order(client, editor):
    first = PressContactFactory(first_name="Anne", last_name="Dufour")
    second = PressContactFactory(first_name="Bruno", last_name="Lambert")
    release = PressReleaseFactory(contacts=[first, second])
    link_first, link_second = release.release_contacts.all()
    client.force_login(editor)

    response = client.post(
        admin_url(release), form_data(release, contacts={link_first.pk: 2, link_second.pk: 1})
    )

    assert response.status_code == 302
    assert contacts_on_page(release) == [second, first]
    versions = client.get(admin_url(release, "versions/")).content.decode()
    assert "<td>Contacts presse</td>" in versions
    before = workflow.revisions_of(release).last()
    comparison = client.get(admin_url(release, f"versions/{before.pk}/")).content.decode()
    assert 'Contacts presse <span class="revision-flag">différent</span>' in comparison
    assert f"1. {first}</li><li>2. {second}</li>" in comparison  # this version
    # Now: the contact that moved is marked where it went and struck out where it was.
    assert f"<li>1. <ins>{second}</ins></li><li>2. {first}</li><li><del>{second}</del></li>" in (
        comparison
    )

    response = client.post(admin_url(release, f"versions/{before.pk}/"), follow=True)

    assert "est restaurée" in response.content.decode()
    assert contacts_on_page(release) == [first, second]
    latest = workflow.revisions_of(release).first()
    assert latest.comment.startswith("Restauration de la version du ")
    assert latest.changed_fields == ["release_contacts"]


def test_a_deleted_attachment_comes_back_with_its_file(client, editor):
    release = PressReleaseFactory(files=[("Dossier de presse", "dossier.pdf", pdf_bytes())])
    attachment = release.attachments.get()
    client.force_login(editor)

    response = client.post(
        admin_url(release), form_data(release, attachments={attachment.pk: {"DELETE": "on"}})
    )

    assert response.status_code == 302
    assert "Dossier de presse" not in Client().get(release.get_absolute_url()).content.decode()
    versions = client.get(admin_url(release, "versions/")).content.decode()
    assert "<td>Pièces jointes</td>" in versions
    before = workflow.revisions_of(release).last()
    comparison = client.get(admin_url(release, f"versions/{before.pk}/")).content.decode()
    assert "1. Dossier de presse — dossier.pdf" in comparison
    assert "<del>Dossier de presse — dossier.pdf</del>" in comparison

    client.post(admin_url(release, f"versions/{before.pk}/"))

    restored = release.attachments.get()
    assert (restored.file.name, restored.media_type, restored.size) == (
        attachment.file.name,
        "application/pdf",
        attachment.size,
    )
    page = Client().get(release.get_absolute_url()).content.decode()
    assert f'<a href="{restored.file.url}" download>Dossier de presse</a>' in page


def test_restoring_removes_an_attachment_added_after_the_version_and_brings_back_a_replaced_file(
    client, editor
):
    release = PressReleaseFactory(files=[("Programme", "programme.pdf", pdf_bytes("Avant"))])
    workflow.ensure_baseline(release)
    before = workflow.revisions_of(release).get()
    old_name = release.attachments.get().file.name
    client.force_login(editor)
    replaced = SimpleUploadedFile("programme-v2.pdf", pdf_bytes("Après"))
    added = SimpleUploadedFile("plan.pdf", pdf_bytes("Plan"))
    attachment = release.attachments.get()

    response = client.post(
        admin_url(release),
        form_data(
            release,
            attachments={
                attachment.pk: {"file": replaced},
                "new": [{"title": "Plan d’accès", "position": "5", "file": added}],
            },
        ),
    )

    assert response.status_code == 302
    assert [a.title for a in release.attachments.all()] == ["Programme", "Plan d’accès"]
    assert release.attachments.first().file.name.endswith("programme-v2.pdf")

    client.post(admin_url(release, f"versions/{before.pk}/"))

    assert [(a.title, a.file.name) for a in release.attachments.all()] == [("Programme", old_name)]


def test_an_attachment_whose_file_is_gone_is_not_restored_and_the_editor_is_told(client, editor):
    release = PressReleaseFactory(
        body="<p>Texte d’origine.</p>", files=[("Dossier", "dossier.pdf", pdf_bytes())]
    )
    attachment = release.attachments.get()
    client.force_login(editor)
    client.post(
        admin_url(release),
        form_data(
            release, body="<p>Texte modifié.</p>", attachments={attachment.pk: {"DELETE": "on"}}
        ),
    )
    default_storage.delete(attachment.file.name)
    before = workflow.revisions_of(release).last()

    response = client.post(admin_url(release, f"versions/{before.pk}/"), follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Pièces jointes : le fichier de « Dossier — dossier.pdf » n’existe plus" in html
    assert "cette ligne n’a pas été restaurée." in html
    release.refresh_from_db()
    assert release.body == "<p>Texte d’origine.</p>"
    assert not release.attachments.exists()


def test_change_notes_are_kept_in_versions_and_restored(client, editor):
    release = PressReleaseFactory()
    client.force_login(editor)
    note = {"date": "29/10/2021", "text": "le montant est corrigé."}

    client.post(admin_url(release), form_data(release, corrections={"new": [note]}))
    with_note = workflow.revisions_of(release).first()
    correction = release.corrections.get()
    client.post(
        admin_url(release),
        form_data(
            release, corrections={correction.pk: {"text": "le montant et la date sont corrigés."}}
        ),
    )

    versions = client.get(admin_url(release, "versions/")).content.decode()
    assert versions.count("<td>Notes de mise à jour</td>") == 2
    comparison = client.get(admin_url(release, f"versions/{with_note.pk}/")).content.decode()
    assert "1. 29 octobre 2021 — le montant est corrigé." in comparison
    assert "<ins>29 octobre 2021 — le montant et la date sont corrigés.</ins>" in comparison

    client.post(admin_url(release, f"versions/{with_note.pk}/"))
    page = Client().get(release.get_absolute_url()).content.decode()
    assert "le montant est corrigé." in page and "la date" not in page

    baseline = workflow.revisions_of(release).last()
    client.post(admin_url(release, f"versions/{baseline.pk}/"))
    assert not release.corrections.exists()
    assert "Mis à jour le" not in Client().get(release.get_absolute_url()).content.decode()


def test_conflict_when_another_editor_changed_only_an_inline(client, editor, make_member):
    first = PressContactFactory(first_name="Anne", last_name="Dufour")
    second = PressContactFactory(first_name="Bruno", last_name="Lambert")
    release = PressReleaseFactory(contacts=[first, second])
    link_first, link_second = release.release_contacts.all()
    client.force_login(editor)
    token = client.get(admin_url(release)).context["adminform"].form["edit_token"].value()
    opened = form_data(release, lead="Mon nouveau chapô.", edit_token=token)
    other = Client()
    other.force_login(make_member("Service presse", "presse"))
    response = other.post(
        admin_url(release), form_data(release, contacts={link_first.pk: 2, link_second.pk: 1})
    )
    assert response.status_code == 302

    response = client.post(admin_url(release), opened)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Service Namur a enregistré ce contenu le " in html
    assert "Vos changements n’ont pas été enregistrés." in html
    assert f"Contacts presse est maintenant : « {second}\u00a0; {first} »" in html
    release.refresh_from_db()
    assert release.lead != "Mon nouveau chapô."
    assert [link.contact for link in release.release_contacts.all()] == [second, first]


def test_versions_kept_before_inlines_were_followed_still_show_and_restore(client, editor):
    migration = importlib.import_module("press.migrations.0005_inline_rows_in_latest_versions")
    first = PressContactFactory(first_name="Anne", last_name="Dufour")
    second = PressContactFactory(first_name="Bruno", last_name="Lambert")
    release = PressReleaseFactory(body="<p>Premier texte.</p>", contacts=[first, second])
    link_first, link_second = release.release_contacts.all()
    # Two versions as they were kept before: the release's own fields only.
    older, latest = ({**workflow.snapshot(release)}, {**workflow.snapshot(release)})
    for data in (older, latest):
        for name in ("release_contacts", "attachments", "corrections"):
            del data[name]
    latest["body"] = "<p>Second texte.</p>"
    release.body = latest["body"]
    release.save()
    kept = [
        Revision.objects.create(
            content_type=ContentType.objects.get_for_model(release),
            object_id=release.pk,
            comment="Ancienne version",
            changed_fields=changed,
            data=data,
        )
        for data, changed in ((older, []), (latest, ["body"]))
    ]
    Revision.objects.filter(pk=kept[0].pk).update(created=kept[0].created.replace(year=2020))

    state = MigrationLoader(connection).project_state(
        ("press", "0005_inline_rows_in_latest_versions")
    )
    migration.fill_latest_versions(state.apps, None)

    kept[0].refresh_from_db()
    kept[1].refresh_from_db()
    assert "release_contacts" not in kept[0].data
    assert kept[1].data["release_contacts"] == workflow.snapshot(release)["release_contacts"]
    assert kept[1].data["attachments"] == [] and kept[1].data["corrections"] == []
    client.force_login(editor)
    client.post(
        admin_url(release), form_data(release, contacts={link_first.pk: 2, link_second.pk: 1})
    )
    versions = client.get(admin_url(release, "versions/")).content.decode()
    assert "Ancienne version" in versions and "<td>Texte</td>" in versions
    assert "<td>Contacts presse</td>" in versions
    comparison = client.get(admin_url(release, f"versions/{kept[0].pk}/")).content.decode()
    assert "<del>Premier</del>" in comparison and "<ins>Second</ins>" in comparison

    client.post(admin_url(release, f"versions/{kept[0].pk}/"))

    release.refresh_from_db()
    assert release.body == "<p>Premier texte.</p>"
    # That version holds no contacts: they stay as they are.
    assert [link.contact for link in release.release_contacts.all()] == [second, first]

    client.post(admin_url(release, f"versions/{kept[1].pk}/"))

    release.refresh_from_db()
    assert release.body == "<p>Second texte.</p>"
    assert [link.contact for link in release.release_contacts.all()] == [first, second]


def test_a_contact_deleted_since_the_version_is_not_restored_and_the_editor_is_told(client, editor):
    kept = PressContactFactory(first_name="Anne", last_name="Dufour")
    gone = PressContactFactory(first_name="Bruno", last_name="Lambert")
    release = PressReleaseFactory(contacts=[kept, gone])
    link_gone = release.release_contacts.get(contact=gone)
    client.force_login(editor)
    client.post(
        admin_url(release), form_data(release, contacts={link_gone.pk: 9}, lead="Autre chapô.")
    )
    release.release_contacts.filter(contact=gone).delete()
    gone.delete()
    before = workflow.revisions_of(release).last()

    response = client.post(admin_url(release, f"versions/{before.pk}/"), follow=True)

    html = response.content.decode()
    assert "Contacts presse : une ligne n’a pas été restaurée, car ce qu’elle désigne" in html
    assert [link.contact for link in release.release_contacts.all()] == [kept]
    release.refresh_from_db()
    assert release.lead == "Un chapô court qui résume le communiqué."
