"""The public form: what a journalist sees for each mistake, the rules, and a successful request."""

from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client

from accreditations.forms import form_stamp
from accreditations.models import AccreditationRequest, RequestStatus
from tests.accreditations.conftest import PDF, form_data, jpeg_bytes
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory

pytestmark = pytest.mark.django_db


BAD_PHONE = (
    "Ce numéro de téléphone n’est pas valide. Écrivez-le avec l’indicatif du pays, "
    "par exemple +32 81 24 60 00, ou en format belge, par exemple 081 24 60 00."
)


def post(client, event, **overrides):
    return client.post(event.get_form_url(), form_data(event, **overrides))


def page(response) -> str:
    return unescape(response.content.decode())


def test_empty_form_shows_the_event_and_every_field(client, event):
    response = client.get(event.get_form_url())

    html = page(response)
    assert response.status_code == 200
    assert "Demande d’accréditation" in html
    assert "Visite officielle à la Citadelle" in html
    assert "Accréditations ouvertes" in html
    for label in ("Prénom", "Nom", "Adresse e-mail", "Téléphone", "Média", "Type de média"):
        assert f">{label}" in html
    for choice in ("Presse écrite", "Radio", "Télévision", "Web", "Agence", "Photo"):
        assert f">{choice}</label>" in html
    for choice in ("Journaliste", "Photographe", "Caméraman", "Technicien"):
        assert f">{choice}</label>" in html
    assert 'href="/pages/vie-privee/"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html
    assert "error-summary" not in html
    assert "no-cache" in response["Cache-Control"]


def test_extra_items_appear_only_when_the_event_requires_them(client, now):
    plain = EventFactory()
    vetted = EventFactory(
        requires_identity_details=True, requires_id_document=True, requires_photo=True
    )

    plain_html = page(client.get(plain.get_form_url()))
    vetted_html = page(client.get(vetted.get_form_url()))

    for name in ("date_of_birth", "nationality", "id_document", "photo"):
        assert f'name="{name}"' not in plain_html
        assert f'name="{name}"' in vetted_html
    assert "Documents exigés pour cet événement" in vetted_html


def test_valid_request_is_saved_confirmed_and_emailed(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, event)

    accreditation = AccreditationRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == accreditation.get_absolute_url()
    assert accreditation.status == RequestStatus.PENDING
    assert accreditation.mail_state == "sent"
    assert (accreditation.first_name, accreditation.outlet) == ("Claire", "L’Avenir Namur")

    confirmation = page(client.get(response["Location"]))
    assert "Votre demande est envoyée" in confirmation
    assert accreditation.reference in confirmation
    assert "Et maintenant ?" in confirmation
    assert "claire.dumont@example.org" not in confirmation

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["claire.dumont@example.org"]
    assert accreditation.reference in mail.outbox[0].subject


def test_reference_is_unguessable_and_well_formed(client, event):
    post(client, event)
    post(client, event, email="autre@example.org")

    first, second = AccreditationRequest.objects.values_list("reference", flat=True)
    assert first != second
    for reference in (first, second):
        assert len(reference) == 13
        assert reference.startswith("ACC-")
        assert reference[8] == "-"


def test_confirmation_needs_the_exact_reference(client, event):
    accreditation = AccreditationRequestFactory(event=event)
    other_event = EventFactory()

    assert client.get(accreditation.get_absolute_url()).status_code == 200
    wrong = f"/accreditations/{event.slug}/confirmation/ACC-AAAA-AAAA/"
    assert client.get(wrong).status_code == 404
    elsewhere = f"/accreditations/{other_event.slug}/confirmation/{accreditation.reference}/"
    assert client.get(elsewhere).status_code == 404


