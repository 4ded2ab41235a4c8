"""Model fields that keep their guarantees on every path into the database."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.utils.translation import gettext_lazy as _

from namur_site.core import images
from namur_site.core.email_addresses import is_quoted, normalise_email
from namur_site.core.sanitize import clean_html


class SanitizedHTMLField(models.TextField):
    """Rich text cleaned against the allow-list whenever it is saved: admin, code or import."""

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        # Also covers QuerySet.update(), which skips pre_save().
        return super().get_db_prep_save(clean_html(value) if value else value, connection)


class NormalisedEmailFormField(forms.EmailField):
    """An address field that reads what was typed as the one spelling of its mailbox."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_email(value) if value else value

    def validate(self, value):
        super().validate(value)
        if value and is_quoted(value):
            raise ValidationError(
                _("Indiquez l’adresse sans guillemets, par exemple nom@redaction.be."),
                code="quoted",
            )


class NormalisedEmailField(models.EmailField):
    """An e-mail address stored, and looked up, in its normalised form on every path."""

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value:
            value = normalise_email(value)
            setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        # Also covers lookups and QuerySet.update(), which skip pre_save().
        value = super().get_prep_value(value)
        return normalise_email(value) if value else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": NormalisedEmailFormField, **kwargs})


class CheckedImageFormField(forms.ImageField):
    """Refuse oversized, damaged or non-image uploads with a message that says what to do."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        images.open_checked(data)
        data.seek(0)
        return super().to_python(data)


class ResponsiveImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        # Re-encoding here, not in a form, strips metadata whatever path the file takes.
        content = images.reencode(content, name=name)
        super().save(content.name, content, save=save)
        images.write_renditions(self.storage, self.name)

    @property
    def dimensions(self) -> tuple[int | None, int | None]:
        """Return (width, height) from the model's fields, without opening the file."""
        return (
            getattr(self.instance, self.field.width_field),
            getattr(self.instance, self.field.height_field),
        )

    @property
    def renditions(self) -> list[tuple[int, str, str]]:
        """Return (width, WebP URL, JPEG URL) for each rendition, from names alone."""
        if not self or not self.field.width_field:
            return []
        width = getattr(self.instance, self.field.width_field)
        if not width:
            return []
        return [
            (
                w,
                self.storage.url(images.rendition_name(self.name, w, "webp")),
                self.storage.url(images.rendition_name(self.name, w, "jpg")),
            )
            for w in images.rendition_widths(width)
        ]


class ResponsiveImageField(models.ImageField):
    """An image re-encoded on save, with WebP and JPEG renditions at several widths."""

    attr_class = ResponsiveImageFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})
