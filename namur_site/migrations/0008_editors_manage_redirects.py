"""The editorial roles and redirects: publishers manage them, writers read them.

Whoever may publish (Éditeur en chef, Service presse) may change an item's address after its
publication, which records a redirect, and may delete one or add one by hand. Written out here,
not imported, like the editorial roles, so that it keeps meaning what it meant when it ran.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGE = ["add_redirect", "change_redirect", "delete_redirect", "view_redirect"]
ROLES = {
    "Rédacteur": ["view_redirect"],
    "Éditeur en chef": MANAGE,
    "Service presse": MANAGE,
}


def _permissions(apps, codenames):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="core", codename__in=codenames
    )


def grant(apps, schema_editor):
    # On a fresh database permissions only appear after the last migration: create them now.
    app_config = apps.get_app_config("core")
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
        ("namur_site", "0007_the_core_holds_its_models"),
        ("core", "0005_redirect"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
