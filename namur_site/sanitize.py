"""Clean HTML typed by editors against an allow-list before it is saved.

Templates may mark the result ``|safe`` because it was cleaned on its way into the database.
"""

import nh3

# What news writing needs: structure, emphasis, links, lists, quotes and figures.
ALLOWED_TAGS = frozenset(
    {
        *("p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "a"),
        *("ul", "ol", "li", "blockquote", "figure", "figcaption"),
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}}
# Site-relative links ("/actualites/…") are kept; absolute ones only with these schemes.
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def clean_html(html: str) -> str:
    """Return ``html`` reduced to the allow-listed tags, attributes and link targets."""
    return nh3.clean(
        html or "",
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style", "svg", "math", "template", "iframe", "object"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener",
        strip_comments=True,
    ).strip()
