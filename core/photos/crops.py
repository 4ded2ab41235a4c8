"""Crop renditions around an image's focal point, for the fixed ratios of cards and teasers.

Renditions at the image's own ratio are written by ``core.files.images``; a card shows the image
at 16:10 with ``object-fit: cover``, which keeps the centre. These crops keep the focal point
instead, so that a face near an edge stays on the card.
"""

import posixpath

from django.core.files.base import ContentFile
from PIL import Image

from core.files import images, stored_files

# Cards and teasers (site.css ``.card__image``): 16:10.
CARD_RATIO = (16, 10)
CARD_WIDTHS = (480, 800)


def crop_box(
    width: int, height: int, *, ratio: tuple[int, int], focal: tuple[float, float]
) -> tuple[int, int, int, int]:
    """Return the largest (left, top, right, bottom) box at ``ratio``, centred on ``focal``.

    ``focal`` is (x, y) as fractions of the width and height; the box is pushed back inside
    the image where centring it on the focal point would cross an edge.
    """
    wanted = ratio[0] / ratio[1]
    if width / height > wanted:
        box_width, box_height = round(height * wanted), height
    else:
        box_width, box_height = width, round(width / wanted)
    fx = min(max(focal[0], 0.0), 1.0)
    fy = min(max(focal[1], 0.0), 1.0)
    left = min(max(round(fx * width - box_width / 2), 0), width - box_width)
    top = min(max(round(fy * height - box_height / 2), 0), height - box_height)
    return left, top, left + box_width, top + box_height


def focal_tag(focal: tuple[float, float]) -> str:
    """Return the focal point as it appears in crop names: ``f50-33`` (percentages)."""
    return f"f{round(focal[0] * 100)}-{round(focal[1] * 100)}"


def crop_widths(width: int, height: int, ratio: tuple[int, int] = CARD_RATIO) -> list[int]:
    """Return the widths of the crops offered for an image, never upscaled."""
    left, _top, right, _bottom = crop_box(width, height, ratio=ratio, focal=(0.5, 0.5))
    largest = min(right - left, CARD_WIDTHS[-1])
    return [w for w in CARD_WIDTHS if w < largest] + [largest]


def crop_name(name: str, focal: tuple[float, float], width: int, extension: str) -> str:
    """Return the storage name of a card crop of ``name``: the focal point is in the name.

    A new focal point gives new names, so that no cache keeps showing the old crop.
    """
    folder, _slash, filename = name.rpartition("/")
    stem = posixpath.splitext(filename)[0]
    return posixpath.join(
        folder, "renditions", f"{stem}-card-{focal_tag(focal)}-{width}w.{extension}"
    )


def stored_crops(storage, name: str) -> list[str]:
    """Return the card crops of ``name`` that exist in the storage, whatever their focal point."""
    folder, _slash, filename = name.rpartition("/")
    stem = posixpath.splitext(filename)[0]
    renditions = posixpath.join(folder, "renditions")
    try:
        _folders, files = storage.listdir(renditions)
    except FileNotFoundError:
        return []
    prefix = f"{stem}-card-"
    return sorted(posixpath.join(renditions, file) for file in files if file.startswith(prefix))


def write_crops(storage, name: str, focal: tuple[float, float]) -> list[str]:
    """Write the card crops of ``name`` around ``focal``, delete the older ones; return names."""
    with storage.open(name, "rb") as stored:
        image = Image.open(stored).convert("RGB")
    box = crop_box(image.width, image.height, ratio=CARD_RATIO, focal=focal)
    cropped = image.crop(box)
    written = []
    for width in crop_widths(image.width, image.height):
        height = round(width * CARD_RATIO[1] / CARD_RATIO[0])
        resized = cropped.resize((width, height), Image.Resampling.LANCZOS)
        for extension, image_format in images.EXTENSIONS.items():
            target = crop_name(name, focal, width, extension)
            if storage.exists(target):
                storage.delete(target)
            buffer = images.encode(resized, image_format)
            written.append(storage.save(target, ContentFile(buffer)))
            # A request that fails afterwards deletes them, as it does the renditions.
            stored_files.written(storage, written[-1])
    for old in stored_crops(storage, name):
        if old not in written:
            storage.delete(old)
    return written
