import phonenumbers
from django.db import migrations

import core.phones

# The region the form assumed when these numbers were typed; fixed here whatever settings say later.
REGION = "BE"


def e164(text):
    """Return ``text`` in E.164, or None when it is not a valid number or has an extension."""
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number) or number.extension:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def store_phones_in_e164(apps, schema_editor):
    """Rewrite stored numbers in E.164; leave any other value as it was typed, for staff to read."""
    AccreditationRequest = apps.get_model("accreditations", "AccreditationRequest")
    for pk, phone in AccreditationRequest.objects.exclude(phone="").values_list("pk", "phone"):
        normalised = e164(phone)
        if normalised and normalised != phone:
            AccreditationRequest.objects.filter(pk=pk).update(phone=normalised)


class Migration(migrations.Migration):
    dependencies = [
        ("accreditations", "0003_mail_attempts"),
    ]

    operations = [
        # Before the field changes, so that the rows are still read as the text that was typed.
        migrations.RunPython(store_phones_in_e164, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="accreditationrequest",
            name="phone",
            field=core.phones.PhoneNumberField(
                max_length=40, region=None, verbose_name="téléphone"
            ),
        ),
    ]
