"""The editorial workflow of news and press releases: who may change their state, and history.

Publishing, scheduling and unpublishing need the model's ``publish_<model>`` permission; the
checks live here, not in the admin, so every path (form, list action, code) obeys them. Every
save made through these functions keeps a ``Revision``.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import redirects, signals
from core.models import PUBLIC_STATES, Publishable, Revision, Status, format_moment
from core.publishing import revision_parts

WORKFLOW_FIELDS = ("status", "publication_date", "expiry_date")
# Kept out of revisions: derived from other fields, or set by the system.
UNTRACKED_FIELDS = frozenset({"id", "created", "updated", "author", "number"})
# Never restored: restoring brings back the writing, not the address or the publication state.
UNRESTORED_FIELDS = frozenset({*WORKFLOW_FIELDS, "slug"})


def unrestored_fields(model: type[Publishable]) -> frozenset[str]:
    """Return the fields a restored or proposed version leaves as they are, for ``model``."""
    return UNRESTORED_FIELDS | frozenset(getattr(model, "planning_fields", ()))


class WorkflowError(PermissionDenied):
    """A change the user may not make; ``message`` says why, in French."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def publish_permission(model: type[Publishable] | Publishable) -> str:
    opts = model._meta
    return f"{opts.app_label}.publish_{opts.model_name}"


def can_publish(user, model: type[Publishable] | Publishable) -> bool:
    """Return True if ``user`` may publish, schedule and unpublish items of ``model``."""
    return user.is_active and user.has_perm(publish_permission(model))


def can_change(user, model: type[Publishable] | Publishable) -> bool:
    opts = model._meta
    return user.is_active and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


def check_change(
    *,
    user,
    model: type[Publishable],
    original: Publishable | None,
    status: str,
    publication_date: datetime | None,
    expiry_date: datetime | None,
) -> None:
    """Raise WorkflowError unless ``user`` may give these workflow values to ``original``.

    ``original`` is the item as stored, or None for a new one.
    """
    if can_publish(user, model):
        return
    old_status = original.status if original is not None else Status.DRAFT
    if status != old_status and {status, old_status} & PUBLIC_STATES:
        raise WorkflowError(
            _(
                "Vous ne pouvez pas publier, planifier ni dépublier : c’est le rôle de l’éditeur "
                "en chef. Enregistrez votre texte puis soumettez-le pour relecture."
            )
        )
    dates = _to_second(publication_date, expiry_date)
    if old_status in PUBLIC_STATES and dates != _to_second(
        original.publication_date, original.expiry_date
    ):
        raise WorkflowError(
            _(
                "Vous ne pouvez pas changer la date de publication ni la date d’expiration "
                "d’un contenu publié : demandez-le à l’éditeur en chef."
            )
        )


def _to_second(*moments: datetime | None) -> tuple:
    # The admin's date fields show whole seconds: a form saved unchanged must compare equal.
    return tuple(moment and moment.replace(microsecond=0) for moment in moments)


def check_delete(*, item: Publishable, user) -> None:
    """Raise WorkflowError unless ``user`` may delete ``item``."""
    if item.status in PUBLIC_STATES and not can_publish(user, item):
        raise WorkflowError(
            _(
                "Vous ne pouvez pas supprimer « %(title)s » : ce contenu a été publié. Demandez "
                "à l’éditeur en chef de le dépublier ou de le supprimer."
            )
            % {"title": item.title}
        )


def _stored(item: Publishable) -> Publishable | None:
    if item.pk is None:
        return None
    return type(item)._default_manager.select_for_update().filter(pk=item.pk).first()


