import hashlib
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from core import french
from core.caching.cache import cached_for_generation

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


class FragmentNode(template.Node):
    def __init__(self, name: str, vary_on: list, nodelist):
        self.name, self.vary_on, self.nodelist = name, vary_on, nodelist

    def render(self, context):
        if context.get("request") is None:
            # Error pages and e-mails: rendered by hand, perhaps while the database or the
            # cache is what failed; they render the part each time.
            return self.nodelist.render(context)
        parts = [self.name, *(str(value.resolve(context)) for value in self.vary_on)]
        key = ":".join(parts)
        if len(key) > 200:
            key = f"{self.name}:{hashlib.sha256(key.encode()).hexdigest()}"
        return mark_safe(  # noqa: S308 - what the template rendered, escaped as it rendered it
            cached_for_generation(f"fragment:{key}", lambda: str(self.nodelist.render(context)))
        )


@register.tag
def fragment(parser, token):
    """Keep a part of the layout rendered in the cache until content changes.

        {% fragment "footer" %}…{% endfragment %}
        {% fragment "news-sidebar" topic.pk current_month_key %}…{% endfragment %}

    The part is rendered once per content generation (core.caching.cache): any change that
    renews the shared parts (a topic renamed, a legal page added, an article published)
    renders it again. Whatever else it depends on, beyond the content, is named after its name:
    one copy is kept for each value. Nothing personal may go in it (the request's path, a
    search, a nonce): what is kept is shown to every reader. A template rendered without the
    request (error pages, e-mails) renders the part each time.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} prend un nom.")
    name = bits[1].strip("\"'")
    vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(name, vary_on, nodelist)


_CARD_IMAGE_SIZES = "(min-width: 64rem) 22rem, (min-width: 40rem) 45vw, 100vw"


def _iso(moment) -> str:
    """``{{ moment|date:'c' }}``: the local time in ISO 8601, or nothing."""
    return dateformat.format(localtime(moment), "c") if moment else ""


@register.simple_tag
def card(item, lazy=True, priority=False):
    """Render an article's card, the same in every list (the home page, lists, related articles).

    Built here rather than included: a list renders a dozen, and an include costs a template
    render each, the larger part of a list page's time.
    """
    image = ""
    if item.image:
        image = responsive_image(
            item.image,
            item.image.alt,
            sizes=_CARD_IMAGE_SIZES,
            lazy=lazy,
            priority=priority,
            css_class="card__image",
            crop="card",
        )
    topic = item.topic
    return format_html(
        '<article class="card">\n  {}\n  <div class="card__body">\n'
        '    <p class="card__meta">{}<time datetime="{}">{}</time></p>\n'
        '    <h3 class="card__title"><a href="{}">{}</a></h3>\n'
        '    <p class="card__lead">{}</p>\n  </div>\n</article>\n',
        image,
        format_html('<span class="card__topic">{}</span> · ', topic.name) if topic else "",
        _iso(item.publication_date),
        date_fr(item.publication_date),
        item.get_absolute_url(),
        item.title,
        item.lead,
    )


@register.simple_tag
def release_card(item):
    """Render a release's card: the article's, with the release number."""
    number = (
        format_html(' · <span class="press-card__number">{}</span>', item.number)
        if item.number
        else ""
    )
    return format_html(
        '\n<article class="card press-card">\n  <div class="card__body">\n'
        '    <p class="card__meta"><span class="card__topic">{}</span> · '
        '<time datetime="{}">{}</time>{}</p>\n'
        '    <h3 class="card__title"><a href="{}">{}</a></h3>\n'
        '    <p class="card__lead">{}</p>\n  </div>\n</article>\n',
        item.topic.name,
        _iso(item.publication_date),
        date_fr(item.publication_date),
        number,
        item.get_absolute_url(),
        item.title,
        item.lead,
    )
