from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from namur_site.auth import DEMO_PASSWORD, DEMO_USERNAME


class Command(BaseCommand):
    help = (
        "Crée le compte administrateur de démonstration s’il n’existe pas "
        "et dit comment se connecter."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "Compte de démonstration refusé en production : "
                "utilisez « manage.py createsuperuser »."
            )
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.org"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if user.check_password(DEMO_PASSWORD):
            credentials = f"identifiant « {DEMO_USERNAME} », mot de passe « {DEMO_PASSWORD} »"
        else:
            credentials = (
                f"identifiant « {DEMO_USERNAME} » (mot de passe inchangé ; "
                f"« manage.py changepassword {DEMO_USERNAME} » pour le redéfinir)"
            )
        self.stdout.write(
            self.style.SUCCESS(f"Administration : {settings.SITE_URL}/admin/ — {credentials}")
        )
