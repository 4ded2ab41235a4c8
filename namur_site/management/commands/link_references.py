from django.core.management.base import BaseCommand

from core.references import link_pasted_addresses


class Command(BaseCommand):
    help = (
        "Transforme les liens collés comme adresses d’une page du site (/actualites/…, /presse/…, "
        "/pages/…, ou une ancienne adresse) en liens « vers une page du site », qui suivent "
        "la page si son adresse change. Le texte et l’adresse affichés ne changent pas."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Afficher ce qui serait transformé, sans rien changer.",
        )

    def handle(self, *args, dry_run=False, **options):
        changed = link_pasted_addresses(dry_run=dry_run)
        for item, count in changed:
            self.stdout.write(
                f"{item._meta.verbose_name.capitalize()} n° {item.pk} « {item.title} » : "
                f"{count} lien(s)"
            )
        total = sum(count for _item, count in changed)
        if dry_run:
            self.stdout.write(f"{total} lien(s) seraient transformés (rien n’a été changé).")
        else:
            self.stdout.write(self.style.SUCCESS(f"{total} lien(s) transformés."))
