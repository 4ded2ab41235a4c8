"""Telephone numbers stored in E.164 (+3281246000) and shown in international format.

Press contacts are called from abroad as often as from Belgium, so a number is always written
with its country code. A Belgian national number (081 24 60 00, 0475 81 05 35) is accepted and
converted; any other country needs its code (+33 …, 0033 …).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SEPARATORS = re.compile(r"[\s./()\-\u00a0]")
# Belgian zones with a one-digit code (Brussels, Antwerp, Liège, Ghent); the others have two.
_BELGIAN_SHORT_ZONES = frozenset("2349")


def normalise_phone(value: str) -> str:
    """Return ``value`` in E.164, or raise a ValidationError that says how to write it."""
    raw = _SEPARATORS.sub("", value or "")
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    elif raw.startswith("0"):
        raw = "+32" + raw[1:]
    if not re.fullmatch(r"\+[1-9][0-9]{7,14}", raw):
        raise ValidationError(
            _(
                "Ce numéro de téléphone n’est pas valide. Écrivez-le avec l’indicatif du pays, "
                "par exemple +32 81 24 60 00, ou en format belge, par exemple 081 24 60 00."
            ),
            code="invalid_phone",
        )
    if raw.startswith("+32"):
        national = raw[3:]
        expected = 9 if national.startswith("4") else 8
        if len(national) != expected:
            raise ValidationError(
                _(
                    "Un numéro belge compte %(digits)s chiffres après +32 (ici %(count)s). "
                    "Vérifiez le numéro, par exemple +32 81 24 60 00 ou +32 475 12 34 56."
                )
                % {"digits": expected, "count": len(national)},
                code="invalid_phone",
            )
    return raw


def _pairs(digits: str) -> list[str]:
    return [digits[i : i + 2] for i in range(0, len(digits), 2)]


def format_phone(e164: str) -> str:
    """Return an E.164 number spaced for reading: +32 81 24 60 00, +32 475 81 05 35."""
    if not e164:
        return ""
    if e164.startswith("+32"):
        national = e164[3:]
        if national.startswith("4") and len(national) == 9:
            return " ".join(["+32", national[:3], *_pairs(national[3:])])
        if len(national) == 8 and national[0] in _BELGIAN_SHORT_ZONES:
            return " ".join(["+32", national[0], national[1:4], *_pairs(national[4:])])
        if len(national) == 8:
            return " ".join(["+32", national[:2], *_pairs(national[2:])])
    if e164.startswith("+33") and len(e164) == 12:
        return " ".join(["+33", e164[3], *_pairs(e164[4:])])
    return e164