MISTAKES = [
    pytest.param(
        {"first_name": ""},
        "first_name",
        "Indiquez votre prénom tel qu’il figure sur votre pièce d’identité.",
        id="no-first-name",
    ),
    pytest.param(
        {"last_name": "  "},
        "last_name",
        "Indiquez votre nom tel qu’il figure sur votre pièce d’identité.",
        id="blank-last-name",
    ),
    pytest.param({"email": ""}, "email", "Indiquez votre adresse e-mail.", id="no-email"),
    pytest.param(
        {"email": "claire@"},
        "email",
        "Indiquez une adresse e-mail complète, par exemple nom@redaction.be.",
        id="bad-email",
    ),
    pytest.param({"phone": ""}, "phone", "Indiquez un numéro de téléphone.", id="no-phone"),
    pytest.param({"phone": "appelez-moi"}, "phone", BAD_PHONE, id="bad-phone"),
    pytest.param({"phone": "0470"}, "phone", BAD_PHONE, id="short-phone"),
    pytest.param({"phone": "0470 12 34 5"}, "phone", BAD_PHONE, id="mobile-missing-a-digit"),
    pytest.param({"phone": "+32 81 24 60 00 00"}, "phone", BAD_PHONE, id="long-phone"),
    pytest.param(
        {"phone": "081 24 60 00 x12"},
        "phone",
        "Retirez le numéro de poste : écrivez seulement le numéro, par exemple +32 81 24 60 00.",
        id="phone-extension",
    ),
    pytest.param(
        {"outlet": ""},
        "outlet",
        "Indiquez le média pour lequel vous couvrez l’événement.",
        id="no-outlet",
    ),
    pytest.param(
        {"media_type": None}, "media_type", "Choisissez le type de média.", id="no-media-type"
    ),
    pytest.param(
        {"media_type": "blog"},
        "media_type",
        "Choisissez l’un des types de média proposés.",
        id="unknown-media-type",
    ),
    pytest.param({"role": None}, "role", "Choisissez votre fonction.", id="no-role"),
    pytest.param(
        {"press_card_number": ""},
        "press_card_number",
        "Indiquez le numéro de votre carte de presse ou joignez une lettre de mission de votre "
        "rédaction.",
        id="no-card-no-letter",
    ),
    pytest.param(
        {"consent": None},
        "consent",
        "Cochez la case pour accepter le traitement de vos données ; sans cet accord, la "
        "demande ne peut pas être examinée.",
        id="no-consent",
    ),
]


@pytest.mark.parametrize(("overrides", "field", "message"), MISTAKES)
def test_each_mistake_gets_a_french_message_in_the_summary_and_next_to_the_field(
    client, event, overrides, field, message
):
    response = post(client, event, **overrides)

    html = page(response)
    assert response.status_code == 200
    assert not AccreditationRequest.objects.exists()
    assert html.count(message) == 2  # in the summary and next to the field
    assert "Votre demande n’est pas encore envoyée : corrigez l’erreur ci-dessous." in html
    anchor = f"id_{field}_0" if field in ("media_type", "role") else f"id_{field}"
    assert f'<a href="#{anchor}">' in html
    assert f'id="id_{field}_error"' in html
    assert "<title>Erreur :" in html
    assert not mail.outbox


def test_typed_values_are_kept_and_files_must_be_chosen_again(client, event):
    response = post(client, event, email="pas-une-adresse", equipment="Trépied & micro")

    html = page(response)
    assert 'value="Claire"' in html
    assert 'value="L’Avenir Namur"' in html
    assert 'value="pas-une-adresse"' in html
    assert "Trépied &amp; micro" in response.content.decode()
    assert 'value="print" id="id_media_type_0" required checked' in html
    assert (
        "les fichiers choisis ne sont pas conservés après une erreur : choisissez-les à nouveau"
        in html
    )


def test_several_mistakes_are_counted_in_the_summary(client, event):
    html = page(post(client, event, first_name="", phone="", consent=None))

    assert "corrigez les 3 erreurs ci-dessous." in html
    links = [html.index(f'<a href="#id_{name}">') for name in ("first_name", "phone", "consent")]
    assert links == sorted(links)  # in the order of the page


def test_letter_of_assignment_replaces_the_press_card(client, event):
    letter = SimpleUploadedFile("lettre.pdf", PDF, content_type="application/pdf")

    response = client.post(
        event.get_form_url(), form_data(event, press_card_number="", assignment_letter=letter)
    )

    assert response.status_code == 302
    accreditation = AccreditationRequest.objects.get()
    assert accreditation.assignment_letter.name.endswith(".pdf")
    assert "lettre" not in accreditation.assignment_letter.name


