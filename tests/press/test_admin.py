"""The press admin as the press office uses it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Status
from press.models import PressRelease
from tests import hostile_uploads as hostile
from tests.accreditations.factories import EventFactory
from tests.press.factories import PressContactFactory, PressReleaseFactory, TopicFactory, pdf_bytes

pytestmark = pytest.mark.django_db


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def release_data(**overrides):
    data = {
        "title": "Sommet du numérique",
        "slug": "sommet-numerique",
        "place": "Namur",
        "lead": "Chapô.",
        "body": "<p>Texte.</p>",
        "topic": TopicFactory().pk,
        "status": Status.PUBLISHED,
        "publication_date_0": "28/10/2021",
        "publication_date_1": "10:00:00",
        **management("release_contacts"),
        **management("attachments"),
    }
    data.update(overrides)
    return data


def test_changelist_shows_number_status_dates_filters_and_search(admin_client):
    release = PressReleaseFactory(title="Budget 2027", event=EventFactory(title="Conseil"))
    PressReleaseFactory(title="Autre chose")

    html = admin_client.get("/admin/press/pressrelease/?q=Budget").content.decode()

    assert "Budget 2027" in html and "Autre chose" not in html
    assert release.number in html
    for column in ("Titre", "État", "Numéro", "Date de publication", "Thème"):
        assert column in html
    assert 'id="changelist-filter"' in html
    assert 'class="toplinks"' in html  # date hierarchy


def test_publishing_from_the_admin_numbers_the_release_with_contacts_and_attachment(
    admin_client, admin_user
):
    first, second = PressContactFactory(), PressContactFactory()
    data = release_data(
        **management("release_contacts", total=2),
        **{
            "release_contacts-0-contact": second.pk,
            "release_contacts-0-position": "1",
            "release_contacts-1-contact": first.pk,
            "release_contacts-1-position": "2",
        },
        **management("attachments", total=1),
        **{
            "attachments-0-title": "Programme",
            "attachments-0-position": "0",
            "attachments-0-file": SimpleUploadedFile("programme.pdf", pdf_bytes()),
        },
    )

    response = admin_client.post("/admin/press/pressrelease/add/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    release = PressRelease.objects.get()
    assert release.number == "CP-2021-001"
    assert release.author == admin_user
    assert [link.contact for link in release.release_contacts.all()] == [second, first]
    assert release.attachments.get().media_type == "application/pdf"


def test_a_fake_pdf_is_refused_in_the_admin_with_the_french_message(admin_client):
    data = release_data(
        **management("attachments", total=1),
        **{
            "attachments-0-title": "Programme",
            "attachments-0-position": "0",
            "attachments-0-file": SimpleUploadedFile("programme.pdf", b"GIF89a pas un pdf"),
        },
    )

    response = admin_client.post("/admin/press/pressrelease/add/", data)

    assert response.status_code == 200
    assert hostile.NOT_PDF_NOR_IMAGE in response.content.decode()
    assert not PressRelease.objects.exists()


def test_a_draft_saved_in_the_admin_has_no_number(admin_client):
    response = admin_client.post(
        "/admin/press/pressrelease/add/",
        release_data(status=Status.DRAFT, publication_date_0="", publication_date_1=""),
    )

    assert response.status_code == 302
    assert PressRelease.objects.get().number is None


def test_change_form_offers_autocompletes_view_on_site_and_corrections_once_published(
    admin_client,
):
    draft = PressReleaseFactory(status=Status.DRAFT)
    published = PressReleaseFactory()

    draft_form = admin_client.get(f"/admin/press/pressrelease/{draft.pk}/change/").content.decode()
    form = admin_client.get(f"/admin/press/pressrelease/{published.pk}/change/").content.decode()

    assert "corrections-TOTAL_FORMS" not in draft_form
    assert "corrections-TOTAL_FORMS" in form
    assert "Voir sur le site" in form
    assert 'data-model-name="presscontact"' in form or "release_contacts-__prefix__-contact" in form
    assert 'data-app-label="press" data-model-name="pressrelease" data-field-name="tags"' in form
    assert 'data-field-name="event"' in form
    assert published.number in form


def test_a_correction_added_in_the_admin_appears_on_the_page(admin_client, client):
    release = PressReleaseFactory(slug="budget", title="Budget")
    data = {
        "title": release.title,
        "slug": release.slug,
        "place": "Namur",
        "lead": release.lead,
        "body": release.body,
        "topic": release.topic_id,
        "status": Status.PUBLISHED,
        "publication_date_0": "28/10/2021",
        "publication_date_1": "10:00:00",
        **management("release_contacts"),
        **management("attachments"),
        **management("corrections", total=1),
        "corrections-0-date": "29/10/2021",
        "corrections-0-text": "le montant est corrigé.",
    }

    response = admin_client.post(f"/admin/press/pressrelease/{release.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    html = client.get("/presse/budget/").content.decode()
    assert (
        'Mis à jour le <time datetime="2021-10-29">29 octobre 2021</time> : le montant est corrigé.'
        in html
    )


def test_contact_admin_searches_and_normalises_the_phone(admin_client):
    PressContactFactory(first_name="Olivier", last_name="Piron", phone="081 24 60 12")

    html = admin_client.get("/admin/press/presscontact/?q=piron").content.decode()
    assert "Olivier Piron" in html and "+32 81 24 60 12" in html

    response = admin_client.post(
        "/admin/press/presscontact/add/",
        {
            "first_name": "Anne",
            "last_name": "Degraeve",
            "slug": "anne-degraeve",
            "email": "anne@ville.namur.be",
            "phone": "081 24",
        },
    )
    assert "Ce numéro de téléphone n’est pas valide" in response.content.decode()


def test_contact_autocomplete_answers_the_editor(admin_client):
    contact = PressContactFactory(first_name="Olivier", last_name="Piron", organisation="")

    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "term": "pir",
            "app_label": "press",
            "model_name": "releasecontact",
            "field_name": "contact",
        },
    )

    assert response.json()["results"] == [{"id": str(contact.pk), "text": "Olivier Piron"}]


def test_release_tags_autocomplete_asks_for_the_release_field(admin_client):
    from tests.press.factories import PressReleaseFactory

    release = PressReleaseFactory()

    html = admin_client.get(f"/admin/press/pressrelease/{release.pk}/change/").content.decode()

    assert 'data-model-name="pressrelease"' in html
    assert 'data-field-name="tags"' in html
