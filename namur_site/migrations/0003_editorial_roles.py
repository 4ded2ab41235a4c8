"""The three editorial roles as groups: Rédacteur, Éditeur en chef, Service presse.

The lists are written out here, not imported, so that this migration keeps meaning what it
meant when it ran. Publishing rules that a permission alone cannot say (a Rédacteur may delete
a draft but not a published item) are enforced by core.publishing.workflow.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CRUD = ("add", "change", "delete", "view")

ROLES = {
    "Rédacteur": [
        *(f"news.{action}_article" for action in CRUD),
        "news.view_topic",
        *(f"press.{action}_pressrelease" for action in CRUD),
        *(f"press.{action}_{model}" for action in CRUD for model in ("releasecontact", "attachment", "correctionnote")),
        "press.view_presscontact",
        "accreditations.view_event",
        "taggit.add_tag",
        "taggit.view_tag",
    ],
    "Éditeur en chef": [
        *(f"news.{action}_{model}" for action in CRUD for model in ("article", "topic", "taggedarticle")),
        "news.publish_article",
        *(
            f"press.{action}_{model}"
            for action in CRUD
            for model in (
                "pressrelease",
                "presscontact",
                "taggedpressrelease",
                "releasecontact",
                "attachment",
                "correctionnote",
            )
        ),
        "press.publish_pressrelease",
        "press.view_releasenumbercounter",
        "accreditations.view_event",
        "accreditations.view_accreditationrequest",
        *(f"taggit.{action}_{model}" for action in CRUD for model in ("tag", "taggeditem")),
    ],
    "Service presse": [
        *(
            f"press.{action}_{model}"
            for action in CRUD
            for model in (
                "pressrelease",
                "presscontact",
                "taggedpressrelease",
                "releasecontact",
                "attachment",
                "correctionnote",
            )
        ),
        "press.publish_pressrelease",
        "press.view_releasenumbercounter",
        "news.view_topic",
        *(f"accreditations.{action}_{model}" for action in CRUD for model in ("event", "accreditationrequest")),
        "accreditations.review_accreditationrequest",
        "accreditations.download_documents",
        "taggit.add_tag",
        "taggit.view_tag",
    ],
}


def create_roles(apps, schema_editor):
    # On a fresh database permissions only appear after the last migration (post_migrate):
    # create those of the apps the roles use now.
    for label in ("news", "press", "accreditations", "taggit"):
        app_config = apps.get_app_config(label)
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = {tuple(permission.split(".")) for permission in permissions}
        found = [
            permission
            for permission in Permission.objects.filter(
                codename__in={codename for _, codename in wanted}
            ).select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
        if missing:
            raise RuntimeError(f"Permissions introuvables pour « {name} » : {sorted(missing)}")
        group.permissions.add(*found)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("namur_site", "0002_revision"),
        ("news", "0003_editorial_workflow"),
        ("press", "0003_editorial_workflow"),
        ("accreditations", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