def test_required_extras_are_asked_for(client, now):
    event = EventFactory(
        requires_identity_details=True, requires_id_document=True, requires_photo=True
    )

    html = page(post(client, event))

    for message in (
        "Indiquez votre date de naissance ; elle est exigée pour cet événement.",
        "Indiquez votre nationalité ; elle est exigée pour cet événement.",
    ):
        assert html.count(message) == 2
    for message in (
        "Joignez une copie de votre carte d’identité ou de votre passeport ; elle est exigée "
        "pour cet événement.",
        "Joignez une photo d’identité ; elle est exigée pour cet événement.",
    ):
        assert html.count(message) == 2
    assert "Ce champ est obligatoire." not in html


def test_request_with_every_extra_is_saved(client, now):
    event = EventFactory(
        requires_identity_details=True, requires_id_document=True, requires_photo=True
    )
    data = form_data(
        event,
        date_of_birth="1985-04-12",
        nationality="belge",
        id_document=SimpleUploadedFile("carte.pdf", PDF),
        photo=SimpleUploadedFile("moi.jpg", jpeg_bytes()),
    )

    response = client.post(event.get_form_url(), data)

    assert response.status_code == 302
    accreditation = AccreditationRequest.objects.get()
    assert str(accreditation.date_of_birth) == "1985-04-12"
    assert accreditation.id_document.name.endswith(".pdf")
    assert accreditation.photo.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2030-01-01", "La date de naissance doit être dans le passé."),
        ("1850-01-01", "Vérifiez l’année de naissance : elle doit être postérieure à 1900."),
        ("12 avril", "Indiquez une date de naissance réelle, au format jj/mm/aaaa."),
    ],
)
def test_date_of_birth_is_checked(client, now, value, message):
    event = EventFactory(requires_identity_details=True)

    html = page(post(client, event, date_of_birth=value, nationality="belge"))

    assert html.count(message) == 2


# The rules.


def test_closed_window_says_so_and_refuses_posts(client, now):
    event = EventFactory(
        accreditation_opens=now - timedelta(days=10), accreditation_closes=now - timedelta(hours=1)
    )

    get = client.get(event.get_form_url())
    response = post(client, event)

    assert get.status_code == 200
    html = page(get)
    assert "Les accréditations sont clôturées" in html
    assert "samedi 21 novembre 2026 à 09:00" in html
    assert 'name="first_name"' not in html
    assert response.status_code == 403
    assert "Les accréditations sont clôturées" in page(response)
    assert not AccreditationRequest.objects.exists()


def test_window_not_yet_open_says_when_it_opens(client, now):
    event = EventFactory(
        accreditation_opens=now + timedelta(days=2), accreditation_closes=now + timedelta(days=4)
    )

    html = page(client.get(event.get_form_url()))

    assert "Les accréditations ne sont pas encore ouvertes" in html
    assert "Le formulaire ouvrira le lundi 23 novembre 2026 à 10:00." in html
    assert post(client, event).status_code == 403
    assert not AccreditationRequest.objects.exists()


def test_window_closing_while_the_form_is_open_refuses_the_post(client, event, time_machine):
    stamp = form_stamp(event.pk)
    time_machine.move_to(event.accreditation_closes, tick=False)

    response = post(client, event, started=stamp)

    assert response.status_code == 403
    assert not AccreditationRequest.objects.exists()


