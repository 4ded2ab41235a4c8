from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core import erasures, french
from core.caching import http_cache
from namur_site import backup


class Command(BaseCommand):
    help = (
        "Restaure une archive de backup_site : vérifie d’abord chaque empreinte du manifeste, "
        "puis remplace la base et les fichiers, applique les migrations, rejoue le journal des "
        "effacements et les purges de données personnelles. Arrêtez le site et le worker avant."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="l’archive .tar écrite par backup_site")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="remplacer le contenu d’un site qui n’est pas vide",
        )

    def handle(self, *args, archive, yes=False, **options):
        try:
            opened = backup.Archive(Path(archive))
            manifest = opened.manifest
            created = french.format_date(
                timezone.localtime(datetime.fromisoformat(manifest["created"])), "j F Y à H:i"
            )
            engine = backup.ENGINE_NAMES.get(opened.engine, opened.engine)
            self.stdout.write(
                f"Archive du {created} (version {manifest['version']}, base {engine}) ; "
                "vérification de chaque fichier avant toute modification."
            )
            with backup.work_directory(None) as work_dir:
                report = backup.restore(opened, replace=yes, work_dir=Path(work_dir))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Base restaurée ; fichiers : {report.files_written} écrit(s), {report.files_kept} "
            f"déjà identique(s), {report.files_removed} absent(s) de l’archive supprimé(s)."
        )
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        # An archive of an older version gets this version's migrations.
        call_command("migrate", interactive=False, verbosity=0)
        replayed = erasures.replay()
        self.stdout.write(
            f"Journal des effacements : {replayed} effacement(s) postérieur(s) à l’archive "
            "appliqué(s) à nouveau."
        )
        # Retention rules apply again: what expired since the archive was made goes now.
        call_command("purge_accreditations", stdout=self.stdout)
        call_command("purge_press_list", stdout=self.stdout)
        cache.clear()
        if settings.VARNISH_URLS:
            # Every cached page carries the layout's key.
            http_cache.purge([http_cache.LAYOUT_KEY])
        self.stdout.write(self.style.SUCCESS("Restauration terminée."))
