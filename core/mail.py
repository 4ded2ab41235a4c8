"""What every e-mail queued for the worker shares: naming a failure, and the wait before a retry."""

from datetime import timedelta

from django.conf import settings


def error_name(error: BaseException) -> str:
    """Name an error by its type, and the one it wraps: "SMTPServerDisconnected: TimeoutError".

    Never its message, which may quote an address.
    """
    name = type(error).__name__
    cause = error.__cause__ or error.__context__
    if cause is not None and type(cause) is not type(error):
        name = f"{name}: {type(cause).__name__}"
    return name[:100]


def retry_delay(attempt: int) -> timedelta:
    """Return the wait before the attempt after ``attempt``: doubled each time, an hour at most."""
    seconds = settings.EMAIL_RETRY_SECONDS * 2 ** (attempt - 1)
    return timedelta(seconds=min(seconds, 3600))
