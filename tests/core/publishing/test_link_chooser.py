"""« Lien vers une page du site »: the chooser's results, who may ask, and the checks that flag
a link the public would not get."""

from datetime import timedelta

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.utils import timezone

from core.models import Status
from tests.core.publishing.conftest import article_data
from tests.news.factories import ArticleFactory
from tests.press.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/liens-internes/"


def link(item, text="le programme") -> str:
    ref = f"{item._meta.label_lower}:{item.pk}"
    return f'<p>Voir <a href="/x/" data-ref="{ref}">{text}</a>.</p>'


def test_the_editor_finds_articles_releases_and_legal_pages_by_title(client, redacteur):
    article = ArticleFactory(title="Budget communal 2027", slug="budget-2027")
    release = PressReleaseFactory(
        title="Le budget 2027 présenté à la presse",
        slug="budget-presse",
        status=Status.DRAFT,
        publication_date=None,
    )
    page = FlatPage.objects.create(url="/budget-participatif/", title="Budget participatif")
    page.sites.add(Site.objects.get_current())
    ArticleFactory(title="Fêtes de Wallonie")
    client.force_login(redacteur)

    html = client.get(CHOOSER, {"q": "budget"}).content.decode()

    assert "3 pages trouvées" in html
    assert (
        f'data-ref="news.article:{article.pk}" data-href="/actualites/budget-2027/">'
        '<span class="link-chooser__title">Budget communal 2027</span>'
    ) in html
    assert "Actualité · Publié le" in html
    assert f'data-ref="press.pressrelease:{release.pk}" data-href="/presse/budget-presse/"' in html
    assert "Communiqué de presse · Brouillon · modifié le" in html
    assert "pas encore visible du public" in html
    assert (
        f'data-ref="flatpages.flatpage:{page.pk}" data-href="/pages/budget-participatif/"' in html
    )
    assert "Page légale · En ligne" in html
    assert "Fêtes de Wallonie" not in html


def test_what_was_typed_and_titles_come_back_as_text(client, redacteur):
    ArticleFactory(title='<img src=x onerror="alert(1)"> Budget')
    client.force_login(redacteur)

    html = client.get(CHOOSER, {"q": "<script>alert(1)</script>"}).content.decode()
    assert "Aucune page dont le titre contient « &lt;script&gt;alert(1)&lt;/script&gt; »." in html
    assert "<script>" not in html

    html = client.get(CHOOSER, {"q": "budget"}).content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Budget" in html
    assert "<img" not in html


def test_the_chooser_is_for_those_who_write_and_never_cached(client, redacteur, django_user_model):
    assert client.get(CHOOSER).status_code == 302  # to the admin's sign-in

    staff = django_user_model.objects.create_user("stagiaire", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(CHOOSER).status_code == 403

    client.force_login(redacteur)
    response = client.get(CHOOSER)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_the_editor_widget_names_the_chooser(client, redacteur):
    client.force_login(redacteur)

    html = client.get("/admin/news/article/add/").content.decode()

    assert f'data-link-chooser-url="{CHOOSER}"' in html


@pytest.mark.parametrize(
    ("state", "named"),
    [
        (
            {"status": Status.DRAFT, "publication_date": None},
            "que le public ne voit pas : brouillon.",
        ),
        (
            {"publication_date": timezone.now() + timedelta(days=3)},
            "que le public ne voit pas : planifié pour le",
        ),
        ({"status": Status.UNPUBLISHED}, "que le public ne voit pas : dépublié."),
    ],
    ids=["draft", "scheduled", "unpublished"],
)
def test_the_checks_name_a_linked_item_the_public_cannot_see(client, redacteur, state, named):
    target = ArticleFactory(title="Le programme des Fêtes", **state)
    client.force_login(redacteur)

    answer = client.post("/admin/news/article/verifications/", {"body": link(target)}).json()

    assert answer["count"] == 1
    assert (
        "Le lien « le programme » mène à « Le programme des Fêtes » (actualité), " + named
    ) in answer["html"].replace("&#x27;", "’")


def test_the_checks_name_an_embargo_and_a_deleted_item(client, redacteur):
    embargoed = PressReleaseFactory(
        title="Nouveau pont",
        embargo_until=timezone.now() + timedelta(days=1),
        publication_date=timezone.now() + timedelta(days=1),
    )
    deleted = ArticleFactory()
    body = link(embargoed, "le pont") + link(deleted, "l’ancien article")
    deleted.delete()
    client.force_login(redacteur)

    html = client.post("/admin/news/article/verifications/", {"body": body}).json()["html"]

    assert "mène à « Nouveau pont » (communiqué de presse), que le public ne voit pas" in html
    assert "(Fin de l’embargo :" in html
    assert "Le lien « l’ancien article » mène à un contenu qui n’existe plus." in html


def test_a_link_to_a_live_item_gives_nothing_to_fix(client, redacteur):
    target = ArticleFactory()
    client.force_login(redacteur)

    answer = client.post("/admin/news/article/verifications/", {"body": link(target)}).json()

    assert answer["count"] == 0


def test_submitting_warns_of_a_link_to_a_draft(client, redacteur):
    target = ArticleFactory(title="Brouillon lié", status=Status.DRAFT, publication_date=None)
    article = ArticleFactory(status=Status.DRAFT, publication_date=None)
    client.force_login(redacteur)

    response = client.post(
        f"/admin/news/article/{article.pk}/change/",
        {**article_data(article, body=link(target)), "_workflow": "submit"},
        follow=True,
    )

    assert "mène à « Brouillon lié » (actualité), que le public ne voit pas" in (
        response.content.decode()
    )


def test_the_live_preview_shows_what_the_public_would_get(client, chef):
    live = ArticleFactory(slug="budget-2027")
    draft = ArticleFactory(status=Status.DRAFT, publication_date=None)
    article = ArticleFactory()
    client.force_login(chef)

    body = link(live, "le budget") + link(draft, "le brouillon")
    answer = client.post(
        f"/admin/news/article/{article.pk}/live-preview/", article_data(article, body=body)
    ).json()

    assert f'<a href="/actualites/budget-2027/" data-ref="news.article:{live.pk}"' in answer["html"]
    assert "<p>Voir le brouillon.</p>" in answer["html"]
