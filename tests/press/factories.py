from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from core.models import Status
from press import services
from press.models import PressContact, PressRelease, ReleaseContact
from tests.news.factories import TopicFactory, jpeg_bytes

BRUSSELS = ZoneInfo("Europe/Brussels")


def brussels(*args) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


def pdf_bytes(title: str = "Dossier de presse") -> bytes:
    """Return a one-page PDF showing ``title``, with a correct cross-reference table."""
    text = title.encode("cp1252", "replace")
    text = text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 16 Tf 56 780 Td (" + text + b") Tj 0 -28 Td (Ville de Namur) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    output += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(output)


class PressContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressContact
        django_get_or_create = ["slug"]

    first_name = "Nathalie"
    last_name = factory.Sequence(lambda n: f"Lemaire{n}")
    slug = factory.Sequence(lambda n: f"contact-{n}")
    job_title = "Attachée de presse"
    organisation = "Service Communication de la Ville de Namur"
    email = factory.Sequence(lambda n: f"contact{n}@ville.namur.be")
    phone = "081 24 63 15"


class PressReleaseFactory(factory.django.DjangoModelFactory):
    """A live press release, published a day ago, numbered as the service numbers it."""

    class Meta:
        model = PressRelease
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Communiqué numéro {n}")
    slug = factory.Sequence(lambda n: f"communique-{n}")
    lead = "Un chapô court qui résume le communiqué."
    body = "<p>Le texte du communiqué.</p>"
    topic = factory.SubFactory(TopicFactory)
    status = Status.PUBLISHED
    publication_date = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.save_release(release=model_class(*args, **kwargs))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def contacts(self, create, extracted, **kwargs):
        for position, contact in enumerate(extracted or ()):
            ReleaseContact.objects.create(release=self, contact=contact, position=position)

    @factory.post_generation
    def files(self, create, extracted, **kwargs):
        """``files=[("Titre", "nom.pdf", b"...")]`` attaches each file through the service."""
        for position, (title, name, content) in enumerate(extracted or ()):
            services.attach_file(
                release=self, title=title, file=ContentFile(content), name=name, position=position
            )


__all__ = ["PressContactFactory", "PressReleaseFactory", "TopicFactory", "jpeg_bytes", "pdf_bytes"]
