"""French details a formatter or a translation catalogue cannot know: « 1er », « d’ », gender,
slugs."""

import re

from django.utils import dateformat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.timezone import localtime

# Words that take « d’ »: a vowel, or one of the common words with a mute h (« d’hiver »);
# any other h is taken as aspirated (« de haut en bas »).
_ELIDED = re.compile(
    r"^(?:[aeiouyàâäéèêëîïôöùûü]|h(?:abit|eure|ier|istoire|iver|omm|onneur|ôpital|ôtel|umain))",
    re.I,
)

# The head nouns of the site's model names that are feminine; the others are masculine.
FEMININE_NOUNS = frozenset(
    {"actualité", "arrivée", "demande", "note", "page", "pièce", "remise", "version", "étiquette"}
)


def elides(word: str) -> bool:
    """Return True if ``word`` starts with a vowel sound: « avril », « octobre », « hiver »."""
    return bool(_ELIDED.match(word))


def of(words: str) -> str:
    """Return « de mai 2026 » or, before a vowel sound, « d’octobre 2026 »."""
    return f"d’{words}" if elides(words) else f"de {words}"


def is_feminine(verbose_name: str) -> bool:
    """Return True if a model's ``verbose_name`` (« actualité », « pièce jointe ») is feminine."""
    head = str(verbose_name).split(" ", 1)[0].lower()
    return head in FEMININE_NOUNS


def agree(verbose_name: str, masculine: str, feminine: str) -> str:
    """Return ``feminine`` if the noun ``verbose_name`` is, else ``masculine``."""
    return feminine if is_feminine(verbose_name) else masculine


def format_date(value, format_string: str = "j F Y") -> str:
    """Format ``value`` like Django's date filter, writing the first day of a month « 1er »."""
    if value is None or value == "":
        return ""
    if getattr(value, "tzinfo", None) is not None:
        value = localtime(value)
    if value.day == 1:
        format_string = _first_day(format_string)
    return dateformat.format(value, format_string)


def _first_day(format_string: str) -> str:
    # « j » (day without leading zero) becomes the literal « 1er »; escaped letters stay.
    out, escaped = [], False
    for char in format_string:
        if escaped:
            out.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "j":
            out.append(r"1\e\r")
        else:
            out.append(char)
    return "".join(out)


def email_breaks(address: str) -> str:
    """Return ``address`` escaped, with a line-break opportunity after each « @ » and « . ».

    On a narrow screen a long address then wraps between its parts, never inside a word.
    """
    return mark_safe(re.sub(r"([@.])", r"\1<wbr>", escape(address)))  # noqa: S308 - escaped above


# Every mark typed for an apostrophe: typographic, straight, and their look-alikes. Between two
# words it separates them in a slug, as static/js/admin-slug.js does in the admin's forms.
APOSTROPHES = "'’‘ʼ‛`´′"
_APOSTROPHE = re.compile(f"[{re.escape(APOSTROPHES)}]")
# Letters that decomposing into ASCII would drop, written as the admin's own script writes them.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def slug_of(text: str) -> str:
    """Return the ASCII slug of a French text: « Fin d’année » gives « fin-d-annee »."""
    return slugify(_APOSTROPHE.sub(" ", str(text)).translate(_LIGATURES))
