"""A Rédacteur's change to a published item waits for review; the public page stays as it was."""

import pytest
from django.test import Client

from core.models import Proposal, Revision, Status
from core.publishing import proposals, workflow
from news.models import Article
from tests.core.publishing.conftest import article_data
from tests.core.publishing.test_inline_versions import contacts_on_page, form_data
from tests.news.factories import ArticleFactory
from tests.press.factories import PressContactFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db

WAITS = "attend d’être relue et publiée"


def admin_url(item, tail="change/"):
    return f"/admin/{item._meta.app_label}/{item._meta.model_name}/{item.pk}/{tail}"


def public_text(item) -> str:
    return Client().get(item.get_absolute_url()).content.decode()


@pytest.fixture
def article():
    return ArticleFactory(title="Le pont rouvre", body="<p>Le pont rouvre lundi.</p>")


def propose(client, user, article, **changes):
    client.force_login(user)
    return client.post(admin_url(article), article_data(article, **changes), follow=True)


def test_a_redacteur_change_to_a_live_article_waits_and_the_chief_publishes_it(
    client, redacteur, chef, article, committed, purge_log
):
    with committed():
        response = propose(client, redacteur, article, body="<p>Le pont rouvre mardi.</p>")

    assert WAITS in response.content.decode()
    assert purge_log.purges == []
    assert "lundi" in public_text(article) and "mardi" not in public_text(article)
    assert Article.objects.get().body == "<p>Le pont rouvre lundi.</p>"
    assert not workflow.revisions_of(article).exists()  # nothing changed in the history
    pending = proposals.pending_of(article)
    assert pending.user == redacteur and pending.changed_fields == ["body"]

    # The chief editor finds it on the desk, « À relire », and compares it with the published text.
    client.force_login(chef)
    dashboard = client.get("/admin/").content.decode()
    assert "modification de la version publiée, proposée par Rédacteur Namur" in dashboard
    assert f'<a href="{admin_url(article, "modification/")}">Le pont rouvre</a>' in dashboard
    comparison = client.get(admin_url(article, "modification/")).content.decode()
    assert "<del>lundi.</del>" in comparison and "<ins>mardi.</ins>" in comparison
    assert "Publier la modification" in comparison

    with committed():
        response = client.post(admin_url(article, "modification/"), {"_publish": "1"}, follow=True)

    assert "proposée par Rédacteur Namur est publiée" in response.content.decode()
    assert any(f"news.article:{article.pk}" in purge for purge in purge_log.purges)
    assert "mardi" in public_text(article) and "lundi" not in public_text(article)
    assert proposals.pending_of(article) is None
    assert Revision.objects.get(pk=pending.pk).proposal == Proposal.PUBLISHED
    latest = workflow.revisions_of(article).first()
    assert latest.comment == "Modification de Rédacteur Namur publiée"
    assert latest.user == chef and latest.changed_fields == ["body"]
    assert "modification de la version publiée" not in client.get("/admin/").content.decode()


def test_the_redacteur_keeps_editing_the_one_pending_version(client, redacteur, article):
    propose(client, redacteur, article, body="<p>Le pont rouvre mardi.</p>")

    response = client.get(admin_url(article))

    html = response.content.decode()
    assert "Modification en attente de relecture" in html
    assert "Ce formulaire montre la modification proposée par Rédacteur Namur" in html
    form = response.context["adminform"].form
    assert form["body"].value() == "<p>Le pont rouvre mardi.</p>"
    # The next save starts from the pending version and updates it.
    propose(client, redacteur, article, title="Le pont rouvre enfin", body=form["body"].value())
    pending = Revision.objects.get(proposal=Proposal.PENDING)
    assert (pending.data["title"], pending.data["body"]) == (
        "Le pont rouvre enfin",
        "<p>Le pont rouvre mardi.</p>",
    )
    assert set(pending.changed_fields) == {"title", "body"}
    assert Article.objects.get().title == "Le pont rouvre"
    dashboard = client.get("/admin/").content.decode()
    assert "Vos modifications en attente (actualités)" in dashboard

    # Saving the published text again leaves nothing to review.
    response = propose(client, redacteur, article)
    assert "rien ne diffère de la version publiée" in response.content.decode()
    assert not Revision.objects.filter(proposal=Proposal.PENDING).exists()


