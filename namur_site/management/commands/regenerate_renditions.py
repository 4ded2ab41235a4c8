from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from PIL import UnidentifiedImageError

from core.fields import ResponsiveImageField
from core.files import images
from core.files.storage import STORE_ERRORS


def responsive_image_fields():
    """Yield (model, field) for every ResponsiveImageField of every installed model."""
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            # A child model lists its parent's fields too: take each field once, from its owner.
            if isinstance(field, ResponsiveImageField) and field.model is model:
                yield model, field


class Command(BaseCommand):
    help = (
        "Réécrit les rendus WebP et JPEG de chaque image stockée dans un ResponsiveImageField, "
        "aux largeurs de RENDITION_WIDTHS, et supprime les rendus des largeurs abandonnées."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Afficher ce qui serait écrit et supprimé, sans rien changer.",
        )

    def handle(self, *args, dry_run=False, **options):
        done = deleted = failed = 0
        for model, field in responsive_image_fields():
            stored = (
                model._base_manager.exclude(**{f"{field.name}__isnull": True})
                .exclude(**{field.name: ""})
                .order_by("pk")
            )
            for instance in stored.iterator():
                image = getattr(instance, field.name)
                label = f"{model._meta.label} {instance.pk} ({field.name}) {image.name}"
                try:
                    width = images.stored_width(image.storage, image.name)
                except (*STORE_ERRORS, UnidentifiedImageError) as error:
                    failed += 1
                    self.stderr.write(f"{label} : illisible ({type(error).__name__}), ignorée.")
                    continue
                stale = images.stale_renditions(image.storage, image.name, width)
                widths = ", ".join(str(w) for w in images.rendition_widths(width))
                if dry_run:
                    self.stdout.write(f"{label}\n  écrirait : {widths} px (WebP et JPEG)")
                    for name in stale:
                        self.stdout.write(f"  supprimerait : {name}")
                else:
                    images.write_renditions(image.storage, image.name)
                    for name in stale:
                        image.storage.delete(name)
                    self.stdout.write(f"{label}\n  écrit : {widths} px (WebP et JPEG)")
                    for name in stale:
                        self.stdout.write(f"  supprimé : {name}")
                done += 1
                deleted += len(stale)
        if dry_run:
            self.stdout.write(
                f"{done} image(s) à traiter, {deleted} rendu(s) périmé(s) à supprimer. "
                "Simulation : rien n’a été modifié."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{done} image(s) traitée(s), {deleted} rendu(s) périmé(s) supprimé(s)."
                )
            )
        if failed:
            raise CommandError(
                f"{failed} image(s) illisible(s) ou introuvable(s) : voir ci-dessus. Remplacez-les "
                "dans l’administration puis relancez la commande."
            )