@transaction.atomic
def store(*, item: Publishable, user=None) -> None:
    """Save ``item`` (written by ``user`` if new), announcing a publication (core.signals)."""
    if item.pk is None and item.author_id is None and user is not None:
        item.author = user
    model, before = type(item), None
    planning = ("status", "publication_date", *model.planning_fields)
    if item.status == Status.PUBLISHED:
        if item.pk is not None and signals.post_publish.has_listeners(model):
            before = model._default_manager.filter(pk=item.pk).values_list(*planning).first()
        signals.pre_publish.send(sender=model, item=item)
    with redirects.saved_by(user):
        item.save()
    if item.status == Status.PUBLISHED and before != tuple(getattr(item, f) for f in planning):
        signals.post_publish.send(sender=model, item=item)


@transaction.atomic
def save(
    *, item: Publishable, user, comment: str = "", note: str = "", record: bool = True
) -> Publishable:
    """Save ``item`` as it is, if ``user`` may; keep a revision unless ``record`` is False.

    The admin passes ``record=False`` and records once its tags and inlines are saved too.
    """
    original = _stored(item)
    check_change(
        user=user,
        model=type(item),
        original=original,
        status=item.status,
        publication_date=item.publication_date,
        expiry_date=item.expiry_date,
    )
    if original is not None:
        ensure_baseline(original)
    store(item=item, user=user)
    if record:
        record_revision(item=item, user=user, comment=comment, note=note)
    return item


def submit_for_review(*, item: Publishable, user, record: bool = True) -> Publishable:
    """Put ``item`` in review, so that the chief editor sees it waiting."""
    if not can_change(user, item):
        raise WorkflowError(_("Vous ne pouvez pas modifier ce contenu."))
    item.status = Status.REVIEW
    return save(item=item, user=user, comment=_("Soumis pour relecture"), record=record)


def check_send_back(*, item: Publishable, user) -> None:
    """Raise WorkflowError unless ``user`` may send ``item`` back to its writer."""
    if not can_publish(user, item):
        raise WorkflowError(
            _(
                "Vous ne pouvez pas renvoyer un contenu au rédacteur : c’est le rôle de la "
                "personne qui le publie."
            )
        )
    if item.status != Status.REVIEW:
        raise WorkflowError(_("Seul un contenu en relecture peut être renvoyé au rédacteur."))


SEND_BACK_NOTE_REQUIRED = gettext_lazy(
    "Dites au rédacteur ce qu’il doit revoir : le commentaire est obligatoire."
)
SENT_BACK_COMMENT = gettext_lazy("Renvoyé au rédacteur")


def send_back(*, item: Publishable, user, note: str, record: bool = True) -> Publishable:
    """Send ``item``, in review, back to draft with ``note`` for its writer, who is told."""
    check_send_back(item=item, user=user)
    if not note.strip():
        raise WorkflowError(str(SEND_BACK_NOTE_REQUIRED))
    item.status = Status.DRAFT
    return save(item=item, user=user, comment=str(SENT_BACK_COMMENT), note=note, record=record)


def publish(
    *, item: Publishable, user, at: datetime | None = None, record: bool = True
) -> Publishable:
    """Publish ``item`` now, or at ``at``: a future time schedules it."""
    if not can_publish(user, item):
        raise WorkflowError(
            _("Vous ne pouvez pas publier ni planifier : c’est le rôle de l’éditeur en chef.")
        )
    now = timezone.now().replace(microsecond=0)
    item.status = Status.PUBLISHED
    item.publication_date = at or now
    scheduled = item.publication_date > now
    return save(
        item=item,
        user=user,
        comment=publication_comment(item.publication_date, scheduled=scheduled),
        record=record,
    )


def publication_comment(moment: datetime, *, scheduled: bool) -> str:
    if scheduled:
        return _("Planifié pour le %(moment)s") % {"moment": format_moment(moment)}
    return _("Publié")


def unpublish(*, item: Publishable, user, record: bool = True) -> Publishable:
    """Take ``item`` off the site; it keeps its address and, for a release, its number."""
    if not can_publish(user, item):
        raise WorkflowError(_("Vous ne pouvez pas dépublier : c’est le rôle de l’éditeur en chef."))
    item.status = Status.UNPUBLISHED
    return save(item=item, user=user, comment=_("Dépublié"), record=record)


