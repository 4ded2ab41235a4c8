"""Journalists' numbers: stored in E.164 from now on, and older ones converted without loss."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from tests.accreditations.factories import AccreditationRequestFactory
from tests.accreditations.test_admin import read_csv

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/accreditations/accreditationrequest/"
# What the form let through before the phone rule, and what the migration makes of it.
OLDER_VALUES = {
    "+32 470 12 34 56": "+32470123456",
    "081/24.60.00": "+3281246000",
    "0475 81 05 35": "+32475810535",
    "0033 1 23 45 67 89": "+33123456789",
    "+3281246000": "+3281246000",
    "0470 12 34": "0470 12 34",
    "+999 1234 5678": "+999 1234 5678",
    "081 24 60 00 (12)": "081 24 60 00 (12)",
    "+32 81 24 60 00 #12": "+32 81 24 60 00 #12",
}


def stored_phones() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accreditations_accreditationrequest ORDER BY id")
        return [phone for (phone,) in cursor.fetchall()]


def store_as_typed(accreditation, text: str) -> None:
    """Write ``text`` as the form did before the phone rule, past the field's normalising."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accreditations_accreditationrequest SET phone = %s WHERE id = %s",
            [text, accreditation.pk],
        )


def test_the_migration_converts_valid_numbers_and_keeps_any_other_text(event):
    for text in OLDER_VALUES:
        store_as_typed(AccreditationRequestFactory(event=event), text)
    migration = importlib.import_module("accreditations.migrations.0004_phone_e164")
    before = MigrationLoader(connection).project_state(("accreditations", "0003_mail_attempts"))

    migration.store_phones_in_e164(before.apps, None)

    assert stored_phones() == list(OLDER_VALUES.values())


def test_staff_read_numbers_internationally_and_older_text_as_it_was(admin_client, event):
    converted = AccreditationRequestFactory(event=event, phone="0475 81 05 35")
    older = AccreditationRequestFactory(event=event)
    store_as_typed(older, "0470 12 34")

    converted_page = admin_client.get(f"{CHANGELIST}{converted.pk}/change/").content.decode()
    older_page = admin_client.get(f"{CHANGELIST}{older.pk}/change/").content.decode()

    assert 'type="tel" name="phone" value="+32 475 81 05 35"' in converted_page
    assert 'type="tel" name="phone" value="0470 12 34"' in older_page


def test_saving_a_request_keeps_an_older_number_it_cannot_convert(event):
    accreditation = AccreditationRequestFactory(event=event)
    store_as_typed(accreditation, "+32 81 24 60 00 #12")
    accreditation.refresh_from_db()

    accreditation.remarks = "Arrive à 9 h."
    accreditation.save()

    assert stored_phones() == ["+32 81 24 60 00 #12"]


def test_the_csv_export_gives_numbers_internationally_and_older_text_as_it_was(admin_client, event):
    AccreditationRequestFactory(event=event, last_name="Dumont", phone="0475 81 05 35")
    store_as_typed(AccreditationRequestFactory(event=event, last_name="Lebrun"), "0470 12 34")
    AccreditationRequestFactory(event=event, last_name="Martin", phone="0033 1 23 45 67 89")

    response = admin_client.post(
        CHANGELIST,
        {
            "action": "export_csv",
            "_selected_action": list(event.requests.values_list("pk", flat=True)),
        },
    )

    rows = read_csv(response)
    phones = {row[rows[0].index("Nom")]: row[rows[0].index("Téléphone")] for row in rows[1:]}
    # The leading apostrophe is the export's guard against cells read as formulas.
    assert phones == {
        "Dumont": "'+32 475 81 05 35",
        "Lebrun": "0470 12 34",
        "Martin": "'+33 1 23 45 67 89",
    }
