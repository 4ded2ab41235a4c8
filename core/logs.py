"""Log lines an operator can follow: each carries the request id of the request that wrote it.

The request id comes from the X-Request-ID header when the proxy in front (Varnish, a load
balancer) set a sane one, or is made here; it is kept in a context variable for the request's
duration, returned in the answer's X-Request-ID header, and added to every log record by
RequestIdFilter: ``task-<id>`` while the worker runs a task (the id the admin shows for it),
``-`` elsewhere outside a request.

Ours rather than django-guid or django-log-request-id: the whole of it is these few lines, it
takes the proxy's id whatever its shape (within limits) rather than only UUIDs, and the JSON
formatter beside it needs no package either.
"""

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

HEADER = "X-Request-ID"
NONE = "-"
# Letters, digits and a few separators, 8 to 64 of them: what proxies generate (UUIDs, hex,
# Varnish's XIDs, "host-1234…"). Anything else (spaces, quotes, line breaks, kilobytes) is
# replaced, so that a client cannot write into the logs through it.
SANE_ID = re.compile(r"[A-Za-z0-9._:@-]{8,64}")

request_id = contextvars.ContextVar("request_id", default=NONE)


def new_request_id() -> str:
    return uuid.uuid4().hex


def sane_request_id(value: str | None) -> str:
    """Return ``value`` if it is fit to stand in the logs, else a new id."""
    if value and SANE_ID.fullmatch(value):
        return value
    return new_request_id()


class RequestIdMiddleware:
    """Set the request id for the request's duration, and return it in the answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        value = sane_request_id(request.headers.get(HEADER))
        request.request_id = value
        token = request_id.set(value)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response[HEADER] = value
        return response


def task_started(sender, task_result, **kwargs):
    """Outside a request (the worker), a task's lines carry ``task-<its id>``."""
    if request_id.get() == NONE:
        request_id.set(f"task-{task_result.id}")


def task_finished(sender, task_result, **kwargs):
    if request_id.get() == f"task-{task_result.id}":
        request_id.set(NONE)


class RequestIdFilter(logging.Filter):
    """Give every record a ``request_id`` attribute (``-`` outside a request)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


# Attributes every LogRecord has; anything else on a record was passed in ``extra=``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, request id, message.

    Fields passed in ``extra=`` are added when JSON can carry them; an exception comes as its
    formatted traceback in ``exception``.
    """

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", NONE),
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name in _STANDARD or name in entry or name.startswith("_"):
                continue
            try:
                json.dumps(value)
            except (TypeError, ValueError):
                value = repr(value)
            entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def logging_config(*, fmt: str, level: str) -> dict:
    """The LOGGING setting: ``fmt`` is "text" (one readable line) or "json"."""
    formatter = (
        {"()": "core.logs.JsonFormatter"}
        if fmt == "json"
        else {"format": TEXT_FORMAT, "datefmt": DATE_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "core.logs.RequestIdFilter"}},
        "formatters": {"site": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "site",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own handlers (a bare console line in development, runserver's format) go:
            # each line once, in this format.
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "django.request": {"level": "ERROR"},
        },
    }
