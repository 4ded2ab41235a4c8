from django.db import migrations

# The core's task modules before and after the core became an app of its own.
MOVED = {
    "namur_site.core.http_cache.": "core.caching.http_cache.",
    "namur_site.core.review_mail.": "core.publishing.review_mail.",
}


def rename(apps, schema_editor, moved=MOVED):
    """Point tasks queued before the move (a Varnish purge to retry, an e-mail) at their module."""
    tasks = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in moved.items():
        for task in tasks.objects.filter(task_path__startswith=old).only("task_path"):
            task.task_path = new + task.task_path.removeprefix(old)
            task.save(update_fields=["task_path"])


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, moved={new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_adopt_the_revision_and_worker_tables"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
