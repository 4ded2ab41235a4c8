"""The "Service presse" role manages the press list: sees, edits and removes subscribers.

Written out here, not imported, like namur_site's editorial roles, so that it keeps meaning what
it meant when it ran.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE = "Service presse"
CODENAMES = ["view_subscriber", "change_subscriber", "delete_subscriber"]


def grant(apps, schema_editor):
    # On a fresh database permissions only appear after the last migration: create them now.
    app_config = apps.get_app_config("presslist")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = previous
    group = apps.get_model("auth", "Group").objects.filter(name=ROLE).first()
    if group is not None:
        group.permissions.add(
            *apps.get_model("auth", "Permission").objects.filter(
                content_type__app_label="presslist", codename__in=CODENAMES
            )
        )


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=ROLE).first()
    if group is not None:
        group.permissions.remove(
            *apps.get_model("auth", "Permission").objects.filter(
                content_type__app_label="presslist", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("namur_site", "0003_editorial_roles"),
        ("presslist", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
