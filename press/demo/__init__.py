"""Demo press releases of the City of Namur, their contacts, attachments and corrections.

``releases.json`` holds each release's fields; its body is ``bodies/<slug>.html``, its notes to
editors ``notes/<slug>.html`` and its files ``attachments/<name>``. Loading creates only what is
missing (contacts by slug, releases by slug, with their links, files and corrections): an
existing item is never changed. Releases go through ``services.save_release``, which numbers them;
one whose event (``event``, a slug of the accreditations' demo) is missing goes without it.
"""

from datetime import date

from django.core.files.base import ContentFile

from accreditations.models import Event
from core.demo_helpers import DemoFiles, missing, moment, summary
from core.models import Status
from news.demo import load_topics
from news.models import Topic
from press import services
from press.models import CorrectionNote, PressContact, PressRelease, ReleaseContact

DATA = DemoFiles(__name__)
# Two releases go with demo events: ``load_demo`` loads those first.
REQUIRES = ("accreditations",)


def _create_contacts() -> int:
    rows = missing(DATA.json("contacts.json"), PressContact)
    for row in rows:
        contact = PressContact(**row)
        contact.full_clean()  # writes the phone number in E.164
        contact.save()
    return len(rows)


def _create(row: dict, topics: dict[str, Topic], contacts: dict[str, PressContact]) -> PressRelease:
    slug = row["slug"]
    quote = row.get("quote", {})
    release = PressRelease(
        slug=slug,
        status=Status.PUBLISHED,
        publication_date=moment(row["published"]),
        title=row["title"],
        lead=row["lead"],
        body=DATA.text("bodies", f"{slug}.html"),
        quote_text=quote.get("text", ""),
        quote_speaker=quote.get("speaker", ""),
        quote_role=quote.get("role", ""),
        editors_notes=DATA.text("notes", f"{slug}.html"),
        topic=topics[row["topic"]],
        event=Event.objects.filter(slug=row.get("event")).first(),
    )
    release.full_clean(exclude=["number"])
    services.save_release(release=release)
    release.tags.set(row["tags"])
    for position, contact in enumerate(row["contacts"]):
        ReleaseContact.objects.create(release=release, contact=contacts[contact], position=position)
    for position, attachment in enumerate(row.get("attachments", ())):
        services.attach_file(
            release=release,
            title=attachment["title"],
            file=ContentFile(DATA.bytes("attachments", attachment["file"])),
            name=attachment["file"],
            position=position,
        )
    for correction in row.get("corrections", ()):
        CorrectionNote.objects.create(
            release=release, date=date.fromisoformat(correction["date"]), text=correction["text"]
        )
    return release


def load() -> str:
    """Create the demo contacts and releases that are missing; return a short summary."""
    created = _create_contacts()
    rows = DATA.json("releases.json")
    new_rows = missing(rows, PressRelease)
    if new_rows:
        topics = load_topics()
        contacts = PressContact.objects.in_bulk(field_name="slug")
        # In publication order, so that the demo numbers follow the dates, as they would for real.
        for row in sorted(new_rows, key=lambda row: moment(row["published"])):
            _create(row, topics, contacts)
    return summary(
        created + len(new_rows),
        f"{len(rows)} communiqués",
        f"{len(DATA.json('contacts.json'))} contacts",
    )
