"""Clean HTML typed by editors against an allow-list before it is saved.

Templates may mark the result ``|safe`` because it was cleaned on its way into the database.
"""

import re

import nh3

from core import richtext

# Exactly what the editor's toolbar can produce (namur_site/richtext.py), nothing more.
ALLOWED_TAGS, ALLOWED_ATTRIBUTES = richtext.allowlist()
# Site-relative links ("/actualites/…") are kept; absolute ones only with these schemes.
ALLOWED_URL_SCHEMES = frozenset(richtext.URL_SCHEMES)


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
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener",
        strip_comments=True,
    ).strip()
