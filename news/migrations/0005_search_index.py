"""On SQLite, the FTS5 index of articles (French stems, bm25 ranking); nothing on PostgreSQL."""

from django.db import migrations

from core.search.search import sqlite_index_operations


class Migration(migrations.Migration):
    dependencies = [("news", "0004_list_indexes")]
    operations = sqlite_index_operations("news_article")
