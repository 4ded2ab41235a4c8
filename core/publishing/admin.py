"""What the news and press admins share: the editor, the workflow, history and conflicts."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from js_asset import Media
from taggit.models import Tag

from core.fields import SanitizedHTMLField
from core.models import STATE_RANK, Status, format_moment
from core.people import full_name
from core.publishing import proposals, workflow
from core.publishing.admin_desk import DeskAdminMixin, state_badge
from core.publishing.admin_review import ReviewedChangesMixin, held
from core.publishing.admin_scale import LargeTableAdminMixin
from core.publishing.comparison import comparison_rows, display_value, field_label
from core.publishing.live_preview import LivePreviewMixin
from core.richtext import RichTextWidget

# The buttons under the change form: (value of ``_workflow``, label, needs publish permission).
ACTIONS = {
    "submit": (gettext_lazy("Soumettre pour relecture"), False),
    "publish": (gettext_lazy("Publier maintenant"), True),
    "schedule": (gettext_lazy("Planifier à la date de publication"), True),
    "sendback": (gettext_lazy("Renvoyer au rédacteur"), True),
    "unpublish": (gettext_lazy("Dépublier"), True),
}
ACTION_COMMENTS = {
    "submit": gettext_lazy("Soumis pour relecture"),
    "publish": gettext_lazy("Publié"),
    "sendback": workflow.SENT_BACK_COMMENT,
    "unpublish": gettext_lazy("Dépublié"),
}


class PublishableAdminForm(forms.ModelForm):
    """Refuse workflow changes the user may not make, and saves over someone else's."""

    edit_token = forms.CharField(required=False, widget=forms.HiddenInput)
    # Shown by the change form's template beside « Renvoyer au rédacteur », which requires it.
    send_back_comment = forms.CharField(
        label=gettext_lazy("Commentaire pour le rédacteur"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=gettext_lazy(
            "Obligatoire pour renvoyer : ce qu’il faut revoir. Le rédacteur le reçoit par "
            "e-mail et le retrouve sur la page du contenu et dans ses versions."
        ),
    )

    # Set by PublishableAdmin.get_form(): the form decides with the request's user.
    request = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_token"].initial = self._version_token(self.instance)
        status = self.fields.get("status")
        user = getattr(self.request, "user", None)
        if (
            status is not None
            and user is not None
            and not workflow.can_publish(user, self.instance)
        ):
            # Offer only what the user may choose; any other value still reaches clean().
            allowed = {Status.DRAFT, Status.REVIEW, self.instance.status}
            status.widget.choices = [c for c in status.choices if c[0] in allowed]

    def clean(self):
        cleaned = super().clean()
        stored = None
        if self.instance.pk:
            # Locked until the admin's transaction ends: a save racing this one waits, then
            # sees the new state.
            stored = (
                type(self.instance)._default_manager.select_for_update().get(pk=self.instance.pk)
            )
            self._check_conflict(stored)
        action = self.data.get("_workflow", "")
        now = timezone.now().replace(microsecond=0)
        if action == "submit":
            cleaned["status"] = Status.REVIEW
        elif action == "publish":
            cleaned["status"] = Status.PUBLISHED
            cleaned["publication_date"] = now
        elif action == "schedule":
            moment = cleaned.get("publication_date")
            may_publish = workflow.can_publish(self.request.user, self.instance)
            # Someone who may not schedule hears that first, not how to fill the date.
            if may_publish and (not moment or moment <= now):
                raise ValidationError(
                    {
                        "publication_date": _(
                            "Pour planifier, indiquez ici une date et une heure futures."
                        )
                    }
                )
            cleaned["status"] = Status.PUBLISHED
        elif action == "unpublish":
            cleaned["status"] = Status.UNPUBLISHED
        elif action == "sendback":
            try:
                workflow.check_send_back(item=stored or self.instance, user=self.request.user)
            except workflow.WorkflowError as error:
                raise ValidationError(error.message, code="workflow") from error
            if not cleaned.get("send_back_comment", "").strip():
                raise ValidationError(
                    {"send_back_comment": workflow.SEND_BACK_NOTE_REQUIRED}, code="required"
                )
            cleaned["status"] = Status.DRAFT
        original = stored or self.instance
        try:
            workflow.check_change(
                user=self.request.user,
                model=type(self.instance),
                original=stored,
                status=cleaned.get("status", original.status),
                publication_date=cleaned.get("publication_date", original.publication_date),
                expiry_date=cleaned.get("expiry_date", original.expiry_date),
            )
        except workflow.WorkflowError as error:
            raise ValidationError(error.message, code="workflow") from error
        return cleaned

    def _version_token(self, item) -> str:
        # A form showing the pending version also notices later saves of that version.
        if held(self.request) is not None:
            return proposals.version_token(item)
        return workflow.version_token(item)

    def _check_conflict(self, stored) -> None:
        token = self.cleaned_data.get("edit_token")
        current = self._version_token(stored)
        if not token or token == current:
            # No token: a script or a test posting by hand, not a form someone had open.
            return
        # Saving again, once the changes below have been read, is a deliberate choice.
        self.data = self.data.copy()
        self.data[self.add_prefix("edit_token")] = current
        model = type(stored)
        if held(self.request) is not None:
            revisions, changed = proposals.changes_since(stored, token)
        else:
            revisions, changed = workflow.changes_since(stored, token)
        errors = []
        if revisions:
            names = sorted({full_name(revision.user) for revision in revisions})
            errors.append(
                _(
                    "%(names)s a enregistré ce contenu le %(moment)s, pendant que vous le "
                    "modifiiez. Vos changements n’ont pas été enregistrés."
                )
                % {"names": ", ".join(names), "moment": format_moment(revisions[-1].created)}
            )
            latest = revisions[-1].data
            errors += [
                _("%(field)s est maintenant : « %(value)s »")
                % {
                    "field": field_label(model, name),
                    "value": Truncator(display_value(model, name, latest.get(name))).chars(300),
                }
                for name in changed
            ]
        else:
            errors.append(
                _(
                    "Ce contenu a été modifié le %(moment)s, pendant que vous le modifiiez. Vos "
                    "changements n’ont pas été enregistrés."
                )
                % {"moment": format_moment(stored.updated)}
            )
        errors.append(
            _(
                "Ouvrez la version actuelle dans un autre onglet pour y reporter vos changements, "
                "ou enregistrez à nouveau pour remplacer ces changements par les vôtres."
            )
        )
        raise ValidationError(errors, code="conflict")


class TaggedPublishableAdminForm(PublishableAdminForm):
    """Offer the model's tags through the admin's autocomplete, with a button to add one."""

    tags = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Mots-clés"),
        queryset=Tag.objects.all(),
        required=False,
        help_text=gettext_lazy(
            "Tapez quelques lettres pour retrouver un mot-clé ; « + » en crée un."
        ),
    )

    def __init__(self, *args, admin_site=admin.site, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["tags"]
        tags = self._meta.model._meta.get_field("tags")
        autocomplete = AutocompleteSelectMultiple(tags, admin_site)
        autocomplete.choices = field.choices
        field.widget = RelatedFieldWidgetWrapper(
            autocomplete, tags.remote_field, admin_site, can_add_related=True
        )


class UploadsChosenAgainMixin:
    """Say which chosen files a change form sent back with errors did not store.

    A browser never fills a file input again: without a word, the image the editor chose would
    be lost silently when they correct the error and save.
    """

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if request.method == "POST":
            names = [upload.name for _key, uploads in request.FILES.lists() for upload in uploads]
            if names:
                self.message_user(
                    request,
                    ngettext(
                        "Le fichier %(names)s n’est pas enregistré : corrigez les erreurs "
                        "signalées, choisissez-le à nouveau, puis enregistrez.",
                        "Les fichiers %(names)s ne sont pas enregistrés : corrigez les erreurs "
                        "signalées, choisissez-les à nouveau, puis enregistrez.",
                        len(names),
                    )
                    % {"names": ", ".join(f"« {name} »" for name in names)},
                    messages.WARNING,
                )
        return super().render_change_form(request, context, add, change, form_url, obj)


class PublishableAdmin(
    LargeTableAdminMixin,
    UploadsChosenAgainMixin,
    DeskAdminMixin,
    ReviewedChangesMixin,
    LivePreviewMixin,
    admin.ModelAdmin,
):
    """Admin of a Publishable model: editor, workflow buttons and actions, versions, previews."""

    form = PublishableAdminForm
    change_form_template = "admin/publishable/change_form.html"
    formfield_overrides = {SanitizedHTMLField: {"widget": RichTextWidget}}
    actions = ["submit_for_review_action", "publish_action", "unpublish_action"]

    def has_publish_permission(self, request, obj=None) -> bool:
        return workflow.can_publish(request.user, self.model)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        if obj is None:
            return True
        try:
            workflow.check_delete(item=obj, user=request.user)
        except workflow.WorkflowError:
            return False
        return True

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and proposals.held_for_review(request.user, obj):
            # A proposed correction never moves the item (workflow.UNRESTORED_FIELDS): its
            # address is changed by whoever may publish it, which leaves a redirect behind.
            fields.append("slug")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        fields = super().get_prepopulated_fields(request, obj)
        if obj is not None and proposals.held_for_review(request.user, obj):
            return {name: sources for name, sources in fields.items() if name != "slug"}
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        name, options = fieldsets[0]
        if "edit_token" not in options["fields"]:
            # The hidden version field must be in a fieldset to be rendered at all.
            fieldsets[0] = (name, {**options, "fields": [*options["fields"], "edit_token"]})
        return fieldsets

    @admin.display(description=gettext_lazy("état"), ordering=STATE_RANK)
    def state(self, obj):
        return state_badge(obj, editing=getattr(obj, "desk_editing", ()))

    @admin.display(description=gettext_lazy("auteur"))
    def author_name(self, obj):
        # By full name, as everywhere a person is named; Django would show the user name.
        return full_name(obj.author) if obj.author_id else None

    def save_model(self, request, obj, form, change):
        # The form checked the workflow; the service checks again, on the stored row.
        workflow.save(item=obj, user=request.user, record=False)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if self.hold(request, form.instance):
            return
        action = request.POST.get("_workflow", "")
        comment = ACTION_COMMENTS.get(action, "")
        if action == "schedule":
            comment = workflow.publication_comment(form.instance.publication_date, scheduled=True)
        note = form.cleaned_data.get("send_back_comment", "") if action == "sendback" else ""
        workflow.record_revision(
            item=form.instance, user=request.user, comment=str(comment), note=note
        )
        if action in ACTIONS:
            self.message_user(
                request,
                _("« %(title)s » : %(state)s.")
                % {"title": form.instance, "state": form.instance.state_label()},
                messages.SUCCESS,
            )

    def delete_model(self, request, obj):
        workflow.check_delete(item=obj, user=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for item in queryset:
            workflow.check_delete(item=item, user=request.user)
        super().delete_queryset(request, queryset)

    # List actions ---------------------------------------------------------------------------

    def _run(self, request, queryset, service, done: str):
        count = 0
        for item in queryset:
            try:
                service(item=item, user=request.user)
            except workflow.WorkflowError as error:
                self.message_user(request, f"« {item} » : {error.message}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Soumettre pour relecture"), permissions=["change"])
    def submit_for_review_action(self, request, queryset):
        self._run(
            request,
            queryset,
            workflow.submit_for_review,
            ngettext(
                "%(count)d contenu soumis pour relecture.",
                "%(count)d contenus soumis pour relecture.",
                queryset.count(),
            ),
        )

    @admin.action(description=gettext_lazy("Publier maintenant"), permissions=["publish"])
    def publish_action(self, request, queryset):
        self._run(
            request,
            queryset,
            workflow.publish,
            ngettext("%(count)d contenu publié.", "%(count)d contenus publiés.", queryset.count()),
        )

    @admin.action(description=gettext_lazy("Dépublier"), permissions=["publish"])
    def unpublish_action(self, request, queryset):
        self._run(
            request,
            queryset,
            workflow.unpublish,
            ngettext(
                "%(count)d contenu dépublié.", "%(count)d contenus dépubliés.", queryset.count()
            ),
        )

    # Change form ----------------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The editor's import map is an inline script: it runs only with the request's nonce.
        context["media"] = Media.from_media(context["media"], nonce=str(request.csp_nonce))
        form = context.get("adminform") and context["adminform"].form
        if obj is not None and obj.pk and form is not None and form.errors:
            # A refused form already wrote the state its button asked for (« Publier ») on
            # ``obj``: the state and the buttons are those of the item as it is stored.
            obj = type(obj)._default_manager.filter(pk=obj.pk).first() or obj
        may_publish = self.has_publish_permission(request)
        may_change = obj is None or self.has_change_permission(request, obj)
        context["workflow_actions"] = [
            (value, label)
            for value, (label, needs_publish) in ACTIONS.items()
            if may_change and (may_publish or not needs_publish) and _offered(value, obj)
        ]
        context.update(self.review_context(request, obj))
        if self.may_preview_live(request, obj):
            context["live_preview_url"] = self.live_preview_url(obj)
        if any(value == "sendback" for value, _label in context["workflow_actions"]):
            context["send_back_field"] = context["adminform"].form["send_back_comment"]
        if obj is not None:
            context.update(_sent_back_context(obj))
            context["state_label"] = obj.state_label()
            if not obj.is_live():
                context["preview_url"] = obj.get_absolute_url()
            context["versions_url"] = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_versions", args=[obj.pk]
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # History --------------------------------------------------------------------------------

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/versions/",
                self.admin_site.admin_view(self.versions_view),
                name=f"{name}_versions",
            ),
            path(
                "<path:object_id>/versions/<int:revision_id>/",
                self.admin_site.admin_view(self.revision_view),
                name=f"{name}_revision",
            ),
            *self.live_preview_urls(),
            # The pending version's page, then Django's own, which end with a catch-all.
            *super().get_urls(),
        ]

    def _item_or_404(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404(_("Ce contenu n’existe pas ou plus."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def versions_view(self, request, object_id):
        obj = self._item_or_404(request, object_id)
        rows = [
            (
                revision,
                full_name(revision.user, nobody="—"),
                [field_label(self.model, name) for name in revision.changed_fields],
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_revision",
                    args=[obj.pk, revision.pk],
                ),
            )
            for revision in workflow.revisions_of(obj)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Versions de « %(title)s »") % {"title": obj},
            "subtitle": None,
            "opts": self.opts,
            "original": obj,
            "rows": rows,
        }
        return TemplateResponse(request, "admin/publishable/versions.html", context)

    def revision_view(self, request, object_id, revision_id):
        obj = self._item_or_404(request, object_id)
        revision = get_object_or_404(workflow.revisions_of(obj), pk=revision_id)
        may_restore = self.has_change_permission(request, obj)
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
        )
        if request.method == "POST":
            if not may_restore:
                raise PermissionDenied
            proposed = self.restore_held(request, obj, revision)
            if proposed is not None:
                return proposed
            try:
                notes = workflow.restore(revision=revision, user=request.user)
            except workflow.WorkflowError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("La version du %(moment)s est restaurée.")
                    % {"moment": format_moment(revision.created)},
                    messages.SUCCESS,
                )
                for note in notes:
                    self.message_user(request, note, messages.WARNING)
            return HttpResponseRedirect(change_url)
        rows = comparison_rows(self.model, revision.data, workflow.snapshot(obj))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Comparer la version du %(moment)s")
            % {"moment": format_moment(revision.created)},
            "subtitle": None,
            "opts": self.opts,
            "original": obj,
            "revision": revision,
            "author": full_name(revision.user) if revision.user else "",
            "rows": rows,
            "may_restore": may_restore,
            "versions_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_versions", args=[obj.pk]
            ),
        }
        return TemplateResponse(request, "admin/publishable/revision.html", context)


def _offered(action: str, obj) -> bool:
    """Return True if the button makes sense in the item's current state."""
    status = obj.status if obj is not None else Status.DRAFT
    if action == "submit":
        return status == Status.DRAFT
    if action == "unpublish":
        return status == Status.PUBLISHED
    if action == "sendback":
        return status == Status.REVIEW
    return obj is None or not obj.is_live()


def _sent_back_context(obj) -> dict:
    """Return what the writer reads of the last send-back, while the item waits on them."""
    if obj.status != Status.DRAFT:
        return {}
    history = workflow.revisions_of(obj)
    latest = history.exclude(review_note="").first()
    if latest is None:
        return {}
    since = history.filter(created__gte=latest.created).exclude(pk=latest.pk)
    if any(revision.data.get("status") != Status.DRAFT for revision in since):
        return {}  # submitted again since, and put back in draft without a word
    return {
        "sent_back": latest,
        "sent_back_by": full_name(latest.user),
        "sent_back_moment": format_moment(latest.created),
    }
