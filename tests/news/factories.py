import io
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from core.models import Status
from news.models import Article, Topic


def jpeg_bytes(width=1600, height=1000, color="teal", **save_options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", **save_options)
    return buffer.getvalue()


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A live article, published a day ago."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Actualité numéro {n}")
    slug = factory.Sequence(lambda n: f"actualite-{n}")
    lead = "Un chapô court qui résume l’actualité."
    body = "<p>Le texte de l’actualité.</p>"
    topic = factory.SubFactory(TopicFactory)
    status = Status.PUBLISHED
    publication_date = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    class Params:
        with_image = factory.Trait(
            image_alt="La Citadelle de Namur vue depuis la Meuse",
            image_caption="La Citadelle au printemps",
            image_credit="© Ville de Namur",
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def attach_image(self, create, extracted, **kwargs):
        if create and self.image_alt and not self.image:
            self.image.save(f"{self.slug}.jpg", ContentFile(jpeg_bytes()), save=True)
