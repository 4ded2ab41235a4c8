"""The journalist's personal link to cancel a request: the reference, signed.

The reference alone is hard to guess; the signature (``SECRET_KEY``, a salt of its own) makes a
link that was not made by the site, or altered by a single character, worth nothing.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from accreditations.models import AccreditationRequest

CANCEL_SALT = "accreditations.cancel"


def cancel_path(accreditation: AccreditationRequest) -> str:
    signed = signing.Signer(salt=CANCEL_SALT).sign(accreditation.reference)
    return reverse("accreditations:cancel", kwargs={"signed": signed})


def cancel_url(accreditation: AccreditationRequest) -> str:
    """Return the full address of the request's cancel page, for e-mails."""
    return settings.SITE_URL + cancel_path(accreditation)


def request_to_cancel(signed: str) -> AccreditationRequest | None:
    """Return the request a cancel link names, or None if the link is not genuine."""
    try:
        reference = signing.Signer(salt=CANCEL_SALT).unsign(signed)
    except signing.BadSignature:
        return None
    return (
        AccreditationRequest.objects.select_related("event")
        .filter(reference=reference, anonymised_at__isnull=True)
        .first()
    )
