"""The public accreditation form, shaped by the event it is for."""

import time
from datetime import date

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accreditations.models import OutletType, Role
from core.fields import CheckedFileFormField, NormalisedEmailFormField
from core.files import uploads
from core.forms import ErrorSummaryMixin, honeypot_field
from core.phones import PhoneInput, PhoneNumberFormField

STAMP_SALT = "accreditations.form.started"
STAMP_MAX_AGE = 12 * 60 * 60
DOCUMENT_MB = uploads.ACCREDITATION_DOCUMENT.pdf_bytes // uploads.MEGABYTE
PHOTO_MB = uploads.ACCREDITATION_PHOTO.image_bytes // uploads.MEGABYTE


def form_stamp(event_id: int) -> str:
    """Return a signed note of when the form was shown, for the minimum fill time."""
    return signing.dumps({"event": event_id, "at": int(time.time())}, salt=STAMP_SALT)


class DocumentField(CheckedFileFormField):
    """A PDF or image upload checked by its content against ``rule``."""

    widget = forms.FileInput

    def __init__(self, *, rule=uploads.ACCREDITATION_DOCUMENT, required_message="", **kwargs):
        kwargs["error_messages"] = {
            "required": required_message,
            "empty": _("Le fichier choisi est vide. Choisissez un autre fichier."),
            "invalid": _("Ce fichier n’a pas pu être lu. Choisissez-le à nouveau."),
        }
        super().__init__(rule=rule, **kwargs)


