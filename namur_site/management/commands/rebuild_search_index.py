from django.core.management.base import BaseCommand

from core.search import search


class Command(BaseCommand):
    help = (
        "Réécrit le texte de recherche de chaque actualité et de chaque communiqué, puis "
        "reconstruit l’index de recherche (table FTS5 sur SQLite, vecteurs sur PostgreSQL)."
    )

    def handle(self, *args, **options):
        for kind in search.kinds():
            count = search.rebuild_index(kind.model)
            self.stdout.write(f"{kind.label} : {count} contenu(s) réindexé(s).")
        self.stdout.write(self.style.SUCCESS("Index de recherche reconstruit."))
