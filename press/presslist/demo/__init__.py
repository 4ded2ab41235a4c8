"""Demo subscribers of the press list: two confirmed journalists, one trusted with embargoes.

Both are accredited to the demo events; the trusted one receives embargoed releases in advance,
so that the « Premiers pas » guide can follow an embargo. A subscriber is created only when their
address is free, so loading again changes nothing.
"""

from django.utils import timezone

from core.demo_helpers import DemoFiles, missing, summary
from press.models import PressRelease
from press.presslist.models import Dispatch, DispatchKind, Subscriber

DATA = DemoFiles(__name__)
# The releases come first: those already public were published before these journalists subscribed.
REQUIRES = ("press",)


def load() -> str:
    """Create the demo subscribers that are missing, confirmed; return a short summary."""
    rows = DATA.json("subscribers.json")
    new_rows = missing(rows, Subscriber, key="email")
    now = timezone.now()
    if new_rows:
        # Their sending is still queued for the worker: it goes to nobody, as it went before
        # anybody subscribed, rather than to newcomers in a burst of old news.
        Dispatch.objects.bulk_create(
            Dispatch(release=release, kind=DispatchKind.RELEASE, created=release.publication_date)
            for release in PressRelease.objects.live().exclude(
                dispatches__kind=DispatchKind.RELEASE
            )
        )
    Subscriber.objects.bulk_create(
        Subscriber(**row, all_topics=True, confirmed_at=now) for row in new_rows
    )
    trusted = sum(row["embargo_trusted"] for row in rows)
    return summary(
        len(new_rows),
        f"{len(rows)} abonnés confirmés",
        f"{trusted} de confiance pour les embargos",
    )
