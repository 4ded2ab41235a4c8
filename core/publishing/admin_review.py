"""The admin of changes to published items that wait for review (see core.publishing.proposals).

A Rédacteur's change form of a published item shows, and saves, its pending version; whoever may
publish the item compares that version with the published one, then publishes or discards it.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import Revision, format_moment
from core.people import full_name
from core.publishing import proposals, workflow
from core.publishing.comparison import comparison_rows

PENDING_PREVIEW_QUERY = "?version=pending"


@dataclass
class Held:
    """What the admin knows of a request whose changes wait for review."""

    pending: Revision | None
    data: dict | None = None  # the item as the form saved it, before the rollback


def held(request) -> Held | None:
    return getattr(request, "held_for_review", None)


class DiscardForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif (facultatif)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy("La personne qui a proposé la modification le lira."),
    )


class ReviewedChangesMixin:
    """Keep a change that ``proposals.held_for_review()`` as the item's pending version."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        item = self.get_object(request, unquote(object_id)) if object_id else None
        if (
            item is None
            or not proposals.held_for_review(request.user, item)
            or not self.has_change_permission(request, item)
        ):
            return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic():
            with proposals.rehearsal():
                pending = proposals.pending_of(item)
                if pending is not None:
                    proposals.apply(pending)
                request.held_for_review = hold = Held(pending)
                response = super().changeform_view(request, object_id, form_url, extra_context)
                if isinstance(response, TemplateResponse):
                    response.render()  # while the pending version is in the database
            if hold.data is not None:
                pending = proposals.keep(item=item, user=request.user, data=hold.data)
                self._kept(request, item, pending)
        return response

    def _kept(self, request, item, pending) -> None:
        if pending is None:
            self.message_user(
                request,
                _(
                    "« %(title)s » : rien ne diffère de la version publiée, aucune modification "
                    "n’attend de relecture."
                )
                % {"title": item},
                messages.INFO,
            )
            return
        self.message_user(
            request,
            _(
                "Votre modification de « %(title)s » attend d’être relue et publiée : la page "
                "publique ne change pas d’ici là."
            )
            % {"title": item},
            messages.SUCCESS,
        )

    def hold(self, request, item) -> bool:
        """Keep what the form saved of ``item`` to propose it; return False if it goes live."""
        hold = held(request)
        if hold is None:
            return False
        hold.data = workflow.snapshot(item)
        return True

    def response_change(self, request, obj):
        if held(request) is None:
            return super().response_change(request, obj)
        # The message comes once the pending version is kept: nothing was changed yet.
        if "_continue" in request.POST:
            return HttpResponseRedirect(request.get_full_path())
        return self.response_post_save_change(request, obj)

    def review_context(self, request, obj) -> dict:
        """Return what the change form says about a pending or discarded change."""
        if obj is None:
            return {}
        hold = held(request)
        pending = hold.pending if hold is not None else proposals.pending_of(obj)
        if pending is not None:
            return {
                "pending": pending,
                "pending_author": full_name(pending.user),
                "pending_moment": format_moment(pending.created),
                "pending_held": hold is not None,
                "pending_url": self._url("pending", obj),
                "pending_preview_url": obj.get_absolute_url() + PENDING_PREVIEW_QUERY,
            }
        discarded = proposals.last_discarded(obj)
        if discarded is None:
            return {}
        return {
            "discarded": discarded,
            "discarded_author": full_name(discarded.user),
            "discarded_reviewer": full_name(discarded.reviewed_by),
            "discarded_moment": format_moment(discarded.reviewed_at),
        }

    def _url(self, view: str, obj, *args) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}", args=[obj.pk, *args]
        )

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/modification/",
                self.admin_site.admin_view(self.pending_view),
                name=f"{name}_pending",
            ),
            *super().get_urls(),
        ]

    def restore_held(self, request, obj, revision) -> HttpResponseRedirect | None:
        """Propose ``revision`` of a published ``obj`` for review, if it may not go live."""
        if not proposals.held_for_review(request.user, obj):
            return None
        pending, notes = proposals.propose_restore(revision=revision, user=request.user)
        self._kept(request, obj, pending)
        for note in notes:
            self.message_user(request, note, messages.WARNING)
        return HttpResponseRedirect(self._url("change", obj))

    def pending_view(self, request, object_id):
        obj = self._item_or_404(request, object_id)
        change_url = self._url("change", obj)
        pending = proposals.pending_of(obj)
        if pending is None:
            self.message_user(
                request,
                _("Aucune modification de « %(title)s » n’attend de relecture.") % {"title": obj},
                messages.INFO,
            )
            return HttpResponseRedirect(change_url)
        may_review = workflow.can_publish(request.user, obj)
        form = DiscardForm(request.POST or None)
        if request.method == "POST":
            if not may_review:
                raise PermissionDenied
            if "_publish" in request.POST:
                return self._publish(request, obj, pending, change_url)
            if form.is_valid():
                return self._discard(request, obj, pending, form, change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Modification en attente de « %(title)s »") % {"title": obj},
            "subtitle": None,
            "opts": self.opts,
            "original": obj,
            "pending": pending,
            "pending_author": full_name(pending.user),
            "pending_moment": format_moment(pending.created),
            "published_since": pending.based_on is not None
            and obj.updated.replace(microsecond=0) > pending.based_on.replace(microsecond=0),
            "published_moment": format_moment(obj.updated),
            "rows": comparison_rows(self.model, workflow.snapshot(obj), pending.data),
            "may_review": may_review,
            "form": form,
            "change_url": change_url,
            "preview_url": obj.get_absolute_url() + PENDING_PREVIEW_QUERY,
        }
        return TemplateResponse(request, "admin/publishable/pending.html", context)

    def _publish(self, request, obj, pending, change_url):
        try:
            notes = proposals.publish(revision=pending, user=request.user)
        except workflow.WorkflowError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(change_url)
        self.message_user(
            request,
            _("La modification de « %(title)s » proposée par %(name)s est publiée.")
            % {"title": obj, "name": full_name(pending.user)},
            messages.SUCCESS,
        )
        for note in notes:
            self.message_user(request, note, messages.WARNING)
        return HttpResponseRedirect(change_url)

    def _discard(self, request, obj, pending, form, change_url):
        try:
            proposals.discard(
                revision=pending, user=request.user, reason=form.cleaned_data["reason"]
            )
        except workflow.WorkflowError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(
                request,
                _(
                    "La modification de « %(title)s » proposée par %(name)s est écartée : la "
                    "version publiée reste inchangée."
                )
                % {"title": obj, "name": full_name(pending.user)},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(change_url)
