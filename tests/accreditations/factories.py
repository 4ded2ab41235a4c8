from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from accreditations.models import AccreditationRequest, Event, OutletType, RequestStatus, Role

BRUSSELS = ZoneInfo("Europe/Brussels")
# The moment tests freeze the clock at when they check dates as written (the `now` fixture).
NOW = datetime(2026, 11, 21, 10, 0, tzinfo=BRUSSELS)


def from_now(**delta):
    """Return a factory default ``delta`` from the clock's now: events are open when made."""
    return factory.LazyFunction(lambda: timezone.now() + timedelta(**delta))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Événement {n}")
    slug = factory.Sequence(lambda n: f"evenement-{n}")
    description = "Point presse sur l’esplanade de la Citadelle."
    venue = "Citadelle de Namur"
    accreditation_opens = from_now(days=-1)
    accreditation_closes = from_now(days=5)
    starts = from_now(days=7)
    ends = factory.LazyAttribute(lambda event: event.starts + timedelta(hours=3))


class AccreditationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccreditationRequest

    event = factory.SubFactory(EventFactory)
    status = RequestStatus.PENDING
    first_name = "Claire"
    last_name = factory.Sequence(lambda n: f"Dumont{n}")
    email = factory.Sequence(lambda n: f"journaliste{n}@example.org")
    phone = "+32 470 12 34 56"
    outlet = factory.Sequence(lambda n: f"Média {n}")
    media_type = OutletType.PRINT
    role = Role.JOURNALIST
    press_card_number = "BE-12345"
    consent_at = factory.LazyFunction(timezone.now)
