from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import factory

from accreditations.models import AccreditationRequest, Event, OutletType, RequestStatus, Role

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 11, 21, 10, 0, tzinfo=BRUSSELS)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Événement {n}")
    slug = factory.Sequence(lambda n: f"evenement-{n}")
    description = "Point presse sur l’esplanade de la Citadelle."
    venue = "Citadelle de Namur"
    accreditation_opens = NOW - timedelta(days=1)
    accreditation_closes = NOW + timedelta(days=5)
    starts = NOW + timedelta(days=7)
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
    consent_at = NOW
