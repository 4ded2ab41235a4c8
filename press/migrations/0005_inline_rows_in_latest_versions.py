"""Give the latest version of each release the inline rows it had: contacts, attachments, notes.

Versions kept before they followed the inlines hold the release's own fields only. Every admin
save keeps a version, so the rows stored now are those of the latest one: written there, the
next change of a contact, an attachment or a note shows in the versions, and restoring that
version brings them back. Older versions keep what they had: their text is still compared and
restored, and the inlines are then left as they are.

The rows are written out here as the versions keep them (press.apps,
core.publishing.revision_parts), so that this migration keeps meaning what it meant when it ran.
"""

from django.db import migrations

PARTS = {
    "release_contacts": ("ReleaseContact", ("id", "contact_id", "position")),
    "attachments": ("Attachment", ("id", "title", "file", "media_type", "size", "position")),
    "corrections": ("CorrectionNote", ("id", "date", "text")),
}


def plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "name") and not isinstance(value, str):
        return value.name or ""
    return value


def fill_latest_versions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("namur_site", "Revision")
    content_type = ContentType.objects.filter(app_label="press", model="pressrelease").first()
    if content_type is None:
        return
    releases = Revision.objects.filter(content_type=content_type).values_list(
        "object_id", flat=True
    )
    for release_id in set(releases):
        latest = (
            Revision.objects.filter(content_type=content_type, object_id=release_id)
            .order_by("-created", "-pk")
            .first()
        )
        missing = [name for name in PARTS if name not in latest.data]
        if not missing:
            continue
        for name in missing:
            model_name, fields = PARTS[name]
            rows = apps.get_model("press", model_name).objects.filter(release_id=release_id)
            latest.data[name] = [
                {field: plain(getattr(row, field)) for field in fields} for row in rows
            ]
        latest.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("namur_site", "0002_revision"),
        ("press", "0004_phone_number_field"),
    ]

    operations = [migrations.RunPython(fill_latest_versions, migrations.RunPython.noop)]
