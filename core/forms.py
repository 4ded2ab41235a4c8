"""What the public forms share: the honeypot robots fill, the error summary people read first."""

from django import forms
from django.utils.translation import gettext_lazy as _


def honeypot_field() -> forms.CharField:
    """Return a field people never see (hidden by CSS, out of the tab order); robots fill it."""
    return forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class ErrorSummaryMixin:
    def error_summary(self) -> list[dict]:
        """Return each error with the id of the field to jump to, in the order of the form."""
        # Every message names what to fix, so the summary links the message alone.
        summary = [{"anchor": None, "message": e} for e in self.non_field_errors()]
        for bound in self:
            for message in bound.errors:
                anchor = bound.id_for_label or f"{bound.auto_id}_0"
                summary.append({"anchor": anchor, "message": message})
        return summary
