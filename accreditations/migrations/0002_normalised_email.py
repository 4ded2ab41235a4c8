from django.db import IntegrityError, migrations, transaction

import core.fields
from core.email_addresses import normalise_email


def normalise_stored_addresses(apps, schema_editor):
    """Rewrite stored addresses in their normalised form.

    Two active requests that turn out to be one mailbox keep the later one's address as it was
    typed: staff see both and decide; nothing is deleted by a migration.
    """
    AccreditationRequest = apps.get_model("accreditations", "AccreditationRequest")
    for pk, email in AccreditationRequest.objects.exclude(email="").values_list("pk", "email"):
        normalised = normalise_email(email)
        if normalised == email:
            continue
        try:
            with transaction.atomic():
                AccreditationRequest.objects.filter(pk=pk).update(email=normalised)
        except IntegrityError:
            continue


class Migration(migrations.Migration):
    dependencies = [
        ("accreditations", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accreditationrequest",
            name="email",
            field=core.fields.NormalisedEmailField(
                max_length=254, verbose_name="adresse e-mail"
            ),
        ),
        migrations.RunPython(normalise_stored_addresses, migrations.RunPython.noop),
    ]
