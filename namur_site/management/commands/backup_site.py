import os
import sys
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core import erasures
from core.files.storage import STORE_ERRORS
from namur_site import backup

PERSONAL_DATA = (
    "Cette archive contient des données personnelles (demandes d’accréditation, pièces "
    "d’identité, abonnés de la liste de presse) : chiffrez-la, gardez-la hors du serveur et "
    "effacez-la après {days} jours (docs/operations.md, « Back up and restore »)."
)


class Command(BaseCommand):
    help = (
        "Sauvegarde ensemble la base de données, les médias publics et les documents privés "
        "dans une archive tar (fichiers en mode 0600) avec un manifeste : version, date, moteur, "
        "nombres de lignes et de fichiers, empreinte SHA-256 de chaque fichier."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            help=(
                "un dossier (l’archive y est nommée namur-AAAAMMJJ-HHMMSS.tar), le nom du "
                "fichier .tar à créer, ou - pour l’écrire sur la sortie standard (vers un "
                "programme de chiffrement)"
            ),
        )

    def handle(self, *args, destination, **options):
        # On the standard output the archive goes there, and what the command says to stderr.
        say = self.stderr if destination == "-" else self.stdout
        try:
            if destination == "-":
                with backup.work_directory(None) as work_dir:
                    manifest = backup.write_archive(
                        sys.stdout.buffer, work_dir=Path(work_dir), log=say.write
                    )
                    sys.stdout.buffer.flush()
                target = "la sortie standard"
            else:
                path = self.target(destination)
                manifest = self.write_file(path, log=say.write)
                target = str(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        members = manifest["members"]
        size = sum(member["size"] for member in members)
        say.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite dans {target} : base {manifest['database']['engine']}, "
                f"{len(members) - 1} fichier(s), {size / 1e6:.1f} Mo."
            )
        )
        for alias, names in manifest["missing"].items():
            say.write(
                self.style.WARNING(
                    f"{len(names)} fichier(s) « {alias} » nommé(s) par la base mais absent(s) du "
                    f"stockage, par exemple « {names[0]} »."
                )
            )
        say.write(PERSONAL_DATA.format(days=settings.BACKUP_RETENTION_DAYS))
        self.forget_old_erasures(say)

    def target(self, destination: str) -> Path:
        path = Path(destination)
        if path.is_dir():
            return path / f"namur-{timezone.localtime():%Y%m%d-%H%M%S}.tar"
        folder = path if destination.endswith(os.sep) else path.parent
        if not folder.is_dir():
            raise CommandError(f"Le dossier {folder} n’existe pas. Rien n’a été écrit.")
        if path.suffix != ".tar":
            raise CommandError(
                f"Nommez l’archive en .tar (par exemple {path.with_suffix('.tar').name}), ou "
                "donnez un dossier existant. Rien n’a été écrit."
            )
        return path

    def write_file(self, path: Path, *, log) -> dict:
        """Write the archive beside ``path`` and give it its name only once it is complete."""
        partial = path.with_name(path.name + ".partiel")
        if path.exists() or partial.exists():
            raise CommandError(
                f"{path if path.exists() else partial} existe déjà : une sauvegarde n’en "
                "écrase jamais une autre. Choisissez un autre nom."
            )
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with (
                os.fdopen(descriptor, "wb") as output,
                backup.work_directory(path.parent) as work_dir,
            ):
                manifest = backup.write_archive(output, work_dir=Path(work_dir), log=log)
                output.flush()
                os.fsync(output.fileno())
            partial.rename(path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return manifest

    def forget_old_erasures(self, say) -> None:
        cutoff = timezone.now() - timedelta(days=settings.BACKUP_RETENTION_DAYS)
        try:
            forgotten = erasures.forget_before(cutoff)
        except STORE_ERRORS as error:
            say.write(self.style.WARNING(f"Journal des effacements non élagué : {error}."))
            return
        if forgotten:
            say.write(
                f"Journal des effacements : {forgotten} entrée(s) de plus de "
                f"{settings.BACKUP_RETENTION_DAYS} jours oubliée(s)."
            )
