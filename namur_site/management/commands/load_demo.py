from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps
from django.core.management.base import BaseCommand
from django.db import transaction


def demo_module(app_config: AppConfig) -> ModuleType | None:
    """Return the app's ``demo`` package, or None if it has no demo content."""
    try:
        return import_module(f"{app_config.name}.demo")
    except ModuleNotFoundError as error:
        if error.name != f"{app_config.name}.demo":
            raise
        return None


class Command(BaseCommand):
    help = (
        "Charge le contenu de démonstration (pages légales, actualités, communiqués, événements). "
        "Relancer la commande ajoute seulement ce qui manque : un contenu existant n’est jamais "
        "modifié."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        # Apps load in the order of INSTALLED_APPS (the site's own first), each after the apps its
        # demo names in REQUIRES, so that every line counts what that app's loader added.
        modules = {
            config.label: module
            for config in apps.get_app_configs()
            if (module := demo_module(config)) is not None
        }
        loaded: set[str] = set()
        for label in modules:
            self.load(label, modules, loaded)
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration à jour."))

    def load(self, label: str, modules: dict[str, ModuleType], loaded: set[str]) -> None:
        """Load the demo of app ``label`` after those it requires, once."""
        if label in loaded:
            return
        loaded.add(label)
        for required in getattr(modules[label], "REQUIRES", ()):
            self.load(required, modules, loaded)
        summary = modules[label].load()
        self.stdout.write(f"{apps.get_app_config(label).verbose_name} : {summary}")
