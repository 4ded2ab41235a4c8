"""Clean HTML typed by editors against an allow-list before it is saved.

Templates may mark the result ``|safe`` because it was cleaned on its way into the database.
"""

import re

import nh3

from core import richtext

# Exactly what the editor's toolbar can produce (core/richtext.py), nothing more.
ALLOWED_TAGS, ALLOWED_ATTRIBUTES = richtext.allowlist()
# Site-relative links ("/actualites/…") are kept; absolute ones only with these schemes.
ALLOWED_URL_SCHEMES = frozenset(richtext.URL_SCHEMES)
# A link's reference to an item of the site (core.references), in its one format.
REFERENCE = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*:[1-9][0-9]{0,17}")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == richtext.REFERENCE_ATTRIBUTE:
        return value if tag == "a" and REFERENCE.fullmatch(value) else None
    return value


# A figure is only ever a library image by reference (core.photos.embed), and empty: the page
# fills it. Any other figure is unwrapped, keeping its text.
_FIGURE = re.compile(r'<figure(?: data-image="([^"]*)")?>(.*?)</figure>', re.DOTALL)


def _figure(match: re.Match) -> str:
    pk = match.group(1) or ""
    return f'<figure data-image="{pk}"></figure>' if pk.isdigit() else match.group(2)


def clean_html(html: str) -> str:
    """Return ``html`` reduced to the allow-listed tags, attributes and link targets."""
    return _FIGURE.sub(_figure, _clean(html))


def _clean(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style", "svg", "math", "template", "iframe", "object"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep_attribute,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener",
        strip_comments=True,
    ).strip()
