"""The editor's desk on the admin's home page, as Wagtail's and Plone's dashboards have it.

« Mes brouillons », « À relire » (for those who may publish), « Planifié » (the coming days'
publications, embargo ends and expiries, by day) and « Activité récente » (the versions of
``Revision`` and the deletions Django's admin log keeps). ``build()`` takes the publishable
models to cover: the composition names them, the core knows no app.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import groupby

from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core import french
from core.models import Proposal, Revision, Status, format_moment
from core.people import full_name
from core.publishing import locks, workflow
from core.publishing.comparison import field_label

# Rows each list shows; the link under a longer list opens the change list.
LIMIT = 10
ACTIVITY_LIMIT = 12
CALENDAR_DAYS = 14


@dataclass
class Row:
    """An item in « Mes brouillons » or « À relire »."""

    title: str
    url: str
    kind: str
    detail: str
    moment: datetime
    editing: str = ""
    # The item whose change form the row opens, to tell who is editing it.
    item_id: int | None = None


@dataclass
class Entry:
    """What happens to an item at one moment of the calendar."""

    moment: datetime
    time: str
    what: str
    title: str
    url: str
    kind: str


@dataclass
class Day:
    day: date
    heading: str
    entries: list[Entry]


@dataclass
class Activity:
    moment: datetime
    when: str
    who: str
    action: str
    title: str
    url: str
    kind: str


@dataclass
class Desk:
    drafts: list[Row] = field(default_factory=list)
    drafts_more: list[tuple[str, str]] = field(default_factory=list)
    # None: the user publishes nothing, so reviews nothing.
    review: list[Row] | None = None
    review_more: list[tuple[str, str]] = field(default_factory=list)
    calendar: list[Day] = field(default_factory=list)
    calendar_until: str = ""
    activity: list[Activity] = field(default_factory=list)


def build(*, user, models: list[type], now: datetime | None = None) -> Desk:
    """Return ``user``'s desk over ``models``: only what their permissions let them see."""
    now = now or timezone.now()
    desk = Desk()
    visible = [model for model in models if _may(user, "view", model)]
    editing: dict[type, list[Row]] = {}
    for model in visible:
        if _may(user, "change", model):
            rows, more = _drafts(model, user, now)
            desk.drafts += rows
            editing.setdefault(model, []).extend(rows)
            if more:
                desk.drafts_more.append(more)
        if workflow.can_publish(user, model):
            rows, more = _to_review(model, now)
            desk.review = (desk.review or []) + rows
            editing.setdefault(model, []).extend(row for row in rows if row.item_id)
            if more:
                desk.review_more.append(more)
    for model, rows in editing.items():
        _mark_editing(model, rows, user, now)
    desk.drafts = sorted(desk.drafts, key=lambda row: row.moment, reverse=True)[:LIMIT]
    if desk.review is not None:
        desk.review = sorted(desk.review, key=lambda row: row.moment)[:LIMIT]
    desk.calendar, desk.calendar_until = _calendar(visible, now)
    desk.activity = _activity(visible, now)
    return desk


def when(moment: datetime, now: datetime | None = None) -> str:
    """Return « aujourd’hui à 10 h 42 », « hier à 18 h 05 », or « le 3 décembre à 9 h 00 »."""
    moment, now = timezone.localtime(moment), timezone.localtime(now or timezone.now())
    time = dateformat.format(moment, "G\u00a0\\h\u00a0i")
    days = (moment.date() - now.date()).days
    if days == 0:
        return _("aujourd’hui à %(time)s") % {"time": time}
    if days == -1:
        return _("hier à %(time)s") % {"time": time}
    if days == 1:
        return _("demain à %(time)s") % {"time": time}
    return _("le %(moment)s") % {"moment": format_moment(moment, now)}


def _may(user, action: str, model) -> bool:
    opts = model._meta
    return user.is_active and user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")


def _kind(model) -> str:
    return capfirst(model._meta.verbose_name)


def _url(model, view: str, *args, query: str = "") -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args) + query


def _more(model, label: str, query: str) -> tuple[str, str]:
    return (
        label % {"kind": model._meta.verbose_name_plural},
        _url(model, "changelist", query=query),
    )


def _drafts(model, user, now) -> tuple[list[Row], tuple | None]:
    items = list(
        model._default_manager.filter(status=Status.DRAFT, author=user)
        .only("pk", "title", "updated")
        .order_by("-updated", "-pk")[: LIMIT + 1]
    )
    rows = [
        _row(model, item, _("modifié %(when)s") % {"when": when(item.updated, now)}, item.updated)
        for item in items[:LIMIT]
    ]
    more = _more(model, _("Tous les brouillons (%(kind)s)"), "?status__exact=draft")
    return rows, more if len(items) > LIMIT else None


def _to_review(model, now) -> tuple[list[Row], tuple | None]:
    items = list(
        model._default_manager.filter(status=Status.REVIEW)
        .select_related("author")
        .only("pk", "title", "updated", "author")
        .order_by("updated", "pk")[: LIMIT + 1]
    )
    rows = [_row(model, item, _submitted(item, now), item.updated) for item in items[:LIMIT]]
    pending = list(
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(model), proposal=Proposal.PENDING
        )
        .select_related("user")
        .order_by("created", "pk")[:LIMIT]
    )
    proposed = model._default_manager.only("pk", "title").in_bulk(
        [revision.object_id for revision in pending]
    )
    for revision in pending:
        item = proposed.get(revision.object_id)
        if item is not None:
            detail = _("modification de la version publiée, proposée par %(name)s %(when)s") % {
                "name": full_name(revision.user),
                "when": when(revision.created, now),
            }
            # Reviewed on its own page, not in the change form that someone may have open.
            rows.append(_row(model, item, detail, revision.created, view="pending", locked=False))
    more = _more(model, _("Tout ce qui est en relecture (%(kind)s)"), "?status__exact=review")
    return rows, more if len(items) > LIMIT else None


