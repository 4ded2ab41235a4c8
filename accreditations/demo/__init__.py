"""Demo events and accreditation requests: one open with capacity, one open, one closed, one soon.

``events.json`` dates them relative to the day of the first load (``+10 10:00``); an event or a
request is created only when its slug or reference is free, so loading again changes nothing.
Journalists and their addresses are invented (example.org).
"""

from django.utils import timezone

from accreditations.models import AccreditationRequest, Event, MailState, RequestStatus
from core.demo_helpers import DemoFiles, missing, moment, summary

DATA = DemoFiles(__name__)
MOMENTS = ("starts", "ends", "accreditation_opens", "accreditation_closes")


def load() -> str:
    """Create the demo events and requests that are missing; return a short summary."""
    events = DATA.json("events.json")
    requests = DATA.json("requests.json")
    new_events = missing(events, Event)
    for row in new_events:
        Event.objects.create(
            **{name: moment(v) if name in MOMENTS else v for name, v in row.items()}
        )
    new_requests = missing(requests, AccreditationRequest, key="reference")
    if new_requests:
        by_slug = Event.objects.in_bulk([row["event"] for row in requests], field_name="slug")
        now = timezone.now()
        for row in new_requests:
            AccreditationRequest.objects.create(
                **{
                    **row,
                    "event": by_slug[row["event"]],
                    "decided_at": None if row["status"] == RequestStatus.PENDING else now,
                    "consent_at": now,
                    "mail_state": MailState.SENT,
                }
            )
    return summary(
        len(new_events) + len(new_requests),
        f"{len(events)} événements",
        f"{len(requests)} demandes d’accréditation",
    )
