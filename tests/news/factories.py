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


def library_image(name="photo.jpg", *, alt, caption="", credit="", **fields):
    """Return a new image of the photo library, stored with its renditions and crops."""
    from core.photos import services
    from core.photos.models import Image as LibraryImage

    image = LibraryImage(title=caption or alt, alt=alt, caption=caption, credit=credit, **fields)
    image.file.save(name, ContentFile(jpeg_bytes()), save=False)
    return services.save_image(image=image)


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
        # A lead image from the photo library, with these texts.
        with_image = False
        image_alt = "La Citadelle de Namur vue depuis la Meuse"
        image_caption = "La Citadelle au printemps"
        image_credit = "© Ville de Namur"

    image = factory.Maybe(
        "with_image",
        yes_declaration=factory.LazyAttribute(
            lambda article: library_image(
                f"{article.slug}.jpg",
                alt=article.image_alt,
                caption=article.image_caption,
                credit=article.image_credit,
            )
        ),
        no_declaration=None,
    )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)
