"""Addresses that survive: an item's old address leads to its new one (301), as in Wagtail.

When the address of an item the public has seen (published, or unpublished since) changes — its
slug, or another of the fields its model names in ``address_fields`` — the old address is kept as
a ``Redirect`` to the item itself, not to its new address: a chain (A, then B, then C) always
leads straight to the item's current address, and coming back to an old address removes its
redirect. The old values are those the instance was read with (``KeepsLoadedValues``) or last
saved, else its row's. Editors may add redirects to a typed address too (the admin's
« Redirections »).

Redirects are looked up only for an address that answers 404 (``RedirectFallbackMiddleware``,
as ``django.contrib.redirects`` does), so pages cost nothing more. A redirect never leads to an
item the public may not see: the old address then answers 404, as the item's page would. The
301 carries the surrogate keys of the item and of the redirects it followed, so that Varnish
keeps it until either changes.
"""

import copy
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpResponsePermanentRedirect
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _

from core.caching import http_cache
from core.caching.cache import rehearsing
from core.models import PUBLIC_STATES, Publishable, Redirect

# A redirect to a typed address that is itself an old address is followed; never in circles.
MOST_HOPS = 8

_acting_user: ContextVar = ContextVar("namur_redirect_user", default=None)


@contextmanager
def saved_by(user):
    """Name ``user`` as the author of the redirects that the saves in the block record."""
    token = _acting_user.set(user if user is not None and user.is_authenticated else None)
    try:
        yield
    finally:
        _acting_user.reset(token)


# Recording -------------------------------------------------------------------------------------


def connect(models_: list[type[Model]]) -> None:
    """Follow the addresses of ``models_`` (every concrete ``Publishable``)."""
    from django.db.models.signals import post_delete, post_save, pre_save

    for model in models_:
        uid = f"namur-redirects-{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)


def publishable_models(all_models) -> list[type[Model]]:
    return [
        model
        for model in all_models
        if issubclass(model, Publishable) and hasattr(model, "get_absolute_url")
    ]


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    names = _address_attnames(sender)
    if raw or (update_fields is not None and not {*update_fields} & {*sender.address_fields}):
        return
    if instance.pk is None or instance._state.adding:
        instance.__dict__["_address_before"] = None
        return
    before = instance.__dict__.get("_address_saved") or _loaded(instance, [*names, "status"])
    if before is None:
        # Built by hand rather than read: what the database holds says where it was.
        before = sender._default_manager.filter(pk=instance.pk).values(*names, "status").first()
    instance.__dict__["_address_before"] = before


def _address_attnames(model) -> list[str]:
    return [model._meta.get_field(name).attname for name in model.address_fields]


def _loaded(instance: Model, attnames: list[str]) -> dict | None:
    loaded = instance.__dict__.get("_loaded_values") or {}
    if all(name in loaded for name in attnames):
        return {name: loaded[name] for name in attnames}
    return None


def _address_with(instance: Model, values: dict) -> str | None:
    """Return the address ``instance`` has with ``values`` (attribute name: value)."""
    other = copy.copy(instance)
    other._state.fields_cache = {}
    for name, value in values.items():
        setattr(other, name, value)
    return _address(other)


def _address(instance: Model) -> str | None:
    try:
        return instance.get_absolute_url()
    except NoReverseMatch:
        return None  # a site whose addresses do not include this model's pages


def _after_save(sender, instance, created=False, raw=False, **kwargs) -> None:
    if "_address_before" not in instance.__dict__:
        return  # not a save that may move the item (raw, or other fields only)
    before = instance.__dict__.pop("_address_before")
    names = _address_attnames(sender)
    now = {name: getattr(instance, name) for name in [*names, "status"]}
    # What this instance's next save compares with, whether or not it was read from the database.
    instance.__dict__["_address_saved"] = now
    address = _address(instance)
    old_address = None if before is None else _address_with(instance, before)
    if address is None or address == old_address:
        return
    # An address another item left behind: the redirect it answered is no longer the answer.
    _purge_redirect_from(address)
    if old_address is not None and before.get("status") in PUBLIC_STATES:
        _record(instance, old_path=old_address, address=address)


def _record(instance: Model, *, old_path: str, address: str) -> None:
    content_type = ContentType.objects.get_for_model(instance)
    # Back at an old address: it is the item's own again, not a redirect (no loop).
    Redirect.objects.filter(
        old_path=address, content_type=content_type, object_id=instance.pk
    ).delete()
    Redirect.objects.update_or_create(
        old_path=old_path,
        defaults={
            "content_type": content_type,
            "object_id": instance.pk,
            "target_path": "",
            "created": timezone.now(),
            "created_by": _acting_user.get(),
        },
    )


