from django.conf import settings

from core import french
from core.commands import PurgeCommand
from press.presslist.services import purge_unconfirmed


class Command(PurgeCommand):
    help = (
        "Efface les abonnés de la liste de presse qui n’ont pas confirmé leur adresse dans les "
        "PRESS_LIST_CONFIRM_DAYS jours (plus un jour de marge), y compris dans l’historique de "
        "l’administration."
    )

    def handle(self, *args, dry_run=False, **options):
        report = purge_unconfirmed(dry_run=dry_run)
        cutoff = french.format_date(report.cutoff, "j F Y H:i")
        self.stdout.write(
            f"Confirmation : {settings.PRESS_LIST_CONFIRM_DAYS} jours ; inscriptions non "
            f"confirmées d’avant le {cutoff}."
        )
        if dry_run:
            self.stdout.write(
                f"{report.subscribers} abonné(s) non confirmé(s) seraient effacés. "
                "Simulation : rien n’a été modifié."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"{report.subscribers} abonné(s) non confirmé(s) effacé(s).")
            )
