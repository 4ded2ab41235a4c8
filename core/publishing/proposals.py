"""Corrections of published items that wait for review, as Wagtail keeps them.

Someone who may not publish (a Rédacteur) and saves a published article or release does not
change it: what the form holds (fields, tags, related items, inline rows, as a revision keeps
them) is kept as the item's one pending version. The public page stays as it is until someone
who may publish it compares the two and publishes the change, or discards it.

The pending version is shown (in the admin form, at the real address to staff) by writing it to
the database inside a transaction that is rolled back, under ``cache.rehearsal()``: the page is
made by the same code as the public one, and nothing of it is purged, cached or kept.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core import signals
from core.caching import cache
from core.models import Proposal, Publishable, Revision, Status
from core.people import full_name
from core.publishing import workflow


def held_for_review(user, item: Publishable) -> bool:
    """Return True if what ``user`` saves of the stored ``item`` waits for review."""
    return (
        item.pk is not None
        and item.status == Status.PUBLISHED
        and not workflow.can_publish(user, item)
    )


def proposals_of(item: Publishable):
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    ).exclude(proposal="")


def pending_of(item: Publishable) -> Revision | None:
    """Return the change waiting for review on ``item``, if any."""
    return proposals_of(item).filter(proposal=Proposal.PENDING).select_related("user").first()


def last_discarded(item: Publishable) -> Revision | None:
    """Return the change discarded last, while nothing was saved or proposed since."""
    latest = proposals_of(item).select_related("user", "reviewed_by").order_by("-pk").first()
    if latest is None or latest.proposal != Proposal.DISCARDED:
        return None
    if workflow.revisions_of(item).filter(created__gt=latest.reviewed_at).exists():
        return None
    return latest


@contextmanager
def rehearsal() -> Iterator[None]:
    """Run what follows on the database, then roll it all back; nothing reaches the caches."""
    with transaction.atomic(), cache.rehearsal():
        try:
            yield
        finally:
            transaction.set_rollback(True)


def apply(revision: Revision) -> Publishable:
    """Write ``revision`` over its item, within a ``rehearsal()``; return the item."""
    if not cache.rehearsing():
        raise RuntimeError("A pending version is only ever written to be rolled back.")
    model = revision.content_type.model_class()
    item = model._default_manager.get(pk=revision.object_id)
    updated = item.updated
    workflow.apply_data(item, revision.data, store=lambda item: item.save())
    # The form's version token must still describe the published item.
    model._default_manager.filter(pk=item.pk).update(updated=updated)
    item.updated = updated
    return item


@transaction.atomic
def keep(*, item: Publishable, user, data: dict) -> Revision | None:
    """Keep ``data`` as the change ``user`` proposes to the published ``item``.

    One pending version per item: a new proposal replaces it. Return None, and forget the
    pending version, when ``data`` is what the public already sees.
    """
    model = type(item)
    item = model._default_manager.select_for_update().get(pk=item.pk)
    live = workflow.snapshot(item)
    pending = proposals_of(item).select_for_update().filter(proposal=Proposal.PENDING).first()
    if not any(
        workflow.differs(model, name, live.get(name), value) for name, value in data.items()
    ):
        if pending is not None:
            pending.delete()
        return None
    # What this save changed, for whoever had the pending version open (see changes_since()):
    # from the version it replaces, plus what its author changed before if no one else saved.
    shown = pending.data if pending is not None else live
    changed = [
        name
        for name, value in data.items()
        if workflow.differs(model, name, shown.get(name), value)
    ]
    if pending is not None and pending.user_id == getattr(user, "pk", None):
        changed += [name for name in pending.changed_fields if name not in changed]
    pending = pending or Revision(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        proposal=Proposal.PENDING,
    )
    pending.user = user
    pending.created = timezone.now()
    pending.based_on = item.updated
    pending.changed_fields = changed
    pending.data = data
    pending.comment = _("Modification proposée")
    pending.save()
    return pending


def _check_reviewer(user, item: Publishable) -> None:
    if not workflow.can_publish(user, item):
        raise workflow.WorkflowError(
            _(
                "Vous ne pouvez pas publier ni écarter une modification : c’est le rôle de la "
                "personne qui publie ce contenu."
            )
        )


def _locked(revision: Revision) -> tuple[Publishable, Revision]:
    model = revision.content_type.model_class()
    item = model._default_manager.select_for_update().get(pk=revision.object_id)
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.proposal != Proposal.PENDING:
        raise workflow.WorkflowError(
            _("Cette modification a déjà été publiée ou écartée entre-temps.")
        )
    return item, revision


def _close(revision: Revision, *, user, outcome: str, note: str = "") -> None:
    revision.proposal = outcome
    revision.reviewed_by = user
    revision.reviewed_at = timezone.now()
    revision.review_note = note
    revision.save(update_fields=["proposal", "reviewed_by", "reviewed_at", "review_note"])


@transaction.atomic
def publish(*, revision: Revision, user) -> list[str]:
    """Publish the pending ``revision``: saved as any change, sanitised, purged, kept.

    Return, in French, why some inline rows could not come back (a file or a contact gone).
    """
    item, revision = _locked(revision)
    _check_reviewer(user, item)
    notes = workflow.apply_data(
        item,
        revision.data,
        store=lambda item: workflow.save(item=item, user=user, record=False),
    )
    author = revision.user
    comment = (
        _("Modification de %(name)s publiée") % {"name": full_name(author)}
        if author
        else _("Modification proposée publiée")
    )
    workflow.record_revision(item=item, user=user, comment=comment)
    _close(revision, user=user, outcome=Proposal.PUBLISHED)
    signals.change_published.send(sender=type(item), item=item, proposal=revision)
    return notes


@transaction.atomic
def discard(*, revision: Revision, user, reason: str = "") -> None:
    """Discard the pending ``revision``: the published item stays as it is."""
    item, revision = _locked(revision)
    _check_reviewer(user, item)
    _close(revision, user=user, outcome=Proposal.DISCARDED, note=reason.strip()[:500])
    signals.change_discarded.send(sender=type(item), item=item, proposal=revision)


@transaction.atomic
def propose_restore(*, revision: Revision, user) -> tuple[Revision | None, list[str]]:
    """Propose to bring back an old ``revision`` of a published item, as a pending version."""
    model = revision.content_type.model_class()
    item = model._default_manager.get(pk=revision.object_id)
    with rehearsal():
        pending = pending_of(item)
        if pending is not None:
            apply(pending)
        notes = workflow.restore(revision=revision, user=user)
        data = workflow.snapshot(model._default_manager.get(pk=item.pk))
    return keep(item=item, user=user, data=data), notes


# The version token of a form showing the pending version -------------------------------------


def version_token(item: Publishable) -> str:
    """Return what a form showing the pending version keeps to notice later saves of either."""
    pending = pending_of(item)
    moments = [item.updated, pending.created if pending else None]
    latest: datetime | None = max((m for m in moments if m), default=None)
    return latest.isoformat() if latest else ""


def changes_since(item: Publishable, token: str) -> tuple[list[Revision], list[str]]:
    """Return what was saved of the item or of its pending version after ``token``, oldest
    first, and the fields those saves changed (see ``workflow.changes_since()``).
    """
    revisions, changed = workflow.changes_since(item, token)
    pending = pending_of(item)
    moment = parse_datetime(token) if token else None
    if pending is not None and (moment is None or pending.created > moment):
        revisions.append(pending)
        changed += [name for name in pending.changed_fields if name not in changed]
    return sorted(revisions, key=lambda revision: revision.created), changed
