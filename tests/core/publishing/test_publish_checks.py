"""The checks before publishing in the admin: the panel beside the form, its address, and the
warning after a submission or a publication (never a refusal)."""

import json
import re

import pytest
from django.contrib.messages import get_messages

from core.models import Status
from news.models import Article
from tests.core.publishing.conftest import article_data, release_data
from tests.news.factories import ArticleFactory, library_image
from tests.press.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db

VAGUE = '<p>Pour s’inscrire, <a href="https://www.namur.be/">cliquez ici</a>.</p>'


def change_url(item) -> str:
    return f"/admin/{item._meta.app_label}/{item._meta.model_name}/{item.pk}/change/"


def panel(html: str) -> str:
    return re.search(r'<section class="module publish-checks".*?</section>', html, re.S).group(0)


def test_the_panel_beside_the_form_shows_what_the_stored_text_needs(client, redacteur):
    article = ArticleFactory(status=Status.DRAFT, publication_date=None, body=VAGUE + "<h3>A</h3>")
    client.force_login(redacteur)

    found = panel(client.get(change_url(article)).content.decode())

    assert "Vérifications avant publication" in found
    assert '<p class="publish-checks-summary" role="status">2 points à revoir.</p>' in found
    assert "<strong>Texte</strong> — Le lien « cliquez ici » ne dit pas où il mène." in found
    assert "Le texte commence par un intertitre de niveau 3 (« A »)." in found
    assert 'data-checks-url="/admin/news/article/verifications/"' in found
    # The lead image is a library image: the checks read the chosen one's alternative text.
    assert 'data-fields="body image"' in found and 'data-image-field=""' in found


def test_the_add_form_has_the_panel_too(client, redacteur):
    client.force_login(redacteur)

    found = panel(client.get("/admin/press/pressrelease/add/").content.decode())

    assert "Rien à signaler" in found
    assert 'data-fields="body editors_notes"' in found


def test_the_checks_address_answers_for_what_the_editor_typed(client, redacteur):
    client.force_login(redacteur)
    image = library_image(alt="IMG_1234.jpg")

    answer = client.post(
        "/admin/news/article/verifications/",
        {"body": VAGUE, "image": str(image.pk), "title": "ignoré"},
    )

    assert answer.status_code == 200 and answer["Cache-Control"].startswith("max-age=0")
    data = json.loads(answer.content)
    assert data["count"] == 2 and data["summary"] == "2 points à revoir."
    assert "<strong>Texte</strong> — Le lien « cliquez ici » ne dit pas où il mène." in data["html"]
    assert (
        "<strong>Image principale</strong> — Le texte alternatif « IMG_1234.jpg » est un nom de "
        "fichier." in data["html"]
    )
    # What would be sanitised away is not checked: the check sees what will be saved.
    answer = client.post(
        "/admin/news/article/verifications/", {"body": '<script>alert("ici")</script><p>Bien.</p>'}
    )
    assert json.loads(answer.content)["count"] == 0


def test_the_checks_address_escapes_what_it_quotes(client, redacteur):
    client.force_login(redacteur)

    image = library_image(alt="<b>x</b>.png")
    answer = client.post("/admin/news/article/verifications/", {"body": "", "image": str(image.pk)})

    html = json.loads(answer.content)["html"]
    assert "&lt;b&gt;x&lt;/b&gt;.png" in html and "<b>" not in html


def test_the_checks_address_is_for_editors_posting(client, django_user_model, redacteur):
    assert client.post("/admin/news/article/verifications/").status_code == 302  # sign in first
    client.force_login(redacteur)
    assert client.get("/admin/news/article/verifications/").status_code == 405
    reader = django_user_model.objects.create_user("lecteur", is_staff=True)
    client.force_login(reader)
    assert client.post("/admin/news/article/verifications/", {"body": VAGUE}).status_code == 403


@pytest.mark.parametrize(
    ("factory", "data", "action", "state"),
    [
        (ArticleFactory, article_data, "submit", Status.REVIEW),
        (PressReleaseFactory, release_data, "submit", Status.REVIEW),
        (ArticleFactory, article_data, "publish", Status.PUBLISHED),
    ],
)
def test_submitting_saves_then_warns_with_how_to_fix(
    client, redacteur, chef, factory, data, action, state
):
    item = factory(status=Status.DRAFT, publication_date=None)
    client.force_login(chef if action == "publish" else redacteur)

    response = client.post(
        change_url(item), data(item, body=VAGUE + "<h2></h2>", _workflow=action), follow=True
    )

    assert type(item).objects.get(pk=item.pk).status == state  # a warning, never a block
    [*_done, warning] = get_messages(response.wsgi_request)
    assert warning.level_tag == "warning"
    text = str(warning)
    assert text.startswith("Vérifications avant publication : 2 points à revoir. Ce n’est pas")
    assert "<li><strong>Texte</strong> — Le lien « cliquez ici » ne dit pas où il mène. " in text
    assert "le titre de la page visée" in text  # how to fix it
    assert "Un intertitre de niveau 2 est vide." in text
    page = response.content.decode()
    assert '<li class="warning">Vérifications avant publication' in page
    assert '<ul class="publish-checks-list"><li><strong>Texte</strong>' in page


def test_a_plain_save_or_a_clean_text_brings_no_warning(client, redacteur):
    item = ArticleFactory(status=Status.DRAFT, publication_date=None)
    client.force_login(redacteur)

    saved = client.post(change_url(item), data := article_data(item, body=VAGUE), follow=True)
    clean = client.post(
        change_url(item), {**data, "body": "<p>Bien écrit.</p>", "_workflow": "submit"}, follow=True
    )

    for response in (saved, clean):
        assert all(m.level_tag != "warning" for m in get_messages(response.wsgi_request))
    assert Article.objects.get().status == Status.REVIEW
