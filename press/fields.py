"""Model fields of press releases that keep their guarantees on every path into the database."""

from django.db import models

from namur_site.core import uploads
from namur_site.core.fields import CheckedFieldFile, CheckedFileField
from press.phones import normalise_phone


class PhoneNumberField(models.CharField):
    """A telephone number validated and stored in E.164, whatever path it takes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 16)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_phone(value) if value else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value:
            value = normalise_phone(value)
            setattr(model_instance, self.attname, value)
        return value


class AttachmentFieldFile(CheckedFieldFile):
    def accepted(self, checked):
        # Journalists see what they download: its stored type and size.
        self.instance.media_type = checked.media_type
        self.instance.size = checked.size


class AttachmentField(CheckedFileField):
    """A PDF or an image checked by its content; the model records its media type and size."""

    attr_class = AttachmentFieldFile

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{"rule": uploads.PRESS_ATTACHMENT, **kwargs})
