"""The workflow as editors meet it in the admin: forms, buttons, list actions, the dashboard."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import Status
from core.publishing import workflow
from news.models import Article
from press.models import PressRelease
from tests.accreditations.factories import AccreditationRequestFactory
from tests.core.publishing.conftest import article_data, release_data
from tests.news.factories import ArticleFactory
from tests.press.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db

REFUSED = "Vous ne pouvez pas publier, planifier ni dépublier"


def change_url(item):
    return f"/admin/{item._meta.app_label}/{item._meta.model_name}/{item.pk}/change/"


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": Status.PUBLISHED, "publication_date_0": "01/11/2026"},
        {"status": Status.UNPUBLISHED},
        {"_workflow": "publish"},
        {
            "_workflow": "schedule",
            "publication_date_0": "01/01/2099",
            "publication_date_1": "09:00:00",
        },
    ],
    ids=["status-published", "status-unpublished", "button-publish", "button-schedule"],
)
def test_a_redacteur_crafted_publish_is_refused_and_changes_nothing(client, redacteur, overrides):
    article = ArticleFactory(status=Status.DRAFT, publication_date=None)
    before = Article.objects.filter(pk=article.pk).values().get()
    client.force_login(redacteur)

    response = client.post(
        change_url(article), article_data(article, title="Titre changé", **overrides)
    )

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert Article.objects.filter(pk=article.pk).values().get() == before
    assert not workflow.revisions_of(article).exists()


def test_a_redacteur_cannot_create_an_item_already_published(client, redacteur):
    article = ArticleFactory.build(slug="nouvelle", topic=ArticleFactory().topic)
    client.force_login(redacteur)

    response = client.post(
        "/admin/news/article/add/",
        article_data(article, status=Status.PUBLISHED, publication_date_0="01/11/2026"),
    )

    assert REFUSED in response.content.decode()
    assert not Article.objects.filter(slug="nouvelle").exists()


def test_a_redacteur_cannot_move_the_date_of_a_published_release(client, redacteur):
    release = PressReleaseFactory()
    client.force_login(redacteur)

    response = client.post(
        change_url(release), release_data(release, publication_date_0="01/01/2099")
    )

    assert "ne pouvez pas changer la date de publication" in response.content.decode()
    assert PressRelease.objects.get().publication_date == release.publication_date


def test_a_redacteur_cannot_delete_a_published_article_but_may_delete_a_draft(client, redacteur):
    published, draft = ArticleFactory(), ArticleFactory(status=Status.DRAFT)
    client.force_login(redacteur)

    assert (
        client.post(f"/admin/news/article/{published.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    response = client.post(
        "/admin/news/article/",
        {"action": "delete_selected", "_selected_action": [published.pk], "post": "yes"},
    )
    assert response.status_code in (200, 403)
    assert Article.objects.filter(pk=published.pk).exists()

    client.post(f"/admin/news/article/{draft.pk}/delete/", {"post": "yes"})
    assert not Article.objects.filter(pk=draft.pk).exists()


def test_the_redacteur_sees_only_the_states_he_may_choose_and_the_submit_button(client, redacteur):
    article = ArticleFactory(status=Status.DRAFT)
    client.force_login(redacteur)

    html = client.get(change_url(article)).content.decode()

    assert 'value="review"' in html and 'value="published"' not in html
    assert 'name="_workflow" value="submit"' in html
    assert 'value="publish"' not in html and 'value="unpublish"' not in html
    assert f'href="{article.get_absolute_url()}"' in html  # the preview, at the real address
    assert "Aperçu (non publié)" in html


def test_submit_then_publish_with_the_buttons(client, redacteur, chef):
    article = ArticleFactory(status=Status.DRAFT, publication_date=None)
    client.force_login(redacteur)
    response = client.post(change_url(article), article_data(article, _workflow="submit"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.REVIEW

    client.force_login(chef)
    html = client.get(change_url(article)).content.decode()
    assert 'name="_workflow" value="publish"' in html
    response = client.post(change_url(article), article_data(article, _workflow="publish"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_live()
    assert [r.comment for r in workflow.revisions_of(article)][:2] == [
        "Publié",
        "Soumis pour relecture",
    ]


def test_schedule_needs_a_future_date_and_then_waits_for_it(client, chef):
    article = ArticleFactory(status=Status.REVIEW, publication_date=None)
    client.force_login(chef)

    response = client.post(change_url(article), article_data(article, _workflow="schedule"))
    assert "indiquez ici une date et une heure futures" in response.content.decode()

    later = timezone.localtime() + timedelta(days=3)
    response = client.post(
        change_url(article),
        article_data(
            article,
            _workflow="schedule",
            publication_date_0=later.strftime("%d/%m/%Y"),
            publication_date_1="09:00:00",
        ),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_scheduled and not article.is_live()
    assert article.state_label().startswith("Planifié pour le ")
    assert client.get(article.get_absolute_url()).status_code == 200  # chef previews
    assert article not in Article.objects.live()


def test_publishing_a_release_with_the_button_numbers_it(client, make_member):
    release = PressReleaseFactory(status=Status.REVIEW, publication_date=None)
    client.force_login(make_member("Service presse"))

    response = client.post(change_url(release), release_data(release, _workflow="publish"))

    assert response.status_code == 302, response.content.decode()[:3000]
    release.refresh_from_db()
    assert release.number and release.is_live()


def test_list_actions_publish_and_unpublish_and_report_refusals(client, chef, redacteur):
    drafts = [ArticleFactory(status=Status.REVIEW, publication_date=None) for _ in range(2)]
    client.force_login(chef)

    client.post(
        "/admin/news/article/",
        {"action": "publish_action", "_selected_action": [a.pk for a in drafts]},
    )
    assert all(a.is_live() for a in Article.objects.all())

    client.force_login(redacteur)
    html = client.get("/admin/news/article/").content.decode()
    assert "submit_for_review_action" in html and "publish_action" not in html
    response = client.post(
        "/admin/news/article/",
        {"action": "unpublish_action", "_selected_action": [drafts[0].pk]},
        follow=True,
    )
    assert Article.objects.get(pk=drafts[0].pk).status == Status.PUBLISHED
    assert response.status_code == 200


def test_the_list_says_the_state_in_plain_words(admin_client):
    next_year = timezone.localdate().year + 1
    ArticleFactory(title="En ligne")
    ArticleFactory(
        title="Plus tard",
        publication_date=timezone.make_aware(timezone.datetime(next_year, 12, 3, 9, 0)),
    )
    ArticleFactory(title="En cours", status=Status.REVIEW)

    html = admin_client.get("/admin/news/article/").content.decode()

    assert f"Planifié pour le 3 décembre {next_year} à 9\xa0h\xa000" in html
    assert "Publié le " in html and "En relecture" in html


def test_the_dashboard_shows_what_waits_on_each_role(client, redacteur, chef, make_member):
    ArticleFactory(title="Le pont rouvre", status=Status.REVIEW)
    ArticleFactory(title="Mon brouillon", status=Status.DRAFT, author=redacteur)
    PressReleaseFactory(
        title="Communiqué futur", publication_date=timezone.now() + timedelta(days=1)
    )
    AccreditationRequestFactory()

    client.force_login(chef)
    html = client.get("/admin/").content.decode()
    assert "À traiter" in html
    assert "Le pont rouvre" in html and "Communiqué futur" in html
    assert "Demandes d’accréditation en attente" not in html or "1 en attente" in html

    client.force_login(make_member("Service presse"))
    html = client.get("/admin/").content.decode()
    assert "Communiqué futur" in html and "1 en attente" in html
    assert "Le pont rouvre" not in html  # news is not theirs

    client.force_login(redacteur)
    html = client.get("/admin/").content.decode()
    assert "Mon brouillon" in html and "1 en attente" not in html


def test_forms_explain_their_fields_in_french(admin_client):
    article_form = admin_client.get("/admin/news/article/add/").content.decode()
    event_form = admin_client.get("/admin/accreditations/event/add/").content.decode()

    assert "200 caractères au plus" in article_form
    assert "intertitres (niveaux 2 à 4)" in article_form
    assert "Avant ce moment, le formulaire n’accepte pas encore de demandes." in event_form


@pytest.mark.parametrize("factory", [ArticleFactory, PressReleaseFactory])
def test_the_change_form_names_the_author_by_full_name(client, chef, redacteur, factory):
    item = factory(author=redacteur)
    client.force_login(chef)

    page = client.get(change_url(item)).content.decode()

    [shown] = re.findall(r'<label>Auteur\s*:</label>\s*<div class="readonly">(.*?)</div>', page)
    assert shown == "Rédacteur Namur"
