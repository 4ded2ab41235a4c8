from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from namur_site.core.models import Status
from press import services
from press.demo import build_pdf
from press.models import PressContact, PressRelease, ReleaseContact
from tests.news.factories import TopicFactory, jpeg_bytes

BRUSSELS = ZoneInfo("Europe/Brussels")


def brussels(*args) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


def pdf_bytes(title: str = "Dossier de presse") -> bytes:
    return build_pdf(title)


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
