"""What the press list does when the core announces something (core.signals)."""

from core import signals
from press.models import PressRelease
from press.presslist.dispatch import plan_release


def connect() -> None:
    # A release published, scheduled or moved is sent to the press list at its time.
    signals.post_publish.connect(plan_release, sender=PressRelease, dispatch_uid="presslist-plan")
