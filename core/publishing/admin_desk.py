"""The desk's part of the news and press admins.

Change lists put the work first (drafts, then items in review, by a state rank, then by date),
with a thumbnail of the lead image, the state as a badge in words and who is editing an item.
Change forms take a soft edit lock (core.publishing.locks) and check the text before it is
published (core.publishing.text_checks): beside the form as the editor types, and once more,
as a warning, when it is submitted for review, published or scheduled.
"""

from dataclasses import replace

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from js_asset import Script

from core.fields import SanitizedHTMLField
from core.models import DESK_ORDER, Status
from core.people import full_name
from core.photos import embed
from core.photos.models import Image
from core.publishing import locks
from core.publishing.text_checks import Finding, check_alt, check_html, check_references
from core.sanitize import clean_html

# The buttons after which the checks' findings are repeated as a warning.
CHECKED_ACTIONS = frozenset({"submit", "publish", "schedule"})
THUMBNAIL_WIDTH = 64


def state_key(obj) -> str:
    """Return the badge's kind: draft, review, scheduled, published, expired or unpublished."""
    if obj.status == Status.PUBLISHED:
        now = timezone.now()
        if obj.publication_date and obj.publication_date > now:
            return "scheduled"
        if obj.expiry_date and obj.expiry_date <= now:
            return "expired"
    return obj.status


def state_badge(obj, *, editing=()) -> str:
    """Return the state in words on a coloured badge, and who else is editing the item."""
    badge = format_html(
        '<span class="state-badge state-badge--{}">{}</span>', state_key(obj), obj.state_label()
    )
    if not editing:
        return badge
    mark = render_to_string(
        "admin/publishable/edit_lock_mark.html",
        {
            "description": locks.describe(editing),
            "names": ", ".join(full_name(lock.user) for lock in editing),
        },
    )
    return format_html("{} {}", badge, mark)


def library_image_findings(html: str) -> list[Finding]:
    """Return what to fix in the library images ``html`` embeds: gone, or badly described."""
    ids = embed.image_ids(html)
    if not ids:
        return []
    found = Image.objects.in_bulk(set(ids))
    findings = []
    for pk in ids:
        image = found.get(pk)
        if image is None:
            findings.append(
                Finding(
                    "library-image-missing",
                    _("Une image du texte n’existe plus dans la photothèque (n° %(pk)s).")
                    % {"pk": pk},
                    _("Retirez-la du texte ou choisissez-en une autre : le public ne la voit pas."),
                )
            )
        else:
            what = _("L’image « %(title)s »") % {"title": image.title}
            findings += check_alt(image.alt, what=what)
    return findings


