"""The press office sets an embargo in the release's admin: form, list, versions, the plan box."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group

from core.models import Status
from core.publishing import workflow
from press.models import PressRelease
from press.presslist.models import Delivery, Dispatch, DispatchKind
from tests.press.factories import PressReleaseFactory, TopicFactory
from tests.presslist.subscribing import SubscriberFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=BRUSSELS)
EMBARGO = datetime(2026, 3, 11, 5, 0, tzinfo=BRUSSELS)
ADD = "/admin/press/pressrelease/add/"
LIST = "/admin/press/pressrelease/"


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)


def member(django_user_model, role: str, username: str):
    user = django_user_model.objects.create_user(
        username, password="secret", is_staff=True, first_name="Nina", last_name="Presse"
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def press_office(client, django_user_model):
    client.force_login(member(django_user_model, "Service presse", "presse"))
    return client


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def moment(value) -> dict[str, str]:
    """The two inputs of an admin date-time field, as a browser posts them."""
    if value is None:
        return {"0": "", "1": ""}
    local = value.astimezone(BRUSSELS)
    return {"0": local.strftime("%d/%m/%Y"), "1": local.strftime("%H:%M:%S")}


def form(*, release=None, embargo=None, publication=None, expiry=None, **overrides) -> dict:
    """The release's change form as a browser posts it (a new release if ``release`` is None)."""
    if release is not None:
        data = {
            "title": release.title,
            "slug": release.slug,
            "place": release.place,
            "lead": release.lead,
            "body": release.body,
            "topic": release.topic_id,
            "status": release.status,
        }
        embargo = embargo or release.embargo_until
        publication = publication or release.publication_date
        expiry = expiry or release.expiry_date
    else:
        data = {
            "title": "Le nouveau pont sur la Meuse ouvre le 2 avril",
            "slug": "nouveau-pont-meuse",
            "place": "Namur",
            "lead": "La passerelle cyclable relie Jambes au centre.",
            "body": "<p>Le pont est accessible à tous.</p>",
            "topic": TopicFactory(name="Mobilité", slug="mobilite").pk,
            "status": Status.DRAFT,
        }
    for name, value in (
        ("embargo_until", embargo),
        ("publication_date", publication),
        ("expiry_date", expiry),
    ):
        data.update({f"{name}_{i}": text for i, text in moment(value).items()})
    data.update(management("release_contacts"))
    data.update(management("attachments"))
    if release is not None and release.number:
        data.update(management("corrections"))
    data.update(overrides)
    return data


def errors_of(response) -> str:
    html = response.content.decode()
    return " ".join(re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S))


def test_the_press_office_publishes_under_embargo_and_the_admin_says_what_happens(
    press_office, django_user_model
):
    SubscriberFactory(email="lea@lavenir.example", embargo_trusted=True)
    SubscriberFactory(email="tom@rtbf.example", embargo_trusted=True)
    SubscriberFactory(email="zoe@lesoir.example")
    PressReleaseFactory(title="Sans embargo du tout")

    page = press_office.get(ADD).content.decode()
    assert 'name="embargo_until_0"' in page
    assert "seuls les journalistes de confiance de la liste de presse" in page

    response = press_office.post(ADD, form(embargo=EMBARGO, _workflow="publish"))

    assert response.status_code == 302, errors_of(response)
    release = PressRelease.objects.get(slug="nouveau-pont-meuse")
    assert release.status == Status.PUBLISHED
    assert release.embargo_until == EMBARGO
    # « Publier maintenant » under embargo: the public sees it when the embargo ends.
    assert release.publication_date == EMBARGO
    assert not release.is_live()

    change = press_office.get(f"{LIST}{release.pk}/change/").content.decode()
    box = re.search(r'<div class="pending-banner embargo-plan".*?</div>', change, re.S).group()
    assert "Sous embargo jusqu’au 11 mars à 5\u00a0h\u00a000" in box
    assert (
        "2 journalistes de confiance de la liste de presse (qui suivent ce thème) le reçoivent "
        "en ce moment (envoi en file) : le communiqué par e-mail, marqué « SOUS EMBARGO », avec "
        "un lien personnel signé valable jusqu’à la fin de l’embargo."
    ) in box
    assert "Le public le verra le 11 mars à 5\u00a0h\u00a000" in box

    listed = press_office.get(LIST, {"embargo": "en-cours"}).content.decode()
    assert "Le nouveau pont sur la Meuse" in listed
    assert "Sans embargo du tout" not in listed
    assert "Sous embargo" in listed  # the filter's title
    assert "jusqu’au 11 mars à 5\u00a0h\u00a000" in listed  # the column
    without = press_office.get(LIST, {"embargo": "sans"}).content.decode()
    assert "Sans embargo du tout" in without
    assert "Le nouveau pont sur la Meuse" not in without

    revision = workflow.revisions_of(release).first()
    assert revision.data["embargo_until"] == "2026-03-11T04:00:00+00:00"
    version = press_office.get(f"{LIST}{release.pk}/versions/{revision.pk}/").content.decode()
    row = re.search(r"<tr[^>]*>\s*<th scope=\"row\">Sous embargo jusqu’au.*?</tr>", version, re.S)
    assert row is not None
    assert row.group().count("11 mars à 5\u00a0h\u00a000") == 2
    assert "non restauré" in row.group()


