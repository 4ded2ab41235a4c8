"""The rich-text editor of news and press bodies, and the allow-list its toolbar implies.

``EXTENSIONS`` is the only place that says what editors may write: the admin widget offers
exactly these tools and ``core.sanitize`` derives its nh3 allow-list from the same
dictionary, so the toolbar and the sanitiser cannot disagree.
"""

from django.urls import reverse_lazy
from django_prose_editor.config import allowlist_from_extensions
from django_prose_editor.widgets import (
    AdminProseEditorWidget,
    prose_editor_admin_media,
    prose_editor_js,
)
from js_asset import Media, Script

# What a link chosen with « Lien vers une page du site » points at: « news.article:42 » (see
# core.references). The sanitiser keeps it only in that format.
REFERENCE_ATTRIBUTE = "data-ref"

# Link targets an editor may type; site-relative links ("/actualites/…") always pass.
URL_SCHEMES = ("http", "https", "mailto", "tel")

EXTENSIONS = {
    "Paragraph": True,
    "HardBreak": True,
    # h1 is the page title, so bodies start at h2.
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    # New windows are the reader's choice, not the editor's.
    "Link": {"enableTarget": False, "protocols": list(URL_SCHEMES)},
    "History": True,
    # The browser's French spell-checking stays on: it helps more than it distracts.
    "NoSpellCheck": False,
    # « Image de la photothèque »: a library image by reference (core.photos.embed).
    "LibraryImage": True,
}

# The site's own editor nodes (photos/richtext-image.js), with the tags and attributes they write.
SITE_EXTENSIONS = {"LibraryImage": ({"figure"}, {"figure": {"data-image"}})}


def allowlist() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """Return the tags and the attributes per tag that the editor can produce."""
    config = allowlist_from_extensions(
        {name: value for name, value in EXTENSIONS.items() if name not in SITE_EXTENSIONS}
    )
    tags = set(config["tags"])
    attributes = {tag: set(names) for tag, names in config["attributes"].items()}
    for name, (own_tags, own_attributes) in SITE_EXTENSIONS.items():
        if EXTENSIONS.get(name):
            tags |= own_tags
            for tag, names in own_attributes.items():
                attributes.setdefault(tag, set()).update(names)
    attributes = {tag: frozenset(names) for tag, names in attributes.items()}
    # The sanitiser sets rel itself (noopener) instead of keeping what was typed.
    attributes["a"] = (attributes.get("a", frozenset()) - {"rel", "target"}) | {REFERENCE_ATTRIBUTE}
    return frozenset(tags), attributes


class RichTextWidget(AdminProseEditorWidget):
    """The admin's ProseMirror editor with the site's toolbar.

    It starts through js/admin-richtext.js rather than the package's presets, which let Tiptap
    inject an inline <style> element that the site's CSP (style-src 'self') refuses.
    """

    def __init__(self, attrs=None):
        # The chooser of « Lien vers une page du site » (core.publishing.link_chooser).
        attrs = {"data-link-chooser-url": reverse_lazy("link-chooser"), **(attrs or {})}
        super().__init__(attrs=attrs, config={"extensions": EXTENSIONS}, preset="namur")

    def get_context(self, name, value, attrs):
        # Where « Image de la photothèque » opens the library's chooser.
        attrs = {
            **(attrs or {}),
            "data-photo-chooser": str(reverse_lazy("admin:photos_image_chooser")),
        }
        return super().get_context(name, value, attrs)

    @property
    def media(self):
        return prose_editor_admin_media + Media(
            css={"all": ["css/admin-richtext.css", "photos/admin-photos.css"]},
            js=[
                "js/admin-richtext-fr.js",
                "photos/chooser.js",
                prose_editor_js,
                Script("photos/richtext-image.js", type="module"),
                Script("js/admin-richtext.js", type="module"),
            ],
        )
