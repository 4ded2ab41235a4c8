from django import forms
from django.utils.translation import gettext_lazy as _

from core.photos.models import Image


class ImageForm(forms.ModelForm):
    """The library's form: the focal point is set by a click on the image (js/photos-focal.js)."""

    class Meta:
        model = Image
        fields = ["file", "title", "alt", "caption", "credit", "licence", "focal_x", "focal_y"]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
        }
        error_messages = {
            "alt": {"required": _("Décrivez l’image pour les personnes qui ne la voient pas.")},
            "title": {"required": _("Donnez un titre à l’image, pour la retrouver.")},
        }

    def clean_alt(self):
        alt = self.cleaned_data["alt"].strip()
        if not alt:
            raise forms.ValidationError(
                _("Décrivez l’image pour les personnes qui ne la voient pas.")
            )
        return alt


class ChooserUploadForm(ImageForm):
    """A new image from the chooser: the file and its texts; the focal point comes later."""

    # Its fields sit in a dialog over another change form: their names and ids are its own.
    prefix = "photo"

    class Meta(ImageForm.Meta):
        fields = ["file", "title", "alt", "caption", "credit", "licence"]


class ImageChooserWidget(forms.Widget):
    """A library image for a foreign key: a thumbnail, « Choisir » and « Retirer » buttons.

    The chooser itself (search, thumbnails, upload) is a dialog the script loads from the
    library's admin (``admin:photos_image_chooser``).
    """

    template_name = "photos/widgets/chooser.html"

    class Media:
        css = {"all": ["photos/admin-photos.css"]}
        js = ["photos/chooser.js"]

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        image = None
        if value:
            image = Image.objects.filter(pk=value).first()
        context["image"] = image
        context["thumbnail"] = thumbnail_url(image) if image else ""
        context["chooser_url"] = reverse("admin:photos_image_chooser")
        return context


def thumbnail_url(image: Image) -> str:
    """Return the smallest rendition's address (JPEG), else the original's."""
    renditions = image.renditions
    if renditions:
        return renditions[0][2]
    return image.file.url if image.file else ""


class ImageChoiceField(forms.ModelChoiceField):
    widget = ImageChooserWidget
