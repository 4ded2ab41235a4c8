"""Hidden releases (draft, in review, scheduled, expired, unpublished) appear nowhere public."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import Status
from tests.press.factories import PressContactFactory, PressReleaseFactory, TopicFactory, brussels

pytestmark = pytest.mark.django_db

EMBARGO_END = timezone.now() + timedelta(days=3)
HIDDEN_KINDS = {
    "draft": {"status": Status.DRAFT},
    "in-review": {"status": Status.REVIEW},
    "unpublished": {"status": Status.UNPUBLISHED},
    "scheduled": {"publication_date": timezone.now() + timedelta(days=3)},
    "embargoed": {"publication_date": EMBARGO_END, "embargo_until": EMBARGO_END},
    "expired": {
        "publication_date": timezone.now() - timedelta(days=10),
        "expiry_date": timezone.now() - timedelta(days=1),
    },
}
SECRET = "Titre-secret-non-publié"


@pytest.fixture(params=HIDDEN_KINDS.values(), ids=HIDDEN_KINDS.keys())
def hidden(request):
    topic = TopicFactory(name="Culture", slug="culture")
    visible = PressReleaseFactory(topic=topic, tags=["citadelle"])
    fields = {"publication_date": visible.publication_date} | request.param
    release = PressReleaseFactory(
        title=SECRET,
        slug="secret",
        lead=SECRET,
        topic=topic,
        tags=["citadelle", "secret"],
        contacts=[PressContactFactory(slug="contact-secret")],
        **fields,
    )
    return {"release": release, "visible": visible}


def test_hidden_release_appears_on_no_public_page(client, hidden):
    year = timezone.localtime(hidden["visible"].publication_date).year
    urls = [
        "/",
        "/presse/",
        f"/presse/?annee={year}",
        "/presse/espace-presse/",
        "/presse/tag/citadelle/",
        hidden["visible"].get_absolute_url(),
        "/presse/flux.rss",
        "/presse/flux.atom",
        "/sitemap.xml",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert SECRET not in html, url
        assert "/presse/secret/" not in html, url
        assert "contact-secret" not in html, url


def test_hidden_release_its_only_tag_and_year_and_its_contact_are_404(client, hidden):
    assert client.get("/presse/secret/").status_code == 404
    assert client.get("/presse/tag/secret/").status_code == 404
    assert client.get("/presse/contacts/contact-secret.vcf").status_code == 404


def test_a_year_with_only_hidden_releases_is_404(client):
    PressReleaseFactory(status=Status.DRAFT, publication_date=brussels(2019, 5, 1, 10))

    assert client.get("/presse/?annee=2019").status_code == 404


def test_a_scheduled_release_appears_by_itself_at_its_time(client, time_machine):
    moment = brussels(2026, 12, 1, 10)
    time_machine.move_to(moment - timedelta(days=1), tick=False)
    PressReleaseFactory(title=SECRET, slug="secret", publication_date=moment)

    time_machine.move_to(moment - timedelta(seconds=1), tick=False)
    assert client.get("/presse/secret/").status_code == 404
    assert SECRET not in client.get("/presse/flux.rss").content.decode()

    time_machine.move_to(moment, tick=False)
    assert client.get("/presse/secret/").status_code == 200
    assert SECRET in client.get("/presse/").content.decode()
    assert SECRET in client.get("/presse/flux.rss").content.decode()


@pytest.mark.parametrize(
    ("permissions", "status_code"),
    [((), 404), (("view_pressrelease",), 404), (("change_pressrelease",), 200)],
    ids=["staff-without-permission", "staff-who-may-only-view", "editor-who-may-change"],
)
def test_only_staff_who_may_change_preview_a_hidden_release(
    client, hidden, make_staff, permissions, status_code
):
    client.force_login(make_staff("agent", *permissions))

    response = client.get("/presse/secret/")

    assert response.status_code == status_code
    if status_code == 200:
        html = response.content.decode()
        assert "Aperçu — non publié" in html
        assert SECRET in html
        assert "no-cache" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert "application/ld+json" not in html