# History ----------------------------------------------------------------------------------


def tracked_fields(model: type[Publishable]) -> list[models.Field]:
    """Return the fields a revision keeps: what an editor can change in the admin."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and field.name not in UNTRACKED_FIELDS
    ]


def tracked_links(model: type[Publishable]) -> list[models.ManyToManyField]:
    """Return the many-to-many fields a revision keeps (related items; tags are kept by name)."""
    return [
        field
        for field in model._meta.many_to_many
        if field.editable and field.name != "tags" and field.name not in UNTRACKED_FIELDS
    ]


def _plain(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, datetime):
        # In UTC and whole seconds, as the admin's fields show them: a form saved unchanged
        # must give the same text.
        if timezone.is_aware(value):
            value = value.astimezone(UTC)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def snapshot(item: Publishable) -> dict:
    """Return the item's tracked values as JSON-ready data."""
    data = {field.name: _plain(field.value_from_object(item)) for field in tracked_fields(item)}
    if item.pk is not None and hasattr(item, "tags"):
        data["tags"] = sorted(item.tags.names(), key=str.lower)
    if item.pk is not None:
        for field in tracked_links(type(item)):
            data[field.name] = sorted(getattr(item, field.name).values_list("pk", flat=True))
    if item.pk is not None:
        for part in revision_parts.parts_of(type(item)):
            data[part.name] = revision_parts.snapshot_rows(item, part)
    return data


def differs(model: type[Publishable], name: str, old, new) -> bool:
    """Return True if an editor would see a difference between two values of field ``name``."""
    if revision_parts.part_named(model, name) is not None:
        return revision_parts.comparable(old) != revision_parts.comparable(new)
    return old != new


def revisions_of(item: Publishable):
    """Return the item's history, newest first; changes waiting for review are not in it."""
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk, proposal=""
    ).select_related("user")


def ensure_baseline(original: Publishable) -> None:
    """Keep the stored state of an item that has no history yet, so its first change shows."""
    if revisions_of(original).exists():
        return
    Revision.objects.create(
        content_type=ContentType.objects.get_for_model(original),
        object_id=original.pk,
        created=original.updated,
        user=None,
        comment=_("État avant la première modification suivie"),
        data=snapshot(original),
    )


def record_revision(*, item: Publishable, user, comment: str = "", note: str = "") -> Revision:
    """Keep the item's current state, with the fields changed since the previous revision.

    ``note`` is what a reviewer says to the writer (sending the item back). The revision is
    dated when the item was saved, as its version token is: a form opened after this save
    does not count it as made meanwhile. A change of state is announced (core.signals).
    """
    data = snapshot(item)
    previous = revisions_of(item).first()
    if previous is None:
        changed = []
        comment = comment or _("Création")
    else:
        model = type(item)
        changed = [
            name
            for name, value in data.items()
            # Versions kept before inline rows were followed do not hold them: nothing to compare.
            if (name in previous.data or revision_parts.part_named(model, name) is None)
            and differs(model, name, previous.data.get(name), value)
        ]
    revision = Revision.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        created=item.updated or timezone.now(),
        user=user if user is not None and user.is_authenticated else None,
        comment=comment,
        review_note=note.strip(),
        changed_fields=changed,
        data=data,
    )
    _announce(item, revision, before=previous.data.get("status") if previous else None)
    return revision


def _announce(item: Publishable, revision: Revision, *, before: str | None) -> None:
    if item.status == before:
        return
    sender = type(item)
    if item.status == Status.REVIEW:
        signals.submitted.send(sender=sender, item=item, revision=revision)
    elif item.status == Status.PUBLISHED:
        signals.published.send(sender=sender, item=item, revision=revision)
    elif item.status == Status.UNPUBLISHED:
        signals.unpublished.send(sender=sender, item=item, revision=revision)
    elif item.status == Status.DRAFT and before == Status.REVIEW and revision.review_note:
        signals.sent_back.send(sender=sender, item=item, revision=revision)