def _purge_redirect_from(address: str) -> None:
    """Purge the cached answer of a redirect from ``address``, which an item now answers."""
    if rehearsing():
        return  # rolled back: nothing changed for the public
    redirect = Redirect.objects.filter(old_path=address).first()
    if redirect is not None:
        http_cache.purge_on_commit({http_cache.item_key(redirect)})


def _after_delete(sender, instance, **kwargs) -> None:
    """A deleted item's old addresses answer 404, as its own does."""
    Redirect.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
    ).delete()


# Redirects added by hand -------------------------------------------------------------------

# Addresses that are not pages of the public site.
NOT_PAGES = ("/admin/", "/static/", "/media/")


def checked_path(value: str) -> str:
    """Return ``value`` as an address of the site (« /actualites/… »), or say in French why not."""
    path = value.strip()
    if (
        not path.startswith("/")
        or path.startswith(("//", "/\\"))
        or any(character.isspace() or character in "?#\\" for character in path)
    ):
        raise ValidationError(
            _(
                "Indiquez une adresse du site qui commence par « / », sans nom de domaine, "
                "espace, « ? » ni « # » : par exemple « /actualites/fetes-de-wallonie/ »."
            ),
            code="path",
        )
    if path.startswith(NOT_PAGES) or path in {prefix.rstrip("/") for prefix in NOT_PAGES}:
        raise ValidationError(
            _("« %(path)s » n’est pas une page publique du site : choisissez une autre adresse.")
            % {"path": path},
            code="not_public",
        )
    return path


def check_no_circle(*, old_path: str, target_path: str) -> None:
    """Raise ValidationError if a redirect from ``old_path`` to ``target_path`` would loop."""
    if old_path == target_path:
        raise ValidationError(
            {"target_path": _("La nouvelle adresse doit différer de l’ancienne.")}, code="same"
        )
    path, seen = target_path, {target_path}
    for _hop in range(MOST_HOPS):
        redirect = Redirect.objects.filter(old_path=path).first()
        if redirect is None or redirect.content_type_id is not None:
            return
        path = redirect.target_path
        if path == old_path:
            raise ValidationError(
                {
                    "target_path": _(
                        "Cette redirection tournerait en rond : « %(target)s » mène déjà à "
                        "« %(old)s ». Choisissez l’adresse où aboutir."
                    )
                    % {"target": target_path, "old": old_path}
                },
                code="circle",
            )
        if path in seen:
            return
        seen.add(path)


# Answering ----------------------------------------------------------------------------------


def destination(path: str) -> tuple[str, set[str]] | None:
    """Return where a redirect from ``path`` leads now, and the surrogate keys of that answer.

    None if no redirect starts there, or if it leads to an item the public may not see (its
    page would answer 404) or round in circles.
    """
    keys: set[str] = set()
    seen = {path}
    for _hop in range(MOST_HOPS):
        redirect = Redirect.objects.filter(old_path=path).select_related("content_type").first()
        if redirect is None:
            return (path, keys) if keys else None
        keys.add(http_cache.item_key(redirect))
        if redirect.content_type_id is not None:
            item = visible_item(redirect)
            if item is None:
                return None
            keys.add(http_cache.item_key(item))
            return item.get_absolute_url(), keys
        path = redirect.target_path
        if path in seen:
            return None
        seen.add(path)
    return None


def visible_item(redirect: Redirect) -> Model | None:
    """Return the item ``redirect`` leads to if the public may see it now."""
    model = redirect.content_type.model_class()
    if model is None:
        return None
    items = model._default_manager.all()
    if hasattr(items, "live"):
        items = items.live()
    return items.filter(pk=redirect.object_id).first()


class RedirectFallbackMiddleware:
    """Answer 301 from an old address that answers 404; pages that answer cost nothing more."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        found = destination(request.path)
        if found is None:
            return response
        location, keys = found
        query = request.META.get("QUERY_STRING", "")
        if query:
            location = f"{location}?{query}"
        # The answer shows the redirects and the item, not whatever the 404 page named.
        request.surrogate_keys = set()
        http_cache.show(request, *keys)
        return HttpResponsePermanentRedirect(location)
