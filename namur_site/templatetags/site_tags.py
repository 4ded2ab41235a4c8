import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core import french

register = template.Library()

# The characters json_script escapes, so that the JSON cannot close its <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def date_fr(value, format_string="j F Y"):
    """Format a date like ``date``, the first of a month as « 1er » : « 1er novembre 2026 »."""
    return french.format_date(value, format_string) if value else ""


@register.filter
def email_wbr(address):
    """Print an e-mail address that wraps only after its « @ » and its dots on a phone."""
    return french.email_breaks(address) if address else ""


@register.simple_tag
def json_ld(data):
    """Render ``data`` as a JSON-LD block; a data block, not a script, so the CSP allows it."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag(takes_context=True)
def block_again(context, name):
    """Render the block ``name`` once more, as the page overrides it (within an extended layout).

    The layout reads a page's description twice, for search engines and for link previews,
    while each page writes it once.
    """
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block(name) if block_context else None
    return block.render(context) if block else ""


# How an image loads: the page's first large one first, the others when scrolled near.
_LOADING = {
    "priority": mark_safe(' fetchpriority="high"'),
    "lazy": mark_safe(' loading="lazy"'),
    "eager": "",
}


@register.simple_tag
def responsive_image(image, alt, sizes="100vw", lazy=True, css_class="", priority=False, crop=""):
    """Render a <picture> offering WebP and JPEG renditions, with width and height set.

    ``priority``: the page's first large image, fetched first and never lazily. ``crop="card"``:
    a library image's 16:10 crops around its focal point (core.photos.crops).
    """
    # Built here rather than by a template of its own: pages render one per card, and an
    # inclusion tag costs a template render each time.
    if not image:
        return ""
    if crop == "card" and getattr(image, "card_renditions", None):
        renditions = image.card_renditions
        width, height = image.card_dimensions
    else:
        renditions = image.renditions
        width, height = image.dimensions
    source = srcset = ""
    if renditions:
        source = format_html(
            '<source type="image/webp" srcset="{}" sizes="{}">',
            ", ".join(f"{webp} {w}w" for w, webp, _ in renditions),
            sizes,
        )
        srcset = format_html(
            ' srcset="{}" sizes="{}"', ", ".join(f"{jpeg} {w}w" for w, _, jpeg in renditions), sizes
        )
    return format_html(
        '<picture>\n  {}\n  <img src="{}"{} width="{}" height="{}" alt="{}"{}{} decoding="async">'
        "\n</picture>",
        source,
        renditions[-1][2] if renditions else image.url,
        srcset,
        width,
        height,
        alt,
        format_html(' class="{}"', css_class) if css_class else "",
        _LOADING["priority" if priority else "lazy" if lazy else "eager"],
    )
