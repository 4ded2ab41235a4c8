"""Library images in rich text: stored by reference, expanded to the current rendition on output.

A body holds ``<figure data-image="42"></figure>`` where the editor inserted image 42; the page
shows that image as it is now (its renditions, alternative text, caption and credit), so that
correcting an image corrects every text showing it. An image that no longer exists shows
nothing to the public.
"""

import re

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from core.caching import http_cache
from core.photos.models import Image

# As the sanitiser writes it (core.sanitize keeps only data-image on figure); the figure is
# empty, but whatever an older editor left inside it goes with it.
EMBED = re.compile(r'<figure data-image="([0-9]{1,18})">.*?</figure>', re.DOTALL)

BODY_SIZES = "(min-width: 48rem) 48rem, 100vw"


def image_ids(html: str) -> list[int]:
    """Return the pks of the library images ``html`` embeds, in order."""
    return [int(pk) for pk in EMBED.findall(html or "")]


def picture(image: Image, *, sizes: str = BODY_SIZES, lazy=True) -> str:
    """Return a <picture> of ``image`` with its WebP and JPEG renditions and its alt text."""
    renditions = image.renditions
    if not renditions:
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}">',
            image.file.url,
            image.width,
            image.height,
            image.alt,
        )
    webp = ", ".join(f"{url} {w}w" for w, url, _jpeg in renditions)
    jpeg = ", ".join(f"{url} {w}w" for w, _webp, url in renditions)
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} decoding="async">'
        "</picture>",
        webp,
        sizes,
        renditions[-1][2],
        jpeg,
        sizes,
        image.width,
        image.height,
        image.alt,
        mark_safe(' loading="lazy"') if lazy else "",
    )


def email_picture(image: Image) -> str:
    """Return an <img> for an e-mail: mail programs ignore <picture>; 800 pixels at most."""
    renditions = image.renditions
    fitting = [r for r in renditions if r[0] <= 800] or renditions
    width = fitting[-1][0] if fitting else image.width
    url = fitting[-1][2] if fitting else image.file.url
    height = round(image.height * width / image.width) if image.width else image.height
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" style="max-width:100%;height:auto">',
        url,
        width,
        height,
        image.alt,
    )


def figure(image: Image, *, email: bool = False, lazy=True) -> str:
    """Return ``image`` as a figure, its caption and credit below it."""
    shown = email_picture(image) if email else picture(image, lazy=lazy)
    caption = ""
    if image.caption or image.credit:
        caption = format_html(
            "<figcaption>{}{}{}</figcaption>",
            image.caption,
            " — " if image.caption and image.credit else "",
            format_html('<span class="credit">{}</span>', image.credit) if image.credit else "",
        )
    return format_html(
        '<figure class="article__figure library-image">{}{}</figure>', shown, caption
    )


def expand_images(html: str, *, email: bool = False) -> tuple[SafeString, set[str]]:
    """Return ``html`` with its embedded images expanded, and the cache keys of those images.

    ``html`` must be sanitised already (a SanitizedHTMLField's value): it is marked safe.
    One query fetches every image of the text. ``email``: plain <img> elements, which mail
    programs show, at site-relative addresses the e-mail makes absolute.
    """
    ids = image_ids(html)
    if not ids:
        return mark_safe(html or ""), set()  # noqa: S308 - sanitised when saved
    found = Image.objects.in_bulk(set(ids))
    keys = {f"{Image._meta.label_lower}:{pk}" for pk in ids}

    def replace(match):
        image = found.get(int(match.group(1)))
        if image is None or not image.file:
            return ""
        return figure(image, email=email)

    return mark_safe(EMBED.sub(replace, html)), keys  # noqa: S308 - sanitised when saved


def show_images(request, html: str) -> SafeString:
    """Expand the images of ``html`` and record on ``request`` that its page shows them."""
    expanded, keys = expand_images(html)
    if request is not None:
        http_cache.show(request, *keys)
    return expanded
