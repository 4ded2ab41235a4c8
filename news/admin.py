from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.photos.admin import ChoosesLibraryImages
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
class ArticleAdmin(ChoosesLibraryImages, PublishableAdmin):
    form = ArticleAdminForm
    # A library image: its alternative text is the library's (core.publishing.admin_desk).
    lead_image_fields = ("image", None)
    list_display = ["title", "state", "publication_date", "topic", "featured"]
    list_filter = ["status", "topic", "featured", "publication_date"]
    list_select_related = ["topic", "image"]
    date_hierarchy = "publication_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topic", "related"]
    readonly_fields = ["created", "updated", "author_name"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "image", "body"]}),
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
