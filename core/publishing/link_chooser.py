"""The chooser of « Lien vers une page du site »: items of the site found by their title.

The rich-text editor (js/admin-richtext.js) asks this admin view for the items whose title holds
what the editor types, and shows the list it renders: type, title, state and date of each, with
what the link stores (core.references). Drafts and scheduled items are offered too, a link to
them waits for their publication; the checks before publishing say so.
"""

from dataclasses import dataclass

from django.contrib.auth import get_permission_codename
from django.contrib.flatpages.models import FlatPage
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core import french, references
from core.models import Publishable

# Enough to find an item by a word of its title; more is a longer list, not a better one.
RESULTS_PER_KIND = 15
QUERY_LENGTH = 200


@dataclass(frozen=True)
class Choice:
    ref: str
    url: str
    title: str
    kind: str
    state: str
    date: str
    public: bool


def may_see(user, model: type[Model]) -> bool:
    opts = model._meta
    return any(
        user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in ("view", "change")
    )


def linkable_for(user) -> list[type[Model]]:
    """Return the kinds ``user`` may link to: the publishable ones they may see, legal pages."""
    models = [
        model
        for model in references.linkable_models()
        if issubclass(model, Publishable) and may_see(user, model)
    ]
    # Legal pages are public: whoever writes may link to them.
    return [*models, FlatPage] if models else []


def choices(user, query: str) -> list[Choice]:
    """Return the items of the kinds ``user`` may see whose title holds ``query``, newest first."""
    found = []
    for model in linkable_for(user):
        items = model._default_manager.all()
        if query:
            items = items.filter(title__icontains=query)
        if issubclass(model, Publishable):
            fields = ("title", "status", "publication_date", "expiry_date", "updated")
            items = items.only(*fields, *model.address_fields).order_by(
                "-publication_date", "-updated", "-pk"
            )
        else:
            items = items.only("title", "url").order_by("title")
        found += [_choice(item) for item in items[:RESULTS_PER_KIND]]
    return found


def _choice(item) -> Choice:
    ref = references.item_ref(item)
    kind = references.type_label(type(item))
    if isinstance(item, Publishable):
        return Choice(
            ref=ref,
            url=item.get_absolute_url(),
            title=item.title,
            kind=kind,
            state=item.state_label(),
            date=french.format_date(item.updated) if item.updated else "",
            public=item.is_live(),
        )
    return Choice(ref, item.get_absolute_url(), item.title, kind, _("En ligne"), "", True)


def link_chooser(request):
    """Return the chooser's results for ``q`` (an HTML fragment, never cached: admin_view)."""
    if not linkable_for(request.user):
        raise PermissionDenied
    query = " ".join(request.GET.get("q", "").split())[:QUERY_LENGTH]
    return TemplateResponse(
        request,
        "admin/publishable/link_chooser_results.html",
        {"choices": choices(request.user, query), "query": query},
    )
