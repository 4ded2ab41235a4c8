"""What every e-mail queued for the worker shares: naming a failure, the wait before a retry."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone


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


def send_or_retry(
    message, *, task, attempt: int, what: str, log: logging.Logger, **arguments
) -> str:
    """Send ``message``; if that fails, queue ``task`` again later with ``arguments``.

    Up to EMAIL_MAX_ATTEMPTS attempts in all, each later than the one before (``retry_delay``).
    ``what`` names the e-mail in ``log`` by its kind and ids, never by the person. Return "sent",
    "retry" or "failed", the task's result.
    """
    try:
        message.send()
    except Exception as error:
        # Only the error's type is logged: its message may quote the address.
        name = error_name(error)
        if attempt < settings.EMAIL_MAX_ATTEMPTS and task.get_backend().supports_defer:
            delay = retry_delay(attempt)
            task.using(run_after=timezone.now() + delay).enqueue(**arguments, attempt=attempt + 1)
            log.warning(
                "%s not sent, attempt %s of %s: %s; next attempt in %s s",
                what,
                attempt,
                settings.EMAIL_MAX_ATTEMPTS,
                name,
                int(delay.total_seconds()),
            )
            return "retry"
        log.error(
            "%s not sent, attempt %s of %s: %s; given up",
            what,
            attempt,
            settings.EMAIL_MAX_ATTEMPTS,
            name,
        )
        return "failed"
    log.info("%s sent", what)
    return "sent"
