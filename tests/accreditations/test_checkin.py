"""The check-in page at the door: who may use it, its answer for each kind of badge, the export."""

import csv
import io
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from accreditations import badges, personal_data, services
from accreditations.models import Badge, CheckIn, RequestStatus
from tests.accreditations.day import approved
from tests.accreditations.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def door(client, make_staff):
    """A client signed in as staff allowed to record arrivals."""
    client.force_login(make_staff("accueil", "record_checkin"))
    return client


def page_url(event) -> str:
    return f"/accreditations/arrivees/{event.slug}/"


def scan(client, event, code: str) -> str:
    response = client.post(page_url(event), {"code": code})
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_only_staff_allowed_to_record_arrivals_get_in(client, event, make_staff):
    response = client.get(page_url(event))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    client.force_login(make_staff("redacteur", "view_event"))
    assert client.get(page_url(event)).status_code == 403
    assert client.post(page_url(event), {"code": "x"}).status_code == 403
    assert client.get(page_url(event) + "export.csv").status_code == 403
    assert not CheckIn.objects.exists()


def test_the_page_alone_may_use_the_camera_and_is_never_cached(door, event):
    response = door.get(page_url(event))
    assert "camera=(self)" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert "camera=()" in door.get(event.get_absolute_url())["Permissions-Policy"]
    html = response.content.decode()
    assert '<script src="/static/js/checkin.js" defer></script>' in html


def test_a_valid_badge_lets_in_once_then_says_when_it_came(door, event, now, time_machine):
    accreditation = approved(event, first_name="Claire", last_name="Dumont", outlet="L’Avenir")
    code = badges.code_of(accreditation.badge)

    html = scan(door, event, code)
    assert 'role="status"' in html
    assert "Entrée autorisée" in html
    assert "Badge valable : arrivée enregistrée." in html
    assert "Claire Dumont" in html and "L’Avenir" in html
    [entry] = CheckIn.objects.all()
    assert entry.request == accreditation and entry.by.username == "accueil"
    assert entry.at == now

    time_machine.move_to(now + timedelta(minutes=42), tick=False)
    html = scan(door, event, code.lower())
    assert 'role="alert"' in html
    assert "Entrée refusée" in html
    assert "Badge déjà utilisé : arrivée enregistrée le 21 novembre à 10\xa0h\xa000." in html
    assert "Par accueil." in html
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("status", "label"),
    [(RequestStatus.REJECTED, "refusée"), (RequestStatus.WAITLISTED, "liste d’attente")],
)
def test_a_badge_no_longer_approved_is_not_valid_with_its_state(door, event, status, label):
    accreditation = approved(event, last_name="Martin")
    services.decide(requests=[accreditation], status=status, reason="Complet")

    html = scan(door, event, badges.code_of(accreditation.badge))
    assert 'role="alert"' in html
    assert "Entrée refusée" in html
    assert f"Accréditation non valable : {label}." in html
    assert "Martin" in html
    assert not CheckIn.objects.exists()


def test_a_badge_of_another_event_is_refused_with_that_event(door, event):
    other = EventFactory(title="Fêtes de Wallonie")
    accreditation = approved(other)
    html = scan(door, event, badges.code_of(accreditation.badge))
    assert "Entrée refusée" in html
    assert "Badge d’un autre événement : « Fêtes de Wallonie »." in html
    assert not CheckIn.objects.exists()


def test_forged_altered_and_erased_badges_are_refused(door, event):
    accreditation = approved(event, last_name="Martin")
    code = badges.code_of(accreditation.badge)
    altered = code[:-1] + ("Z" if code[-1] != "Z" else "Y")
    for forged in (altered, "ABCD-EFGH-JKMN-PQRS", "<script>alert(1)</script>"):
        html = scan(door, event, forged)
        assert 'role="alert"' in html
        assert "Code non reconnu : badge falsifié ou code mal recopié." in html
        assert "Martin" not in html
        assert "<script>alert" not in html

    personal_data.anonymise(accreditation=accreditation)
    assert not Badge.objects.exists()
    html = scan(door, event, code)
    assert 'role="alert"' in html
    assert "Badge inconnu : ses données ont été effacées." in html
    assert not CheckIn.objects.exists()


def test_an_empty_code_asks_for_one(door, event):
    html = scan(door, event, "  ")
    assert "Indiquez le code du badge, ou scannez-le." in html
    assert 'aria-invalid="true"' in html


