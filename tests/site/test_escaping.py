"""Every value a person typed is printed as text: pages, attributes, JSON-LD, feeds, e-mails.

One hostile string goes into every text field editors and journalists fill in; then every public
page, feed and e-mail that shows them is read back. Markup from the string must never come out
live: in HTML it is escaped, in feeds it is plain text, in JSON-LD it cannot close its script.
"""

import json
import re
from datetime import datetime, timedelta
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from accreditations import services as accreditation_services
from accreditations.models import RequestStatus
from press.models import CorrectionNote
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory
from tests.news.factories import ArticleFactory, TopicFactory
from tests.press.factories import PressContactFactory, PressReleaseFactory, pdf_bytes
from tests.public_pages import every_public_page

HOSTILE = "Fête\"><img src=x onerror=alert(1)><script>alert('x')</script>&amp;"
LIVE_MARKUP = ("<script>alert", "<img src=x", "onerror=alert(1)>")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def hostile_site(db):
    """A site where every editor- or visitor-typed text field carries the hostile string."""
    now = timezone.now()
    topic = TopicFactory(name="Thème " + HOSTILE, slug="theme-hostile", description=HOSTILE)
    tag = Tag.objects.create(name="mot " + HOSTILE, slug="mot-hostile")
    article = ArticleFactory(
        title="Actualité " + HOSTILE,
        slug="actualite-hostile",
        lead="Chapô " + HOSTILE,
        topic=topic,
        tags=[tag],
        with_image=True,
        image_alt="Alt " + HOSTILE,
        image_caption="Légende " + HOSTILE,
        image_credit="Crédit " + HOSTILE,
    )
    event = EventFactory(
        title="Événement " + HOSTILE,
        slug="evenement-hostile",
        description=HOSTILE,
        venue="Lieu " + HOSTILE,
        accreditation_opens=now - timedelta(days=1),
        accreditation_closes=now + timedelta(days=5),
        starts=now + timedelta(days=7),
    )
    contact = PressContactFactory(
        first_name="Prénom " + HOSTILE,
        last_name="Nom " + HOSTILE,
        slug="contact-hostile",
        job_title="Fonction " + HOSTILE,
        organisation="Service " + HOSTILE,
    )
    release = PressReleaseFactory(
        title="Communiqué " + HOSTILE,
        slug="communique-hostile",
        lead="Chapô " + HOSTILE,
        place="Namur " + HOSTILE,
        quote_text="Citation " + HOSTILE,
        quote_speaker="Orateur " + HOSTILE,
        quote_role="Rôle " + HOSTILE,
        topic=topic,
        tags=[tag],
        event=event,
        contacts=[contact],
        files=[("Dossier " + HOSTILE, "dossier.pdf", pdf_bytes())],
    )
    CorrectionNote.objects.create(release=release, text="Correction " + HOSTILE)
    page = FlatPage.objects.create(
        url="/mentions-legales/", title="Mentions " + HOSTILE, content="<p>Texte.</p>"
    )
    page.sites.add(Site.objects.get_current())
    accreditation = AccreditationRequestFactory(
        event=event, first_name="Prénom " + HOSTILE, outlet="Média " + HOSTILE
    )
    return {
        "article": article,
        "release": release,
        "event": event,
        "topic": topic,
        "tag": tag,
        "accreditation": accreditation,
    }


def public_pages(site) -> list[str]:
    pages = every_public_page(
        article=site["article"],
        release=site["release"],
        event=site["event"],
        tag=site["tag"],
        accreditation=site["accreditation"],
        search="F%C3%AAte",
    )
    return [*pages, reverse("search") + "?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"]


def assert_no_live_markup(text: str, where: str) -> None:
    for markup in LIVE_MARKUP:
        assert markup not in text, f"{where}: « {markup} » printed as markup"


def test_every_public_page_prints_typed_values_as_text(client, hostile_site):
    for url in public_pages(hostile_site):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_live_markup(response.content.decode(), url)


@pytest.fixture
def january(time_machine):
    time_machine.move_to(
        datetime(2027, 1, 15, 10, 0, tzinfo=ZoneInfo("Europe/Brussels")), tick=False
    )


def test_every_public_page_answers_in_january_too(client, january, hostile_site):
    # Months before October have one digit: the archive's address pads them (/2027/01/).
    assert reverse("news:list") + "2027/01/" in public_pages(hostile_site)
    for url in public_pages(hostile_site):
        assert client.get(url).status_code == 200, url


