"""On SQLite, the FTS5 index of press releases (French stems, bm25 ranking); nothing on PostgreSQL."""

from django.db import migrations

from core.search.search import sqlite_index_operations


class Migration(migrations.Migration):
    dependencies = [("press", "0006_embargo")]
    operations = sqlite_index_operations("press_pressrelease")
