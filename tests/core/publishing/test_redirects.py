"""Addresses that survive: an item's old address answers 301 to its current one (core.redirects)."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Redirect, Status
from news.models import Article
from press.models import PressRelease
from tests.core.publishing.conftest import article_data
from tests.news.factories import ArticleFactory
from tests.press.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db


def reloaded(item):
    """Return ``item`` read again from the database, as the admin reads what it edits."""
    return type(item).objects.get(pk=item.pk)


def moved(item, slug: str):
    item = reloaded(item)
    item.slug = slug
    item.save()
    return item


def test_a_published_article_s_old_address_answers_301_to_its_new_one(client):
    article = ArticleFactory(slug="travaux-rue-de-fer")

    moved(article, "rue-de-fer-fin-des-travaux")

    response = client.get("/actualites/travaux-rue-de-fer/")
    assert response.status_code == 301
    assert response["Location"] == "/actualites/rue-de-fer-fin-des-travaux/"
    assert client.get(response["Location"]).status_code == 200


def test_a_press_release_s_old_address_answers_301_too(client):
    release = PressReleaseFactory(slug="budget-2026")

    moved(release, "budget-communal-2026")

    response = client.get("/presse/budget-2026/")
    assert response.status_code == 301
    assert response["Location"] == "/presse/budget-communal-2026/"


def test_a_chain_leads_straight_to_the_current_address_and_coming_back_ends_it(client):
    article = ArticleFactory(slug="a")

    article = moved(article, "b")
    article = moved(article, "c")

    for old in ("/actualites/a/", "/actualites/b/"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, "/actualites/c/")

    moved(article, "a")

    assert client.get("/actualites/a/").status_code == 200
    for old in ("/actualites/b/", "/actualites/c/"):
        assert client.get(old)["Location"] == "/actualites/a/"
    assert sorted(Redirect.objects.values_list("old_path", flat=True)) == [
        "/actualites/b/",
        "/actualites/c/",
    ]


def test_the_same_instance_saved_twice_records_both_old_addresses(client):
    article = ArticleFactory(slug="premier")

    article.slug = "deuxieme"
    article.save()
    article.slug = "troisieme"
    article.save()

    for old in ("/actualites/premier/", "/actualites/deuxieme/"):
        assert client.get(old)["Location"] == "/actualites/troisieme/"


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_an_address_the_public_never_saw_leaves_no_redirect(client, status):
    article = ArticleFactory(slug="brouillon", status=status, publication_date=None)

    moved(article, "brouillon-renomme")

    assert not Redirect.objects.exists()
    assert client.get("/actualites/brouillon/").status_code == 404


def test_a_redirect_never_leads_to_what_the_public_may_not_see(client):
    article = moved(ArticleFactory(slug="ancien"), "nouveau")

    for hidden in (
        {"status": Status.UNPUBLISHED},
        {"publication_date": timezone.now() + timedelta(days=2)},
        {"expiry_date": timezone.now() - timedelta(minutes=1)},
    ):
        Article.objects.filter(pk=article.pk).update(**hidden)
        assert client.get("/actualites/ancien/").status_code == 404, hidden
        assert client.get("/actualites/nouveau/").status_code == 404, hidden
        Article.objects.filter(pk=article.pk).update(
            status=Status.PUBLISHED,
            publication_date=timezone.now() - timedelta(days=1),
            expiry_date=None,
        )

    assert client.get("/actualites/ancien/").status_code == 301


def test_an_unpublished_item_s_old_address_is_kept_for_when_it_comes_back(client):
    article = ArticleFactory(slug="ancien", status=Status.UNPUBLISHED)

    article = moved(article, "nouveau")
    assert client.get("/actualites/ancien/").status_code == 404

    article.status = Status.PUBLISHED
    article.save()
    assert client.get("/actualites/ancien/")["Location"] == "/actualites/nouveau/"


def test_a_deleted_item_takes_its_redirects_with_it(client):
    article = moved(moved(ArticleFactory(slug="a"), "b"), "c")

    article.delete()

    assert not Redirect.objects.exists()
    assert client.get("/actualites/a/").status_code == 404


def test_another_item_at_an_old_address_answers_there(client):
    first = moved(ArticleFactory(slug="fete-de-la-musique"), "fete-de-la-musique-2025")

    ArticleFactory(slug="fete-de-la-musique", title="Fête de la musique 2026")

    response = client.get("/actualites/fete-de-la-musique/")
    assert response.status_code == 200
    assert "Fête de la musique 2026" in response.content.decode()
    assert client.get(first.get_absolute_url()).status_code == 200


def test_the_query_string_follows_and_only_get_and_head_are_redirected(client):
    moved(ArticleFactory(slug="ancien"), "nouveau")

    assert client.get("/actualites/ancien/?utm_source=lettre")["Location"] == (
        "/actualites/nouveau/?utm_source=lettre"
    )
    assert client.head("/actualites/ancien/").status_code == 301
    assert client.post("/actualites/ancien/").status_code != 301


def test_pages_that_answer_never_look_for_a_redirect(client):
    article = moved(ArticleFactory(slug="ancien"), "nouveau")

    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
        assert client.get("/actualites/").status_code == 200

    assert not [query for query in queries if "core_redirect" in query["sql"]]


def test_the_301_is_kept_by_shared_caches_with_the_item_s_key(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    article = moved(ArticleFactory(slug="ancien"), "nouveau")
    redirect = Redirect.objects.get()

    response = client.get("/actualites/ancien/")

    assert response.status_code == 301
    assert "s-maxage=600" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
    assert set(response["xkey"].split()) == {
        f"news.article:{article.pk}",
        f"core.redirect:{redirect.pk}",
        "layout",
    }


def test_feeds_and_the_sitemap_list_the_new_address_only(client):
    moved(ArticleFactory(slug="ancien-article"), "nouvel-article")
    moved(PressReleaseFactory(slug="ancien-communique"), "nouveau-communique")

    sitemap = client.get("/sitemap.xml").content.decode()
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [
        element.text
        for element in ElementTree.fromstring(sitemap).findall("s:url/s:loc", namespace)
    ]
    assert any(location.endswith("/actualites/nouvel-article/") for location in locations)
    assert any(location.endswith("/presse/nouveau-communique/") for location in locations)
    for feed in ("/actualites/flux.rss", "/actualites/flux.atom", "/presse/flux.rss"):
        text = client.get(feed).content.decode()
        assert "ancien-" not in text, feed
    assert "ancien-" not in sitemap
    assert "/actualites/nouvel-article/" in client.get("/actualites/flux.rss").content.decode()
    assert "/presse/nouveau-communique/" in client.get("/presse/flux.atom").content.decode()


def test_an_editor_changing_the_slug_in_the_admin_is_named_on_the_redirect(client, chef):
    article = ArticleFactory(slug="ancien")
    client.force_login(chef)

    response = client.post(
        f"/admin/news/article/{article.pk}/change/", article_data(article, slug="nouveau")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    redirect = Redirect.objects.get()
    assert (redirect.old_path, redirect.item, redirect.created_by) == (
        "/actualites/ancien/",
        reloaded(article),
        chef,
    )
    assert client.get("/actualites/ancien/")["Location"] == "/actualites/nouveau/"


def test_the_slug_s_help_text_no_longer_forbids_changing_it():
    for model in (Article, PressRelease):
        help_text = str(model._meta.get_field("slug").help_text)
        assert "Ne la changez" not in help_text
        assert "l’ancienne adresse mène d’elle-même à la nouvelle" in help_text


# The admin's « Redirections » ---------------------------------------------------------------


def test_the_redirect_list_says_where_each_old_address_leads_and_who_made_it(client, chef):
    article = ArticleFactory(slug="ancien", title="Travaux rue de Fer")
    client.force_login(chef)
    client.post(f"/admin/news/article/{article.pk}/change/", article_data(article, slug="nouveau"))
    hidden = moved(ArticleFactory(slug="cache", status=Status.UNPUBLISHED), "cache-2")

    page = client.get("/admin/core/redirect/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "Redirections" in html
    for text in (
        "/actualites/ancien/",
        '« Travaux rue de Fer » (<a href="/actualites/nouveau/">/actualites/nouveau/</a>)',
        "Éditeur Namur",
        f"« {hidden.title} » (/actualites/cache-2/) — non publié",
    ):
        assert text in html
    assert client.get("/admin/").content.decode().count("Redirections") >= 1


def test_a_publisher_deletes_a_redirect_and_the_old_address_answers_404(client, chef):
    moved(ArticleFactory(slug="ancien"), "nouveau")
    redirect = Redirect.objects.get()
    client.force_login(chef)

    response = client.post(f"/admin/core/redirect/{redirect.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Redirect.objects.exists()
    assert client.get("/actualites/ancien/").status_code == 404


def test_a_writer_reads_the_redirects_but_may_not_delete_or_add_one(client, redacteur):
    moved(ArticleFactory(slug="ancien"), "nouveau")
    redirect = Redirect.objects.get()
    client.force_login(redacteur)

    assert client.get("/admin/core/redirect/").status_code == 200
    assert (
        client.post(f"/admin/core/redirect/{redirect.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client.get("/admin/core/redirect/add/").status_code == 403
    assert Redirect.objects.exists()


def test_a_recorded_redirect_follows_its_item_and_cannot_be_retargeted(client, chef):
    moved(ArticleFactory(slug="ancien"), "nouveau")
    redirect = Redirect.objects.get()
    client.force_login(chef)

    client.post(
        f"/admin/core/redirect/{redirect.pk}/change/",
        {"old_path": "/ailleurs/", "target_path": "/presse/"},
    )

    redirect.refresh_from_db()
    assert (redirect.old_path, redirect.target_path) == ("/actualites/ancien/", "")


def test_a_redirect_added_by_hand_leads_to_its_address(client, chef):
    client.force_login(chef)

    response = client.post(
        "/admin/core/redirect/add/",
        {"old_path": " /fetes-de-wallonie/ ", "target_path": "/actualites/theme/culture/"},
    )

    assert response.status_code == 302
    redirect = Redirect.objects.get()
    assert (redirect.old_path, redirect.created_by) == ("/fetes-de-wallonie/", chef)
    client.logout()
    answer = client.get("/fetes-de-wallonie/")
    assert (answer.status_code, answer["Location"]) == (301, "/actualites/theme/culture/")


def test_a_redirect_by_hand_to_an_old_address_goes_straight_to_the_item(client, chef):
    moved(ArticleFactory(slug="ancien"), "nouveau")
    Redirect.objects.create(old_path="/vieux-lien/", target_path="/actualites/ancien/")

    assert client.get("/vieux-lien/")["Location"] == "/actualites/nouveau/"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"old_path": "actualites/ancien/", "target_path": "/presse/"},
            "old_path",
            "Indiquez une adresse du site qui commence par « / »",
        ),
        (
            {"old_path": "/ancien/", "target_path": "https://example.org/"},
            "target_path",
            "Indiquez une adresse du site qui commence par « / »",
        ),
        (
            {"old_path": "/ancien/", "target_path": "//example.org/"},
            "target_path",
            "sans nom de domaine",
        ),
        (
            {"old_path": "/ancien/?page=2", "target_path": "/presse/"},
            "old_path",
            "« ? » ni « # »",
        ),
        (
            {"old_path": "/admin/news/", "target_path": "/presse/"},
            "old_path",
            "« /admin/news/ » n’est pas une page publique du site",
        ),
        (
            {"old_path": "/ancien/", "target_path": "/ancien/"},
            "target_path",
            "La nouvelle adresse doit différer de l’ancienne.",
        ),
        (
            {"old_path": "/ancien/", "target_path": ""},
            "target_path",
            "Ce champ est obligatoire.",
        ),
        (
            {"old_path": "/b/", "target_path": "/a/"},
            "target_path",
            "Cette redirection tournerait en rond : « /a/ » mène déjà à « /b/ ».",
        ),
        (
            {"old_path": "/a/", "target_path": "/c/"},
            "old_path",
            "Une redirection part déjà de cette adresse",
        ),
    ],
)
def test_a_redirect_by_hand_is_refused_in_french_with_how_to_fix_it(
    client, chef, data, field, message
):
    Redirect.objects.create(old_path="/a/", target_path="/b/")
    client.force_login(chef)

    response = client.post("/admin/core/redirect/add/", data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert any(message in error for error in errors.get(field, [])), errors
    assert Redirect.objects.count() == 1


def test_a_writer_cannot_change_the_address_of_a_published_item(client, redacteur):
    article = ArticleFactory(slug="ancien")
    client.force_login(redacteur)

    page = client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    client.post(f"/admin/news/article/{article.pk}/change/", article_data(article, slug="nouveau"))

    assert 'name="slug"' not in page
    assert reloaded(article).slug == "ancien"
    assert not Redirect.objects.exists()


def test_an_item_taking_an_old_address_over_purges_the_redirect_that_answered_there(
    purge_log, committed
):
    moved(ArticleFactory(slug="ancien"), "nouveau")
    redirect = Redirect.objects.get()

    with committed():
        newcomer = ArticleFactory(slug="ancien")

    assert any(f"core.redirect:{redirect.pk}" in purge for purge in purge_log.purges)
    assert f"news.article:{newcomer.pk}" in set().union(*purge_log.purges)


def test_a_deleted_redirect_is_purged(purge_log, committed):
    moved(ArticleFactory(slug="ancien"), "nouveau")
    redirect = Redirect.objects.get()
    key = f"core.redirect:{redirect.pk}"

    with committed():
        redirect.delete()

    assert any(key in purge for purge in purge_log.purges)
