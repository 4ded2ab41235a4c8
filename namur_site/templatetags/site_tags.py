import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import date as format_date
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

register = template.Library()

# The characters json_script escapes, so that the JSON cannot close its <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def date_fr(value):
    """Format a date the French way: « 1er novembre 2026 », « 28 octobre 2021 »."""
    if not value:
        return ""
    if hasattr(value, "tzinfo"):
        value = localtime(value) if value.tzinfo else value
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {format_date(value, 'F Y')}"


@register.simple_tag
def json_ld(data):
    """Render ``data`` as a JSON-LD block; a data block, not a script, so the CSP allows it."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag
def responsive_image(image, alt, sizes="100vw", lazy=True, css_class=""):
    """Render a <picture> offering WebP and JPEG renditions, with width and height set."""
    # Built here rather than by a template of its own: pages render one per card, and an
    # inclusion tag costs a template render each time.
    if not image:
        return ""
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
        mark_safe(' loading="lazy"') if lazy else "",
    )
