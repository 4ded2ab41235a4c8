from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _


class AccreditationsConfig(AppConfig):
    name = "accreditations"
    verbose_name = _("Accréditations")

    def ready(self):
        from accreditations import receivers
        from accreditations.models import AccreditationRequest
        from accreditations.personal_data import erase_again
        from core import erasures

        checks.register(check_private_media_root)
        receivers.connect()
        erasures.register(AccreditationRequest, erase_again)


def check_private_media_root(app_configs, **kwargs):
    """Refuse a private folder, or a private bucket, that a public URL could serve."""
    errors = []
    storages = settings.STORAGES
    private_options = storages.get("private", {}).get("OPTIONS", {})
    if "bucket_name" in private_options:
        if private_options["bucket_name"] == storages["default"].get("OPTIONS", {}).get(
            "bucket_name"
        ):
            errors.append(
                checks.Error(
                    "PRIVATE_MEDIA_BUCKET est le compartiment des médias publics : les documents "
                    "d’accréditation seraient publics.",
                    hint="Créez un compartiment privé à part pour PRIVATE_MEDIA_BUCKET.",
                    id="accreditations.E002",
                )
            )
        return errors
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, name, None)
        if public and private.is_relative_to(Path(public).resolve()):
            errors.append(
                checks.Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) est dans {name} : les documents "
                    "d’accréditation seraient publics.",
                    hint="Choisissez un dossier hors de MEDIA_ROOT et STATIC_ROOT.",
                    id="accreditations.E001",
                )
            )
    return errors
