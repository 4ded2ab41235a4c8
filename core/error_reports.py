"""Errors reported to a Sentry-compatible service (Sentry, GlitchTip…) when SENTRY_DSN is set.

No personal data leaves: sentry-sdk's send_default_pii stays off (no cookies, no user, no client
address), and before_send removes what might still carry some — request bodies, cookies, query
strings, headers other than a few harmless ones, and the user's e-mail or name.
"""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration

from core.logs import NONE, request_id

# Request headers kept in a report: they help find the request, and name no one.
KEPT_HEADERS = {"host", "user-agent", "x-request-id", "accept", "content-type", "content-length"}


def before_send(event, hint):
    """Strip personal data from an event before it leaves."""
    request = event.get("request")
    if request:
        request.pop("data", None)
        request.pop("cookies", None)
        request.pop("query_string", None)
        request.pop("env", None)
        headers = request.get("headers") or {}
        request["headers"] = {
            name: value for name, value in headers.items() if name.lower() in KEPT_HEADERS
        }
    # The id the answer and the log lines carry: a report leads to the request's lines.
    if request_id.get() != NONE:
        event.setdefault("tags", {})["request_id"] = request_id.get()
    user = event.get("user")
    if user:
        # An id lets a report be matched with the admin's history; nothing else is kept.
        event["user"] = {"id": user["id"]} if "id" in user else {}
    return event


def init(*, dsn: str, environment: str, release: str | None = None, traces_sample_rate=0.0):
    """Start reporting errors to ``dsn``."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        send_default_pii=False,
        # Request bodies never, whatever their size.
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=traces_sample_rate,
        before_send=before_send,
        before_send_transaction=before_send,
        integrations=[DjangoIntegration(), LoggingIntegration()],
    )
