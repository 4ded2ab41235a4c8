from django.conf import settings

from accreditations.personal_data import purge_expired
from core import french
from core.commands import PurgeCommand


class Command(PurgeCommand):
    help = (
        "Efface les données personnelles et les documents des demandes d’accréditation des "
        "événements terminés depuis plus de ACCREDITATION_RETENTION_DAYS jours, y compris dans "
        "l’historique de l’administration, puis les documents qu’aucune demande ne référence. "
        "Les nombres de demandes par état restent."
    )

    def handle(self, *args, dry_run=False, **options):
        report = purge_expired(dry_run=dry_run)
        cutoff = french.format_date(report.cutoff, "j F Y H:i")
        self.stdout.write(
            f"Conservation : {settings.ACCREDITATION_RETENTION_DAYS} jours ; événements "
            f"terminés avant le {cutoff}."
        )
        for event in report.events:
            self.stdout.write(f"  - {event.title} ({french.format_date(event.ends, 'j F Y')})")
        verb = "seraient anonymisées" if dry_run else "anonymisées"
        summary = (
            f"{report.requests} demande(s) {verb}, {report.files} fichier(s) "
            f"{'seraient effacés' if dry_run else 'effacé(s)'}."
        )
        if report.orphans:
            summary += (
                f" {len(report.orphans)} document(s) sans demande "
                f"{'seraient effacés' if dry_run else 'effacé(s)'}."
            )
        if dry_run:
            self.stdout.write(summary + " Simulation : rien n’a été modifié.")
        else:
            self.stdout.write(self.style.SUCCESS(summary))
