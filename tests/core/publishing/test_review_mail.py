"""The review as writers and reviewers follow it: sent back with a comment, told by e-mail."""

import importlib
from datetime import timedelta
from html import unescape

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import Revision, Status
from core.publishing import proposals, workflow
from news.models import Article
from press.models import PressRelease
from tests.core.publishing.conftest import article_data, release_data
from tests.news.factories import ArticleFactory
from tests.press.factories import PressReleaseFactory
from tests.tasks import run_worker

pytestmark = pytest.mark.django_db

SITE = "https://www.namur.be"
COMMENT = "Le chapô est trop long.\nAjoutez la date de réouverture du pont."


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def person(django_user_model):
    """Return a factory of staff with a role, a full name and an address."""

    def make(role: str, username: str, first_name: str, last_name: str):
        if not Group.objects.filter(name=role).exists():
            # A transactional test emptied the tables the data migration filled.
            importlib.import_module("namur_site.migrations.0003_editorial_roles").create_roles(
                django_apps, None
            )
        user = django_user_model.objects.create_user(
            username,
            password="secret",
            is_staff=True,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@ville.namur.be",
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def claire(person):
    return person("Rédacteur", "clambert", "Claire", "Lambert")


@pytest.fixture
def marc(person):
    return person("Éditeur en chef", "mdubois", "Marc", "Dubois")


@pytest.fixture
def sophie(person):
    return person("Service presse", "smartin", "Sophie", "Martin")


def admin_url(item, tail="change/"):
    return f"/admin/{item._meta.app_label}/{item._meta.model_name}/{item.pk}/{tail}"


def draft(author, status=Status.DRAFT):
    return ArticleFactory(
        title="Le pont de Jambes rouvre", status=status, publication_date=None, author=author
    )


def post(client, user, item, data, committed, **overrides):
    client.force_login(user)
    with committed(execute=True):
        return client.post(admin_url(item), data(item, **overrides), follow=True)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_submitting_tells_each_reviewer_of_that_kind_of_item(
    client, claire, marc, sophie, person, mailoutbox, committed
):
    other_chief = person("Éditeur en chef", "adupont", "Anne", "Dupont")
    person("Rédacteur", "pnoel", "Paul", "Noël")
    article = draft(claire)

    post(client, claire, article, article_data, committed, _workflow="submit")

    assert sorted(m.to[0] for m in mailoutbox) == [other_chief.email, marc.email]
    message = next(m for m in mailoutbox if m.to == [marc.email])
    assert message.subject == "À relire : « Le pont de Jambes rouvre »"
    assert message.body.startswith("Bonjour Marc Dubois,")
    assert "Claire Lambert a soumis pour relecture « Le pont de Jambes rouvre » (actualité)" in (
        message.body
    )
    assert f"{SITE}/admin/news/article/{article.pk}/change/" in message.body
    assert "clambert" not in message.body

    # A release goes to whoever publishes releases: the press office and the chief editor.
    mailoutbox.clear()
    release = PressReleaseFactory(status=Status.DRAFT, publication_date=None, author=claire)
    post(client, claire, release, release_data, committed, _workflow="submit")
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [other_chief.email, marc.email, sophie.email]
    )
    assert f"{SITE}/admin/press/pressrelease/{release.pk}/change/" in mailoutbox[0].body


def test_the_e_mail_leaves_only_once_the_change_is_committed(
    client, claire, marc, mailoutbox, committed
):
    article = draft(claire)
    client.force_login(claire)

    with committed(execute=False) as callbacks:
        client.post(admin_url(article), article_data(article, _workflow="submit"))

    assert mailoutbox == []
    assert Article.objects.get().status == Status.REVIEW
    for callback in callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [[marc.email]]