def test_the_counts_follow_the_arrivals(door, event):
    first, second = approved(event), approved(event)
    approved(event)
    approved(EventFactory())
    scan(door, event, badges.code_of(first.badge))
    html = scan(door, event, badges.code_of(second.badge))
    assert '<dd data-count="expected">3</dd>' in html
    assert '<dd data-count="arrived">2</dd>' in html
    assert '<dd data-count="remaining">1</dd>' in html
    counts = door.get(page_url(event) + "compteurs/").json()
    assert counts == {"expected": 3, "arrived": 2, "remaining": 1}

    # A request refused after it came in no longer counts as expected nor as in.
    services.decide(requests=[second], status=RequestStatus.REJECTED, reason="Erreur")
    assert door.get(page_url(event) + "compteurs/").json() == {
        "expected": 2,
        "arrived": 1,
        "remaining": 1,
    }


def test_the_arrivals_export_as_csv_for_excel(door, event):
    accreditation = approved(event, last_name="=HYPERLINK()", first_name="Léa", outlet="RTBF")
    approved(event)
    scan(door, event, badges.code_of(accreditation.badge))

    response = door.get(page_url(event) + "export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Arrivée le", "Référence", "Nom", "Prénom", "Média"]
    assert len(rows) == 2
    assert rows[1][1:6] == [accreditation.reference, "'=HYPERLINK()", "Léa", "RTBF", "Journaliste"]
    assert rows[1][-1] == "accueil"


def test_the_events_to_choose_from_are_current_or_coming(door, event, now):
    EventFactory(
        title="Fini depuis longtemps",
        starts=now - timedelta(days=30),
        ends=now - timedelta(days=30) + timedelta(hours=2),
        accreditation_opens=now - timedelta(days=40),
        accreditation_closes=now - timedelta(days=31),
    )
    html = door.get("/accreditations/arrivees/").content.decode()
    assert f'href="{page_url(event)}"' in html
    assert "Fini depuis longtemps" not in html


def test_the_purge_erases_badges_and_check_ins_with_the_requests(door, event, settings):
    later = EventFactory(starts=event.starts + timedelta(days=200))
    accreditation, kept = approved(event, photo=True), approved(later)
    scan(door, event, badges.code_of(accreditation.badge))
    link = badges.personal_path(accreditation.badge)

    after = event.ends + timedelta(days=settings.ACCREDITATION_RETENTION_DAYS, hours=1)
    report = personal_data.purge_expired(at=after)
    assert report.requests == 1 and report.files == 1
    assert list(Badge.objects.all()) == [kept.badge]
    assert not CheckIn.objects.exists()
    accreditation.refresh_from_db()
    assert not accreditation.photo
    assert door.get(link).status_code == 404


def test_the_door_staff_is_named_by_full_name_not_user_name(client, event, make_staff):
    staff = make_staff("presse", "record_checkin", "view_event")
    staff.first_name, staff.last_name = "Sophie", "Martin"
    staff.save()
    client.force_login(staff)
    code = badges.code_of(approved(event).badge)
    scan(client, event, code)

    html = scan(client, event, code)

    assert "Par Sophie Martin." in html and "Par presse." not in html
    response = client.get(page_url(event) + "export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][-1] == "Sophie Martin"


def test_the_admin_index_leads_the_door_staff_to_the_events_of_the_day(client, make_staff):
    now = timezone.now()
    window = {"accreditation_opens": now - timedelta(days=3)}
    today = EventFactory(
        title="Point presse du jour",
        accreditation_closes=now - timedelta(hours=1),
        starts=now - timedelta(minutes=1),
        ends=now + timedelta(hours=2),
        **window,
    )
    EventFactory(
        title="Conférence de la semaine prochaine",
        accreditation_closes=now + timedelta(days=5),
        starts=now + timedelta(days=7),
        ends=now + timedelta(days=7, hours=2),
        **window,
    )

    client.force_login(make_staff("accueil", "record_checkin"))
    html = unescape(client.get("/admin/").content.decode())
    assert "Accueil à l’entrée" in html
    assert (
        f'<a href="{page_url(today)}">Point presse du jour</a> — enregistrer les arrivées' in html
    )
    assert "Conférence de la semaine prochaine" not in html

    client.force_login(make_staff("redacteur", "view_event"))
    assert "Accueil à l’entrée" not in unescape(client.get("/admin/").content.decode())
