"""French as a copy editor reads it: elision, « 1er », adjectives that agree, e-mail addresses."""

from datetime import datetime

import pytest
from django.utils import timezone, translation

from accreditations.services import build_status_email
from core import french
from core.models import Status
from namur_site.templatetags.site_tags import date_fr
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory
from tests.core.publishing.conftest import article_data
from tests.news.factories import ArticleFactory
from tests.press.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db


def aware(*args):
    return timezone.make_aware(datetime(*args))


@pytest.mark.parametrize(
    ("month", "title"),
    [
        (10, "Actualités d’octobre 2025"),
        (4, "Actualités d’avril 2025"),
        (8, "Actualités d’août 2025"),
        (5, "Actualités de mai 2025"),
        (12, "Actualités de décembre 2025"),
    ],
)
def test_the_month_archive_title_elides_before_a_vowel(client, month, title):
    ArticleFactory(publication_date=aware(2025, month, 12, 10))

    html = client.get(f"/actualites/2025/{month:02d}/").content.decode()

    assert f"<h1>{title}</h1>" in html
    assert "de octobre" not in html and "de avril" not in html and "de août" not in html


def test_a_first_of_the_month_is_written_1er_on_the_page(client):
    article = ArticleFactory(publication_date=aware(2025, 12, 1, 10))

    html = client.get(article.get_absolute_url()).content.decode()

    assert ">1er décembre 2025</time>" in html
    assert "1 décembre" not in html


def test_date_formats_write_1er_only_for_the_first_day():
    with translation.override("fr"):
        assert date_fr(aware(2026, 12, 1, 9), "l j F Y, H:i") == "mardi 1er décembre 2026, 09:00"
        assert date_fr(aware(2026, 12, 2, 9), "l j F Y") == "mercredi 2 décembre 2026"
        # Escaped letters stay letters; only the day changes.
        assert french.format_date(aware(2026, 11, 1, 9), r"j F \à G \h") == "1er novembre à 9 h"


def test_the_event_page_and_the_e_mail_write_1er(client, time_machine):
    time_machine.move_to(aware(2026, 11, 21, 10), tick=False)
    event = EventFactory(starts=aware(2026, 12, 1, 14), ends=aware(2026, 12, 1, 18))
    accreditation = AccreditationRequestFactory(event=event)

    html = client.get(event.get_absolute_url()).content.decode()
    message = build_status_email(accreditation)

    assert "mardi 1er décembre 2026" in html
    assert "mardi 1er décembre 2026, 14:00" in message.body
    assert "mardi 1er décembre 2026, 14:00" in message.alternatives[0][0]


def test_the_delete_action_agrees_with_each_model(admin_client):
    ArticleFactory()
    PressReleaseFactory()

    articles = admin_client.get("/admin/news/article/").content.decode()
    releases = admin_client.get("/admin/press/pressrelease/").content.decode()

    assert "Supprimer les actualités sélectionnées" in articles
    assert "Supprimer les communiqués de presse sélectionnés" in releases
    assert "sélectionné(e)s" not in articles + releases


def test_the_desk_calendar_names_each_item_by_its_kind(admin_client):
    ArticleFactory(
        status=Status.PUBLISHED, publication_date=timezone.now() + timezone.timedelta(days=2)
    )
    PressReleaseFactory(
        status=Status.PUBLISHED, publication_date=timezone.now() + timezone.timedelta(days=2)
    )

    html = admin_client.get("/admin/").content.decode()

    assert '<span class="desk-kind">Actualité</span>' in html
    assert '<span class="desk-kind">Communiqué de presse</span>' in html


def test_the_admin_messages_name_the_item_without_l_objet(admin_client):
    article = ArticleFactory(title="Travaux rue de Fer")
    url = f"/admin/news/article/{article.pk}/change/"

    response = admin_client.post(url, article_data(article, status=article.status), follow=True)
    html = response.content.decode()

    link = f'<a href="{url}">Travaux rue de Fer</a>'
    assert f"« {link} » (actualité)\u00a0: modifications enregistrées." in html
    assert "L’objet" not in html and "Modification de actualité" not in html
    assert "Choisir l’élément à modifier (actualité)" in html


def test_an_e_mail_address_breaks_only_after_its_at_sign_and_dots(client, settings):
    settings.CITY = {**settings.CITY, "email": "communication<x>@ville.namur.be"}

    assert french.email_breaks("presse@ville.namur.be") == "presse@<wbr>ville.<wbr>namur.<wbr>be"
    assert french.email_breaks("a<b>@x.be") == "a&lt;b&gt;@<wbr>x.<wbr>be"
    html = client.get("/").content.decode()
    assert "communication&lt;x&gt;@<wbr>ville.<wbr>namur.<wbr>be</a>" in html