def test_second_request_with_the_same_email_is_refused_and_the_first_untouched(client, event):
    post(client, event)
    first = AccreditationRequest.objects.get()
    before = AccreditationRequest.objects.values().get()

    response = post(
        client, event, email="Claire.Dumont@example.org", first_name="Autre", outlet="Le Soir"
    )

    html = page(response)
    assert response.status_code == 200
    assert html.count("Une demande est déjà en cours pour cette adresse e-mail") == 2
    assert "elle n’a pas été modifiée" in html
    assert AccreditationRequest.objects.count() == 1
    assert AccreditationRequest.objects.values().get() == before
    assert first.first_name == "Claire"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("dupx@example.org", "dupx@ｅｘａｍｐｌｅ.org", id="full-width"),
        pytest.param("dupx@example.org", '"dupx"@example.org', id="quoted"),
        pytest.param("dupx@example.org", "dupx@example.org\u200b", id="zero-width-space"),
        pytest.param("dupx@example.org", "du\u00adpx@example.org", id="soft-hyphen"),
        pytest.param("dupx@example.org", "DUPX@Example.ORG.", id="case-and-final-dot"),
        pytest.param("dupx@bücher.example", "dupx@xn--bcher-kva.example", id="idn-then-punycode"),
        pytest.param("dupx@xn--bcher-kva.example", "dupx@BÜCHER.example", id="punycode-then-idn"),
    ],
)
def test_one_mailbox_typed_another_way_is_the_same_request(client, event, first, second):
    assert post(client, event, email=first).status_code == 302
    before = AccreditationRequest.objects.values().get()

    response = post(client, event, email=second, first_name="Autre", outlet="Le Soir")

    assert response.status_code == 200
    assert "Une demande est déjà en cours pour cette adresse e-mail" in page(response)
    assert AccreditationRequest.objects.values().get() == before


def test_addresses_are_stored_in_one_spelling(client, event):
    post(client, event, email=' "Claire.Dumont"@ＢÜＣＨＥＲ.Example\u200b ')

    assert AccreditationRequest.objects.get().email == "Claire.Dumont@xn--bcher-kva.example"


def test_a_quoted_address_that_needs_its_quotes_is_refused_in_french(client, event):
    response = post(client, event, email='"claire dumont"@example.org')

    assert response.status_code == 200
    assert "Indiquez l’adresse sans guillemets" in page(response)
    assert not AccreditationRequest.objects.exists()


def test_the_database_refuses_one_mailbox_twice_whatever_the_path(event):
    AccreditationRequestFactory(event=event, email="dupx@example.org")

    with pytest.raises(IntegrityError):
        AccreditationRequestFactory(event=event, email="DUPX@ｅｘａｍｐｌｅ.org\u200b")


def test_the_same_email_may_ask_again_after_a_rejection(client, event):
    AccreditationRequestFactory(
        event=event, email="claire.dumont@example.org", status=RequestStatus.REJECTED
    )

    assert post(client, event).status_code == 302


def test_the_same_email_may_ask_for_another_event(client, event):
    AccreditationRequestFactory(event=EventFactory(), email="claire.dumont@example.org")

    assert post(client, event).status_code == 302


def test_outlet_cap_refuses_one_request_too_many(client, now):
    event = EventFactory(per_outlet_cap=2)
    AccreditationRequestFactory(event=event, outlet="Canal Zoom")
    AccreditationRequestFactory(event=event, outlet="Canal Zoom", status=RequestStatus.REJECTED)

    assert post(client, event, outlet="canal  zoom", email="a@example.org").status_code == 302
    response = post(client, event, outlet="Canal Zoom", email="b@example.org")

    html = page(response)
    assert html.count("Ce média a déjà 2 demande(s) en cours pour cet événement, le maximum.") == 2
    assert AccreditationRequest.objects.filter(event=event).count() == 3


