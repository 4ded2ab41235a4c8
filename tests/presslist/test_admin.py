"""Staff manage the press list in the admin: search, filters, export, trust, links, erasure."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.utils import timezone

from press.presslist import embargo, links
from press.presslist.models import Subscriber
from tests.news.factories import TopicFactory
from tests.press.factories import PressReleaseFactory
from tests.presslist.subscribing import SubscriberFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/presslist/subscriber/"


@pytest.fixture
def press_office(client, make_staff):
    user = make_staff("presse", "view_subscriber", "change_subscriber", "delete_subscriber")
    client.force_login(user)
    return user


def act(client, action, subscribers, **extra):
    data = {"action": action, "_selected_action": [s.pk for s in subscribers], **extra}
    return client.post(CHANGELIST, data, follow=True)


def test_the_press_office_role_manages_the_list():
    granted = Permission.objects.filter(
        group__name="Service presse", content_type__app_label="presslist"
    )
    assert set(granted.values_list("codename", flat=True)) >= {
        "view_subscriber",
        "change_subscriber",
        "delete_subscriber",
    }


def test_search_and_filters(client, press_office):
    culture = TopicFactory(name="Culture", slug="culture")
    SubscriberFactory(name="Léa Martin", outlet="L’Avenir", email="lea@lavenir.example")
    themed = SubscriberFactory(name="Tom Dupont", outlet="RTBF", all_topics=False)
    themed.topics.set([culture])
    SubscriberFactory(name="Zoé Lambert", outlet="Canal Zoom", confirmed_at=None)
    SubscriberFactory(name="Marc Noël", outlet="Belga", embargo_trusted=True)

    html = client.get(CHANGELIST).content.decode()
    for title in ("Par confirmation", "Par thèmes", "Par reçoit les communiqués sous embargo"):
        assert title in html

    def listed(query):
        return [s.name for s in client.get(CHANGELIST + query).context["cl"].result_list]

    assert listed("?q=lavenir.example") == ["Léa Martin"]
    assert listed("?q=rtbf") == ["Tom Dupont"]
    assert listed("?q=lambert") == ["Zoé Lambert"]
    assert listed("?confirme=non") == ["Zoé Lambert"]
    assert "Zoé Lambert" not in listed("?confirme=oui")
    assert listed(f"?topics__id__exact={culture.pk}") == ["Tom Dupont"]
    assert listed("?embargo_trusted__exact=1") == ["Marc Noël"]


def test_staff_cannot_add_a_subscriber_nor_change_an_address(client, press_office):
    subscriber = SubscriberFactory()

    assert client.get(CHANGELIST + "add/").status_code == 403
    page = client.get(f"{CHANGELIST}{subscriber.pk}/change/").content.decode()
    assert 'name="email"' not in page
    assert 'name="outlet"' in page


def test_csv_export_opens_in_excel_and_cannot_inject_formulas(client, press_office):
    culture = TopicFactory(name="Culture", slug="culture")
    themed = SubscriberFactory(
        name='=HYPERLINK("http://evil")', outlet="+32 Média", all_topics=False
    )
    themed.topics.set([culture])
    plain = SubscriberFactory(name="Élodie Noël", outlet="-2+3", embargo_trusted=True)
    SubscriberFactory(name="Pas sélectionné")

    response = act(client, "export_csv", [themed, plain])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="liste-de-presse-')
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Nom", "Média", "E-mail", "Thèmes", "Embargos", "Inscrit le", "Confirmé le"]
    assert len(rows) == 3
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil")' in cells
    assert "'+32 Média" in cells
    assert "'-2+3" in cells
    assert "Élodie Noël" in cells
    assert "Culture" in cells
    assert "tous les communiqués" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert "Pas sélectionné" not in cells


def test_trust_for_embargoes_then_withdraw_it(client, press_office):
    confirmed = SubscriberFactory()
    waiting = SubscriberFactory(confirmed_at=None)

    response = act(client, "trust_embargo", [confirmed, waiting])

    page = response.content.decode()
    assert "1 abonné reçoit désormais les communiqués sous embargo." in page
    assert "1 abonné n’a pas encore confirmé son adresse" in page
    assert Subscriber.objects.get(pk=confirmed.pk).embargo_trusted
    assert not Subscriber.objects.get(pk=waiting.pk).embargo_trusted

    moment = timezone.now() + timedelta(days=1)
    release = PressReleaseFactory(publication_date=moment, embargo_until=moment)
    url = embargo.personal_url(release, Subscriber.objects.get(pk=confirmed.pk))
    assert client.get(url).status_code == 200

    response = act(client, "withdraw_embargo", [confirmed])

    assert "1 abonné ne reçoit plus les communiqués sous embargo" in response.content.decode()
    assert not Subscriber.objects.get(pk=confirmed.pk).embargo_trusted
    assert client.get(url).status_code == 404


def test_revoking_links_stops_every_link_sent_so_far(client, press_office):
    subscriber = SubscriberFactory(embargo_trusted=True)
    other = SubscriberFactory()
    old_manage = links.manage_url(subscriber)
    other_manage = links.manage_url(other)

    response = act(client, "revoke_links", [subscriber])

    assert "Les liens personnels de 1 abonné sont révoqués" in response.content.decode()
    assert client.get(old_manage).status_code == 404
    subscriber.refresh_from_db()
    assert client.get(links.manage_url(subscriber)).status_code == 200
    assert client.get(other_manage).status_code == 200


def test_removing_erases_the_person_and_scrubs_the_history(client, press_office):
    subscriber = SubscriberFactory(name="Léa Martin", outlet="L’Avenir")
    kept = SubscriberFactory(name="Tom Dupont")
    client.post(
        f"{CHANGELIST}{subscriber.pk}/change/",
        {"name": "Léa Martin", "outlet": "L’Avenir Namur", "all_topics": "on"},
    )
    assert LogEntry.objects.filter(object_repr__contains="Léa Martin").exists()

    response = act(client, "delete_selected", [subscriber], post="yes")

    assert "Suppression effectuée\u00a0: 1 abonné." in response.content.decode()
    assert list(Subscriber.objects.all()) == [kept]
    history = list(LogEntry.objects.values_list("object_repr", "change_message"))
    assert history
    assert not any("Léa" in text or "Avenir" in text for entry in history for text in entry)
    assert (f"Abonné n° {subscriber.pk}", "Données personnelles effacées.") in history


def test_removing_one_from_its_page_erases_it_too(client, press_office):
    subscriber = SubscriberFactory(name="Léa Martin")

    client.post(f"{CHANGELIST}{subscriber.pk}/delete/", {"post": "yes"})

    assert not Subscriber.objects.exists()
    assert not LogEntry.objects.filter(object_repr__contains="Léa").exists()
