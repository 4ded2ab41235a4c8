"""The e-mails of the editorial review: who is told what, and when.

Connected to the workflow's signals (core.signals) by the site's composition. Each
e-mail is queued for the worker once the transaction that made the change commits, one task per
recipient and event, as the accreditation and press-list e-mails are; a failure is tried again
later, up to EMAIL_MAX_ATTEMPTS attempts in all.
"""

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django_tasks import task

from core import signals
from core.mail import error_name, send_or_retry
from core.models import Publishable, Revision, Status, format_moment
from core.people import full_name
from core.publishing import workflow

logger = logging.getLogger(__name__)

SUBMITTED, SENT_BACK, PUBLISHED = "submitted", "sent_back", "published"
CHANGE_PUBLISHED, CHANGE_DISCARDED = "change_published", "change_discarded"
SUBJECTS = {
    SUBMITTED: gettext_lazy("À relire : « %(title)s »"),
    SENT_BACK: gettext_lazy("À revoir : « %(title)s » vous est renvoyé"),
    PUBLISHED: gettext_lazy("Publié : « %(title)s »"),
    CHANGE_PUBLISHED: gettext_lazy("Votre modification de « %(title)s » est publiée"),
    CHANGE_DISCARDED: gettext_lazy("Votre modification de « %(title)s » est écartée"),
}
SCHEDULED_SUBJECT = gettext_lazy("Planifié : « %(title)s »")


def reviewers_of(item: Publishable, *, but=None) -> list:
    """Return the active staff who may publish ``item``, by their role, with an address."""
    users = ModelBackend().with_perm(
        workflow.publish_permission(item), is_active=True, include_superusers=False
    )
    users = users.filter(is_staff=True).exclude(email="")
    if but is not None:
        users = users.exclude(pk=but.pk)
    return list(users.order_by("pk"))


def _writer(item: Publishable, *, but) -> list:
    author = item.author
    if author is None or not author.email or author == but or not author.is_active:
        return []
    return [author]


def recipients(event: str, *, item: Publishable, revision: Revision) -> list:
    """Return who hears of ``event``: never the person who made it happen."""
    if event == SUBMITTED:
        return reviewers_of(item, but=revision.user)
    if event in (SENT_BACK, PUBLISHED):
        return _writer(item, but=revision.user)
    author = revision.user
    if author is None or not author.email or author == revision.reviewed_by:
        return []
    return [author]


def _queue(event: str, *, item: Publishable, revision: Revision) -> None:
    for user in recipients(event, item=item, revision=revision):
        transaction.on_commit(
            partial(_enqueue, event=event, revision_id=revision.pk, recipient_id=user.pk)
        )


def _enqueue(*, event: str, revision_id: int, recipient_id: int) -> None:
    try:
        send_review_email_task.enqueue(
            event=event, revision_id=revision_id, recipient_id=recipient_id
        )
    except Exception as error:
        # The change is saved whatever happens here; the item's page and history still tell it.
        logger.error(
            "Review e-mail %s for version %s not queued: %s", event, revision_id, error_name(error)
        )


def admin_url(item: Publishable) -> str:
    opts = item._meta
    return settings.SITE_URL + reverse(
        f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk]
    )


def build_email(*, event: str, revision: Revision, recipient) -> EmailMessage | None:
    """Return the French e-mail telling ``recipient`` of ``event``; None if it no longer applies."""
    model = revision.content_type.model_class()
    item = model._default_manager.filter(pk=revision.object_id).first() if model else None
    if item is None or (event == SUBMITTED and item.status != Status.REVIEW):
        return None
    reviewer = revision.reviewed_by if event in (CHANGE_PUBLISHED, CHANGE_DISCARDED) else None
    scheduled = event == PUBLISHED and item.is_scheduled
    context = {
        "recipient": full_name(recipient),
        "actor": full_name(reviewer or revision.user),
        "item": item,
        "kind": model._meta.verbose_name,
        "title": item.title,
        "admin_url": admin_url(item),
        "public_url": settings.SITE_URL + item.get_absolute_url(),
        "scheduled": scheduled,
        "moment": format_moment(item.publication_date) if item.publication_date else "",
        "proposed": format_moment(revision.created),
        "note": revision.review_note,
        "city": settings.CITY,
    }
    subject = (SCHEDULED_SUBJECT if scheduled else SUBJECTS[event]) % {"title": item.title}
    return EmailMessage(
        subject=subject,
        body=render_to_string(f"emails/review/{event}.txt", context),
        to=[recipient.email],
    )


def deliver_review_email(*, event: str, revision_id: int, recipient_id: int, attempt: int) -> str:
    """Make one attempt at one review e-mail; run by the worker."""
    revision = Revision.objects.select_related("user", "reviewed_by").filter(pk=revision_id).first()
    recipient = get_user_model()._default_manager.filter(pk=recipient_id, is_active=True).first()
    if revision is None or recipient is None or not recipient.email:
        return "skipped"
    message = build_email(event=event, revision=revision, recipient=recipient)
    if message is None:
        return "skipped"
    return send_or_retry(
        message,
        task=send_review_email_task,
        attempt=attempt,
        what=f"Review e-mail {event} for version {revision_id}",
        log=logger,
        event=event,
        revision_id=revision_id,
        recipient_id=recipient_id,
    )


@task()
def send_review_email_task(
    event: str, revision_id: int, recipient_id: int, attempt: int = 1
) -> str:
    """Send one review e-mail, or queue another attempt later; ids only, no personal data."""
    return deliver_review_email(
        event=event, revision_id=revision_id, recipient_id=recipient_id, attempt=attempt
    )


def _on_revision(event: str, sender, *, item, revision, **kwargs) -> None:
    _queue(event, item=item, revision=revision)


def _on_proposal(event: str, sender, *, item, proposal, **kwargs) -> None:
    _queue(event, item=item, revision=proposal)


def connect() -> None:
    """Have the workflow's events e-mail the people concerned."""
    for signal, event in (
        (signals.submitted, SUBMITTED),
        (signals.sent_back, SENT_BACK),
        (signals.published, PUBLISHED),
    ):
        signal.connect(partial(_on_revision, event), weak=False, dispatch_uid=f"review-{event}")
    for signal, event in (
        (signals.change_published, CHANGE_PUBLISHED),
        (signals.change_discarded, CHANGE_DISCARDED),
    ):
        signal.connect(partial(_on_proposal, event), weak=False, dispatch_uid=f"review-{event}")