def test_title_and_open_graph_attributes_hold_the_whole_value(client, hostile_site):
    for url in (hostile_site["article"].get_absolute_url(), "/pages/mentions-legales/"):
        html = client.get(url).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "&lt;script&gt;" in title, url
        og_title = re.search(r'<meta property="og:title" content="([^"]*)">', html).group(1)
        assert "&lt;img src=x" in og_title, url
        assert "&lt;script&gt;" in re.search(r"<h1>(.*?)</h1>", html, re.S).group(1), url


def test_json_ld_cannot_close_its_script_and_keeps_the_value(client, hostile_site):
    for url in (
        hostile_site["article"].get_absolute_url(),
        hostile_site["release"].get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        data = json.loads(payload.group(1))
        assert data["headline"].endswith(HOSTILE), url


FEEDS = [
    ("news:feed-rss", {}),
    ("news:feed-atom", {}),
    ("news:topic-feed-rss", {"slug": "theme-hostile"}),
    ("news:topic-feed-atom", {"slug": "theme-hostile"}),
    ("news:tag-feed-rss", {"slug": "mot-hostile"}),
    ("news:tag-feed-atom", {"slug": "mot-hostile"}),
    ("press:feed-rss", {}),
    ("press:feed-atom", {}),
]


def html_text(fragment: str) -> str:
    """Return what a feed reader shows for an HTML fragment, failing on any live markup."""
    assert_no_live_markup(fragment, "feed")
    assert "<" not in fragment
    from html import unescape

    return unescape(fragment)


@pytest.mark.parametrize(("name", "kwargs"), FEEDS)
def test_feeds_carry_titles_and_summaries_as_plain_text(client, hostile_site, name, kwargs):
    root = ElementTree.fromstring(client.get(reverse(name, kwargs=kwargs)).content)
    if root.tag == "rss":
        # RSS 2.0 readers render titles and descriptions as HTML: they must hold escaped text.
        channel = root.find("channel")
        items = channel.findall("item")
        assert items
        html_text(channel.findtext("title"))
        for item in items:
            assert HOSTILE in html_text(item.findtext("title"))
            assert HOSTILE in html_text(item.findtext("description"))
    else:
        entries = root.findall(f"{ATOM}entry")
        assert entries
        author = root.find(f"{ATOM}author")
        assert author is not None and author.findtext(f"{ATOM}name") == "Ville de Namur"
        for entry in entries:
            for element in (entry.find(f"{ATOM}title"), entry.find(f"{ATOM}summary")):
                assert element.get("type", "text") == "text"
                assert HOSTILE in element.text


def test_accreditation_emails_print_typed_values_as_text(
    db, hostile_site, django_capture_on_commit_callbacks
):
    accreditation = AccreditationRequestFactory(
        event=hostile_site["event"],
        first_name="Claire " + HOSTILE,
        last_name="Dumont " + HOSTILE,
        outlet="Média " + HOSTILE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        accreditation_services.decide(
            requests=[accreditation], status=RequestStatus.REJECTED, reason="Motif " + HOSTILE
        )
    assert mail.outbox
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert_no_live_markup(html, message.subject)
        assert "&lt;script&gt;" in html
        assert HOSTILE in message.body


def test_admin_pages_print_typed_values_as_text(client, hostile_site, admin_user):
    accreditation = AccreditationRequestFactory(
        event=hostile_site["event"], first_name=HOSTILE, outlet=HOSTILE, remarks=HOSTILE
    )
    article, release = hostile_site["article"], hostile_site["release"]
    client.force_login(admin_user)
    urls = [
        reverse("admin:index"),
        reverse("admin:news_article_changelist"),
        reverse("admin:news_article_change", args=[article.pk]),
        reverse("admin:news_article_versions", args=[article.pk]),
        reverse("admin:press_pressrelease_changelist"),
        reverse("admin:press_pressrelease_change", args=[release.pk]),
        reverse("admin:press_presscontact_changelist"),
        reverse("admin:accreditations_event_changelist"),
        reverse("admin:accreditations_accreditationrequest_changelist"),
        reverse("admin:accreditations_accreditationrequest_change", args=[accreditation.pk]),
        reverse("admin:flatpages_flatpage_changelist"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_live_markup(response.content.decode(), url)