class DeskAdminMixin:
    """Change list order, thumbnails and badges; edit locks; checks before publishing."""

    # The lead image and its alternative text, as (image field, alt field); None if there is none.
    # A foreign key to the photo library has no alt field of its own: (field, None).
    lead_image_fields: tuple[str, str | None] | None = None

    @property
    def media(self):
        return super().media + forms.Media(
            css={"all": ["css/admin-desk.css"]},
            js=[Script("js/admin-editing.js", defer=True)],
        )

    # Change list -----------------------------------------------------------------------------

    def get_ordering(self, request):
        # Django adds the id last; DESK_ORDER names it, so that the index matches.
        return self.ordering or list(DESK_ORDER)

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if self.lead_image_fields and "thumbnail" not in columns:
            columns.insert(0, "thumbnail")
        return columns

    def get_list_display_links(self, request, list_display):
        # The title names the item; the thumbnail, alt="", would make a link without a name.
        if "title" in list_display:
            return ["title"]
        return super().get_list_display_links(request, list_display)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        editing = locks.others_by_item(
            model=self.model, ids=[obj.pk for obj in changelist.result_list], user=request.user
        )
        for obj in changelist.result_list:
            obj.desk_editing = editing.get(obj.pk, [])
        return changelist

    @admin.display(description=gettext_lazy("image"))
    def thumbnail(self, obj):
        image_name, _alt = self.lead_image_fields
        image = getattr(obj, image_name)
        renditions = image.renditions if image else []
        if not renditions:
            return ""
        _width, webp, _jpeg = renditions[0]
        stored_width, stored_height = image.dimensions
        # Beside the title that names the item, the image says nothing more: alt="".
        return format_html(
            '<img src="{}" alt="" width="{}" height="{}" loading="lazy" decoding="async" '
            'class="list-thumbnail">',
            webp,
            THUMBNAIL_WIDTH,
            round(stored_height * THUMBNAIL_WIDTH / stored_width),
        )

    # Change form: edit lock ------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        item = self.get_object(request, unquote(object_id)) if object_id else None
        if item is not None and self.has_change_permission(request, item):
            # Taken here, outside the transaction a proposal's rehearsal rolls back.
            request.edit_lock = locks.acquire(item=item, user=request.user)
            request.editing_others = locks.others(item=item, user=request.user)
        else:
            item = None
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and response.status_code in (301, 302, 303):
            # Saved: the form that held the lock is closed.
            if item is not None:
                locks.release(item=item, user=request.user)
            self._warn_after_submit(request)
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        lock = getattr(request, "edit_lock", None)
        if lock is not None and obj is not None:
            context["edit_lock"] = {
                "token": lock.token,
                "renew_url": self._desk_url("lock", obj.pk),
                "release_url": self._desk_url("unlock", obj.pk),
                "heartbeat": int(locks.HEARTBEAT.total_seconds()),
            }
            context["editing_others"] = locks.describe(getattr(request, "editing_others", []))
        form = context.get("adminform") and context["adminform"].form
        if form is not None:
            context["publish_checks"] = self._checks_context(form, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _desk_url(self, view: str, *args) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}",
            args=args,
            current_app=self.admin_site.name,
        )

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "verifications/",
                self.admin_site.admin_view(self.checks_view),
                name=f"{name}_checks",
            ),
            path(
                "<path:object_id>/verrou/",
                self.admin_site.admin_view(self.lock_view),
                name=f"{name}_lock",
            ),
            path(
                "<path:object_id>/verrou/liberer/",
                self.admin_site.admin_view(self.unlock_view),
                name=f"{name}_unlock",
            ),
            *super().get_urls(),
        ]

    def _editable_or_404(self, request, object_id):
        item = self.get_object(request, unquote(object_id))
        if item is None:
            raise Http404(_("Ce contenu n’existe pas ou plus."))
        if not self.has_change_permission(request, item):
            raise PermissionDenied
        return item

    def lock_view(self, request, object_id):
        """Keep the lock of the change form that pings; say who else is editing the item."""
        if request.method != "POST":
            return HttpResponse(status=405, headers={"Allow": "POST"})
        item = self._editable_or_404(request, object_id)
        locks.renew(item=item, user=request.user, token=request.POST.get("token", ""))
        return JsonResponse({"editing": locks.describe(locks.others(item=item, user=request.user))})

    def unlock_view(self, request, object_id):
        """Give back the lock of a change form being left (navigator.sendBeacon)."""
        if request.method != "POST":
            return HttpResponse(status=405, headers={"Allow": "POST"})
        token = request.POST.get("token", "")
        if not token:
            return HttpResponseBadRequest()
        item = self._editable_or_404(request, object_id)
        locks.release(item=item, user=request.user, token=token)
        return HttpResponse(status=204)

    # Change form: checks before publishing ---------------------------------------------------

    def rich_text_fields(self) -> list:
        return [
            model_field
            for model_field in self.model._meta.concrete_fields
            if isinstance(model_field, SanitizedHTMLField)
        ]

    def publish_findings(self, data, *, has_image: bool = False) -> list[Finding]:
        """Return what the checks find in ``data``, the change form's values by field name."""
        findings = []
        for model_field in self.rich_text_fields():
            if model_field.name in data:
                label = capfirst(model_field.verbose_name)
                cleaned = clean_html(data.get(model_field.name) or "")
                findings += [
                    replace(finding, field=label)
                    for finding in [
                        *check_html(cleaned),
                        *check_references(cleaned),
                        *library_image_findings(cleaned),
                    ]
                ]
        if self.lead_image_fields:
            image_name, alt_name = self.lead_image_fields
            if alt_name is None and data.get(image_name):
                # A library image: its alternative text, as the library keeps it.
                label = capfirst(self.model._meta.get_field(image_name).verbose_name)
                pk = str(data[image_name])
                chosen = Image.objects.filter(pk=pk).first() if pk.isdigit() else None
                findings += [
                    replace(finding, field=label)
                    for finding in check_alt(chosen.alt if chosen else "", what=_("L’image"))
                ]
            elif alt_name is not None and alt_name in data:
                label = capfirst(self.model._meta.get_field(image_name).verbose_name)
                findings += [
                    replace(finding, field=label)
                    for finding in check_alt(
                        data.get(alt_name) or "", has_image=has_image, what=_("L’image")
                    )
                ]
        return findings

    def checked_field_names(self) -> list[str]:
        names = [model_field.name for model_field in self.rich_text_fields()]
        if self.lead_image_fields:
            image_name, alt_name = self.lead_image_fields
            names.append(alt_name or image_name)
        return names

    def _checks_context(self, form, obj) -> dict:
        values = {
            name: form[name].value() for name in self.checked_field_names() if name in form.fields
        }
        has_image = False
        if self.lead_image_fields and self.lead_image_fields[1]:
            image_name = self.lead_image_fields[0]
            has_image = bool(form.files.get(image_name)) or bool(
                obj is not None and getattr(obj, image_name)
            )
        findings = self.publish_findings(values, has_image=has_image)
        return {
            "url": self._desk_url("checks"),
            "form_id": f"{self.opts.model_name}_form",
            "fields": " ".join(values),
            # The file input whose choice the checks hear of (not a library image's).
            "image_field": self.lead_image_fields[0]
            if self.lead_image_fields and self.lead_image_fields[1]
            else "",
            "findings": findings,
            "summary": findings_summary(findings),
        }

    def checks_view(self, request):
        """Return the findings for the posted fields, as the panel beside the form shows them."""
        if request.method != "POST":
            return HttpResponse(status=405, headers={"Allow": "POST"})
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        names = set(self.checked_field_names())
        data = {name: request.POST.get(name, "") for name in names if name in request.POST}
        findings = self.publish_findings(data, has_image=request.POST.get("_has_image") == "1")
        return JsonResponse(
            {
                "count": len(findings),
                "summary": findings_summary(findings),
                "html": render_to_string(
                    "admin/publishable/checks_findings.html", {"findings": findings}
                ),
            }
        )

    def _warn_after_submit(self, request) -> None:
        if request.POST.get("_workflow") not in CHECKED_ACTIONS:
            return
        findings = self.publish_findings(request.POST)
        if findings:
            self.message_user(
                request,
                render_to_string(
                    "admin/publishable/checks_message.html",
                    {"findings": findings, "summary": findings_summary(findings)},
                ),
                messages.WARNING,
            )


def findings_summary(findings: list[Finding]) -> str:
    if not findings:
        return _("Rien à signaler.")
    return ngettext("%(count)d point à revoir.", "%(count)d points à revoir.", len(findings)) % {
        "count": len(findings)
    }
