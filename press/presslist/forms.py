"""The journalist's forms: subscribe to the press list, then change what they receive."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.fields import NormalisedEmailFormField
from core.forms import ErrorSummaryMixin, honeypot_field
from news.models import Topic

ALL = "tous"
SOME = "themes"


class SubscriptionForm(ErrorSummaryMixin, forms.Form):
    """Who the journalist is and which releases they want: every one, or those of some topics."""

    name = forms.CharField(
        label=_("Nom et prénom"),
        max_length=150,
        error_messages={"required": _("Indiquez votre nom et votre prénom.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    outlet = forms.CharField(
        label=_("Média"),
        max_length=150,
        help_text=_("Journal, radio, télévision, site ou agence pour lequel vous travaillez."),
        error_messages={"required": _("Indiquez le média pour lequel vous travaillez.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    scope = forms.ChoiceField(
        label=_("Communiqués à recevoir"),
        choices=[
            (ALL, _("Tous les communiqués")),
            (SOME, _("Seulement ceux des thèmes cochés ci-dessous")),
        ],
        initial=ALL,
        widget=forms.RadioSelect,
        error_messages={
            "required": _(
                "Choisissez de recevoir tous les communiqués ou ceux de certains thèmes."
            ),
            "invalid_choice": _("Choisissez l’une des deux possibilités proposées."),
        },
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Thèmes"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Seulement si vous ne voulez pas tous les communiqués."),
        error_messages={"invalid_choice": _("Cochez seulement les thèmes proposés.")},
    )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_outlet(self):
        return " ".join(self.cleaned_data["outlet"].split())

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("scope") == SOME
            and not cleaned.get("topics")
            and "topics" not in self.errors
        ):
            self.add_error(
                "topics",
                ValidationError(
                    _("Cochez au moins un thème, ou choisissez « Tous les communiqués »."),
                    code="no_topic",
                ),
            )
        return cleaned

    def subscription(self) -> dict:
        """Return what the journalist asked for, as the services take it."""
        everything = self.cleaned_data["scope"] == ALL
        return {
            "name": self.cleaned_data["name"],
            "outlet": self.cleaned_data["outlet"],
            "all_topics": everything,
            "topics": [] if everything else list(self.cleaned_data["topics"]),
        }

    @staticmethod
    def initial_for(subscriber) -> dict:
        return {
            "name": subscriber.name,
            "outlet": subscriber.outlet,
            "scope": ALL if subscriber.all_topics else SOME,
            "topics": list(subscriber.topics.all()),
        }


class SubscribeForm(SubscriptionForm):
    email = NormalisedEmailFormField(
        label=_("Adresse e-mail"),
        help_text=_("Le lien de confirmation, puis les communiqués, y seront envoyés."),
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _("Indiquez une adresse e-mail complète, par exemple nom@redaction.be."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # Robots fill every field; people never see this one.
    website = honeypot_field()

    field_order = ["email", "name", "outlet", "scope", "topics"]

    def clean(self):
        if self.data.get(self.add_prefix("website")):
            raise ValidationError(
                _(
                    "Votre inscription n’a pas pu être envoyée. Vérifiez les champs puis envoyez "
                    "le formulaire à nouveau."
                ),
                code="honeypot",
            )
        return super().clean()

    def subscription(self) -> dict:
        return {"email": self.cleaned_data["email"], **super().subscription()}
