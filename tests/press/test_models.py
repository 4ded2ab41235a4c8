"""Release numbers, telephone numbers and the invariants the database keeps."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from core.models import Status
from press import services
from press.models import PressContact, PressRelease
from tests.press.factories import PressContactFactory, PressReleaseFactory, brussels

pytestmark = pytest.mark.django_db


def test_numbers_follow_each_other_within_the_publication_year():
    first = PressReleaseFactory(publication_date=brussels(2026, 3, 1, 10))
    second = PressReleaseFactory(publication_date=brussels(2026, 3, 2, 10))
    other_year = PressReleaseFactory(publication_date=brussels(2025, 12, 31, 23, 30))
    third = PressReleaseFactory(publication_date=brussels(2026, 1, 5, 10))

    assert [first.number, second.number, third.number] == [
        "CP-2026-001",
        "CP-2026-002",
        "CP-2026-003",
    ]
    # The year is Namur's: 31 December 23:30 in Brussels is already 2026 nowhere else.
    assert other_year.number == "CP-2025-001"


def test_a_draft_has_no_number_until_its_first_publication():
    release = PressReleaseFactory(status=Status.DRAFT)
    assert release.number is None

    release.status = Status.PUBLISHED
    services.save_release(release=release)

    release.refresh_from_db()
    assert release.number.startswith("CP-")


def test_the_number_is_never_reassigned_on_republication():
    release = PressReleaseFactory()
    number = release.number
    PressReleaseFactory()  # a later release takes the next number

    release.status = Status.UNPUBLISHED
    services.save_release(release=release)
    release.status = Status.PUBLISHED
    services.save_release(release=release)

    release.refresh_from_db()
    assert release.number == number


def test_a_stale_copy_saved_again_keeps_the_stored_number():
    release = PressReleaseFactory(status=Status.DRAFT)
    stale = PressRelease.objects.get(pk=release.pk)
    release.status = Status.PUBLISHED
    services.save_release(release=release)

    stale.status = Status.PUBLISHED
    services.save_release(release=stale)

    assert stale.number == release.number
    assert PressRelease.objects.get().number == release.number


def test_the_database_refuses_a_published_release_without_number_and_duplicate_numbers():
    release = PressReleaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PressRelease.objects.filter(pk=release.pk).update(number=None)
    other = PressReleaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PressRelease.objects.filter(pk=other.pk).update(number=release.number)


def test_a_quote_needs_its_speaker_and_reserved_slugs_are_refused():
    release = PressReleaseFactory.build(quote_text="Une déclaration.", slug="espace-presse")

    with pytest.raises(ValidationError) as error:
        release.full_clean(exclude=["topic", "number"])

    messages = str(error.value)
    assert "Indiquez l’auteur de la citation." in messages
    assert "réservée à une page de l’espace presse" in messages


def stored_phone(contact) -> str:
    """Return the text in the database, not the number the model reads from it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM press_presscontact WHERE id = %s", [contact.pk])
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("081 24 60 00", "+3281246000", "+32 81 24 60 00"),
        ("+32 81/24.60.00", "+3281246000", "+32 81 24 60 00"),
        ("+32 (0)81 24 60 00", "+3281246000", "+32 81 24 60 00"),
        ("0032 81 24 60 00", "+3281246000", "+32 81 24 60 00"),
        ("0475 81 05 35", "+32475810535", "+32 475 81 05 35"),
        ("02 513 89 40", "+3225138940", "+32 2 513 89 40"),
        ("+33 1 23 45 67 89", "+33123456789", "+33 1 23 45 67 89"),
        ("+352 621 123 456", "+352621123456", "+352 621 123 456"),
    ],
)
def test_phone_numbers_are_stored_in_e164_and_shown_internationally(typed, stored, shown):
    contact = PressContactFactory(phone=typed)

    assert stored_phone(contact) == stored
    assert PressContact.objects.get(pk=contact.pk).phone_display == shown


@pytest.mark.parametrize(
    "typed", ["081 24 60", "+32 475 81 05", "bureau", "+0 81 24 60 00", "02 123 45 67"]
)
def test_wrong_phone_numbers_get_a_french_message_that_says_how_to_write_them(typed):
    contact = PressContactFactory.build(phone=typed)

    with pytest.raises(ValidationError) as error:
        contact.full_clean()

    assert error.value.message_dict["phone"] == [
        "Ce numéro de téléphone n’est pas valide. Écrivez-le avec l’indicatif du pays, "
        "par exemple +32 81 24 60 00, ou en format belge, par exemple 081 24 60 00."
    ]


def test_a_contact_saved_from_code_is_normalised_too():
    contact = PressContactFactory(phone="081 24 63 15")
    assert stored_phone(contact) == "+3281246315"

    PressContact.objects.filter(pk=contact.pk).update(phone="0475 81 05 35")
    assert stored_phone(contact) == "+32475810535"