def test_a_discarded_change_leaves_the_page_and_the_redacteur_is_told_why(
    client, redacteur, chef, article, committed, purge_log
):
    propose(client, redacteur, article, body="<p>Le pont rouvre mardi.</p>")
    client.force_login(chef)

    response = client.post(
        admin_url(article, "modification/"), {"_discard": "1", "reason": "x" * 501}
    )
    assert "Le motif est trop long" in response.content.decode()
    assert proposals.pending_of(article) is not None

    with committed():
        response = client.post(
            admin_url(article, "modification/"),
            {"_discard": "1", "reason": "La date n’est pas confirmée."},
            follow=True,
        )

    assert "est écartée : la version publiée reste inchangée" in response.content.decode()
    assert purge_log.purges == []
    assert "lundi" in public_text(article) and "mardi" not in public_text(article)
    assert proposals.pending_of(article) is None
    client.force_login(redacteur)
    form = client.get(admin_url(article)).content.decode()
    assert "Modification écartée" in form
    assert "a été écartée par Éditeur Namur le " in form
    assert "Motif : « La date n’est pas confirmée. »" in form
    dashboard = client.get("/admin/").content.decode()
    assert "Vos modifications écartées (actualités)" in dashboard
    assert "« La date n’est pas confirmée. »" in dashboard


def test_only_who_may_publish_publishes_or_discards(client, redacteur, article):
    propose(client, redacteur, article, body="<p>Le pont rouvre mardi.</p>")

    comparison = client.get(admin_url(article, "modification/")).content.decode()

    assert "<ins>mardi.</ins>" in comparison and "Publier la modification" not in comparison
    assert client.post(admin_url(article, "modification/"), {"_publish": "1"}).status_code == 403
    with pytest.raises(workflow.WorkflowError):
        proposals.publish(revision=proposals.pending_of(article), user=redacteur)
    assert "mardi" not in public_text(article)


def test_a_publisher_save_goes_live_at_once(client, chef, article):
    client.force_login(chef)

    client.post(admin_url(article), article_data(article, body="<p>Le pont rouvre mardi.</p>"))

    assert "mardi" in public_text(article)
    assert not Revision.objects.exclude(proposal="").exists()


def test_a_release_contact_order_waits_for_the_press_service(
    client, redacteur, make_member, committed, purge_log
):
    first = PressContactFactory(first_name="Anne", last_name="Dufour")
    second = PressContactFactory(first_name="Bruno", last_name="Lambert")
    release = PressReleaseFactory(contacts=[first, second])
    link_first, link_second = release.release_contacts.all()
    client.force_login(redacteur)

    with committed():
        client.post(
            admin_url(release), form_data(release, contacts={link_first.pk: 2, link_second.pk: 1})
        )

    assert purge_log.purges == []
    assert contacts_on_page(release) == [first, second]
    assert proposals.pending_of(release).changed_fields == ["release_contacts"]
    # The Rédacteur's form shows the proposed order.
    formsets = client.get(admin_url(release)).context["inline_admin_formsets"]
    contacts = next(f.formset for f in formsets if f.formset.prefix == "release_contacts")
    assert {form.instance.contact: form.instance.position for form in contacts.forms[:2]} == {
        first: 2,
        second: 1,
    }

    client.force_login(make_member("Service presse", "presse"))
    assert "Communiqué de presse · modification de la version publiée" in (
        client.get("/admin/").content.decode()
    )
    comparison = client.get(admin_url(release, "modification/")).content.decode()
    assert f"<li>1. <ins>{second}</ins></li><li>2. {first}</li><li><del>{second}</del></li>" in (
        comparison
    )
    with committed():
        client.post(admin_url(release, "modification/"), {"_publish": "1"})

    assert any(f"press.pressrelease:{release.pk}" in purge for purge in purge_log.purges)
    assert contacts_on_page(release) == [second, first]
    assert workflow.revisions_of(release).first().changed_fields == ["release_contacts"]


