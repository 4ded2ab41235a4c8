"""Model fields of press releases that keep their guarantees on every path into the database."""

from core.fields import CheckedFieldFile, CheckedFileField
from core.files import uploads


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