def test_rate_limit_answers_with_the_french_429(client, event, settings):
    settings.ACCREDITATION_RATE_LIMIT = 3
    settings.ACCREDITATION_RATE_PERIOD = 120
    for _ in range(3):
        assert post(client, event, first_name="").status_code == 200

    response = post(client, event)

    assert response.status_code == 429
    assert response["Retry-After"] == "120"
    assert "Trop de demandes" in page(response)
    assert not AccreditationRequest.objects.exists()
    # Another address is not affected.
    other = client.post(event.get_form_url(), form_data(event), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_rate_limit_counts_each_client_behind_the_proxy(client, event, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCREDITATION_RATE_LIMIT = 2

    def post_from(forwarded_for, **overrides):
        return client.post(
            event.get_form_url(),
            form_data(event, **overrides),
            REMOTE_ADDR="10.0.0.1",
            headers={"x-forwarded-for": forwarded_for},
        )

    for _ in range(2):
        assert post_from("203.0.113.5", first_name="").status_code == 200
    assert post_from("203.0.113.5", first_name="").status_code == 429

    # Another visitor coming through the same proxy keeps the whole allowance.
    assert post_from("203.0.113.6", first_name="").status_code == 200
    # A client cannot pick its address: the proxy appends the one it saw after whatever it sent.
    assert post_from("198.51.100.1, 203.0.113.5").status_code == 429
    assert not AccreditationRequest.objects.exists()


def test_rate_limit_window_ends(client, event, settings, time_machine):
    settings.ACCREDITATION_RATE_LIMIT = 1
    settings.ACCREDITATION_RATE_PERIOD = 60
    post(client, event, first_name="")
    assert post(client, event, first_name="").status_code == 429

    time_machine.move_to(event.accreditation_opens + timedelta(days=1, minutes=2), tick=False)

    assert post(client, event, first_name="").status_code == 200


def test_honeypot_refuses_quietly(client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, event, website="https://spam.example")

    assert response.status_code == 200
    assert "Votre demande n’a pas pu être envoyée." in page(response)
    assert not AccreditationRequest.objects.exists()
    assert not mail.outbox


def test_form_sent_too_fast_is_refused_then_accepted(client, event, settings, time_machine):
    settings.ACCREDITATION_MIN_FILL_SECONDS = 5
    stamp = form_stamp(event.pk)

    response = post(client, event, started=stamp)

    assert response.status_code == 200
    assert "Le formulaire a été envoyé trop vite après son affichage." in page(response)
    assert not AccreditationRequest.objects.exists()

    time_machine.move_to(event.accreditation_opens + timedelta(days=1, seconds=5), tick=False)
    assert post(client, event, started=stamp).status_code == 302


@pytest.mark.parametrize("stamp", ["", "forged", None])
def test_missing_or_forged_timestamp_is_refused(client, event, stamp):
    response = post(client, event, started=stamp)

    assert response.status_code == 200
    assert "Le formulaire a expiré." in page(response)
    assert not AccreditationRequest.objects.exists()


def test_timestamp_of_another_event_is_refused(client, event):
    other = EventFactory()

    response = post(client, event, started=form_stamp(other.pk))

    assert "Le formulaire a expiré." in page(response)


def test_csrf_is_enforced(event):
    client = Client(enforce_csrf_checks=True)

    response = client.post(event.get_form_url(), form_data(event))

    assert response.status_code == 403
    assert not AccreditationRequest.objects.exists()


def test_unknown_event_is_a_404(client, now):
    assert client.get("/accreditations/inconnu/").status_code == 404


def test_form_page_costs_a_fixed_number_of_queries(client, event, django_assert_num_queries):
    AccreditationRequestFactory.create_batch(3, event=event, status=RequestStatus.APPROVED)

    client.get(event.get_form_url())  # keeps the layout's parts (the footer's legal pages)

    # The event with its counts.
    with django_assert_num_queries(1):
        client.get(event.get_form_url())


def test_successful_post_costs_a_fixed_number_of_queries(client, event, django_assert_num_queries):
    AccreditationRequestFactory.create_batch(3, event=event)

    # The event; then, in a savepoint, the locked event, the duplicate check and the insert.
    with django_assert_num_queries(6):
        response = post(client, event)
    assert response.status_code == 302


def test_one_mailbox_typed_from_many_client_addresses_gets_a_few_acknowledgments(
    client, now, settings, django_capture_on_commit_callbacks
):
    settings.RECIPIENT_EMAIL_LIMIT = 3
    events = [EventFactory() for _ in range(5)]

    statuses = []
    for number, event in enumerate(events):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                event.get_form_url(), form_data(event), REMOTE_ADDR=f"192.0.2.{number + 1}"
            )
        statuses.append(response.status_code)

    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    assert AccreditationRequest.objects.count() == 3
