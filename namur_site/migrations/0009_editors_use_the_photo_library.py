"""The editorial roles and the photo library: every role adds and describes images, publishers
delete them too. Written out here, not imported, so that it keeps meaning what it meant."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITE = ["add_image", "change_image", "view_image"]
ROLES = {
    "Rédacteur": WRITE,
    "Éditeur en chef": [*WRITE, "delete_image"],
    "Service presse": [*WRITE, "delete_image"],
}


def _permissions(apps, codenames):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="photos", codename__in=codenames
    )


def grant(apps, schema_editor):
    # On a fresh database permissions only appear after the last migration: create them now.
    app_config = apps.get_app_config("photos")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = previous
    for name, codenames in ROLES.items():
        group = apps.get_model("auth", "Group").objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    for name, codenames in ROLES.items():
        group = apps.get_model("auth", "Group").objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("namur_site", "0008_editors_manage_redirects"),
        ("photos", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
