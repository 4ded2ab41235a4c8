from django.db import migrations

OLD, NEW = "presslist.", "press.presslist."


def rename(apps, schema_editor, old=OLD, new=NEW):
    """Point tasks queued before the press list moved under press at their new module."""
    tasks = apps.get_model("django_tasks_database", "DBTaskResult")
    for task in tasks.objects.filter(task_path__startswith=old).only("task_path"):
        task.task_path = new + task.task_path.removeprefix(old)
        task.save(update_fields=["task_path"])


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("presslist", "0003_delivery_retry"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
