"""What the purge commands share: a --dry-run that says what would go and changes nothing."""

from django.core.management.base import BaseCommand


class PurgeCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Afficher ce qui serait effacé, sans rien changer.",
        )
