"""Where a library image is used: lead images (relations) and bodies (``data-image``)."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.admin.utils import quote
from django.db.models import Model
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from core.fields import SanitizedHTMLField


@dataclass(frozen=True)
class Usage:
    obj: Model
    where: str  # what of the item shows the image: « image principale », « texte »

    @property
    def admin_url(self) -> str | None:
        meta = self.obj._meta
        try:
            return reverse(
                f"admin:{meta.app_label}_{meta.model_name}_change", args=[quote(self.obj.pk)]
            )
        except NoReverseMatch:
            return None


def embed_marker(pk) -> str:
    """Return what a body holds where it embeds the image ``pk``."""
    return f'data-image="{int(pk)}"'


def text_usages(image) -> list[Usage]:
    """Return the items whose rich text embeds ``image``."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, SanitizedHTMLField):
                lookup = {f"{field.name}__contains": embed_marker(image.pk)}
                found += [
                    Usage(obj, str(field.verbose_name))
                    for obj in model._base_manager.filter(**lookup)[:50]
                ]
    return found


def relation_usages(image) -> list[Usage]:
    """Return the items that point at ``image`` through a foreign key (lead images)."""
    found = []
    for relation in image._meta.related_objects:
        if relation.related_model._meta.auto_created or not relation.field.concrete:
            continue
        rows = relation.related_model._base_manager.filter(**{relation.field.name: image})
        found += [Usage(obj, str(relation.field.verbose_name)) for obj in rows[:50]]
    return found


def user_keys(image) -> set[str]:
    """Return the cache keys of every item showing ``image`` as its lead image (all its pages)."""
    keys = set()
    for relation in image._meta.related_objects:
        if relation.related_model._meta.auto_created or not relation.field.concrete:
            continue
        label = relation.related_model._meta.label_lower
        rows = relation.related_model._base_manager.filter(**{relation.field.name: image})
        keys |= {f"{label}:{pk}" for pk in rows.values_list("pk", flat=True)}
    return keys


def usages(image) -> list[Usage]:
    """Return every item that shows ``image``, lead images first."""
    return relation_usages(image) + text_usages(image)


def describe(usage: Usage) -> str:
    """Return « Actualité « Titre » (texte) » for the delete page and the change form."""
    return _("%(kind)s « %(item)s » (%(where)s)") % {
        "kind": str(usage.obj._meta.verbose_name).capitalize(),
        "item": usage.obj,
        "where": usage.where,
    }
