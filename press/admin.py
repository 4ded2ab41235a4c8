from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import format_moment
from core.phones import AdminPhoneInput, PhoneNumberField
from core.photos.admin import ChoosesLibraryImages
from core.publishing import workflow
from core.publishing.admin import PublishableAdmin, TaggedPublishableAdminForm
from press.models import (
    Attachment,
    CorrectionNote,
    PressContact,
    PressRelease,
    ReleaseContact,
)


@admin.register(PressContact)
class PressContactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "job_title", "email", "phone_display", "press_office"]
    list_filter = ["press_office"]
    search_fields = ["first_name", "last_name", "organisation", "job_title", "email"]
    prepopulated_fields = {"slug": ["first_name", "last_name"]}
    formfield_overrides = {PhoneNumberField: {"widget": AdminPhoneInput}}

    @admin.display(description=_("téléphone"))
    def phone_display(self, obj):
        return obj.phone_display


class PressReleaseAdminForm(TaggedPublishableAdminForm):
    class Meta:
        model = PressRelease
        fields = "__all__"  # the admin's fieldsets choose the fields
        help_texts = {
            "embargo_until": _(
                "Facultatif. Jusqu’à ce moment, seuls les journalistes de confiance de la liste "
                "de presse lisent le communiqué : ils le reçoivent par e-mail, avec un lien "
                "personnel, dès que vous le publiez ou le planifiez. Le public le voit à la fin "
                "de l’embargo au plus tôt : « Publier maintenant » le met en ligne à ce moment."
            ),
        }

    def clean(self):
        embargo = self.cleaned_data.get("embargo_until")
        if (
            embargo is not None
            and self.data.get("_workflow") == "schedule"
            and not self.cleaned_data.get("publication_date")
        ):
            # Scheduled without a date: the public sees it when the embargo ends.
            self.cleaned_data["publication_date"] = embargo
        cleaned = super().clean()
        if embargo is None:
            return cleaned
        now = timezone.now()
        stored = self.instance.embargo_until
        changed = stored is None or stored.replace(microsecond=0) != embargo.replace(microsecond=0)
        if changed and self._check_embargo_change(embargo, now) is False:
            return cleaned
        expiry = cleaned.get("expiry_date", self.instance.expiry_date)
        if expiry is not None and embargo >= expiry:
            self.add_error(
                "embargo_until",
                gettext(
                    "L’embargo doit finir avant la date d’expiration (%(expiry)s) : sinon le "
                    "public ne verrait jamais ce communiqué. Avancez la fin de l’embargo ou "
                    "reportez l’expiration."
                )
                % {"expiry": format_moment(expiry)},
            )
            return cleaned
        if self.data.get("_workflow") == "publish" and embargo > now:
            # Published now under embargo: trusted journalists at once, the public at its end.
            cleaned["publication_date"] = embargo
        publication = cleaned.get("publication_date")
        if publication is not None and publication < embargo:
            self.add_error(
                "publication_date",
                gettext(
                    "Le public ne peut voir ce communiqué avant la fin de l’embargo "
                    "(%(embargo)s) : indiquez ce moment ou un moment plus tardif."
                )
                % {"embargo": format_moment(embargo)},
            )
        return cleaned

    def _check_embargo_change(self, embargo, now) -> bool:
        """Refuse an embargo the user may not set, or one that is over; return False if so."""
        stored = self.instance
        if stored.pk and stored.status in workflow.PUBLIC_STATES:
            if not workflow.can_publish(self.request.user, stored):
                self.add_error(
                    "embargo_until",
                    gettext(
                        "Vous ne pouvez pas changer l’embargo d’un communiqué publié : "
                        "demandez-le au service presse."
                    ),
                )
                return False
            if stored.is_live(at=now):
                self.add_error(
                    "embargo_until",
                    gettext(
                        "Ce communiqué est déjà public depuis le %(moment)s : il ne peut plus "
                        "être mis sous embargo. Videz ce champ."
                    )
                    % {"moment": format_moment(stored.publication_date)},
                )
                return False
        if embargo <= now:
            self.add_error(
                "embargo_until",
                gettext(
                    "La fin de l’embargo doit être dans le futur : indiquez une date et une "
                    "heure à venir, ou videz ce champ pour publier sans embargo."
                ),
            )
            return False
        return True


class ReleaseContactInline(admin.TabularInline):
    model = ReleaseContact
    autocomplete_fields = ["contact"]
    fields = ["contact", "position"]
    extra = 1


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["title", "file", "position", "media_type", "size_display"]
    readonly_fields = ["media_type", "size_display"]
    extra = 1

    @admin.display(description=_("taille"))
    def size_display(self, obj):
        return obj.size_display if obj and obj.pk else "—"


class CorrectionNoteInline(admin.TabularInline):
    model = CorrectionNote
    fields = ["date", "text"]
    extra = 1


class EmbargoFilter(admin.SimpleListFilter):
    title = _("Sous embargo")
    parameter_name = "embargo"

    def lookups(self, request, model_admin):
        return [
            ("en-cours", _("Sous embargo")),
            ("termine", _("Embargo terminé")),
            ("sans", _("Sans embargo")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "en-cours":
            return queryset.filter(embargo_until__gt=now)
        if self.value() == "termine":
            return queryset.filter(embargo_until__lte=now)
        if self.value() == "sans":
            return queryset.filter(embargo_until__isnull=True)
        return queryset


# Registered by the press list (presslist/release_admin.py), which adds its dispatches.
class PressReleaseAdmin(ChoosesLibraryImages, PublishableAdmin):
    form = PressReleaseAdminForm
    list_display = ["title", "state", "number", "publication_date", "embargo", "topic", "event"]
    list_filter = ["status", EmbargoFilter, "topic", "publication_date"]
    list_select_related = ["topic", "event"]
    date_hierarchy = "publication_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topic", "event"]
    readonly_fields = ["number", "created", "updated", "author_name"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "place", "lead", "image", "body"]}),
        (_("Citation"), {"fields": ["quote_text", "quote_speaker", "quote_role"]}),
        (_("Pour les journalistes"), {"fields": ["editors_notes", "event"]}),
        (_("Classement"), {"fields": ["topic", "tags"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "number",
                    "publication_date",
                    "embargo_until",
                    "expiry_date",
                    "author_name",
                    "created",
                    "updated",
                ]
            },
        ),
    ]

    @admin.display(description=_("embargo"), ordering="embargo_until")
    def embargo(self, obj):
        if obj.embargo_until is None:
            return "—"
        if obj.is_under_embargo():
            return gettext("jusqu’au %(moment)s") % {"moment": format_moment(obj.embargo_until)}
        return gettext("terminé le %(moment)s") % {"moment": format_moment(obj.embargo_until)}

    def get_inlines(self, request, obj):
        inlines = [ReleaseContactInline, AttachmentInline]
        # Change notes are public: they only make sense once the release has been published.
        if obj is not None and obj.number:
            inlines.append(CorrectionNoteInline)
        return inlines

    # Saving goes through core.publishing.workflow, whose pre_publish signal has a release
    # numbered (press.receivers) when it is first published.
