"""The "Service presse" role records arrivals at the door and sees them (and exports them).

Written out here, not imported, like namur_site's editorial roles, so that it keeps meaning what
it meant when it ran.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE = "Service presse"
CODENAMES = ["record_checkin", "view_checkin"]


def _permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="accreditations", codename__in=CODENAMES
    )


def grant(apps, schema_editor):
    # On a fresh database permissions only appear after the last migration: create them now.
    app_config = apps.get_app_config("accreditations")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = previous
    group = apps.get_model("auth", "Group").objects.filter(name=ROLE).first()
    if group is not None:
        group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=ROLE).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("namur_site", "0003_editorial_roles"),
        ("accreditations", "0005_badges_checkins"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
