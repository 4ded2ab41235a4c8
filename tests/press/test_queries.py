"""Every press page costs a fixed number of SQL queries, however much content there is."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accreditations.models import RequestStatus
from press import services
from press.models import PressRelease, ReleaseContact
from tests.accreditations.factories import AccreditationRequestFactory, EventFactory
from tests.press.factories import (
    PressContactFactory,
    PressReleaseFactory,
    TopicFactory,
    brussels,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db

PAGES = {
    "list": "/presse/",
    "year": "/presse/?annee=2026",
    "tag": "/presse/tag/commun/",
    "office": "/presse/espace-presse/",
    "detail": "/presse/communique-0/",
    "rss": "/presse/flux.rss",
    "atom": "/presse/flux.atom",
    "vcard": "/presse/contacts/contact-0.vcf",
    "sitemap": "/sitemap.xml",
}
BUDGET = 6  # the detail page: release and topic, tags, corrections, attachments, contacts, event


def build(count: int, *, prefix: str, contacts=None, event=None) -> None:
    contacts = contacts or [
        PressContactFactory(slug=f"contact-{n}", press_office=True) for n in range(2)
    ]
    event = event or EventFactory()
    topic = TopicFactory()
    for n in range(count):
        release = PressReleaseFactory(
            slug=f"{prefix}-{n}",
            topic=topic,
            event=event,
            publication_date=brussels(2026, 1, 1 + n % 28, 10),
            tags=["commun", f"tag-{n}"],
            contacts=contacts,
            files=[(f"Pièce {i}", f"piece-{i}.pdf", pdf_bytes()) for i in range(2)],
        )
        release.corrections.create(date=brussels(2026, 2, 1).date(), text="Corrigé.")
    AccreditationRequestFactory.create_batch(count, event=event, status=RequestStatus.APPROVED)


def grow_first_release() -> None:
    """Give the release of the detail page more of everything it shows."""
    release = PressRelease.objects.get(slug="communique-0")
    for n in range(3):
        ReleaseContact.objects.create(
            release=release, contact=PressContactFactory(), position=n + 5
        )
        services.attach_file(
            release=release, title=f"Annexe {n}", file=ContentFile(pdf_bytes()), name="annexe.pdf"
        )
        release.corrections.create(date=brussels(2026, 2, 2 + n).date(), text="Corrigé encore.")
    release.tags.add("plus", "encore")


def count_queries(client, url: str) -> int:
    """The queries of a page between two changes: the parts computed once per change (counts,
    years, the next scheduled moment) are computed by a first request."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_query_count_does_not_grow_with_content(client, url, time_machine):
    time_machine.move_to(brussels(2026, 3, 1, 10), tick=False)
    build(3, prefix="communique")
    small = count_queries(client, url)
    build(
        25,
        prefix="autre",
        contacts=[PressContactFactory(), PressContactFactory()],
        event=EventFactory(slug="autre"),
    )
    grow_first_release()
    large = count_queries(client, url)

    assert small == large, (small, large)
    assert large <= BUDGET
