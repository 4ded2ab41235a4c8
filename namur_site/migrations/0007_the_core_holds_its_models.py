"""Revision and WorkerHeartbeat belong to the core (core's 0001): namur_site forgets them.

Only Django's state changes; the tables stay, under their names, for the core. Press's 0005
read the versions as namur_site's: it runs first.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("namur_site", "0006_worker_heartbeat"),
        ("core", "0001_adopt_the_revision_and_worker_tables"),
        ("press", "0005_inline_rows_in_latest_versions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="WorkerHeartbeat"),
                migrations.DeleteModel(name="Revision"),
            ]
        )
    ]