# The worker closes its connection when done, as in production: the test's data must be committed.
@pytest.mark.django_db(transaction=True)
def test_the_e_mail_goes_through_the_task_queue_and_the_worker(
    client, claire, marc, mailoutbox, database_queue
):
    article = draft(claire)
    client.force_login(claire)

    client.post(admin_url(article), article_data(article, _workflow="submit"))

    assert mailoutbox == []
    assert DBTaskResult.objects.count() == 1
    run_worker()
    assert [m.subject for m in mailoutbox] == ["À relire : « Le pont de Jambes rouvre »"]


def test_the_chief_sends_an_article_back_with_a_comment_the_writer_reads(
    client, claire, marc, mailoutbox, committed
):
    article = draft(claire, status=Status.REVIEW)
    workflow.ensure_baseline(article)
    client.force_login(marc)
    page = client.get(admin_url(article)).content.decode()
    assert "Commentaire pour le rédacteur" in page
    assert 'name="_workflow" value="sendback"' in page

    # Without a comment, nothing is sent back and the chief is told why.
    response = post(client, marc, article, article_data, committed, _workflow="sendback")
    html = unescape(response.content.decode())
    assert "Dites au rédacteur ce qu’il doit revoir : le commentaire est obligatoire." in html
    assert Article.objects.get().status == Status.REVIEW
    assert mailoutbox == []

    response = post(
        client,
        marc,
        article,
        article_data,
        committed,
        _workflow="sendback",
        send_back_comment=COMMENT,
    )

    assert response.redirect_chain[-1][0] == "/admin/news/article/"
    assert Article.objects.get().status == Status.DRAFT
    latest = workflow.revisions_of(article).first()
    assert (latest.comment, latest.review_note, latest.user) == (
        "Renvoyé au rédacteur",
        COMMENT,
        marc,
    )
    [message] = mailoutbox
    assert message.to == [claire.email]
    assert message.subject == "À revoir : « Le pont de Jambes rouvre » vous est renvoyé"
    assert message.body.startswith("Bonjour Claire Lambert,")
    assert "Marc Dubois vous renvoie « Le pont de Jambes rouvre » (actualité)" in message.body
    assert COMMENT in message.body
    assert f"{SITE}/admin/news/article/{article.pk}/change/" in message.body

    # The writer reads it on the article's page and in its history.
    client.force_login(claire)
    page = unescape(client.get(admin_url(article)).content.decode())
    assert "Marc Dubois vous a renvoyé ce contenu le " in page
    assert "Le chapô est trop long.<br>Ajoutez la date de réouverture du pont." in page
    assert "Renvoyer au rédacteur" not in page  # not hers to do
    history = unescape(client.get(admin_url(article, "versions/")).content.decode())
    assert "<td>Marc Dubois</td>" in history and "mdubois" not in history
    assert "Renvoyé au rédacteur" in history
    assert "Le chapô est trop long.<br>Ajoutez la date de réouverture du pont." in history
    version = unescape(client.get(admin_url(article, f"versions/{latest.pk}/")).content.decode())
    assert "Enregistrée par Marc Dubois." in version and COMMENT.split("\n")[0] in version

    # Once she saves her fix the comment stays in view; once resubmitted, it leaves the page.
    article.refresh_from_db()
    post(client, claire, article, article_data, committed, lead="Un chapô plus court.")
    assert "vous a renvoyé ce contenu" in client.get(admin_url(article)).content.decode()
    post(client, claire, Article.objects.get(), article_data, committed, _workflow="submit")
    assert "vous a renvoyé ce contenu" not in client.get(admin_url(article)).content.decode()


