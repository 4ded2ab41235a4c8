"""Model fields that keep their guarantees on every path into the database."""

from django import forms
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile, ImageFileDescriptor
from django.utils.translation import gettext_lazy as _

from core.email_addresses import is_quoted, normalise_email
from core.files import images, stored_files, uploads
from core.sanitize import clean_html


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


class CheckedFileFormField(forms.FileField):
    """Refuse an upload that ``rule`` does not accept, with a message that says what to do."""

    def __init__(self, *, rule: uploads.UploadRule, **kwargs):
        self.rule = rule
        super().__init__(**kwargs)

    def to_python(self, data):
        data = super().to_python(data)
        if data is not None:
            uploads.check(data, self.rule)
        return data

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": self.rule.accept}


class CheckedImageFormField(forms.ImageField):
    """Refuse an image that ``rule`` does not accept, with a message that says what to do."""

    def __init__(self, *, rule: uploads.UploadRule, **kwargs):
        self.rule = rule
        super().__init__(**kwargs)

    def to_python(self, data):
        if data in self.empty_values:
            return None
        uploads.check(data, self.rule)
        return super().to_python(data)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": self.rule.accept}


class CheckedFieldFile(FieldFile):
    def save(self, name, content, save=True):
        # Checked here, not only in a form, so that code and imports get the same guarantees.
        checked = uploads.safe_copy(content, self.field.rule, name=name)
        self.accepted(checked)
        super().save(checked.name, checked, save=save)
        stored_files.written(self.storage, self.name)

    def accepted(self, checked: uploads.CheckedFile) -> None:
        """Note on the instance what is about to be stored; nothing by default."""


class CheckedFileField(models.FileField):
    """A file checked by its content against ``rule`` on every save; images stored as JPEG."""

    attr_class = CheckedFieldFile

    def __init__(self, *args, rule: uploads.UploadRule | None = None, **kwargs):
        # Only the models migrations rebuild go without a rule; they never store a file.
        self.rule = rule
        super().__init__(*args, **kwargs)

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.rule is None:
            errors.append(
                checks.Error(
                    "CheckedFileField needs a rule.",
                    hint="Pass rule=uploads.<USE>, e.g. uploads.PRESS_ATTACHMENT.",
                    obj=self,
                    id="core.E001",
                )
            )
        return errors

    def deconstruct(self):
        # The rule is behaviour, not schema: migrations see a plain FileField and need no change
        # when a limit does.
        name, path, args, kwargs = super().deconstruct()
        if path == "core.fields.CheckedFileField":
            path = "django.db.models.FileField"
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": CheckedFileFormField, "rule": self.rule, **kwargs}
        )


class ResponsiveImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        # Re-encoding here, not in a form, strips metadata whatever path the file takes.
        checked = uploads.safe_copy(content, self.field.rule, name=name)
        super().save(checked.name, checked, save=save)
        # Noted before the renditions: a failure among them removes the ones written too.
        stored_files.written(self.storage, self.name)
        images.write_renditions(self.storage, self.name)

    @property
    def dimensions(self) -> tuple[int | None, int | None]:
        """Return (width, height) from the model's fields, without opening the file."""
        return (
            getattr(self.instance, self.field.width_field),
            getattr(self.instance, self.field.height_field),
        )

    # The renditions last worked out, with the (name, width) they were worked out for.
    _renditions = (None, [])

    @property
    def renditions(self) -> list[tuple[int, str, str]]:
        """Return (width, WebP URL, JPEG URL) for each rendition, from names alone."""
        if not self or not self.field.width_field:
            return []
        width = getattr(self.instance, self.field.width_field)
        if not width:
            return []
        # A page asks twice for its lead image (Open Graph, then <picture>): work it out once.
        key, renditions = self._renditions
        if key != (self.name, width):
            renditions = [
                (
                    w,
                    self.storage.url(images.rendition_name(self.name, w, "webp")),
                    self.storage.url(images.rendition_name(self.name, w, "jpg")),
                )
                for w in images.rendition_widths(width)
            ]
            self._renditions = ((self.name, width), renditions)
        return renditions


def _stored_name(value) -> str | None:
    """Return the name of a file already in the storage that ``value`` stands for, else None."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, FieldFile) and value._committed:
        return value.name or None
    return None


class ResponsiveImageFileDescriptor(ImageFileDescriptor):
    """Django's, without reading the stored file again when it is assigned again.

    A change form saved without a new upload assigns the stored image back; Django then opens it
    to measure it, which downloads the whole original from an object store on every save of an
    illustrated article, and fails the save (a 503) while the store is down. Its size is in the
    row already.
    """

    def __set__(self, instance, value):
        previous = instance.__dict__.get(self.field.attname)
        if previous is not None and _stored_name(previous) == _stored_name(value) is not None:
            # Read from __dict__: a deferred size is loaded from the database by getattr().
            sizes = (self.field.width_field, self.field.height_field)
            if all(instance.__dict__.get(name) for name in sizes if name):
                instance.__dict__[self.field.attname] = value
                return
        super().__set__(instance, value)


class ResponsiveImageField(models.ImageField):
    """An image re-encoded on save, with WebP and JPEG renditions at several widths."""

    attr_class = ResponsiveImageFieldFile
    descriptor_class = ResponsiveImageFileDescriptor

    def __init__(self, *args, rule: uploads.UploadRule = uploads.NEWS_IMAGE, **kwargs):
        self.rule = rule
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": CheckedImageFormField, "rule": self.rule, **kwargs}
        )