class AccreditationForm(ErrorSummaryMixin, forms.Form):
    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=100,
        help_text=_("Tel qu’il figure sur votre pièce d’identité."),
        error_messages={
            "required": _("Indiquez votre prénom tel qu’il figure sur votre pièce d’identité.")
        },
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=100,
        help_text=_("Tel qu’il figure sur votre pièce d’identité."),
        error_messages={
            "required": _("Indiquez votre nom tel qu’il figure sur votre pièce d’identité.")
        },
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = NormalisedEmailFormField(
        label=_("Adresse e-mail"),
        help_text=_("L’accusé de réception et la décision y seront envoyés."),
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _("Indiquez une adresse e-mail complète, par exemple nom@redaction.be."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = PhoneNumberFormField(
        label=_("Téléphone"),
        help_text=_("Un numéro où le service presse peut vous joindre le jour de l’événement."),
        error_messages={"required": _("Indiquez un numéro de téléphone.")},
        widget=PhoneInput(attrs={"autocomplete": "tel"}),
    )
    outlet = forms.CharField(
        label=_("Média"),
        max_length=150,
        help_text=_(
            "Nom du journal, de la station, du site ou de l’agence pour lequel vous travaillez."
        ),
        error_messages={"required": _("Indiquez le média pour lequel vous couvrez l’événement.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    media_type = forms.ChoiceField(
        label=_("Type de média"),
        choices=OutletType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez le type de média."),
            "invalid_choice": _("Choisissez l’un des types de média proposés."),
        },
    )
    role = forms.ChoiceField(
        label=_("Fonction"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez votre fonction."),
            "invalid_choice": _("Choisissez l’une des fonctions proposées."),
        },
    )
    press_card_number = forms.CharField(
        label=_("Numéro de carte de presse"),
        max_length=50,
        required=False,
        help_text=_("Sans carte de presse, joignez une lettre de mission de votre rédaction."),
    )
    assignment_letter = DocumentField(
        label=_("Lettre de mission"),
        required=False,
        help_text=format_lazy(
            _("PDF, JPEG, PNG, WebP ou GIF, {max} Mo au maximum."), max=DOCUMENT_MB
        ),
    )
    equipment = forms.CharField(
        label=_("Matériel"),
        max_length=1000,
        required=False,
        help_text=_("Caméra, trépied, micro, éclairage… Signalez tout matériel volumineux."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    remarks = forms.CharField(
        label=_("Remarques"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    date_of_birth = forms.DateField(
        label=_("Date de naissance"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Indiquez votre date de naissance ; elle est exigée pour cet événement."),
            "invalid": _("Indiquez une date de naissance réelle, au format jj/mm/aaaa."),
        },
    )
    nationality = forms.CharField(
        label=_("Nationalité"),
        max_length=100,
        error_messages={
            "required": _("Indiquez votre nationalité ; elle est exigée pour cet événement.")
        },
    )
    id_document = DocumentField(
        label=_("Copie de la pièce d’identité"),
        required_message=_(
            "Joignez une copie de votre carte d’identité ou de votre passeport ; elle est "
            "exigée pour cet événement."
        ),
        help_text=format_lazy(
            _("Carte d’identité ou passeport : PDF, JPEG, PNG, WebP ou GIF, {max} Mo au maximum."),
            max=DOCUMENT_MB,
        ),
    )
    photo = DocumentField(
        label=_("Photo d’identité"),
        required_message=_("Joignez une photo d’identité ; elle est exigée pour cet événement."),
        rule=uploads.ACCREDITATION_PHOTO,
        help_text=format_lazy(
            _("Visage de face, JPEG, PNG, WebP ou GIF, {max} Mo au maximum."), max=PHOTO_MB
        ),
    )
    consent = forms.BooleanField(
        label=_("J’accepte que mes données soient traitées pour cette demande."),
        error_messages={
            "required": _(
                "Cochez la case pour accepter le traitement de vos données ; sans cet accord, "
                "la demande ne peut pas être examinée."
            )
        },
    )
    # Robots fill every field; people never see this one.
    website = honeypot_field()
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    # The order of the page, so that the error summary reads in the same order.
    field_order = [
        "first_name",
        "last_name",
        "date_of_birth",
        "nationality",
        "email",
        "phone",
        "outlet",
        "media_type",
        "role",
        "press_card_number",
        "assignment_letter",
        "id_document",
        "photo",
        "equipment",
        "remarks",
        "consent",
    ]
    REQUIRED_BY_EVENT = {
        "requires_identity_details": ("date_of_birth", "nationality"),
        "requires_id_document": ("id_document",),
        "requires_photo": ("photo",),
    }
    FILE_HINT = _(
        "Pour votre sécurité, les fichiers choisis ne sont pas conservés après une erreur : "
        "choisissez-les à nouveau."
    )

    def __init__(self, *args, event, min_fill_seconds: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.min_fill_seconds = min_fill_seconds
        for flag, names in self.REQUIRED_BY_EVENT.items():
            if not getattr(event, flag):
                for name in names:
                    del self.fields[name]
        self.fields["started"].initial = form_stamp(event.pk)

    @property
    def files_hint(self) -> str:
        """Return what to say about the files chosen, when the form asks for any."""
        if any(isinstance(field, forms.FileField) for field in self.fields.values()):
            return self.FILE_HINT
        return ""

    def clean_first_name(self):
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_last_name(self):
        return " ".join(self.cleaned_data["last_name"].split())

    def clean_outlet(self):
        return " ".join(self.cleaned_data["outlet"].split())

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born >= timezone.localdate():
            raise ValidationError(_("La date de naissance doit être dans le passé."), code="future")
        if born < date(1900, 1, 1):
            raise ValidationError(
                _("Vérifiez l’année de naissance : elle doit être postérieure à 1900."),
                code="too_old",
            )
        return born

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            self._refresh_stamp()
            raise ValidationError(
                _(
                    "Votre demande n’a pas pu être envoyée. Vérifiez les champs puis envoyez "
                    "le formulaire à nouveau."
                ),
                code="honeypot",
            )
        self._check_fill_time(cleaned.get("started") or "")
        if (
            not cleaned.get("press_card_number")
            and not cleaned.get("assignment_letter")
            and "assignment_letter" not in self.errors
        ):
            self.add_error(
                "press_card_number",
                ValidationError(
                    _(
                        "Indiquez le numéro de votre carte de presse ou joignez une lettre de "
                        "mission de votre rédaction."
                    ),
                    code="no_credentials",
                ),
            )
        return cleaned

    def _check_fill_time(self, stamp: str) -> None:
        try:
            shown = signing.loads(stamp, salt=STAMP_SALT, max_age=STAMP_MAX_AGE)
            valid = shown["event"] == self.event.pk
        except (signing.BadSignature, KeyError, TypeError):
            valid = False
        if not valid:
            self._refresh_stamp()
            raise ValidationError(
                _("Le formulaire a expiré. Vérifiez vos informations puis envoyez-le à nouveau."),
                code="expired",
            )
        if time.time() - shown["at"] < self.min_fill_seconds:
            raise ValidationError(
                _(
                    "Le formulaire a été envoyé trop vite après son affichage. Vérifiez vos "
                    "informations puis envoyez-le à nouveau."
                ),
                code="too_fast",
            )

    def _refresh_stamp(self) -> None:
        self.data = self.data.copy()
        self.data[self.add_prefix("started")] = form_stamp(self.event.pk)
