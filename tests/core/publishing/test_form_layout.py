"""The change form as an editor opens it: the state and the buttons at the top and the bottom."""

import re

import pytest

from core.models import Status
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def change_form(client, article) -> str:
    return client.get(f"/admin/news/article/{article.pk}/change/").content.decode()


def submit_buttons(html: str) -> list[str]:
    """Return the name=value of each submit button of the form, in document order."""
    form = html[html.index('id="article_form"') :]
    buttons = re.findall(r'<(?:button|input) type="submit"[^>]*>', form)
    return [
        "=".join(re.search(rf'{attr}="([^"]*)"', b).group(1) for attr in ("name", "value"))
        for b in buttons
        if 'name="' in b
    ]


def test_the_workflow_buttons_are_at_the_top_and_at_the_bottom(client, chef):
    article = ArticleFactory(status=Status.REVIEW, publication_date=None)
    client.force_login(chef)

    html = change_form(client, article)
    buttons = submit_buttons(html)

    assert buttons.count("_workflow=publish") == 2
    assert buttons.count("_workflow=schedule") == 2
    top = html.index('class="workflow-bar"')
    assert top < html.index('name="title"') < html.rindex('name="_workflow" value="publish"')
    assert "État :" in html[top : html.index('name="title"')]


def test_enter_in_a_field_saves_and_publishes_nothing(client, chef):
    # Browsers submit a form with its first submit button when Enter is pressed in a field.
    article = ArticleFactory(status=Status.DRAFT, publication_date=None)
    client.force_login(chef)

    assert submit_buttons(change_form(client, article))[0] == "_save=Enregistrer"


def test_a_redacteur_gets_the_submit_button_at_the_top_only_once_per_place(client, redacteur):
    article = ArticleFactory(status=Status.DRAFT, publication_date=None)
    client.force_login(redacteur)

    buttons = submit_buttons(change_form(client, article))

    assert buttons.count("_workflow=submit") == 2
    assert "_workflow=publish" not in buttons
