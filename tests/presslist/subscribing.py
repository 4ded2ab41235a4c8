"""What the press list tests share: subscribers, what the form sends, the links in an e-mail."""

import re

import factory
from django.utils import timezone

from press.presslist.models import Subscriber


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"journaliste{n}@redaction.example")
    name = factory.Sequence(lambda n: f"Journaliste {n}")
    outlet = "L’Avenir"
    confirmed_at = factory.LazyFunction(timezone.now)


def form_data(**changes) -> dict:
    """Return what a journalist fills in to get every release, as the browser sends it."""
    data = {
        "email": "Lea.Martin@Lavenir.example",
        "name": "Léa  Martin",
        "outlet": "L’Avenir Namur",
        "scope": "tous",
        "website": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def link_in(text: str, kind: str) -> str:
    """Return the path of the first link to ``/presse/abonnement/…`` of ``kind`` in ``text``."""
    pattern = {
        "confirm": r"https?://[^/\s]+(/presse/abonnement/confirmer/[^/\s]+/)",
        "manage": r"https?://[^/\s]+(/presse/abonnement/\d+/[^/\s]+/)",
    }[kind]
    return re.search(pattern, text).group(1)
