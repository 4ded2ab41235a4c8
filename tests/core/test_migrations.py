"""A database made before the core became an app migrates forward with its versions intact."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import Revision, WorkerHeartbeat


@pytest.mark.django_db(transaction=True)
def test_an_existing_database_keeps_its_versions_and_permissions_when_the_core_takes_them():
    executor = MigrationExecutor(connection)
    old = executor.migrate([("core", None)]).apps  # namur_site holds the models again.
    old_type = old.get_model("contenttypes", "ContentType")
    revision_type = old_type.objects.get(app_label="namur_site", model="revision")
    editor = old.get_model("auth", "User").objects.create(username="chef")
    editor.user_permissions.add(
        old.get_model("auth", "Permission").objects.get(
            content_type=revision_type, codename="view_revision"
        )
    )
    article_type = old_type.objects.get(app_label="news", model="article")
    old.get_model("namur_site", "Revision").objects.create(
        content_type=article_type, object_id=7, comment="Publié", data={"title": "Marché"}
    )
    old.get_model("namur_site", "WorkerHeartbeat").objects.create(seen_at="2026-01-05T10:00Z")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    revision = Revision.objects.get()
    assert (revision.comment, revision.data, revision.object_id) == (
        "Publié",
        {"title": "Marché"},
        7,
    )
    assert revision.content_type.model_class().__name__ == "Article"
    assert WorkerHeartbeat.objects.count() == 1
    assert ContentType.objects.get_for_model(Revision).pk == revision_type.pk
    assert get_user_model().objects.get(username="chef").has_perm("core.view_revision")
