"""The admin index: the editor's desk, and the « À traiter » box of what else waits on the
person who is signed in (their proposed changes, accreditation requests, the door)."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Proposal, Revision, format_moment
from core.people import full_name
from core.publishing import desk, proposals, workflow

register = template.Library()

# How many items each list shows; the link under it opens the whole list.
LIMIT = 8


def _publishable_models():
    from news.models import Article
    from press.models import PressRelease

    return [Article, PressRelease]


def _changelist(model, query: str = "") -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + query


def _change(item, view: str = "change") -> str:
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[item.pk])


def _person(user) -> str:
    return full_name(user, nobody=_("quelqu’un"))


def _proposal_sections(user, model) -> list[dict]:
    """Return the changes to published items that ``user`` proposed, pending or discarded.

    Those who may publish find the pending ones on the desk, in « À relire ».
    """
    if workflow.can_publish(user, model):
        return []
    kind = model._meta.verbose_name_plural
    revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(model), user=user
    ).select_related("user", "reviewed_by")
    lists = [
        (_("Vos modifications en attente (%(kind)s)") % {"kind": kind}, Proposal.PENDING),
        (_("Vos modifications écartées (%(kind)s)") % {"kind": kind}, Proposal.DISCARDED),
    ]
    sections = []
    for title, outcome in lists:
        found = list(revisions.filter(proposal=outcome).order_by("-created")[: LIMIT * 2])
        items = model._default_manager.in_bulk([revision.object_id for revision in found])
        rows = []
        for revision in found:
            item = items.get(revision.object_id)
            if item is None:
                continue
            if outcome == Proposal.PENDING:
                detail = _("proposée par %(name)s le %(moment)s") % {
                    "name": _person(revision.user),
                    "moment": format_moment(revision.created),
                }
                rows.append((item.title, _change(item, "pending"), detail))
            elif proposals.last_discarded(item) == revision:
                detail = _("écartée par %(name)s le %(moment)s") % {
                    "name": _person(revision.reviewed_by),
                    "moment": format_moment(revision.reviewed_at),
                }
                if revision.review_note:
                    detail += _(" : « %(reason)s »") % {"reason": revision.review_note}
                rows.append((item.title, _change(item), detail))
        if rows:
            sections.append({"title": title, "items": rows[:LIMIT], "more_url": ""})
    return sections


@register.simple_tag
def editors_desk(user) -> desk.Desk:
    """Return ``user``'s desk: drafts, items to review, the coming days, recent changes."""
    return desk.build(user=user, models=_publishable_models())


@register.simple_tag
def editorial_todo(user) -> list[dict]:
    """Return the sections of the box, each with its items; only what ``user`` may see."""
    now = timezone.now()
    sections = []
    for model in _publishable_models():
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        sections += _proposal_sections(user, model)
    if user.has_perm("accreditations.view_accreditationrequest"):
        from accreditations.models import AccreditationRequest, Event, RequestStatus

        events = (
            Event.objects.annotate(
                waiting=Count("requests", filter=Q(requests__status=RequestStatus.PENDING))
            )
            .filter(waiting__gt=0)
            .order_by("accreditation_closes")
        )
        items = [
            (
                event.title,
                _changelist(
                    AccreditationRequest,
                    f"?event__id__exact={event.pk}&status__exact={RequestStatus.PENDING}",
                ),
                _("%(count)d en attente") % {"count": event.waiting},
            )
            for event in events[:LIMIT]
        ]
        if items:
            sections.append(
                {
                    "title": _("Demandes d’accréditation en attente"),
                    "items": items,
                    "more_url": _changelist(AccreditationRequest, "?status__exact=pending"),
                }
            )
    if user.has_perm("accreditations.record_checkin"):
        sections += _door_section(now)
    return sections


def _door_section(now) -> list[dict]:
    """Return the box's « Accueil à l’entrée » section: the events whose door opens today."""
    from accreditations.models import Event

    today = timezone.localdate(now)
    events = Event.objects.filter(starts__date__lte=today, ends__gte=now).order_by("starts")
    items = [
        (
            event.title,
            reverse("accreditations:checkin", kwargs={"slug": event.slug}),
            _("enregistrer les arrivées"),
        )
        for event in events[:LIMIT]
    ]
    if not items:
        return []
    return [
        {
            "title": _("Accueil à l’entrée"),
            "items": items,
            "more_url": reverse("accreditations:checkin-events"),
        }
    ]
