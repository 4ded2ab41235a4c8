"""The rows edited inside an item's form (admin inlines) that its versions follow.

Apps name them in their ``AppConfig.ready()`` with ``follow()``: a revision then keeps every row
of each relation in its order, the versions page lists the relation among the changed fields, and
restoring a revision brings the rows back as they were, order included.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import dateformat
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Part:
    name: str  # the item's reverse accessor, e.g. "release_contacts"
    label: str  # what editors call the rows, e.g. « Contacts presse »
    shown: tuple[str, ...]  # the row's fields an editor reads, in that order

    def related_model(self, model: type[models.Model]) -> type[models.Model]:
        return model._meta.get_field(self.name).related_model

    def back_link(self, model: type[models.Model]) -> models.ForeignKey:
        return model._meta.get_field(self.name).field


_parts: dict[type, dict[str, Part]] = {}


def follow(model: type[models.Model], name: str, *, label: str, shown: tuple[str, ...]) -> None:
    """Keep, in every version of ``model``'s items, the rows of their relation ``name``."""
    _parts.setdefault(model, {})[name] = Part(name=name, label=label, shown=tuple(shown))


def parts_of(model: type[models.Model]) -> tuple[Part, ...]:
    return tuple(_parts.get(model, {}).values())


def part_named(model: type[models.Model], name: str) -> Part | None:
    return _parts.get(model, {}).get(name)


def _kept_fields(model: type[models.Model], part: Part) -> list[models.Field]:
    back = part.back_link(model)
    return [f for f in part.related_model(model)._meta.concrete_fields if f is not back]


def _plain(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def snapshot_rows(item: models.Model, part: Part) -> list[dict]:
    """Return the rows of ``part`` as JSON-ready data, in the relation's order."""
    fields = _kept_fields(type(item), part)
    return [_row_data(row, fields) for row in getattr(item, part.name).all()]


def _row_data(row: models.Model, fields: list[models.Field]) -> dict:
    return {field.attname: _plain(field.value_from_object(row)) for field in fields}


def comparable(rows) -> list[dict]:
    """Return ``rows`` without their ids: a row removed then added again is the same row."""
    return [{k: v for k, v in row.items() if k != "id"} for row in rows or ()]


def lines(model: type[models.Model], part: Part, rows) -> list[str]:
    """Return one line of text per row, as an editor reads it."""
    related = part.related_model(model)
    return [_line(related, part, row) for row in rows or ()]


def _line(related: type[models.Model], part: Part, row: dict) -> str:
    words = []
    for name in part.shown:
        field = related._meta.get_field(name)
        value = row.get(field.attname)
        if value in (None, ""):
            continue
        if isinstance(field, models.ForeignKey):
            target = field.related_model._default_manager.filter(pk=value).first()
            words.append(str(target) if target else _("(supprimé)"))
        elif isinstance(field, models.FileField):
            words.append(value.rsplit("/", 1)[-1])
        elif isinstance(field, models.DateField):
            day = parse_date(value)
            words.append(dateformat.format(day, "j F Y") if day else str(value))
        else:
            words.append(str(value))
    return " — ".join(words)


def restore_rows(item: models.Model, part: Part, rows: list[dict]) -> list[str]:
    """Make the rows of ``part`` what ``rows`` says; return why some could not come back."""
    model = type(item)
    related = part.related_model(model)
    back = part.back_link(model)
    fields = _kept_fields(model, part)
    wanted = {row.get("id"): row for row in rows}
    # Rows that differ are deleted and made again, so that no unique constraint (one contact
    # once per release) trips over a half-restored state.
    for current in getattr(item, part.name).all():
        kept = wanted.get(current.pk)
        data = _row_data(current, fields)
        if kept is None or any(data.get(name) != value for name, value in kept.items()):
            current.delete()
    present = set(getattr(item, part.name).values_list("pk", flat=True))
    notes = []
    for row in rows:
        if row.get("id") in present:
            continue
        problem = _missing(related, part, row)
        if problem:
            notes.append(problem)
            continue
        values = {field.attname: row[field.attname] for field in fields if field.attname in row}
        if related._base_manager.filter(pk=values.get("id")).exists():
            values.pop("id")
        related._base_manager.create(**{back.attname: item.pk}, **values)
    return notes


def _missing(related: type[models.Model], part: Part, row: dict) -> str:
    """Return, in French, why ``row`` cannot come back (a file or a linked item gone), or ""."""
    for field in related._meta.concrete_fields:
        value = row.get(field.attname)
        if not value:
            continue
        if isinstance(field, models.FileField) and not field.storage.exists(value):
            return _(
                "%(part)s : le fichier de « %(row)s » n’existe plus, cette ligne n’a pas été "
                "restaurée."
            ) % {"part": part.label, "row": _line(related, part, row)}
        if (
            isinstance(field, models.ForeignKey)
            and not field.related_model._base_manager.filter(pk=value).exists()
        ):
            return _(
                "%(part)s : une ligne n’a pas été restaurée, car ce qu’elle désigne "
                "(%(field)s) a été supprimé."
            ) % {"part": part.label, "field": field.verbose_name}
    return ""
