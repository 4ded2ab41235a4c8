from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from namur_site.core.admin import PublishableAdmin, TaggedPublishableAdminForm
from namur_site.core.phones import AdminPhoneInput, PhoneNumberField
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


@admin.register(PressRelease)
class PressReleaseAdmin(PublishableAdmin):
    form = PressReleaseAdminForm
    list_display = ["title", "state", "number", "publication_date", "topic", "event"]
    list_filter = ["status", "topic", "publication_date"]
    list_select_related = ["topic", "event"]
    search_fields = ["title", "number", "lead", "body"]
    date_hierarchy = "publication_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topic", "event"]
    readonly_fields = ["number", "created", "updated", "author"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "place", "lead", "body"]}),
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
                    "expiry_date",
                    "author",
                    "created",
                    "updated",
                ]
            },
        ),
    ]

    def get_inlines(self, request, obj):
        inlines = [ReleaseContactInline, AttachmentInline]
        # Change notes are public: they only make sense once the release has been published.
        if obj is not None and obj.number:
            inlines.append(CorrectionNoteInline)
        return inlines

    # Saving goes through namur_site.core.workflow, which numbers a release through
    # press.services.save_release() when it is first published.
