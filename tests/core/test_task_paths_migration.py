"""Tasks queued before the core became an app and the press list moved under press still run."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

TASKS = ("django_tasks_database", "0021_conditional_partial_index_ordering")
BEFORE = [
    ("presslist", "0003_delivery_retry"),
    ("core", "0001_adopt_the_revision_and_worker_tables"),
    TASKS,
]
AFTER = [
    ("presslist", "0004_queued_tasks_follow_the_move"),
    ("core", "0002_queued_tasks_follow_the_move"),
    TASKS,
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def every_migration_applied_after():
    """Leave the database with every migration, as the tests after this one expect it."""
    yield
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


def test_a_task_queued_under_the_old_module_points_at_the_new_one():
    old_apps = migrate(BEFORE)
    tasks = old_apps.get_model("django_tasks_database", "DBTaskResult")
    common = {
        "queue_name": "default",
        "backend_name": "default",
        "args_kwargs": {},
        "run_after": timezone.now(),
    }
    tasks.objects.create(task_path="presslist.services.send_subscriber_email_task", **common)
    tasks.objects.create(task_path="accreditations.emails.send_task", **common)
    tasks.objects.create(task_path="namur_site.core.http_cache.purge_task", **common)

    new_apps = migrate(AFTER)

    paths = set(
        new_apps.get_model("django_tasks_database", "DBTaskResult").objects.values_list(
            "task_path", flat=True
        )
    )
    assert paths == {
        "press.presslist.services.send_subscriber_email_task",
        "accreditations.emails.send_task",
        "core.caching.http_cache.purge_task",
    }
    from core.caching.http_cache import purge_task
    from press.presslist.services import send_subscriber_email_task

    assert send_subscriber_email_task.module_path == (
        "press.presslist.services.send_subscriber_email_task"
    )
    assert purge_task.module_path == "core.caching.http_cache.purge_task"
