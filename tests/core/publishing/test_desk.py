"""The editor's desk on the admin home: what each role finds there, the calendar, the activity."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.french import format_date
from core.models import Status
from core.publishing import desk, workflow
from news.models import Article
from tests.news.factories import ArticleFactory
from tests.press.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture(autouse=True)
def midday(time_machine):
    """Stop the clock at noon today: « aujourd’hui » stays today from the items to the page."""
    time_machine.move_to(timezone.localtime().replace(hour=12, minute=0), tick=False)


def section(html: str, heading: str) -> str:
    """Return the desk block under ``heading`` (its <section>), or "" if there is none."""
    found = re.search(rf"<section[^>]*>\s*<h2[^>]*>{heading}</h2>(.*?)</section>", html, re.S)
    return found.group(1) if found else ""


def desk_page(client, user) -> str:
    client.force_login(user)
    return client.get("/admin/").content.decode()


def test_a_redacteur_sees_their_drafts_and_not_the_review_block(client, redacteur, chef):
    ArticleFactory(title="Mon brouillon", status=Status.DRAFT, author=redacteur)
    PressReleaseFactory(
        title="Mon communiqué", status=Status.DRAFT, publication_date=None, author=redacteur
    )
    ArticleFactory(title="Le brouillon du chef", status=Status.DRAFT, author=chef)
    ArticleFactory(title="Déjà soumis", status=Status.REVIEW, author=redacteur)

    html = desk_page(client, redacteur)

    drafts = section(html, "Mes brouillons")
    assert "Mon brouillon" in drafts and "Mon communiqué" in drafts
    assert "Le brouillon du chef" not in html
    assert "Actualité · modifié aujourd’hui à " in drafts
    assert "Communiqué de presse · modifié aujourd’hui à " in drafts
    assert section(html, "À relire") == "" and "À relire" not in html
    assert "Déjà soumis" not in drafts


def test_a_redacteur_allowed_to_publish_news_reviews_news_only(client, redacteur):
    redacteur.user_permissions.add(Permission.objects.get(codename="publish_article"))
    ArticleFactory(title="Article à relire", status=Status.REVIEW)
    PressReleaseFactory(title="Communiqué à relire", status=Status.REVIEW, publication_date=None)

    review = section(desk_page(client, redacteur), "À relire")

    assert "Article à relire" in review and "Communiqué à relire" not in review


@pytest.mark.parametrize(
    ("role", "sees_article", "sees_release"),
    [("Éditeur en chef", True, True), ("Service presse", False, True)],
)
def test_those_who_publish_see_what_waits_for_review(
    client, make_member, redacteur, role, sees_article, sees_release
):
    ArticleFactory(title="Le pont rouvre", status=Status.REVIEW, author=redacteur)
    PressReleaseFactory(
        title="Conférence de presse", status=Status.REVIEW, publication_date=None, author=None
    )
    ArticleFactory(title="Encore un brouillon", status=Status.DRAFT, author=redacteur)

    review = section(desk_page(client, make_member(role)), "À relire")

    assert ("Le pont rouvre" in review) is sees_article
    assert ("de Rédacteur Namur, soumis aujourd’hui à" in review) is sees_article
    assert ("Conférence de presse" in review) is sees_release
    assert "Encore un brouillon" not in review


def test_review_lists_the_oldest_first_and_pending_changes_too(client, chef, redacteur):
    older = ArticleFactory(title="Soumis hier", status=Status.REVIEW)
    Article.objects.filter(pk=older.pk).update(updated=timezone.now() - timedelta(days=1))
    ArticleFactory(title="Soumis ce matin", status=Status.REVIEW)
    live = ArticleFactory(title="Article en ligne")
    client.force_login(redacteur)
    client.post(
        f"/admin/news/article/{live.pk}/change/",
        {
            "title": live.title,
            "slug": live.slug,
            "lead": "Un chapô corrigé.",
            "body": live.body,
            "topic": live.topic_id,
            "status": live.status,
            "publication_date_0": timezone.localtime(live.publication_date).strftime("%d/%m/%Y"),
            "publication_date_1": timezone.localtime(live.publication_date).strftime("%H:%M:%S"),
        },
    )

    review = section(desk_page(client, chef), "À relire")

    assert review.index("Soumis hier") < review.index("Soumis ce matin")
    assert f'href="/admin/news/article/{live.pk}/modification/"' in review
    assert "modification de la version publiée, proposée par Rédacteur Namur aujourd’hui" in review


def test_the_lists_link_to_the_change_list_when_they_are_longer(client, redacteur):
    for number in range(desk.LIMIT + 1):
        ArticleFactory(title=f"Brouillon {number}", status=Status.DRAFT, author=redacteur)

    drafts = section(desk_page(client, redacteur), "Mes brouillons")

    assert drafts.count("<li>") == desk.LIMIT
    assert "Brouillon 0" not in drafts  # the oldest waits in the change list
    assert '<a href="/admin/news/article/?status__exact=draft">' in drafts


def test_the_calendar_groups_the_coming_days_in_french(client, chef, time_machine):
    time_machine.move_to(datetime(2027, 11, 29, 8, 0, tzinfo=BRUSSELS), tick=False)
    ArticleFactory(
        title="La patinoire ouvre",
        publication_date=datetime(2027, 11, 29, 10, 0, tzinfo=BRUSSELS),
        expiry_date=datetime(2027, 12, 1, 18, 0, tzinfo=BRUSSELS),
    )
    embargo = datetime(2027, 11, 30, 9, 0, tzinfo=BRUSSELS)
    PressReleaseFactory(title="Budget 2028", publication_date=embargo, embargo_until=embargo)
    ArticleFactory(
        title="Au-delà de quinze jours", publication_date=datetime(2027, 12, 20, tzinfo=BRUSSELS)
    )
    ArticleFactory(
        title="Brouillon daté",
        status=Status.DRAFT,
        publication_date=datetime(2027, 11, 30, tzinfo=BRUSSELS),
    )
    ArticleFactory(
        title="Déjà en ligne", publication_date=datetime(2027, 11, 29, 7, 0, tzinfo=BRUSSELS)
    )

    planned = section(desk_page(client, chef), "Planifié")

    days = re.findall(r'<h3 class="desk-day">(.*?)</h3>', planned)
    assert days == [
        "Aujourd’hui, lundi 29 novembre",
        "Demain, mardi 30 novembre",
        "Mercredi 1er décembre",
    ]
    entries = [
        " ".join(re.sub(r"<[^>]+>", " ", li).split())
        for li in re.findall(r"<li>(.*?)</li>", planned, re.S)
    ]
    assert entries == [
        "10 h 00 Mise en ligne : La patinoire ouvre Actualité",
        "9 h 00 Fin de l’embargo · Mise en ligne : Budget 2028 Communiqué de presse",
        "18 h 00 Retrait du site : La patinoire ouvre Actualité",
    ]
    assert "jusqu’au dimanche 12 décembre" in planned
    assert "Au-delà de quinze jours" not in planned and "Brouillon daté" not in planned
    assert "Déjà en ligne" not in planned


def test_the_calendar_is_built_from_now(client, redacteur):
    moment = timezone.now() + timedelta(days=2)
    ArticleFactory(title="Dans deux jours", publication_date=moment)

    planned = section(desk_page(client, redacteur), "Planifié")

    assert "Dans deux jours" in planned
    day = format_date(timezone.localtime(moment), "l j F")
    assert f'<h3 class="desk-day">{day[0].upper()}{day[1:]}</h3>' in planned


def test_an_empty_calendar_says_so(client, redacteur):
    planned = section(desk_page(client, redacteur), "Planifié")

    last = format_date(timezone.localdate() + timedelta(days=desk.CALENDAR_DAYS - 1), "l j F")
    assert f"Rien n’est planifié d’ici au {last}." in planned


def test_recent_activity_tells_who_did_what(client, chef, redacteur, make_member, time_machine):
    article = ArticleFactory(title="Le pont rouvre", status=Status.DRAFT, publication_date=None)
    workflow.submit_for_review(item=article, user=redacteur)
    time_machine.shift(timedelta(minutes=1))
    workflow.publish(item=article, user=chef)
    time_machine.shift(timedelta(minutes=1))
    release = PressReleaseFactory(title="À supprimer", status=Status.DRAFT, publication_date=None)
    client.force_login(chef)
    client.post(f"/admin/press/pressrelease/{release.pk}/delete/", {"post": "yes"})

    activity = section(desk_page(client, chef), "Activité récente")

    rows = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in activity.split("<tr>")[2:]]
    assert rows[0].startswith("Aujourd’hui à ")
    assert rows[0].endswith("Éditeur Namur Supprimé À supprimer Communiqué de presse")
    assert rows[1].endswith("Éditeur Namur Publié Le pont rouvre Actualité")
    assert rows[2].endswith("Rédacteur Namur Soumis pour relecture Le pont rouvre Actualité")
    assert f'<a href="/admin/news/article/{article.pk}/change/">Le pont rouvre</a>' in activity

    # The press office sees releases only.
    activity = section(desk_page(client, make_member("Service presse")), "Activité récente")
    assert "Le pont rouvre" not in activity and "À supprimer" in activity


def test_the_desk_costs_the_same_queries_whatever_it_shows(client, chef, redacteur):
    def queries() -> int:
        client.force_login(chef)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/").status_code == 200
        return len(captured)

    def add(count: int) -> None:
        for _ in range(count):
            ArticleFactory(status=Status.DRAFT, author=chef)
            item = ArticleFactory(status=Status.REVIEW, author=redacteur)
            workflow.save(item=item, user=redacteur)
            PressReleaseFactory(publication_date=timezone.now() + timedelta(days=3))

    add(1)
    queries()  # the first request fills the caches of content types and permissions
    few = queries()
    add(6)
    assert queries() == few


def test_the_desk_shows_nothing_a_user_may_not_see(client, django_user_model):
    ArticleFactory(title="Secret", status=Status.REVIEW)
    ArticleFactory(title="Plus tard", publication_date=timezone.now() + timedelta(days=1))
    nobody = django_user_model.objects.create_user("accueil", is_staff=True)

    html = desk_page(client, nobody)

    assert "Secret" not in html and "Plus tard" not in html
