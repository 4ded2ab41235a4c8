from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.photos import services, usages
from core.photos.forms import ChooserUploadForm, ImageChooserWidget, ImageForm, thumbnail_url
from core.photos.models import Image
from core.publishing.admin import UploadsChosenAgainMixin

CHOOSER_PAGE_SIZE = 24


def search(queryset, query: str):
    """Return the images whose title, alternative text, caption or credit hold every word."""
    for word in query.split():
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(alt__icontains=word)
            | Q(caption__icontains=word)
            | Q(credit__icontains=word)
        )
    return queryset


def as_choice(image: Image) -> dict:
    """Return what the chooser's script needs of a chosen image."""
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.alt,
        "caption": image.caption,
        "credit": image.credit,
        "thumbnail": thumbnail_url(image),
    }


class ChoosesLibraryImages:
    """For a model admin: its foreign keys to the library open the chooser, not a select list."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.ForeignKey) and db_field.related_model is Image:
            return db_field.formfield(widget=ImageChooserWidget())
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Image)
class ImageAdmin(UploadsChosenAgainMixin, admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "title", "credit", "licence", "uploaded_at", "uploaded_by"]
    # The title is the link: a second link on the thumbnail would be a link without a name.
    list_display_links = ["title"]
    search_fields = ["title", "alt", "caption", "credit"]
    list_filter = ["licence"]
    list_select_related = ["uploaded_by"]
    readonly_fields = ["focal_picker", "used_in", "uploaded_by", "uploaded_at"]
    fieldsets = [
        (None, {"fields": ["file", "title", "alt", "caption", "credit", "licence"]}),
        (
            _("Point d’intérêt"),
            {
                "fields": ["focal_picker", "focal_x", "focal_y"],
                "description": _(
                    "Cliquez sur l’image à l’endroit qui doit rester visible quand elle est "
                    "recadrée (un visage, par exemple), ou placez-vous sur l’image et utilisez "
                    "les flèches du clavier. Les vignettes sont recadrées autour de ce point."
                ),
            },
        ),
        (_("Utilisation"), {"fields": ["used_in", "uploaded_by", "uploaded_at"]}),
    ]

    class Media:
        css = {"all": ["photos/admin-photos.css"]}
        js = ["photos/focal-point.js"]

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        return format_html(
            '<img src="{}" alt="" width="80" class="photo-thumbnail">', thumbnail_url(obj)
        )

    @admin.display(description=_("Aperçu"))
    def focal_picker(self, obj):
        if not obj or not obj.pk or not obj.file:
            return _("Enregistrez l’image pour choisir son point d’intérêt.")
        renditions = obj.renditions
        source = renditions[min(1, len(renditions) - 1)][2] if renditions else obj.file.url
        return format_html(
            '<div class="focal-picker" data-x="id_focal_x" data-y="id_focal_y" tabindex="0"'
            ' role="application" aria-label="{}"><img src="{}" alt="{}" width="{}" height="{}">'
            '<span class="focal-picker__mark" aria-hidden="true"></span></div>'
            '<p class="focal-picker__status" aria-live="polite"></p>',
            _("Point d’intérêt : cliquez sur l’image ou utilisez les flèches"),
            source,
            obj.alt,
            obj.width,
            obj.height,
        )

    @admin.display(description=_("Utilisée dans"))
    def used_in(self, obj):
        found = usages.usages(obj) if obj and obj.pk else []
        if not found:
            return _("Nulle part pour l’instant.")
        return format_html(
            '<ul class="photo-usages">{}</ul>',
            format_html_join(
                "",
                "<li>{}</li>",
                ((usages.describe(usage),) for usage in found),
            ),
        )

    def save_model(self, request, obj, form, change):
        stale = not change or bool({"file", "focal_x", "focal_y"} & set(form.changed_data))
        services.save_image(image=obj, by=request.user, crops_stale=stale)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Django lists the lead images it protects; bodies embed images by reference, which
        # only the library finds. Both say what uses the image, and where.
        found = [usage for image in objs for usage in usages.usages(image)]
        if found:
            protected = [
                format_html('<a href="{}">{}</a>', usage.admin_url, usages.describe(usage))
                if usage.admin_url
                else usages.describe(usage)
                for usage in found
            ]
        return deleted, counts, perms_needed, protected

    def get_urls(self):
        return [
            path(
                "chooser/",
                self.admin_site.admin_view(self.chooser_view),
                name="photos_image_chooser",
            ),
            path(
                "chooser/ajouter/",
                self.admin_site.admin_view(require_POST(self.chooser_upload_view)),
                name="photos_image_chooser_upload",
            ),
            path(
                "chooser/<int:pk>/",
                self.admin_site.admin_view(self.chooser_item_view),
                name="photos_image_chooser_item",
            ),
            *super().get_urls(),
        ]

    def _chooser_context(self, request, *, upload_form=None):
        query = request.GET.get("q", "").strip()
        images = search(Image.objects.all(), query)
        page = Paginator(images, CHOOSER_PAGE_SIZE).get_page(request.GET.get("page"))
        if upload_form is None and self.has_add_permission(request):
            upload_form = ChooserUploadForm()
        return {
            "query": query,
            "page": page,
            "results": [{"image": image, "thumbnail": thumbnail_url(image)} for image in page],
            "chooser_url": reverse("admin:photos_image_chooser"),
            "upload_url": reverse("admin:photos_image_chooser_upload"),
            "upload_form": upload_form,
        }

    def chooser_view(self, request):
        """The chooser's dialog: search, thumbnails and, for who may add, an upload form."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = self._chooser_context(request)
        template = "admin/photos/image/chooser.html"
        if request.GET.get("results"):
            template = "admin/photos/image/chooser_results.html"
        response = TemplateResponse(request, template, context)
        response["Cache-Control"] = "private, no-store"
        return response

    def chooser_upload_view(self, request):
        """Add an image from the chooser; answer the new image, or the form with its errors."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ChooserUploadForm(request.POST, request.FILES)
        if form.is_valid():
            image = services.save_image(image=form.save(commit=False), by=request.user)
            self.log_addition(request, image, [{"added": {}}])
            return JsonResponse({"image": as_choice(image)})
        context = self._chooser_context(request, upload_form=form)
        return TemplateResponse(request, "admin/photos/image/chooser.html", context, status=400)

    def chooser_item_view(self, request, pk):
        """Return one image as the chooser describes it (the editor's preview of an embed)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return JsonResponse({"image": as_choice(get_object_or_404(Image, pk=pk))})
