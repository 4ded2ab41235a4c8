"""What the HTTP cache purges when the accreditations' models change (core.caching.http_cache)."""

from accreditations.models import AccreditationRequest, Event
from core.caching import http_cache


def connect() -> None:
    # Lists of events: those whose window is open or opens later, by start. A new window
    # also renews the shared parts, with the next scheduled moment.
    http_cache.register(
        Event, list_fields=("starts", "accreditation_opens", "accreditation_closes")
    )
    # A request changes only the places an event has left: the pages showing that event.
    http_cache.register(
        AccreditationRequest,
        lambda request: {f"accreditations.event:{request.event_id}"},
        shared_parts=False,
    )
