"""The shared publishing core: what ``live()`` returns, its constraints and staff previews."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.models import Status
from tests.testapp.models import Item

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 11, 21, 10, 0, 0, tzinfo=BRUSSELS)
SECOND = timedelta(seconds=1)

pytestmark = pytest.mark.django_db


def make_item(slug="item", **fields):
    fields = {"title": "Un titre", "status": Status.PUBLISHED, "publication_date": NOW} | fields
    return Item.objects.create(slug=slug, **fields)


VISIBILITY = [
    pytest.param({}, True, id="published-exactly-at-its-second"),
    pytest.param({"publication_date": NOW + SECOND}, False, id="scheduled-one-second-ahead"),
    pytest.param({"publication_date": NOW - SECOND}, True, id="published-one-second-ago"),
    pytest.param(
        {"publication_date": NOW - SECOND, "expiry_date": NOW}, False, id="expired-exactly-now"
    ),
    pytest.param({"expiry_date": NOW + SECOND}, True, id="expires-in-one-second"),
    pytest.param({"status": Status.DRAFT}, False, id="draft"),
    pytest.param({"status": Status.REVIEW}, False, id="in-review"),
    pytest.param({"status": Status.UNPUBLISHED}, False, id="unpublished"),
    pytest.param({"status": Status.DRAFT, "publication_date": None}, False, id="draft-no-date"),
]


@pytest.mark.parametrize(("fields", "visible"), VISIBILITY)
def test_live_returns_only_what_the_public_may_see(fields, visible):
    item = make_item(**fields)

    assert list(Item.objects.live(at=NOW)) == ([item] if visible else [])
    assert item.is_live(at=NOW) is visible


def test_scheduled_item_appears_by_itself_at_its_time(time_machine):
    time_machine.move_to(NOW - timedelta(hours=1), tick=False)
    item = make_item(publication_date=NOW)

    assert not Item.objects.live().exists()
    assert item.is_scheduled

    time_machine.move_to(NOW, tick=False)
    assert list(Item.objects.live()) == [item]
    assert not item.is_scheduled


def test_expired_item_disappears_by_itself(time_machine):
    time_machine.move_to(NOW, tick=False)
    make_item(expiry_date=NOW + timedelta(days=1))
    assert Item.objects.live().count() == 1

    time_machine.move_to(NOW + timedelta(days=1), tick=False)
    assert Item.objects.live().count() == 0


def test_live_orders_newest_first():
    older = make_item("older", publication_date=NOW - timedelta(days=2))
    newer = make_item("newer", publication_date=NOW - timedelta(days=1))

    assert list(Item.objects.live(at=NOW)) == [newer, older]


def test_database_refuses_an_expiry_before_the_publication():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_item(expiry_date=NOW - SECOND)


def test_database_refuses_a_published_item_without_a_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_item(publication_date=None)


def test_validation_explains_the_date_order_in_french():
    item = Item(title="Titre", slug="titre", publication_date=NOW, expiry_date=NOW - SECOND)

    with pytest.raises(ValidationError) as error:
        item.full_clean()

    assert "La date d’expiration doit être postérieure à la date de publication." in str(
        error.value
    )


@pytest.mark.urls("tests.testapp.urls")
@pytest.mark.parametrize(
    ("who", "status_code", "preview"),
    [
        ("anonymous", 404, False),
        ("staff-without-permission", 404, False),
        ("staff-with-change-permission", 200, True),
    ],
)
def test_draft_is_previewed_only_by_staff_who_may_change_it(
    client, make_staff, who, status_code, preview
):
    draft = make_item(status=Status.DRAFT, title="Brouillon secret")
    if who == "staff-without-permission":
        client.force_login(make_staff("lecteur"))
    elif who == "staff-with-change-permission":
        client.force_login(make_staff("redacteur", "change_item"))

    response = client.get(draft.get_absolute_url())

    assert response.status_code == status_code
    if preview:
        content = response.content.decode()
        assert "Aperçu — non publié" in content
        assert "Brouillon secret" in content
        assert "no-cache" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


@pytest.mark.urls("tests.testapp.urls")
def test_live_item_is_public_without_preview_banner(client):
    item = make_item(publication_date=NOW - timedelta(days=1))

    response = client.get(item.get_absolute_url())

    assert response.status_code == 200
    assert "Aperçu" not in response.content.decode()
    assert "no-cache" not in response.get("Cache-Control", "")
