"""The news admin as editors use it."""

import pytest
from taggit.models import Tag

from news.models import Article
from tests.news.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_changelist_shows_filters_search_and_dates(admin_client):
    ArticleFactory(title="Travaux rue de Fer", topic=TopicFactory(name="Travaux"))

    html = admin_client.get("/admin/news/article/?q=Fer").content.decode()

    assert "Travaux rue de Fer" in html
    for column in ("Titre", "État", "Date de publication", "Thème"):
        assert column in html
    assert 'id="changelist-filter"' in html
    assert 'class="toplinks"' in html


def test_editor_sets_tags_through_the_autocomplete(admin_client):
    article = ArticleFactory(tags=["vélo"])
    citadelle = Tag.objects.create(name="Citadelle", slug="citadelle")

    form = admin_client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert 'data-ajax--url="/admin/autocomplete/"' in form
    assert "Voir sur le site" in form

    response = admin_client.post(
        f"/admin/news/article/{article.pk}/change/",
        {
            "title": article.title,
            "slug": article.slug,
            "lead": article.lead,
            "body": article.body,
            "topic": article.topic.pk,
            "tags": [citadelle.pk],
            "status": "published",
            "publication_date_0": "01/11/2026",
            "publication_date_1": "09:00:00",
        },
    )

    assert response.status_code == 302
    assert list(Article.objects.get().tags.names()) == ["Citadelle"]


def test_tag_autocomplete_answers_the_editor(admin_client):
    Tag.objects.create(name="Citadelle", slug="citadelle")

    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "cita", "app_label": "news", "model_name": "article", "field_name": "tags"},
    )

    assert response.json()["results"] == [{"id": str(Tag.objects.get().pk), "text": "Citadelle"}]


def test_change_form_previews_the_image(admin_client):
    article = ArticleFactory(with_image=True)

    html = admin_client.get(f"/admin/news/article/{article.pk}/change/").content.decode()

    # The chooser's thumbnail, beside the title of the library image.
    assert "-480w.jpg" in html
    assert '<span class="photo-chooser__title">La Citadelle au printemps</span>' in html
    assert "Changer d’image" in html


def test_new_article_is_signed_by_its_author(admin_client, admin_user):
    topic = TopicFactory()

    admin_client.post(
        "/admin/news/article/add/",
        {
            "title": "Neuf",
            "slug": "neuf",
            "lead": "Chapô",
            "body": "<p>T</p>",
            "topic": topic.pk,
            "status": "draft",
        },
    )

    assert Article.objects.get().author == admin_user
