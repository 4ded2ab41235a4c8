"""Sign-in rules of the site: production never lets the local demo accounts in."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from core.client_ip import client_ip

logger = logging.getLogger(__name__)

# Printed by `make run` for local use; public, hence refused in production on every account.
DEMO_USERNAME = "admin"
DEMO_PASSWORD = "namur-demo"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    """A local account of `make run` for one editorial role (a group of the same name)."""

    username: str
    first_name: str
    last_name: str
    role: str
    can: str


# One per role, for the « Premiers pas » guide (docs/premiers-pas.md); all share DEMO_PASSWORD.
DEMO_ACCOUNTS = (
    DemoAccount(
        "redactrice",
        "Camille",
        "Hardy",
        "Rédacteur",
        "écrit des actualités et des communiqués et les soumet à la relecture",
    ),
    DemoAccount(
        "chef",
        "Philippe",
        "Dethier",
        "Éditeur en chef",
        "relit, publie ou programme les actualités et les communiqués",
    ),
    DemoAccount(
        "presse",
        "Isabelle",
        "Gilson",
        "Service presse",
        "publie les communiqués (sous embargo aussi), traite les demandes d’accréditation "
        "et enregistre les arrivées",
    ),
)


class NoDemoPasswordBackend(ModelBackend):
    """Authenticate like Django, but refuse the demo password in production."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        # The demo account may sit in a database copied from a development machine, and the name
        # "admin" may also be a real account: the password, which is public, is what gives it away.
        if user is not None and settings.PRODUCTION and password == DEMO_PASSWORD:
            logger.warning(
                "Connexion refusée au compte « %s » depuis %s : son mot de passe est celui du "
                "compte de démonstration, refusé en production ; changez-le avec "
                "« manage.py changepassword ».",
                user.get_username(),
                client_ip(request) if request is not None else "?",
            )
            return None
        return user
