from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Charge le contenu de démonstration (pages légales, actualités, communiqués, événements). "
        "Relancer la commande ajoute seulement ce qui manque : un contenu existant n’est jamais "
        "modifié."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        # Each app that has demo content ships a ``<app>.demo`` package with a ``load()``; the
        # site's own goes first.
        for app_config in apps.get_app_configs():
            try:
                module = import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app_config.name}.demo":
                    raise
                continue
            summary = module.load()
            self.stdout.write(f"{app_config.verbose_name} : {summary}")
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration à jour."))