def _restore_links(item: Publishable, field: models.ManyToManyField, pks: list) -> list[str]:
    """Link ``item`` to the items of ``pks`` that still exist; say in French if some do not."""
    existing = list(field.related_model._default_manager.filter(pk__in=pks))
    getattr(item, field.name).set(existing)
    missing = len(set(pks)) - len(existing)
    if not missing:
        return []
    return [
        ngettext(
            "%(field)s : %(count)s élément supprimé depuis n’a pas été restauré.",
            "%(field)s : %(count)s éléments supprimés depuis n’ont pas été restaurés.",
            missing,
        )
        % {"field": capfirst(field.verbose_name), "count": missing}
    ]


def version_token(item: Publishable) -> str:
    """Return what a form keeps to notice that someone else saved the item meanwhile."""
    return item.updated.isoformat() if item.updated else ""


def saved_since(item: Publishable, token: str):
    """Return the revisions saved after the state ``token`` describes, oldest first."""
    moment = parse_datetime(token) if token else None
    revisions = revisions_of(item)
    if moment is not None:
        revisions = revisions.filter(created__gt=moment)
    return revisions.order_by("created", "pk")


def changes_since(item: Publishable, token: str) -> tuple[list[Revision], list[str]]:
    """Return the revisions saved after the state ``token`` describes, oldest first, and the
    fields they changed from that state: not those changed before, nor those changed back.
    """
    revisions = list(saved_since(item, token))
    if not revisions:
        return [], []
    moment = parse_datetime(token) if token else None
    seen = revisions_of(item).filter(created__lte=moment).first() if moment else None
    if seen is None:
        changed = []
        for revision in revisions:
            changed += [name for name in revision.changed_fields if name not in changed]
        return revisions, changed
    model, latest = type(item), revisions[-1].data
    return revisions, [
        name
        for name, value in latest.items()
        if (name in seen.data or revision_parts.part_named(model, name) is None)
        and differs(model, name, seen.data.get(name), value)
    ]


def apply_data(item: Publishable, data: dict, *, store: Callable[[Publishable], None]) -> list[str]:
    """Give ``item`` the writing that ``data`` (a revision's) holds; ``store(item)`` saves it.

    The address and the publication state stay as they are. Inline rows come back as they
    were, in their order; return, in French, why some could not (a file or a contact gone).
    """
    model = type(item)
    for field in tracked_fields(model):
        if field.name in unrestored_fields(model) or field.name not in data:
            continue
        value = data[field.name]
        if isinstance(field, models.FileField):
            setattr(item, field.attname, value or "")
        else:
            setattr(item, field.attname, field.to_python(value))
    store(item)
    if "tags" in data and hasattr(item, "tags"):
        item.tags.set(data["tags"])
    notes = []
    for field in tracked_links(model):
        if field.name in data:
            notes += _restore_links(item, field, data[field.name])
    for part in revision_parts.parts_of(model):
        if part.name in data:
            notes += revision_parts.restore_rows(item, part, data[part.name])
    return notes


@transaction.atomic
def restore(*, revision: Revision, user) -> list[str]:
    """Bring back the writing of ``revision``: it is saved anew, sanitised, and kept as a revision.

    Return, in French, why some inline rows could not come back (see ``apply_data()``).
    """
    model = revision.content_type.model_class()
    item = model._default_manager.get(pk=revision.object_id)
    if not can_change(user, item):
        raise WorkflowError(_("Vous ne pouvez pas modifier ce contenu."))
    notes = apply_data(
        item, revision.data, store=lambda item: save(item=item, user=user, record=False)
    )
    comment = _("Restauration de la version du %(moment)s") % {
        "moment": format_moment(revision.created)
    }
    record_revision(item=item, user=user, comment=comment)
    return notes
