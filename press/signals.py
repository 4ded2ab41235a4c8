"""What press tells the apps built on it, without knowing them."""

from django.dispatch import Signal

# Sent by ``services.save_release()``, inside its transaction, after a save that publishes a
# release, schedules it, or moves its publication or embargo time; with ``release``.
publication_planned = Signal()
