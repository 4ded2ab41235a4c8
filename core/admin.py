"""The core's own admin page: « Redirections », the old addresses and where they lead."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import redirects
from core.models import Redirect
from core.people import full_name


class RedirectForm(forms.ModelForm):
    """A redirect added by hand: from an address of the site to another, never in circles."""

    class Meta:
        model = Redirect
        fields = ["old_path", "target_path"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "target_path" in self.fields:
            self.fields["target_path"].required = True

    def clean_old_path(self):
        return redirects.checked_path(self.cleaned_data["old_path"])

    def clean_target_path(self):
        return redirects.checked_path(self.cleaned_data["target_path"])

    def clean(self):
        cleaned = super().clean()
        old_path, target_path = cleaned.get("old_path"), cleaned.get("target_path")
        if old_path and target_path:
            redirects.check_no_circle(old_path=old_path, target_path=target_path)
        return cleaned


class OriginFilter(admin.SimpleListFilter):
    title = gettext_lazy("origine")
    parameter_name = "origine"

    def lookups(self, request, model_admin):
        return [
            ("contenu", _("Adresse d’un contenu changée")),
            ("main", _("Ajoutée à la main")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "contenu":
            return queryset.filter(content_type__isnull=False)
        if self.value() == "main":
            return queryset.filter(content_type__isnull=True)
        return queryset


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    form = RedirectForm
    list_display = ["old_path", "target", "created", "author"]
    list_filter = [OriginFilter]
    search_fields = ["old_path", "target_path"]
    date_hierarchy = "created"
    list_select_related = ["created_by", "content_type"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("item")

    def get_fields(self, request, obj=None):
        if obj is not None and obj.content_type_id is not None:
            return ["old_path", "target", "created", "author"]
        if obj is not None:
            return ["old_path", "target_path", "created", "author"]
        return ["old_path", "target_path"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.content_type_id is not None:
            # Recorded when the item's address changed: it follows the item, or goes.
            return ["old_path", "target", "created", "author"]
        return ["created", "author"]

    @admin.display(description=gettext_lazy("mène à"))
    def target(self, obj):
        if obj.content_type_id is None:
            return obj.target_path
        item = obj.item
        if item is None:
            return _("un contenu supprimé")
        address = item.get_absolute_url()
        if hasattr(item, "is_live") and not item.is_live():
            return format_html(
                "« {} » ({}) — {}",
                item,
                address,
                _("non publié : l’ancienne adresse répond « page introuvable »"),
            )
        return format_html('« {} » (<a href="{}">{}</a>)', item, address, address)

    @admin.display(description=gettext_lazy("par"), ordering="created_by__last_name")
    def author(self, obj):
        return full_name(obj.created_by, nobody="—")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
