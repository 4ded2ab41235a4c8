"""Every save keeps a version; versions compare field by field and restore through the rules."""

import pytest
from django.test import Client

from core.models import Revision, Status
from core.publishing import workflow
from tests.core.publishing.conftest import article_data, release_data
from tests.news.factories import ArticleFactory
from tests.press.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db


def change_url(item):
    return f"/admin/{item._meta.app_label}/{item._meta.model_name}/{item.pk}/change/"


def test_each_admin_save_keeps_who_when_and_which_fields(client, redacteur):
    article = ArticleFactory(status=Status.DRAFT, body="<p>Premier jet.</p>", tags=["vélo"])
    client.force_login(redacteur)

    client.post(
        change_url(article),
        article_data(article, title="Nouveau titre", body="<p>Second jet.</p>"),
    )

    baseline, revision = workflow.revisions_of(article).order_by("created")
    assert baseline.user is None and baseline.data["body"] == "<p>Premier jet.</p>"
    assert revision.user == redacteur
    assert set(revision.changed_fields) == {"title", "body", "tags"}  # the form sent no tag
    assert revision.data["title"] == "Nouveau titre"


def test_the_versions_page_and_the_comparison_show_the_changes(client, chef):
    article = ArticleFactory(title="Titre d’origine", body="<p>Le pont est fermé.</p>")
    workflow.ensure_baseline(article)
    old = workflow.revisions_of(article).get()
    article.title, article.body = "Titre corrigé", "<p>Le pont est rouvert.</p>"
    workflow.save(item=article, user=chef)
    client.force_login(chef)

    versions = client.get(f"{change_url(article)[:-7]}versions/").content.decode()
    comparison = client.get(f"{change_url(article)[:-7]}versions/{old.pk}/").content.decode()

    assert "Titre, Texte" in versions and "Éditeur Namur" in versions
    assert "<del>fermé.</del>" in comparison and "<ins>rouvert.</ins>" in comparison
    assert "Restaurer cette version" in comparison


def test_restoring_brings_the_old_body_back_and_purges_the_public_page(
    client, chef, committed, purge_log
):
    article = ArticleFactory(body="<p>Version approuvée.</p>")
    workflow.ensure_baseline(article)
    approved = workflow.revisions_of(article).get()
    article.body = "<p>Version erronée.</p>"
    workflow.save(item=article, user=chef)
    visitor = Client()
    assert "Version erronée." in visitor.get(article.get_absolute_url()).content.decode()
    client.force_login(chef)

    with committed():
        response = client.post(f"{change_url(article)[:-7]}versions/{approved.pk}/")

    assert response.status_code == 302
    assert any(f"news.article:{article.pk}" in purge for purge in purge_log.purges)
    page = visitor.get(article.get_absolute_url())
    assert "Version approuvée." in page.content.decode()
    assert "Version erronée." not in page.content.decode()
    latest = workflow.revisions_of(article).first()
    assert latest.comment.startswith("Restauration de la version du ")
    assert latest.changed_fields == ["body"]


def test_restoring_goes_through_the_sanitiser_and_keeps_the_publication_state(chef):
    article = ArticleFactory(status=Status.DRAFT, publication_date=None)
    workflow.ensure_baseline(article)
    tampered = workflow.revisions_of(article).get()
    tampered.data.update(
        body='<p onclick="alert(1)">Texte</p><script>alert(1)</script>', status=Status.PUBLISHED
    )
    tampered.save()

    workflow.restore(revision=tampered, user=chef)

    article.refresh_from_db()
    assert article.body == "<p>Texte</p>"
    assert article.status == Status.DRAFT


def test_a_release_restored_keeps_its_number(make_member):
    user = make_member("Service presse")
    release = PressReleaseFactory(body="<p>Avant.</p>")
    number = release.number
    workflow.ensure_baseline(release)
    before = workflow.revisions_of(release).get()
    release.body = "<p>Après.</p>"
    workflow.save(item=release, user=user)

    workflow.restore(revision=before, user=user)

    release.refresh_from_db()
    assert release.body == "<p>Avant.</p>" and release.number == number


def test_someone_who_may_only_read_cannot_restore(client, make_member):
    release = PressReleaseFactory()
    workflow.ensure_baseline(release)
    revision = Revision.objects.get()
    client.force_login(make_member("Rédacteur"))  # no right on a press release? yes: change
    assert client.get(f"{change_url(release)[:-7]}versions/{revision.pk}/").status_code == 200

    outsider = make_member("Service presse", "presse")
    article = ArticleFactory()
    workflow.ensure_baseline(article)
    client.force_login(outsider)
    url = f"{change_url(article)[:-7]}versions/{workflow.revisions_of(article).get().pk}/"
    assert client.post(url).status_code == 403


