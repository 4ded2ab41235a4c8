"""How the site names a person: by full name, never by the user name they sign in with."""

from django.utils.translation import gettext as _


def full_name(user, *, nobody: str | None = None) -> str:
    """Return « Marie Dupont », or the user name of someone who gave no name.

    ``nobody`` is what names no one (a deleted account): « Quelqu’un » unless told otherwise.
    """
    if user is None:
        return _("Quelqu’un") if nobody is None else nobody
    return user.get_full_name() or user.get_username()