def test_staff_preview_the_pending_version_at_the_real_address(client, redacteur, article):
    propose(client, redacteur, article, body="<p>Le pont rouvre mardi.</p>")
    url = article.get_absolute_url() + "?version=pending"

    preview = client.get(url)

    html = preview.content.decode()
    assert "mardi" in html and "lundi" not in html
    assert "Aperçu — non publié" in html
    assert "no-cache" in preview["Cache-Control"] and preview["X-Robots-Tag"] == "noindex"
    assert "mardi" not in client.get(article.get_absolute_url()).content.decode()
    assert Article.objects.get().body == "<p>Le pont rouvre lundi.</p>"
    public = Client().get(url)
    assert public.status_code == 200
    assert "lundi" in public.content.decode() and "mardi" not in public.content.decode()
    assert "Aperçu" not in public.content.decode()


def test_previewing_an_item_without_pending_version_is_a_404(client, redacteur, article):
    client.force_login(redacteur)

    assert client.get(article.get_absolute_url() + "?version=pending").status_code == 404


def test_two_redacteurs_editing_the_pending_version_meet_the_conflict_check(
    client, redacteur, make_member, article
):
    propose(client, redacteur, article, body="<p>Le pont rouvre mardi.</p>")
    token = client.get(admin_url(article)).context["adminform"].form["edit_token"].value()
    other = Client()
    propose(other, make_member("Rédacteur", "autre"), article, title="Le pont rouvre mardi")

    response = client.post(
        admin_url(article),
        article_data(article, lead="Un autre chapô.", edit_token=token),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Rédacteur Namur a enregistré ce contenu le " in html
    assert "Titre est maintenant : « Le pont rouvre mardi »" in html
    assert proposals.pending_of(article).data["lead"] == article.lead


def test_a_publish_meanwhile_makes_the_redacteur_form_stale(client, redacteur, chef, article):
    client.force_login(redacteur)
    token = client.get(admin_url(article)).context["adminform"].form["edit_token"].value()
    article.title = "Titre du chef"
    workflow.save(item=article, user=chef)

    response = client.post(
        admin_url(article), article_data(article, body="<p>Autre.</p>", edit_token=token)
    )

    assert "Éditeur Namur a enregistré ce contenu le " in response.content.decode()
    assert proposals.pending_of(article) is None


def test_restoring_an_old_version_of_a_live_article_is_proposed(client, redacteur, chef, article):
    workflow.ensure_baseline(article)
    old = workflow.revisions_of(article).get()
    article.body = "<p>Le pont reste fermé.</p>"
    workflow.save(item=article, user=chef)
    client.force_login(redacteur)

    response = client.post(admin_url(article, f"versions/{old.pk}/"), follow=True)

    assert WAITS in response.content.decode()
    assert "fermé" in public_text(article)
    assert proposals.pending_of(article).data["body"] == "<p>Le pont rouvre lundi.</p>"


def test_a_draft_is_still_saved_at_once_by_the_redacteur(client, redacteur):
    draft = ArticleFactory(status=Status.DRAFT, body="<p>Premier jet.</p>")
    client.force_login(redacteur)

    client.post(admin_url(draft), article_data(draft, body="<p>Second jet.</p>"))

    assert Article.objects.get().body == "<p>Second jet.</p>"
    assert not Revision.objects.exclude(proposal="").exists()


def test_a_conflict_on_the_pending_version_lists_only_the_other_redacteur_s_change(
    client, redacteur, make_member, article
):
    # The redacteur proposes a new body, and reopens the form showing it.
    propose(client, redacteur, article, body="<p>Le pont rouvre mardi.</p>")
    token = client.get(admin_url(article)).context["adminform"].form["edit_token"].value()
    # Another one, on the same pending version, changes the title only.
    other = Client()
    other.force_login(make_member("Rédacteur", "autre"))
    shown = other.get(admin_url(article)).context["adminform"].form
    other.post(
        admin_url(article),
        article_data(
            article,
            title="Le pont rouvre mardi",
            body="<p>Le pont rouvre mardi.</p>",
            edit_token=shown["edit_token"].value(),
        ),
    )

    response = client.post(
        admin_url(article),
        article_data(article, lead="Un autre chapô.", edit_token=token),
    )

    messages = list(response.context["adminform"].form.non_field_errors())
    assert messages[0].startswith("Rédacteur Namur a enregistré ce contenu le ")
    assert messages[1:-1] == ["Titre est maintenant : « Le pont rouvre mardi »"]
