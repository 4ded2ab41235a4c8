"""The one telephone rule of the site: press contacts and journalists' numbers alike.

A number is read with Belgium as the default country (081 24 60 00, 0475 81 05 35), or with
its country code (+33 1 23 45 67 89, 0033 …); it must be a valid number of its country's
numbering plan, mobile or landline. It is stored in E.164 (+3281246000), which is also what
``str()`` gives and what ``tel:`` links use, and shown in international format
(+32 81 24 60 00).
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumber_field import formfields, modelfields
from phonenumber_field.phonenumber import PhoneNumber, to_python

# Room for a number typed with spaces, dots and brackets, and for older values kept as typed.
MAX_LENGTH = 40

INVALID = _(
    "Ce numéro de téléphone n’est pas valide. Écrivez-le avec l’indicatif du pays, "
    "par exemple +32 81 24 60 00, ou en format belge, par exemple 081 24 60 00."
)
EXTENSION = _(
    "Retirez le numéro de poste : écrivez seulement le numéro, par exemple +32 81 24 60 00."
)


def validate_phone(value) -> None:
    """Refuse a number that its country’s numbering plan does not know, or one with an extension."""
    number = to_python(value, region=settings.PHONENUMBER_DEFAULT_REGION)
    if not isinstance(number, PhoneNumber):
        return
    if not number.is_valid():
        raise ValidationError(INVALID, code="invalid")
    # E.164 has no room for an extension: storing the number would silently drop it.
    if number.extension:
        raise ValidationError(EXTENSION, code="extension")


def format_phone(value) -> str:
    """Return ``value`` in international format, or as it was stored if it is not a valid number."""
    if not value:
        return ""
    number = to_python(value, region=settings.PHONENUMBER_DEFAULT_REGION)
    return number.as_international if number.is_valid() else str(number)


class PhoneInput(forms.TextInput):
    """Show a stored number in international format, and anything else as it was typed."""

    input_type = "tel"

    def format_value(self, value):
        if isinstance(value, PhoneNumber):
            return format_phone(value)
        return super().format_value(value)


class AdminPhoneInput(PhoneInput):
    """The phone input with the look of the admin's text fields."""

    def __init__(self, attrs=None):
        super().__init__({"class": "vTextField", **(attrs or {})})


class PhoneNumberFormField(formfields.PhoneNumberField):
    """A telephone number read with Belgium as the default country, refused in French."""

    widget = PhoneInput
    default_validators = [validate_phone]
    default_error_messages = {"invalid": INVALID, "extension": EXTENSION}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH)
        super().__init__(*args, **kwargs)


class PhoneNumberField(modelfields.PhoneNumberField):
    """A valid number stored in E.164 whatever path it takes into the database; other text as is."""

    default_validators = [validate_phone]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def get_prep_value(self, value):
        number = self.to_python(value)
        if isinstance(number, PhoneNumber) and number.extension and number.raw_input:
            # Only older values get here (the forms refuse extensions): keep them whole.
            return number.raw_input
        return super().get_prep_value(number)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneNumberFormField, **kwargs})