def _submitted(item, now) -> str:
    if item.author is None:
        return _("soumis %(when)s") % {"when": when(item.updated, now)}
    return _("de %(name)s, soumis %(when)s") % {
        "name": full_name(item.author),
        "when": when(item.updated, now),
    }


def _row(model, item, detail: str, moment, *, view: str = "change", locked: bool = True) -> Row:
    return Row(
        title=item.title,
        url=_url(model, view, item.pk),
        kind=_kind(model),
        detail=detail,
        moment=moment,
        item_id=item.pk if locked else None,
    )


def _mark_editing(model, rows: list[Row], user, now) -> None:
    """Say, on each row someone else has open, who is editing it and since when."""
    found = locks.others_by_item(model=model, ids={row.item_id for row in rows}, user=user)
    for row in rows:
        if found.get(row.item_id):
            row.editing = locks.describe(found[row.item_id])


def calendar_labels(model) -> dict[str, str]:
    """Return, for each date that makes ``model``'s items change by themselves, its label.

    A model names its own planning dates in ``planning_labels``; a date it does not name is
    called by its field's name.
    """
    labels = {}
    for name in getattr(model, "planning_fields", ()):
        model_field = model._meta.get_field(name)
        if isinstance(model_field, models.DateTimeField):
            labels[name] = getattr(model, "planning_labels", {}).get(
                name, capfirst(model_field.verbose_name)
            )
    labels["publication_date"] = _("Mise en ligne")
    labels["expiry_date"] = _("Retrait du site")
    return labels


def _calendar(models, now) -> tuple[list[Day], str]:
    today = timezone.localdate(now)
    last = today + timedelta(days=CALENDAR_DAYS - 1)
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), datetime.min.time()))
    entries: list[Entry] = []
    for model in models:
        labels = calendar_labels(model)
        window = Q()
        for name in labels:
            window |= Q(**{f"{name}__gte": now, f"{name}__lt": end})
        items = model._default_manager.filter(window, status=Status.PUBLISHED).only(
            "pk", "title", *labels
        )
        for item in items:
            moments: dict[datetime, list[str]] = {}
            for name, label in labels.items():
                moment = getattr(item, name)
                if moment is not None and now <= moment < end:
                    moments.setdefault(moment, []).append(str(label))
            for moment, what in moments.items():
                entries.append(
                    Entry(
                        moment=moment,
                        time=dateformat.format(timezone.localtime(moment), "G\u00a0\\h\u00a0i"),
                        what=" · ".join(what),
                        title=item.title,
                        url=_url(model, "change", item.pk),
                        kind=_kind(model),
                    )
                )
    entries.sort(key=lambda entry: (entry.moment, entry.title))
    days = [
        Day(day=day, heading=_day_heading(day, today), entries=list(group))
        for day, group in groupby(entries, key=lambda entry: timezone.localdate(entry.moment))
    ]
    return days, french.format_date(last, "l j F")


def _day_heading(day: date, today: date) -> str:
    name = french.format_date(day, "l j F")
    if day == today:
        return _("Aujourd’hui, %(day)s") % {"day": name}
    if day == today + timedelta(days=1):
        return _("Demain, %(day)s") % {"day": name}
    return capfirst(name)


def _activity(models, now) -> list[Activity]:
    by_type = {ContentType.objects.get_for_model(model).pk: model for model in models}
    if not by_type:
        return []
    revisions = list(
        Revision.objects.filter(content_type__in=list(by_type), proposal="", user__isnull=False)
        .select_related("user")
        .order_by("-created", "-pk")[:ACTIVITY_LIMIT]
    )
    deletions = list(
        LogEntry.objects.filter(content_type__in=list(by_type), action_flag=DELETION)
        .select_related("user")
        .order_by("-action_time", "-pk")[:ACTIVITY_LIMIT]
    )
    items = {
        type_id: model._default_manager.only("pk", "title").in_bulk(
            {r.object_id for r in revisions if r.content_type_id == type_id}
        )
        for type_id, model in by_type.items()
    }
    found = []
    for revision in revisions:
        model = by_type[revision.content_type_id]
        item = items[revision.content_type_id].get(revision.object_id)
        found.append(
            Activity(
                moment=revision.created,
                when=when(revision.created, now),
                who=full_name(revision.user),
                action=_revision_action(model, revision),
                title=item.title if item else revision.data.get("title", ""),
                url=_url(model, "change", item.pk) if item else "",
                kind=_kind(model),
            )
        )
    for entry in deletions:
        found.append(
            Activity(
                moment=entry.action_time,
                when=when(entry.action_time, now),
                who=full_name(entry.user),
                action=_("Supprimé"),
                title=entry.object_repr,
                url="",
                kind=_kind(by_type[entry.content_type_id]),
            )
        )
    return sorted(found, key=lambda activity: activity.moment, reverse=True)[:ACTIVITY_LIMIT]


def _revision_action(model, revision: Revision) -> str:
    if revision.comment:
        return revision.comment
    if revision.changed_fields:
        return _("Modifié : %(fields)s") % {
            "fields": ", ".join(
                str(field_label(model, name)).lower() for name in revision.changed_fields
            )
        }
    return _("Enregistré sans changement")
