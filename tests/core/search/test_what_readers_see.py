"""Search finds every text a reader sees on a page, kept current, with one word rule everywhere.

Each test runs on the database of the session: SQLite (FTS5 of French stems) or PostgreSQL
(full-text search, ``french_unaccent``); both must answer the same.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from news.models import Article
from press import services
from press.models import Attachment, PressContact, PressRelease, ReleaseContact
from tests.news.factories import ArticleFactory
from tests.press.factories import PressContactFactory, PressReleaseFactory, pdf_bytes

pytestmark = pytest.mark.django_db


def page(client, query: str) -> str:
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def titles(client, query: str) -> list[str]:
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    return [result.item.title for result in response.context["results"]]


@pytest.fixture
def release():
    return PressReleaseFactory(
        title="Visite d’une délégation québécoise",
        lead="La Ville accueille ses partenaires.",
        body="<p>Une convention culturelle sera signée.</p>",
        quote_text="Des échanges des deux côtés de l’Atlantique.",
        quote_speaker="Julien Dumonceau",
        quote_role="bourgmestre de Namur",
        editors_notes="<p>Un espace de travail avec Wi-Fi est prévu.</p>",
        tags=["jumelage"],
        contacts=[PressContactFactory(first_name="Ophélie", last_name="Vandeputte")],
        files=[("Programme détaillé de la visite", "programme.pdf", pdf_bytes())],
    )


@pytest.mark.parametrize(
    "query",
    [
        "Atlantique",  # the quote
        "Dumonceau",  # its speaker
        "bourgmestre",  # the speaker's role
        "Wi-Fi",  # the notes to editors
        "wi-fi",
        "programme détaillé",  # an attachment's title
        "Vandeputte",  # a contact
        "Ophélie Vandeputte",
        "jumelage",  # a tag
    ],
)
def test_every_text_of_a_release_page_is_found(client, release, query):
    assert titles(client, query) == ["Visite d’une délégation québécoise"]


def test_the_release_number_is_found_whole_or_in_parts(client, release):
    number = release.number  # CP-<year>-001: the year is the publication's

    assert titles(client, number) == [release.title]
    assert titles(client, number.lower()) == [release.title]
    assert titles(client, f'"{number}"') == [release.title]


def test_the_excerpt_shows_a_match_outside_lead_and_body(client, release):
    html = page(client, "Atlantique")

    assert "<mark>Atlantique</mark>" in html


def test_an_article_caption_credit_and_tags_are_found(client):
    ArticleFactory(
        title="Travaux place d’Armes",
        with_image=True,
        image_caption="La fontaine restaurée",
        image_credit="© Studio Meuse",
        tags=["chantier"],
    )

    for query in ("fontaine", "Studio Meuse", "chantier"):
        assert titles(client, query) == ["Travaux place d’Armes"], query


def test_a_corrected_caption_in_the_library_is_found(client):
    article = ArticleFactory(title="Travaux place d’Armes", with_image=True)
    image = article.image
    image.caption = "La fontaine restaurée"
    image.save()

    assert titles(client, "fontaine") == ["Travaux place d’Armes"]


def test_the_document_follows_attachments_added_renamed_and_removed(client, release):
    services.attach_file(
        release=release,
        title="Plan d’accès au Grognon",
        file=ContentFile(pdf_bytes()),
        name="plan.pdf",
    )
    assert titles(client, "Grognon") == [release.title]

    attachment = Attachment.objects.get(title="Plan d’accès au Grognon")
    attachment.title = "Plan d’accès à l’Hôtel de Ville"
    attachment.save()
    assert titles(client, "Grognon") == []
    assert titles(client, "plan d’accès") == [release.title]

    attachment.delete()
    assert titles(client, "plan d’accès") == []


def test_the_document_follows_a_contact_renamed_or_taken_off(client, release):
    contact = PressContact.objects.get(last_name="Vandeputte")
    contact.last_name = "Lambotte"
    contact.save()

    assert titles(client, "Vandeputte") == []
    assert titles(client, "Lambotte") == [release.title]

    ReleaseContact.objects.filter(release=release).delete()
    assert titles(client, "Lambotte") == []


def test_the_document_follows_tags_set(client, release):
    release.tags.set(["coopération"])

    assert titles(client, "jumelage") == []
    assert titles(client, "coopération") == [release.title]


def test_deleting_a_release_with_its_attachments_and_contacts_leaves_search_working(
    client, release
):
    release.delete()

    assert titles(client, "Dumonceau") == []
    assert PressContact.objects.filter(last_name="Vandeputte").exists()


STOP_WORD_QUERIES = ["a", "A", "la", "de la", "à", "y", "le la les", "l’", "et ou", '"de la"']


@pytest.mark.parametrize("query", STOP_WORD_QUERIES)
def test_a_query_of_stop_words_or_single_letters_says_so(client, release, query):
    ArticleFactory(title="Il y a la Citadelle", lead="À la une.", body="<p>a b c</p>")

    response = client.get("/recherche/", {"q": query})

    html = response.content.decode()
    assert response.context["results"] == []
    assert "ne contient que des mots trop courants" in html
    assert "La recherche ignore les lettres seules et les mots très courants" in html
    assert "résultat" not in html.split('id="results-title"')[1].split("</h2>")[0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("la Citadelle", ["Il y a la Citadelle"]),
        ("a Citadelle", ["Il y a la Citadelle"]),
        ('"y a la Citadelle"', ["Il y a la Citadelle"]),
        ("Citadelle -a", ["Il y a la Citadelle"]),
        ("b Citadelle", ["Il y a la Citadelle"]),
        ("x Citadelle", ["Il y a la Citadelle"]),
    ],
)
def test_stop_words_and_single_letters_beside_a_word_are_ignored(client, query, expected):
    ArticleFactory(title="Il y a la Citadelle", lead="À la une.", body="<p>a b c</p>")

    assert titles(client, query) == expected
    assert "trop courants" not in page(client, query)


def test_a_query_without_any_word_is_not_called_too_common(client, release):
    html = page(client, "!!! -")

    assert "trop courants" not in html
    assert "Aucun résultat pour « !!! - »" in html


def test_rebuild_covers_documents_written_by_an_older_version(client, release):
    PressRelease.objects.filter(pk=release.pk).update(search_document="")
    assert titles(client, "Dumonceau") == []

    call_command("rebuild_search_index", stdout=io.StringIO())

    assert titles(client, "Dumonceau") == [release.title]


def test_the_demo_is_found_by_what_its_readers_see(client):
    call_command("load_demo", stdout=io.StringIO())
    numbered = PressRelease.objects.live().exclude(number=None).order_by("number")

    for query in ("Atlantique", "Dumonceau", "Wi-Fi", numbered.first().number):
        assert titles(client, query), query
    assert titles(client, numbered.first().number) == [numbered.first().title]
    for query in ("a", "la"):
        assert "ne contient que des mots trop courants" in page(client, query)
    assert Article.objects.live().exists()
