"""An event as an iCalendar file (.ics), for the journalist's own calendar."""

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from accreditations.models import Event

PRODUCT_ID = "-//Ville de Namur//Accréditations presse//FR"


def uid(event: Event) -> str:
    """Return the event's UID: the same in every file, so a calendar updates, not duplicates."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"accreditations-evenement-{event.pk}@{host}"


def event_ics(event: Event) -> bytes:
    """Return the event as an .ics file, its times in Europe/Brussels."""
    zone = ZoneInfo(settings.TIME_ZONE)
    url = settings.SITE_URL + event.get_absolute_url()
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", uid(event))
    entry.add("dtstamp", event.updated or timezone.now())
    entry.add("last-modified", event.updated or timezone.now())
    entry.add("dtstart", event.starts.astimezone(zone))
    entry.add("dtend", event.ends.astimezone(zone))
    # icalendar escapes commas, semicolons, backslashes and line breaks in these texts.
    entry.add("summary", event.title)
    entry.add("location", event.venue)
    entry.add("description", f"{event.description}\n\n{url}".strip())
    entry.add("url", url)
    calendar.add_component(entry)
    # The VTIMEZONE of Europe/Brussels, which RFC 5545 asks for beside TZID parameters.
    calendar.add_missing_timezones()
    return calendar.to_ical()


def file_name(event: Event) -> str:
    return f"{event.slug}.ics"
