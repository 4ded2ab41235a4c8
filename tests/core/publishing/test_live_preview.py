"""The live preview beside the change form: the page with the form's values, nothing saved."""

import io
import json

import pytest
from django.test import Client

from core.models import Redirect, Revision, Status
from news.models import Article
from press.models import PressRelease
from tests.core.publishing.conftest import article_data, management, release_data
from tests.news.factories import ArticleFactory, TopicFactory
from tests.press.factories import PressContactFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


def preview(client, path, data):
    response = client.post(path, data)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_the_preview_shows_the_form_s_values_and_saves_nothing(client, chef, purge_log, committed):
    article = ArticleFactory(slug="pont-des-ardennes", title="Le pont rouvre")
    client.force_login(chef)

    with committed():
        answer = preview(
            client,
            f"/admin/news/article/{article.pk}/live-preview/",
            article_data(
                article,
                title="Le pont des Ardennes rouvre aux cyclistes",
                slug="pont-rouvert",
                body="<p>Les cyclistes retrouvent leur passage.</p><script>alert(1)</script>",
            ),
        )

    assert answer["errors"] == []
    html = answer["html"]
    assert "<h1>Le pont des Ardennes rouvre aux cyclistes</h1>" in html
    assert "Les cyclistes retrouvent leur passage." in html
    assert "alert(1)" not in html, "the body is sanitised as a save would"
    article.refresh_from_db()
    assert (article.title, article.slug) == ("Le pont rouvre", "pont-des-ardennes")
    assert not Revision.objects.exists()
    assert not Redirect.objects.exists()
    assert purge_log.purges == []


def test_a_new_article_is_previewed_without_being_created(client, chef):
    topic = TopicFactory(name="Mobilité")
    client.force_login(chef)

    answer = preview(
        client,
        "/admin/news/article/add/live-preview/",
        {
            **article_data(Article(title="", slug="", lead="", body="", status=Status.DRAFT)),
            "title": "Nouvelle piste cyclable",
            "slug": "nouvelle-piste-cyclable",
            "lead": "Une piste le long de la Meuse.",
            "body": "<p>Elle relie Jambes au centre.</p>",
            "topic": topic.pk,
        },
    )

    assert "Nouvelle piste cyclable" in answer["html"]
    assert "Aperçu — non publié" in answer["html"]
    assert "Mobilité" in answer["html"]
    assert not Article.objects.exists()


def test_an_incomplete_form_says_what_is_missing_in_french(client, chef):
    article = ArticleFactory()
    client.force_login(chef)

    answer = preview(
        client, f"/admin/news/article/{article.pk}/live-preview/", article_data(article, title="")
    )

    assert answer["html"] is None
    assert answer["errors"] == ["Titre : Ce champ est obligatoire."]


def test_a_release_is_previewed_with_its_contacts_in_the_form_s_order(client, chef):
    release = PressReleaseFactory(status=Status.DRAFT, publication_date=None)
    first, second = (
        PressContactFactory(last_name="Lemaire"),
        PressContactFactory(last_name="Dubois"),
    )
    client.force_login(chef)
    data = release_data(release, title="Budget 2027 : la Ville investit")
    data.update(management("release_contacts", total=2))
    data.update(
        {
            "release_contacts-0-contact": second.pk,
            "release_contacts-0-position": 0,
            "release_contacts-1-contact": first.pk,
            "release_contacts-1-position": 1,
        }
    )

    answer = preview(client, f"/admin/press/pressrelease/{release.pk}/live-preview/", data)

    html = answer["html"]
    assert "Budget 2027 : la Ville investit" in html
    assert html.index("Dubois") < html.index("Lemaire")
    assert not release.release_contacts.exists()
    assert PressRelease.objects.get().number is None


def test_files_are_never_taken(client, chef):
    article = ArticleFactory()
    client.force_login(chef)
    data = article_data(article)
    data["image"] = io.BytesIO(b"not an image")
    data["image"].name = "photo.jpg"

    response = client.post(f"/admin/news/article/{article.pk}/live-preview/", data)

    assert response.status_code == 400
    assert json.loads(response.content)["errors"] == ["L’aperçu ne prend pas de fichiers."]


def test_the_preview_is_never_cached_and_only_answers_posts(client, chef):
    article = ArticleFactory()
    client.force_login(chef)
    url = f"/admin/news/article/{article.pk}/live-preview/"

    response = client.post(url, article_data(article))

    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert client.get(url).status_code == 405


def test_the_preview_needs_the_csrf_token(chef):
    article = ArticleFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(chef)

    response = client.post(f"/admin/news/article/{article.pk}/live-preview/", article_data(article))

    assert response.status_code == 403


def test_only_those_who_may_change_the_item_get_a_preview(client, make_staff, django_user_model):
    article = ArticleFactory()
    url = f"/admin/news/article/{article.pk}/live-preview/"

    assert client.post(url, article_data(article)).status_code == 302  # to the sign-in page
    client.force_login(make_staff("lectrice", "view_article"))
    assert client.post(url, article_data(article)).status_code == 403
    assert client.post("/admin/news/article/add/live-preview/", {}).status_code == 403
    assert (
        "live-preview"
        not in client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    )


def test_the_change_and_add_forms_carry_the_panel(client, chef):
    article = ArticleFactory()
    client.force_login(chef)

    for path, preview_url in (
        (
            f"/admin/news/article/{article.pk}/change/",
            f"/admin/news/article/{article.pk}/live-preview/",
        ),
        ("/admin/news/article/add/", "/admin/news/article/add/live-preview/"),
        ("/admin/press/pressrelease/add/", "/admin/press/pressrelease/add/live-preview/"),
    ):
        html = client.get(path).content.decode()
        assert f'data-url="{preview_url}"' in html, path
        for text in ("Aperçu en direct", "Téléphone", "Ordinateur", "js/admin-live-preview.js"):
            assert text in html, (path, text)


def test_a_writer_previews_a_correction_of_a_published_article_without_proposing_it(
    client, redacteur
):
    article = ArticleFactory(title="Horaires d’été")
    client.force_login(redacteur)

    answer = preview(
        client,
        f"/admin/news/article/{article.pk}/live-preview/",
        article_data(article, title="Horaires d’été prolongés"),
    )

    assert "Horaires d’été prolongés" in answer["html"]
    assert "Aperçu — non publié" not in answer["html"]
    assert not Revision.objects.exists(), "nothing is proposed for review either"
