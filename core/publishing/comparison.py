"""How two states of an item compare, as the versions pages show them to editors."""

from difflib import SequenceMatcher

from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.fields import SanitizedHTMLField
from core.models import format_moment
from core.publishing import revision_parts, workflow


def display_value(model, name: str, value) -> str:
    """Return a stored revision value as an editor reads it."""
    if value in (None, "", []):
        return _("(vide)")
    if name == "tags":
        return ", ".join(value)
    part = revision_parts.part_named(model, name)
    if part is not None:
        return "\u00a0; ".join(revision_parts.lines(model, part, value))
    field = model._meta.get_field(name)
    if isinstance(field, models.ManyToManyField):
        found = {
            obj.pk: str(obj) for obj in field.related_model._default_manager.filter(pk__in=value)
        }
        return "\u00a0; ".join(str(found.get(pk, _("(supprimé)"))) for pk in value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else _("(supprimé)")
    if isinstance(field, models.BooleanField):
        return _("oui") if value else _("non")
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(value)
        return format_moment(moment) if moment else str(value)
    if isinstance(field, SanitizedHTMLField):
        return visible_text(value)
    return str(value)


def visible_text(html: str) -> str:
    """Return the words of ``html`` without its tags, blocks separated by spaces."""
    return " ".join(strip_tags(html.replace("<", " <")).split())


def word_diff(old: str, new: str) -> str:
    """Return ``new`` with the words removed since ``old`` in <del> and the added ones in <ins>."""
    a, b = old.split(), new.split()
    parts = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
        if tag in ("delete", "replace"):
            parts.append(format_html("<del>{}</del>", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", " ".join(b[j1:j2])))
    return mark_safe(" ".join(parts))  # noqa: S308 - every part is escaped above


def line_diff(old: list[str], new: list[str]) -> list[dict]:
    """Return the lines of ``new``, numbered, with the lines removed since ``old`` among them."""
    rows, number = [], 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            rows += [{"kind": "del", "text": text, "number": None} for text in old[i1:i2]]
        if tag in ("equal", "insert", "replace"):
            for text in new[j1:j2]:
                number += 1
                kind = "same" if tag == "equal" else "ins"
                rows.append({"kind": kind, "text": text, "number": number})
    return rows


def part_row(model, part, old, new) -> dict:
    """Return the comparison of a version's inline rows with the current ones."""
    old_lines = revision_parts.lines(model, part, old)
    new_lines = revision_parts.lines(model, part, new)
    changed = workflow.differs(model, part.name, old, new)
    return {
        "part": True,
        "label": part.label,
        "old_lines": old_lines,
        "new_lines": line_diff(old_lines, new_lines)
        if changed
        else [{"kind": "same", "text": text, "number": n} for n, text in enumerate(new_lines, 1)],
        "changed": changed,
        "restored": True,
    }


def field_label(model, name: str) -> str:
    if name == "tags":
        return _("Mots-clés")
    part = revision_parts.part_named(model, name)
    if part is not None:
        return part.label
    return capfirst(model._meta.get_field(name).verbose_name)


def comparison_rows(model, old: dict, new: dict) -> list[dict]:
    """Return one row per field of ``old`` that ``new`` holds too, ``new`` marked against it."""
    rows = []
    for name, value in old.items():
        if name not in new:
            continue
        part = revision_parts.part_named(model, name)
        if part is not None:
            rows.append(part_row(model, part, value, new[name]))
            continue
        old_text = display_value(model, name, value)
        new_text = display_value(model, name, new[name])
        rows.append(
            {
                "label": field_label(model, name),
                "old": old_text,
                "new": new_text,
                "changed": value != new[name],
                "diff": word_diff(old_text, new_text) if value != new[name] else None,
                "restored": name not in workflow.unrestored_fields(model),
            }
        )
    return rows
