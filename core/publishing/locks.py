"""Who has an item's change form open right now: soft edit locks, as in Plone and Wagtail.

Opening a change form records « being edited by X since T » (``acquire``); the page renews it
every ``HEARTBEAT`` (``renew``, from js/admin-editing.js) and gives it back when it is left or
saved (``release``). A lock not renewed for ``EXPIRY`` no longer counts: a closed laptop or a
lost connection frees the item by itself. A lock stops nobody: whoever opens the item sees who
else is editing it, and the save that comes second meets the workflow's conflict check.
"""

import secrets
from collections import defaultdict
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from core.models import EditLock, format_moment
from core.people import full_name

HEARTBEAT = timedelta(seconds=30)
EXPIRY = timedelta(minutes=2)


def _live(now=None):
    return EditLock.objects.filter(seen__gt=(now or timezone.now()) - EXPIRY)


def _of(item):
    return {"content_type": ContentType.objects.get_for_model(item), "object_id": item.pk}


@transaction.atomic
def acquire(*, item, user) -> EditLock:
    """Record that ``user`` opened ``item``'s change form; return the lock with a new token.

    A lock ``user`` still holds keeps its start: reloading the page is not a new session.
    """
    now = timezone.now()
    EditLock.objects.filter(seen__lte=now - EXPIRY).delete()
    lock, created = EditLock.objects.select_for_update().get_or_create(
        **_of(item), user=user, defaults={"since": now, "seen": now, "token": _new_token()}
    )
    if not created:
        lock.seen, lock.token = now, _new_token()
        lock.save(update_fields=["seen", "token"])
    return lock


def renew(*, item, user, token: str) -> None:
    """Keep ``user``'s lock on ``item`` alive; take it again if it lapsed meanwhile."""
    now = timezone.now()
    if _live(now).filter(**_of(item), user=user).update(seen=now):
        return
    with transaction.atomic():
        EditLock.objects.filter(**_of(item), user=user).delete()
        EditLock.objects.create(**_of(item), user=user, since=now, seen=now, token=token[:32])


def release(*, item, user, token: str | None = None) -> None:
    """Give back ``user``'s lock on ``item``: only the page holding ``token``, if given."""
    locks = EditLock.objects.filter(**_of(item), user=user)
    if token is not None:
        locks = locks.filter(token=token)
    locks.delete()


def others(*, item, user) -> list[EditLock]:
    """Return the live locks of people other than ``user`` on ``item``, oldest first."""
    return list(
        _live().filter(**_of(item)).exclude(user=user).select_related("user").order_by("since")
    )


def others_by_item(*, model, ids, user) -> dict[int, list[EditLock]]:
    """Return, for each of ``ids`` that someone other than ``user`` is editing, their locks."""
    found = defaultdict(list)
    locks = (
        _live()
        .filter(content_type=ContentType.objects.get_for_model(model), object_id__in=list(ids))
        .exclude(user=user)
        .select_related("user")
        .order_by("since")
    )
    for lock in locks:
        found[lock.object_id].append(lock)
    return found


def since(lock: EditLock, now=None) -> str:
    """Return « 10 h 42 », or « le 6 décembre à 23 h 50 » for a lock taken another day."""
    moment, now = timezone.localtime(lock.since), timezone.localtime(now or timezone.now())
    if moment.date() == now.date():
        return dateformat.format(moment, "G\u00a0\\h\u00a0i")
    return _("le %(moment)s") % {"moment": format_moment(moment, now)}


def describe(locks: list[EditLock]) -> str:
    """Return « En cours de modification par Camille Hardy depuis 10 h 42 », or ""."""
    if not locks:
        return ""
    people = [
        _("%(name)s depuis %(since)s") % {"name": full_name(lock.user), "since": since(lock)}
        for lock in locks
    ]
    if len(people) > 1:
        people = [", ".join(people[:-1]), people[-1]]
    return _("En cours de modification par %(people)s") % {"people": _(" et ").join(people)}


def _new_token() -> str:
    return secrets.token_hex(16)
