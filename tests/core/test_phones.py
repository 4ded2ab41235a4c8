"""One telephone rule: the press contact admin form and the accreditation form read numbers alike."""

from html import unescape

import pytest
from django.db import connection
from django.test import Client

from accreditations.models import AccreditationRequest
from press.models import PressContact
from tests.accreditations.conftest import form_data
from tests.accreditations.factories import NOW, EventFactory
from tests.accreditations.test_admin import read_csv

pytestmark = pytest.mark.django_db

INVALID = (
    "Ce numéro de téléphone n’est pas valide. Écrivez-le avec l’indicatif du pays, "
    "par exemple +32 81 24 60 00, ou en format belge, par exemple 081 24 60 00."
)


@pytest.fixture(autouse=True)
def accreditations_open(time_machine):
    time_machine.move_to(NOW, tick=False)


def stored(table: str) -> str:
    """Return the text in the database, not the number the model reads from it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT phone FROM {table}")  # noqa: S608 - the table names are ours
        (row,) = cursor.fetchall()
        return row[0]


class ContactAdminForm:
    """Staff add a press-office contact; journalists read it in the press area and the vCard."""

    def send(self, admin_client: Client, phone: str):
        return admin_client.post(
            "/admin/press/presscontact/add/",
            {
                "first_name": "Anne",
                "last_name": "Degraeve",
                "slug": "anne-degraeve",
                "email": "anne.degraeve@ville.namur.be",
                "phone": phone,
                "press_office": "on",
            },
        )

    def stored(self) -> str:
        return stored(PressContact._meta.db_table)

    def shown(self, admin_client: Client) -> list[str]:
        page = Client().get("/presse/espace-presse/").content.decode()
        vcard = Client().get("/presse/contacts/anne-degraeve.vcf").content.decode()
        return [page, vcard]


class AccreditationForm:
    """A journalist asks for an accreditation; staff read the number in the CSV export."""

    def send(self, admin_client: Client, phone: str):
        event = EventFactory()
        return Client().post(event.get_form_url(), form_data(event, phone=phone))

    def stored(self) -> str:
        return stored(AccreditationRequest._meta.db_table)

    def shown(self, admin_client: Client) -> list[str]:
        response = admin_client.post(
            "/admin/accreditations/accreditationrequest/",
            {
                "action": "export_csv",
                "_selected_action": [AccreditationRequest.objects.get().pk],
            },
        )
        header, row = read_csv(response)
        return [row[header.index("Téléphone")]]


FORMS = [
    pytest.param(ContactAdminForm(), id="press-contact-admin"),
    pytest.param(AccreditationForm(), id="accreditation-form"),
]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("typed", "e164", "shown"),
    [
        pytest.param("081 24 60 00", "+3281246000", "+32 81 24 60 00", id="belgian-national"),
        pytest.param("0475 81 05 35", "+32475810535", "+32 475 81 05 35", id="belgian-mobile"),
        pytest.param("+33 1 23 45 67 89", "+33123456789", "+33 1 23 45 67 89", id="french-+33"),
        pytest.param("0033 1 23 45 67 89", "+33123456789", "+33 1 23 45 67 89", id="french-0033"),
    ],
)
def test_a_valid_number_is_stored_in_e164_and_shown_internationally(
    admin_client, form, typed, e164, shown
):
    response = form.send(admin_client, typed)

    assert response.status_code == 302, unescape(response.content.decode())[:3000]
    assert form.stored() == e164
    assert all(shown in text for text in form.shown(admin_client))


def test_the_press_area_links_the_number_in_e164(admin_client):
    ContactAdminForm().send(admin_client, "081 24 60 00")

    page, vcard = ContactAdminForm().shown(admin_client)

    assert '<a class="p-tel" href="tel:+3281246000">+32 81 24 60 00</a>' in page
    assert "TEL;TYPE=WORK,VOICE:+32 81 24 60 00\r\n" in vcard


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        pytest.param("081 24 60", INVALID, id="too-short-for-belgium"),
        pytest.param("0475 81 05 3", INVALID, id="mobile-missing-a-digit"),
        pytest.param("+33 1 23 45", INVALID, id="too-short-for-france"),
        pytest.param("bureau", INVALID, id="no-digits"),
        pytest.param(
            "081 24 60 00 x12",
            "Retirez le numéro de poste : écrivez seulement le numéro, "
            "par exemple +32 81 24 60 00.",
            id="extension",
        ),
    ],
)
def test_a_wrong_number_gets_the_same_french_message_and_stays_as_typed(
    admin_client, form, typed, message
):
    response = form.send(admin_client, typed)

    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert message in html
    assert f'type="tel" name="phone" value="{typed}"' in html
    assert not PressContact.objects.exists() and not AccreditationRequest.objects.exists()
