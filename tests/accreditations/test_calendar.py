"""Calendar files of events, and the approval e-mail carrying the badge and the .ics."""

from datetime import datetime
from email import message_from_bytes
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from accreditations import badges, calendar, services
from accreditations.models import Badge, RequestStatus
from tests.accreditations.day import qr_codes_in
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory
from tests.support.smtp import parts_of, subject_of

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def only_event(ics: bytes):
    [entry] = Calendar.from_ical(ics).walk("VEVENT")
    return entry


def test_the_event_page_links_its_calendar_file_in_brussels_time(client, now):
    event = EventFactory(
        title="Conseil; budget, vote \\ séance",
        venue="Hôtel de Ville, salle du Conseil",
        description="Ligne un\nLigne deux, avec virgule; et point-virgule",
        starts=datetime(2026, 12, 1, 19, 0, tzinfo=BRUSSELS),
        ends=datetime(2026, 12, 1, 23, 0, tzinfo=BRUSSELS),
    )
    page = client.get(event.get_absolute_url()).content.decode()
    url = f"/accreditations/evenements/{event.slug}/agenda.ics"
    assert f'href="{url}"' in page

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="{event.slug}.ics"' in response["Content-Disposition"]
    raw = response.content
    # Escaped as RFC 5545 says, then read back whole.
    assert b"SUMMARY:Conseil\\; budget\\, vote \\\\ s" in raw
    entry = only_event(raw)
    assert str(entry["summary"]) == "Conseil; budget, vote \\ séance"
    assert str(entry["location"]) == "Hôtel de Ville, salle du Conseil"
    assert str(entry["description"]).startswith("Ligne un\nLigne deux, avec virgule; et point")
    assert entry["url"] == "http://127.0.0.1:8000" + event.get_absolute_url()
    start = entry.decoded("dtstart")
    assert start == datetime(2026, 12, 1, 19, 0, tzinfo=BRUSSELS)
    assert str(start.tzinfo) == "Europe/Brussels"
    assert entry["dtstart"].params["TZID"] == "Europe/Brussels"
    assert entry.decoded("dtend").hour == 23
    assert [str(tz["tzid"]) for tz in Calendar.from_ical(raw).walk("VTIMEZONE")] == [
        "Europe/Brussels"
    ]


def test_the_uid_stays_the_same_when_the_event_changes(event):
    first = only_event(calendar.event_ics(event))["uid"]
    event.title = "Nouveau titre"
    event.save()
    assert only_event(calendar.event_ics(event))["uid"] == first
    assert first != only_event(calendar.event_ics(EventFactory()))["uid"]


def test_an_unknown_event_has_no_calendar(client, db):
    assert client.get("/accreditations/evenements/inconnu/agenda.ics").status_code == 404


def test_the_approval_email_carries_the_badge_the_calendar_and_the_personal_link(
    event, smtp_server, django_capture_on_commit_callbacks, client
):
    accreditation = AccreditationRequestFactory(event=event, email="claire@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(requests=[accreditation], status=RequestStatus.APPROVED)

    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == ["claire@example.org"]
    assert subject_of(envelope).startswith("Accréditation acceptée")
    message = message_from_bytes(envelope.content)
    attachments = {
        part.get_filename(): (part.get_content_type(), part.get_payload(decode=True))
        for part in message.walk()
        if part.get_filename()
    }
    badge = Badge.objects.get(request=accreditation)
    pdf_type, pdf = attachments[f"badge-{accreditation.reference}.pdf"]
    assert pdf_type == "application/pdf"
    assert qr_codes_in(pdf) == [badges.code_of(badge)]
    ics_type, ics = attachments[f"{event.slug}.ics"]
    assert ics_type == "text/calendar"
    assert str(only_event(ics)["summary"]) == event.title

    link = "http://127.0.0.1:8000" + badges.personal_path(badge)
    text = parts_of(envelope)["text/plain"]
    assert link in text
    assert "Votre badge est joint à cet e-mail" in text
    assert f'href="{link}"' in parts_of(envelope)["text/html"]
    assert client.get(badges.personal_path(badge)).status_code == 200


def test_a_refusal_email_carries_no_badge(event, mailoutbox, django_capture_on_commit_callbacks):
    accreditation = AccreditationRequestFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(requests=[accreditation], status=RequestStatus.REJECTED, reason="Complet")
    [message] = mailoutbox
    assert message.attachments == []
    assert "/badge/" not in message.body
