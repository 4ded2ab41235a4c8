from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from namur_site.auth import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_USERNAME


class Command(BaseCommand):
    help = (
        "Crée le compte administrateur de démonstration et un compte par rôle (Rédacteur, "
        "Éditeur en chef, Service presse) s’ils n’existent pas, et dit comment se connecter."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "Comptes de démonstration refusés en production : "
                "utilisez « manage.py createsuperuser »."
            )
        admin = self.account(DEMO_USERNAME, is_superuser=True, email=f"{DEMO_USERNAME}@example.org")
        self.stdout.write(
            self.style.SUCCESS(
                f"Administration : {settings.SITE_URL}/admin/ — {self.credentials(admin)}"
            )
        )
        self.stdout.write(
            "Un compte par rôle, pour le guide « Premiers pas » (docs/premiers-pas.md) :"
        )
        for account in DEMO_ACCOUNTS:
            user = self.account(
                account.username,
                first_name=account.first_name,
                last_name=account.last_name,
                email=f"{account.username}@example.org",
                group=Group.objects.get(name=account.role),
            )
            self.stdout.write(
                f"  {account.role} ({account.first_name} {account.last_name}) : "
                f"{self.credentials(user)} ; {account.can}."
            )

    def account(self, username: str, *, group: Group | None = None, **defaults):
        """Return the demo account ``username``, created with the demo password if missing."""
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True, **defaults}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            if group is not None:
                user.groups.add(group)
        return user

    def credentials(self, user) -> str:
        name = user.get_username()
        if user.check_password(DEMO_PASSWORD):
            return f"identifiant « {name} », mot de passe « {DEMO_PASSWORD} »"
        return (
            f"identifiant « {name} » (mot de passe inchangé ; "
            f"« manage.py changepassword {name} » pour le redéfinir)"
        )
