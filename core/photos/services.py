"""Write-side of the library: store an image and its focal crops."""

from django.db import transaction

from core.photos import crops
from core.photos.models import Image


def save_image(*, image: Image, by=None, crops_stale: bool = True) -> Image:
    """Save ``image`` (its file re-encoded with its renditions), then its card crops if stale."""
    if image._state.adding and by is not None and by.is_authenticated:
        image.uploaded_by = by
    with transaction.atomic():
        image.save()
    if crops_stale and image.file:
        crops.write_crops(image.file.storage, image.file.name, image.focal)
    return image


def set_focal_point(*, image: Image, x: float, y: float) -> Image:
    """Move the focal point of ``image`` and crop its cards around it again."""
    image.focal_x, image.focal_y = x, y
    image.full_clean(exclude=["file"])
    return save_image(image=image)
