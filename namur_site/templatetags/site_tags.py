import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from namur_site.core import french

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


@register.inclusion_tag("includes/picture.html")
def responsive_image(image, alt, sizes="100vw", lazy=True, css_class="", priority=False):
    """Render a <picture> offering WebP and JPEG renditions, with width and height set.

    ``priority``: the page's first large image, fetched first and never lazily.
    """
    renditions = image.renditions if image else []
    width, height = image.dimensions if image else (None, None)
    return {
        "width": width,
        "height": height,
        "image": image,
        "alt": alt,
        "sizes": sizes,
        "lazy": lazy and not priority,
        "priority": priority,
        "css_class": css_class,
        "webp_srcset": ", ".join(f"{webp} {w}w" for w, webp, _ in renditions),
        "jpeg_srcset": ", ".join(f"{jpeg} {w}w" for w, _, jpeg in renditions),
        "fallback": renditions[-1][2] if renditions else (image.url if image else ""),
    }
