"""Links in rich text that point at an item of the site by reference, not by address.

The editor's « Lien vers une page du site » stores ``<a href="/actualites/…"
data-ref="news.article:42">``: the item's address when the link was made (kept as a fallback)
and what it points at. When a body is printed, ``expand_references()`` gives every such link
the item's current public address, in one query per model for the whole body, and unwraps the
link (its text stays) when the public cannot see the item: a draft, an item scheduled or under
embargo, expired, unpublished or deleted. The page names the items it links to as surrogate
keys (``news.article:42``), so that a change of their address, or their leaving the public's
view, purges it (core.caching.http_cache).

Any publishable model (core.models.Publishable, through its ``live()`` queryset) and the legal
pages (core.legal_pages) can be linked; the core names no app.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from html import unescape

from django.apps import apps
from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.db.models import Model, QuerySet
from django.utils.html import escape, strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core import sanitize
from core.caching import http_cache
from core.models import Publishable

# A link as the sanitiser writes it: attributes in double quotes, no nested link.
_LINK = re.compile(r'<a\b(?P<attrs>(?:[^>"]|"[^"]*")*)>(?P<text>.*?)</a>', re.DOTALL)
_REF_ATTRIBUTE = re.compile(r'\sdata-ref="(?P<ref>[^"]*)"')
_HREF_ATTRIBUTE = re.compile(r'(\shref=")[^"]*(")')


def is_reference(value: str) -> bool:
    """Return True if ``value`` is a reference in the one format links may carry."""
    return sanitize.REFERENCE.fullmatch(value or "") is not None


def _by_model(refs) -> dict[type[Model], set[int]]:
    by_model: dict[type[Model], set[int]] = defaultdict(set)
    for ref in refs:
        if is_reference(ref):
            label, pk = ref.rsplit(":", 1)
            model = model_of(label)
            if model is not None:
                by_model[model].add(int(pk))
    return by_model


def item_ref(item: Model) -> str:
    """Return the reference to ``item``: by design, the cache key of its pages."""
    return http_cache.item_key(item)


def linkable_models() -> list[type[Model]]:
    """Return the models a link may point at: every publishable kind, and the legal pages."""
    models = [
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) and not model._meta.abstract
    ]
    return [*models, FlatPage]


def model_of(label: str) -> type[Model] | None:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model if model in linkable_models() else None


def public_queryset(model: type[Model]) -> QuerySet:
    """Return the items of ``model`` the public may reach at their address."""
    if issubclass(model, Publishable):
        # Only what the address is made of: an item's body is not read for a link to it.
        fields = [model._meta.get_field(name) for name in model.address_fields]
        related = [field.name for field in fields if field.is_relation]
        return (
            model._default_manager.live()
            .select_related(*related)
            .only("pk", *(field.name for field in fields))
        )
    return FlatPage.objects.filter(sites=settings.SITE_ID).only("pk", "url")


def type_label(model: type[Model]) -> str:
    if model is FlatPage:
        return _("Page légale")
    return capfirst(model._meta.verbose_name)


@dataclass(frozen=True)
class Link:
    ref: str
    text: str


def links_in(html: str) -> list[Link]:
    """Return the links of ``html`` that carry a reference, in page order."""
    links = []
    for match in _LINK.finditer(html or ""):
        ref = _REF_ATTRIBUTE.search(match["attrs"])
        if ref and is_reference(ref["ref"]):
            links.append(Link(ref["ref"], " ".join(unescape(strip_tags(match["text"])).split())))
    return links


def public_addresses(refs) -> dict[str, str]:
    """Return the current public address of each reference the public may follow.

    One query per model, whatever the number of links.
    """
    addresses = {}
    for model, pks in _by_model(refs).items():
        for item in public_queryset(model).filter(pk__in=pks):
            addresses[item_ref(item)] = item.get_absolute_url()
    return addresses


def expand_references(html: str, *, base_url: str = "") -> tuple[str, set[str]]:
    """Return ``html`` with each reference link at its target's public address, and the keys.

    A link whose target the public cannot see is replaced by its text. ``base_url`` makes the
    addresses absolute (an e-mail). The keys are the targets' cache keys (``news.article:42``),
    those of unreachable targets included: their publication purges the page too.
    """
    html = html or ""
    refs = {link.ref for link in links_in(html)}
    if not refs:
        return html, set()
    addresses = public_addresses(refs)

    def rewrite(match):
        ref = _REF_ATTRIBUTE.search(match["attrs"])
        if not ref or not is_reference(ref["ref"]):
            return match[0]
        address = addresses.get(ref["ref"])
        if address is None:
            return match["text"]
        attrs = _HREF_ATTRIBUTE.sub(
            lambda href: f"{href[1]}{escape(base_url + address)}{href[2]}", match["attrs"], count=1
        )
        if attrs == match["attrs"] and ' href="' not in attrs:
            attrs = f' href="{escape(base_url + address)}"{attrs}'
        return f"<a{attrs}>{match['text']}</a>"

    return _LINK.sub(rewrite, html), refs


@dataclass(frozen=True)
class Target:
    """What a reference points at, as the editor needs to know it."""

    ref: str
    item: Model | None  # None: deleted (or a kind that cannot be linked)
    public: bool

    @property
    def kind(self) -> str:
        return type_label(type(self.item)) if self.item is not None else ""


def targets(refs) -> dict[str, Target]:
    """Return each reference's item (any state) and whether the public may follow it."""
    found = {}
    for model, pks in _by_model(refs).items():
        for item in model._default_manager.filter(pk__in=pks):
            ref = item_ref(item)
            public = item.is_live() if isinstance(item, Publishable) else True
            found[ref] = Target(ref, item, public)
    return {ref: found.get(ref, Target(ref, None, False)) for ref in refs}
