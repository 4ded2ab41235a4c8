"""Model fields of press releases that keep their guarantees on every path into the database."""

from pathlib import PurePosixPath

from django import forms
from django.db import models
from django.db.models.fields.files import FieldFile

from namur_site.core import images
from press import attachments


class CheckedAttachmentFormField(forms.FileField):
    """Refuse a file that is neither a PDF nor an image, with a message that says what to do."""

    def to_python(self, data):
        data = super().to_python(data)
        if data is not None:
            attachments.check_attachment(data, name=data.name)
            data.seek(0)
        return data


class AttachmentFieldFile(FieldFile):
    def save(self, name, content, save=True):
        # Checked here, not only in a form, so that code and imports get the same guarantees.
        media_type = attachments.check_attachment(content, name=name)
        if media_type == attachments.JPEG:
            content = images.reencode(content, name=PurePosixPath(name).name)
            name = str(PurePosixPath(name).with_name(content.name))
        elif PurePosixPath(name).suffix.lower() != ".pdf":
            name = str(PurePosixPath(name).with_suffix(".pdf"))
        self.instance.media_type = media_type
        self.instance.size = content.size
        super().save(name, content, save=save)


class AttachmentField(models.FileField):
    """A PDF or an image checked by its content; the model records its media type and size."""

    attr_class = AttachmentFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedAttachmentFormField, **kwargs})
