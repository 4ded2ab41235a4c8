"""Slugs from French titles: an apostrophe separates words, on the server and in the admin."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect, sync_playwright
from taggit.models import Tag

from core.french import slug_of
from tests.news.factories import ArticleFactory
from tests.support import browser as tools


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Fin d’année", "fin-d-annee"),
        ("Fin d'année", "fin-d-annee"),
        ("L‘été à l’Hôtel de Ville", "l-ete-a-l-hotel-de-ville"),
        ("Aujourd’hui : « Cœur de Namur »", "aujourd-hui-coeur-de-namur"),
        ("Place d’Armes — patinoire", "place-d-armes-patinoire"),
        ("Navette fluviale toute l’année", "navette-fluviale-toute-l-annee"),
    ],
)
def test_an_apostrophe_separates_the_words_of_a_slug(text, slug):
    assert slug_of(text) == slug


@pytest.mark.django_db
def test_a_new_tag_gets_the_slug_the_admin_would_write(client):
    article = ArticleFactory()

    article.tags.add("Fin d’année")
    Tag.objects.create(name="fin d'année")

    assert sorted(Tag.objects.values_list("slug", flat=True)) == ["fin-d-annee", "fin-d-annee_1"]
    page = client.get("/actualites/tag/fin-d-annee/")
    assert page.status_code == 200
    assert article.title in page.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("add_page", "source", "typed", "slug"),
    [
        (
            "/admin/accreditations/event/add/",
            "#id_title",
            "Réception de fin d’année",
            "reception-de-fin-d-annee",
        ),
        (
            "/admin/news/article/add/",
            "#id_title",
            "L’été à l’Hôtel de Ville",
            "l-ete-a-l-hotel-de-ville",
        ),
        ("/admin/taggit/tag/add/", "#id_name", "Cœur d'année", "coeur-d-annee"),
    ],
    ids=["événement", "actualité", "étiquette"],
)
def test_typing_a_title_in_the_admin_writes_the_server_s_slug(
    live_server, add_page, source, typed, slug
):
    tools.require_chromium()
    User.objects.create_superuser("presse", password="mot-de-passe-long")
    with sync_playwright() as playwright:
        browser = tools.launch(playwright)
        try:
            page, problems = tools.open_page(browser)
            page.goto(f"{live_server.url}/admin/login/?next={add_page}")
            page.fill("#id_username", "presse")
            page.fill("#id_password", "mot-de-passe-long")
            with page.expect_navigation():
                page.click("input[type=submit]")

            page.locator(source).press_sequentially(typed)

            expect(page.locator("#id_slug")).to_have_value(slug)
            assert slug_of(typed) == slug
            assert problems == []
            page.close()
        finally:
            browser.close()