def test_conflict_a_stale_save_is_refused_with_what_changed_meanwhile(client, redacteur, chef):
    article = ArticleFactory(title="Titre de départ", status=Status.DRAFT)
    client.force_login(redacteur)
    form = client.get(change_url(article)).context["adminform"].form
    token = form["edit_token"].value()

    # Meanwhile, the chief editor saves a new title.
    article.title = "Titre du chef"
    workflow.save(item=article, user=chef)

    response = client.post(
        change_url(article),
        article_data(article, title="Titre du rédacteur", edit_token=token),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Éditeur Namur a enregistré ce contenu le " in html
    assert "Titre est maintenant : « Titre du chef »" in html
    article.refresh_from_db()
    assert article.title == "Titre du chef"
    # The refused form now carries the current version: saving again is a deliberate choice.
    fresh = response.context["adminform"].form["edit_token"].value()
    assert fresh == workflow.version_token(article)
    response = client.post(
        change_url(article),
        article_data(article, title="Titre du rédacteur", edit_token=fresh),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Titre du rédacteur"


def test_conflict_on_a_press_release_too(client, make_member):
    user = make_member("Service presse")
    other = make_member("Éditeur en chef", "chef")
    release = PressReleaseFactory(status=Status.DRAFT, publication_date=None)
    client.force_login(user)
    token = client.get(change_url(release)).context["adminform"].form["edit_token"].value()
    release.lead = "Chapô réécrit."
    workflow.save(item=release, user=other)

    response = client.post(
        change_url(release), release_data(release, lead="Autre chapô.", edit_token=token)
    )

    assert "Chapô est maintenant : « Chapô réécrit. »" in response.content.decode()
    release.refresh_from_db()
    assert release.lead == "Chapô réécrit."


def test_versions_keep_the_related_articles_and_restore_them(client, chef):
    bridge = ArticleFactory(title="Le pont rouvre")
    works = ArticleFactory(title="Les travaux du quai")
    article = ArticleFactory(title="La Meuse en fête")
    article.related.set([bridge])
    client.force_login(chef)
    client.post(change_url(article), article_data(article))
    before = workflow.revisions_of(article).first()

    client.post(change_url(article), article_data(article, related=[str(works.pk)]))

    latest = workflow.revisions_of(article).first()
    assert latest.changed_fields == ["related"]
    comparison = client.get(f"{change_url(article)[:-7]}versions/{before.pk}/").content.decode()
    assert "Actualités liées" in comparison
    assert "Le pont rouvre" in comparison and "Les travaux du quai" in comparison
    response = client.post(f"{change_url(article)[:-7]}versions/{before.pk}/", follow=True)
    assert list(article.related.all()) == [bridge]
    assert "Le pont rouvre" in client.get(article.get_absolute_url()).content.decode()
    assert response.status_code == 200


def test_a_related_article_deleted_since_is_left_out_with_a_note(client, chef):
    bridge = ArticleFactory(title="Le pont rouvre")
    article = ArticleFactory(title="La Meuse en fête")
    article.related.set([bridge])
    client.force_login(chef)
    client.post(change_url(article), article_data(article))
    before = workflow.revisions_of(article).first()
    client.post(change_url(article), article_data(article, related=[]))
    bridge.delete()

    response = client.post(f"{change_url(article)[:-7]}versions/{before.pk}/", follow=True)

    assert list(article.related.all()) == []
    assert "Actualités liées : 1 élément supprimé depuis n’a pas été restauré." in (
        response.content.decode()
    )


def test_conflict_lists_only_what_the_other_person_changed_since_the_form_was_opened(
    client, redacteur, chef
):
    article = ArticleFactory(title="Titre de départ", status=Status.DRAFT)
    article.title = "Titre du chef"
    workflow.save(item=article, user=chef)  # before the form is opened: already seen
    client.force_login(redacteur)
    token = client.get(change_url(article)).context["adminform"].form["edit_token"].value()
    article.lead = "Chapô du chef."
    workflow.save(item=article, user=chef)
    article.body = "<p>Un essai.</p>"
    workflow.save(item=article, user=chef)
    article.body = ArticleFactory.body  # and back: nothing to report
    workflow.save(item=article, user=chef)

    response = client.post(
        change_url(article), article_data(article, title="Titre du rédacteur", edit_token=token)
    )

    messages = list(response.context["adminform"].form.non_field_errors())
    assert messages[0].startswith("Éditeur Namur a enregistré ce contenu le ")
    assert messages[1:-1] == ["Chapô est maintenant : « Chapô du chef. »"]
