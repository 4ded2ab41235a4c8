"""System checks of the core's settings: the daily jobs name commands that exist, at real times."""

from django.conf import settings
from django.core import checks
from django.core.management import get_commands


def check_scheduled_jobs(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from core.scheduled_jobs import parse_time

    errors = []
    commands = get_commands()
    for name, spec in getattr(settings, "SCHEDULED_JOBS", {}).items():
        at = spec.get("at") if isinstance(spec, dict) else spec
        try:
            parse_time(at)
        except (TypeError, ValueError):
            errors.append(
                checks.Error(
                    f"SCHEDULED_JOBS : l’heure de « {name} » ({at!r}) est illisible.",
                    hint="Écrivez-la HH:MM, en heure de Bruxelles, par exemple 03:10.",
                    id="core.E010",
                )
            )
        if name not in commands:
            errors.append(
                checks.Error(
                    f"SCHEDULED_JOBS : « {name} » n’est pas une commande de manage.py.",
                    hint="Nommez une commande existante, ou retirez-la de SCHEDULED_JOBS.",
                    id="core.E011",
                )
            )
    return errors
