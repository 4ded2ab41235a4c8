"""One spelling per mailbox: addresses are normalised once, before they are compared or stored.

Without it, ``claire@example.org`` and the same address typed with full-width letters, quotes,
an invisible character or a domain in Unicode instead of punycode would count as different people.
"""

import contextlib
import re
import unicodedata

# The characters of a local part that needs no quotes (RFC 5322 dot-atom).
DOT_ATOM = re.compile(r"^[-!#$%&'*+/=?^_`{|}~0-9A-Za-z]+(\.[-!#$%&'*+/=?^_`{|}~0-9A-Za-z]+)*$")


def normalise_email(value: str) -> str:
    """Return ``value`` in the one form stored and compared for its mailbox.

    Unicode compatibility forms are folded (NFKC: full-width letters become ASCII), invisible
    format characters (zero-width spaces, joiners, byte-order marks) go, a quoted local part
    that needs no quotes loses them, and the domain is written in lower-case ASCII (IDNA).
    An address that cannot be written so is returned as far as it got, for the validators to refuse.
    """
    value = unicodedata.normalize("NFKC", value)
    value = "".join(char for char in value if unicodedata.category(char) != "Cf").strip()
    local, at, domain = value.rpartition("@")
    if not at:
        return value
    if len(local) > 2 and local.startswith('"') and local.endswith('"'):
        unquoted = local[1:-1]
        if DOT_ATOM.match(unquoted):
            local = unquoted
    domain = domain.rstrip(".").lower()
    with contextlib.suppress(UnicodeError):
        domain = domain.encode("idna").decode("ascii")
    return f"{local}@{domain}"


def is_quoted(value: str) -> bool:
    """Return True if the address still has a quoted local part after normalisation."""
    return value.rpartition("@")[0].startswith('"')
