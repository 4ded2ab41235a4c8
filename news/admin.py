from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.publishing.admin import PublishableAdmin, TaggedPublishableAdminForm
from news.models import Article, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ArticleAdminForm(TaggedPublishableAdminForm):
    class Meta:
        model = Article
        fields = "__all__"  # the admin’s fieldsets choose the fields


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    form = ArticleAdminForm
    lead_image_fields = ("image", "image_alt")
    list_display = ["title", "state", "publication_date", "topic", "featured"]
    list_filter = ["status", "topic", "featured", "publication_date"]
    list_select_related = ["topic"]
    date_hierarchy = "publication_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topic", "related"]
    readonly_fields = ["image_preview", "created", "updated", "author_name"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body"]}),
        (
            _("Image"),
            {"fields": ["image", "image_preview", "image_alt", "image_caption", "image_credit"]},
        ),
        (_("Classement"), {"fields": ["topic", "tags", "related", "featured"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "publication_date",
                    "expiry_date",
                    "author_name",
                    "created",
                    "updated",
                ]
            },
        ),
    ]

    @admin.display(description=_("Aperçu de l’image"))
    def image_preview(self, obj):
        renditions = obj.image.renditions if obj and obj.image else []
        if not renditions:
            return _("Aucune image")
        return format_html(
            '<img src="{}" alt="{}" width="240" class="image-preview">',
            renditions[0][2],
            obj.image_alt,
        )
