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
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.urls import Resolver404, resolve
from django.utils.html import escape, strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core import richtext, sanitize
from core.caching import http_cache
from core.fields import SanitizedHTMLField
from core.models import Publishable, Redirect

# A link as the sanitiser writes it: attributes in double quotes, no nested link.
_LINK = re.compile(r'<a\b(?P<attrs>(?:[^>"]|"[^"]*")*)>(?P<text>.*?)</a>', re.DOTALL)
_REF_ATTRIBUTE = re.compile(r'\sdata-ref="(?P<ref>[^"]*)"')
_HREF_ATTRIBUTE = re.compile(r'(\shref=")(?P<href>[^"]*)(")')


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
            lambda href: f"{href[1]}{escape(base_url + address)}{href[3]}", match["attrs"], count=1
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


# Links pasted as addresses, turned into references (manage.py link_references) -------------


def reference_at(path: str) -> str | None:
    """Return the reference to the item whose address (or one of its old ones) is ``path``."""
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    if match is not None:
        slug = match.kwargs.get("slug")
        for model in linkable_models():
            if model is FlatPage:
                url = "/" + str(match.kwargs.get("url", "")).lstrip("/")
                items = FlatPage.objects.filter(url=url, sites=settings.SITE_ID)
            elif slug is not None and "slug" in model.address_fields:
                items = model._default_manager.filter(slug=slug)
            else:
                continue
            for item in items[:1]:
                if item.get_absolute_url() == path:
                    return item_ref(item)
    redirect = (
        Redirect.objects.filter(old_path=path, content_type__isnull=False)
        .select_related("content_type")
        .first()
    )
    if redirect is not None:
        return (
            f"{redirect.content_type.app_label}.{redirect.content_type.model}:{redirect.object_id}"
        )
    return None


def site_path(href: str) -> str | None:
    """Return the path of ``href`` if it is an address of this site without query or fragment."""
    href = unescape(href)
    if href.startswith(settings.SITE_URL + "/"):
        href = href[len(settings.SITE_URL) :]
    if not href.startswith("/") or href.startswith("//"):
        return None
    parts = urlsplit(href)
    return None if parts.query or parts.fragment else parts.path


def convert_site_links(html: str) -> tuple[str, int]:
    """Return ``html`` whose links to an item's address carry its reference, and how many."""
    converted = 0

    def convert(match):
        nonlocal converted
        attrs = match["attrs"]
        href = _HREF_ATTRIBUTE.search(attrs)
        if _REF_ATTRIBUTE.search(attrs) or href is None:
            return match[0]
        path = site_path(href["href"])
        ref = reference_at(path) if path else None
        if ref is None or model_of(ref.rsplit(":", 1)[0]) is None:
            return match[0]
        converted += 1
        attrs = (
            attrs[: href.end()] + f' {richtext.REFERENCE_ATTRIBUTE}="{ref}"' + attrs[href.end() :]
        )
        return f"<a{attrs}>{match['text']}</a>"

    return _LINK.sub(convert, html or ""), converted


def link_pasted_addresses(*, dry_run: bool = False) -> list[tuple[Model, int]]:
    """Give the links pasted as an item's address its reference, in every rich text of the site.

    Return each item changed (or that would be, with ``dry_run``) and its number of links. The
    page shows the same links: only its cache keys change, so its own key is purged.
    """
    changed = []
    for model in linkable_models():
        if model is FlatPage:
            fields = ["content"]
        else:
            fields = [
                field.name
                for field in model._meta.concrete_fields
                if isinstance(field, SanitizedHTMLField)
            ]
        pasted = Q()
        for name in fields:
            pasted |= Q(**{f"{name}__contains": 'href="/'})
            pasted |= Q(**{f"{name}__contains": f'href="{settings.SITE_URL}/'})
        if not fields:
            continue
        items = model._default_manager.filter(pasted).only("pk", "title", *fields).order_by("pk")
        for item in items.iterator(chunk_size=200):
            values, count = {}, 0
            for name in fields:
                html, converted = convert_site_links(getattr(item, name))
                if converted:
                    values[name] = html
                    count += converted
            if not count:
                continue
            changed.append((item, count))
            if not dry_run:
                with transaction.atomic():
                    model._default_manager.filter(pk=item.pk).update(**values)
                    http_cache.purge_on_commit({item_ref(item)})
    return changed
