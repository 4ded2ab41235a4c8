import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from core.photos import services
from core.photos.models import Image


def photo_bytes(width=1600, height=1000, *, spot=None, color="teal") -> bytes:
    """A JPEG; ``spot`` (x, y as fractions) paints a red square there, to find it in a crop."""
    picture = PILImage.new("RGB", (width, height), color)
    if spot:
        x, y = int(spot[0] * width), int(spot[1] * height)
        picture.paste((255, 0, 0), (x - 40, y - 40, x + 40, y + 40))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG")
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    """A library image, stored with its renditions and its card crops."""

    class Meta:
        model = Image

    title = factory.Sequence(lambda n: f"Photo {n}")
    alt = "La place d’Armes sous le soleil"
    caption = "La place d’Armes"
    credit = "© Ville de Namur"
    file = factory.LazyFunction(
        lambda: SimpleUploadedFile("place.jpg", photo_bytes(), "image/jpeg")
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.save_image(image=model_class(*args, **kwargs))