def test_the_press_office_sends_a_release_back_and_a_writer_cannot(
    client, claire, sophie, mailoutbox, committed
):
    release = PressReleaseFactory(status=Status.REVIEW, publication_date=None, author=claire)

    response = post(
        client,
        claire,
        release,
        release_data,
        committed,
        _workflow="sendback",
        send_back_comment="Je me renvoie ce texte.",
    )
    assert "Vous ne pouvez pas renvoyer un contenu au rédacteur" in unescape(
        response.content.decode()
    )
    assert PressRelease.objects.get().status == Status.REVIEW

    post(
        client,
        sophie,
        release,
        release_data,
        committed,
        _workflow="sendback",
        send_back_comment="Citez la source du chiffre.",
    )

    assert PressRelease.objects.get().status == Status.DRAFT
    [message] = mailoutbox
    assert message.to == [claire.email]
    assert "Sophie Martin vous renvoie" in message.body and "(communiqué de presse)" in message.body
    assert "Citez la source du chiffre." in message.body


def test_publishing_tells_the_writer_with_the_public_and_admin_links(
    client, claire, marc, mailoutbox, committed
):
    article = draft(claire, status=Status.REVIEW)

    post(client, marc, article, article_data, committed, _workflow="publish")

    [message] = mailoutbox
    assert message.to == [claire.email]
    assert message.subject == "Publié : « Le pont de Jambes rouvre »"
    assert "Marc Dubois a publié « Le pont de Jambes rouvre » (actualité)." in message.body
    article.refresh_from_db()
    assert f"{SITE}{article.get_absolute_url()}" in message.body
    assert f"{SITE}/admin/news/article/{article.pk}/change/" in message.body


def test_scheduling_tells_the_writer_when_it_will_appear(
    client, claire, marc, mailoutbox, committed
):
    article = draft(claire, status=Status.REVIEW)
    moment = timezone.localtime(timezone.now() + timedelta(days=3)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )

    post(
        client,
        marc,
        article,
        article_data,
        committed,
        _workflow="schedule",
        publication_date_0=moment.strftime("%d/%m/%Y"),
        publication_date_1="09:00:00",
    )

    [message] = mailoutbox
    assert message.subject == "Planifié : « Le pont de Jambes rouvre »"
    assert "Marc Dubois a planifié la publication de « Le pont de Jambes rouvre »" in message.body
    assert "à 9\xa0h\xa000" in message.body


def test_no_one_is_told_of_what_they_did_themselves(client, marc, mailoutbox, committed):
    article = draft(marc)

    post(client, marc, article, article_data, committed, _workflow="publish")

    assert Article.objects.get().status == Status.PUBLISHED
    assert mailoutbox == []


def test_a_pending_change_published_or_discarded_is_told_to_its_author(
    client, claire, marc, mailoutbox, committed
):
    article = ArticleFactory(title="Le pont de Jambes rouvre", author=marc)
    post(client, claire, article, article_data, committed, lead="Réouverture mardi.")
    pending = proposals.pending_of(article)
    assert pending is not None and mailoutbox == []

    client.force_login(marc)
    with committed(execute=True):
        client.post(admin_url(article, "modification/"), {"_publish": "1"})

    [message] = mailoutbox
    assert message.to == [claire.email]
    assert message.subject == "Votre modification de « Le pont de Jambes rouvre » est publiée"
    assert "Marc Dubois a publié la modification de « Le pont de Jambes rouvre »" in message.body
    assert f"{SITE}{article.get_absolute_url()}" in message.body
    assert f"{SITE}/admin/news/article/{article.pk}/change/" in message.body

    mailoutbox.clear()
    post(client, claire, Article.objects.get(), article_data, committed, lead="Encore autre.")
    client.force_login(marc)
    with committed(execute=True):
        client.post(
            admin_url(article, "modification/"),
            {"_discard": "1", "reason": "La date n’est pas confirmée."},
        )

    [message] = mailoutbox
    assert message.to == [claire.email]
    assert message.subject == "Votre modification de « Le pont de Jambes rouvre » est écartée"
    assert "Marc Dubois a écarté la modification" in message.body
    assert "la version publiée reste inchangée" in message.body
    assert "La date n’est pas confirmée." in message.body
    assert Revision.objects.filter(review_note="La date n’est pas confirmée.").exists()