def test_once_sent_the_box_says_when_and_to_how_many(press_office):
    release = PressReleaseFactory(publication_date=EMBARGO, embargo_until=EMBARGO)
    dispatch = Dispatch.objects.create(release=release, kind=DispatchKind.EMBARGO)
    for email in ("lea@lavenir.example", "tom@rtbf.example"):
        Delivery.objects.create(
            dispatch=dispatch, subscriber=SubscriberFactory(email=email, embargo_trusted=True)
        )

    change = press_office.get(f"{LIST}{release.pk}/change/").content.decode()

    assert (
        "Envoyé sous embargo le 10 mars à 9\u00a0h\u00a000 à 2 journalistes de confiance" in change
    )


def test_a_draft_says_the_journalists_get_it_once_published(press_office):
    release = PressReleaseFactory(status=Status.DRAFT, publication_date=None, embargo_until=EMBARGO)

    change = press_office.get(f"{LIST}{release.pk}/change/").content.decode()

    assert "Aucun journaliste de confiance de la liste de presse ne suit ce thème" in change
    assert "une fois publié, il apparaît au plus tôt le 11 mars à 5\u00a0h\u00a000" in change


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"embargo": NOW - timedelta(hours=1)},
            "embargo_until",
            "La fin de l’embargo doit être dans le futur : indiquez une date et une heure à "
            "venir, ou videz ce champ pour publier sans embargo.",
        ),
        (
            {"embargo": EMBARGO, "expiry": EMBARGO - timedelta(hours=2)},
            "embargo_until",
            "L’embargo doit finir avant la date d’expiration (11 mars à 3\u00a0h\u00a000) : "
            "sinon le public ne verrait jamais ce communiqué. Avancez la fin de l’embargo ou "
            "reportez l’expiration.",
        ),
        (
            {
                "embargo": EMBARGO,
                "publication": EMBARGO - timedelta(hours=3),
                "_workflow": "schedule",
            },
            "publication_date",
            "Le public ne peut voir ce communiqué avant la fin de l’embargo (11 mars à "
            "5\u00a0h\u00a000) : indiquez ce moment ou un moment plus tardif.",
        ),
    ],
    ids=["past", "after-expiry", "public-before-the-end"],
)
def test_bad_embargoes_get_a_french_error_on_their_field_and_save_nothing(
    press_office, fields, field, message
):
    response = press_office.post(ADD, form(**fields))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [message]
    assert message in response.content.decode()
    assert not PressRelease.objects.exists()


def test_scheduling_without_a_date_goes_public_at_the_end_of_the_embargo(press_office):
    response = press_office.post(ADD, form(embargo=EMBARGO, _workflow="schedule"))

    assert response.status_code == 302, errors_of(response)
    assert PressRelease.objects.get().publication_date == EMBARGO


def test_a_release_whose_embargo_ended_is_saved_again_as_it_is(press_office, time_machine):
    release = PressReleaseFactory(publication_date=EMBARGO, embargo_until=EMBARGO)
    time_machine.move_to(EMBARGO + timedelta(days=2), tick=False)

    response = press_office.post(
        f"{LIST}{release.pk}/change/", form(release=release, lead="Chapô corrigé.")
    )

    assert response.status_code == 302, errors_of(response)
    release.refresh_from_db()
    assert release.lead == "Chapô corrigé."
    assert release.embargo_until == EMBARGO
    assert "terminé le 11 mars à 5\u00a0h\u00a000" in press_office.get(LIST).content.decode()


def test_a_live_release_cannot_be_put_under_embargo(press_office):
    release = PressReleaseFactory()

    response = press_office.post(
        f"{LIST}{release.pk}/change/", form(release=release, embargo=EMBARGO)
    )

    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["embargo_until"]
    assert error.startswith("Ce communiqué est déjà public depuis le 9 mars à 9\u00a0h\u00a000")
    release.refresh_from_db()
    assert release.embargo_until is None


def test_a_redacteur_cannot_move_the_embargo_of_a_published_release(client, django_user_model):
    release = PressReleaseFactory(publication_date=EMBARGO, embargo_until=EMBARGO)
    client.force_login(member(django_user_model, "Rédacteur", "redacteur"))

    response = client.post(
        f"{LIST}{release.pk}/change/",
        form(release=release, embargo=EMBARGO + timedelta(days=1)),
    )

    assert response.context["adminform"].form.errors["embargo_until"] == [
        "Vous ne pouvez pas changer l’embargo d’un communiqué publié : demandez-le au service "
        "presse."
    ]
    release.refresh_from_db()
    assert release.embargo_until == EMBARGO


def test_publishing_from_the_list_under_embargo_waits_for_its_end(press_office):
    release = PressReleaseFactory(status=Status.DRAFT, publication_date=None, embargo_until=EMBARGO)

    press_office.post(LIST, {"action": "publish_action", "_selected_action": [release.pk]})

    release.refresh_from_db()
    assert release.status == Status.PUBLISHED
    assert release.publication_date == EMBARGO


def test_the_pending_change_screen_shows_the_embargo(client, django_user_model):
    release = PressReleaseFactory(publication_date=EMBARGO, embargo_until=EMBARGO)
    client.force_login(member(django_user_model, "Rédacteur", "redacteur"))
    client.post(f"{LIST}{release.pk}/change/", form(release=release, lead="Chapô corrigé."))
    client.force_login(member(django_user_model, "Service presse", "presse"))

    page = client.get(f"{LIST}{release.pk}/modification/").content.decode()

    row = re.search(r"<tr[^>]*>\s*<th scope=\"row\">Sous embargo jusqu’au.*?</tr>", page, re.S)
    assert row is not None
    assert row.group().count("11 mars à 5\u00a0h\u00a000") == 2
