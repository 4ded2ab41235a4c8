"""Demo events and accreditation requests: one open with capacity, one open, one closed, one soon.

Dates are set relative to the first load; loading again changes nothing. Journalists and their
addresses are invented (example.org).
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.text import slugify

from accreditations.models import (
    AccreditationRequest,
    Event,
    MailState,
    OutletType,
    RequestStatus,
    Role,
)

DEMO_CONFIRMATION_REFERENCE = "ACC-DEMA-2345"


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _events() -> list[dict]:
    return [
        {
            "slug": "visite-delegation-quebec-citadelle",
            "title": "Visite d’une délégation du Gouvernement du Québec à la Citadelle",
            "venue": "Citadelle de Namur, Terra Nova, route Merveilleuse 64, 5000 Namur",
            "description": (
                "Le Bourgmestre accueille une délégation officielle du Gouvernement du Québec "
                "à la Citadelle : visite des souterrains, signature d’une convention de "
                "coopération culturelle sur l’esplanade, puis point presse au Terra Nova.\n\n"
                "Les services de sécurité de la délégation vérifient l’identité de chaque "
                "personne accréditée : la date de naissance, la nationalité, une copie de la "
                "pièce d’identité et une photo sont demandées. Huit places presse au plus, "
                "deux par média."
            ),
            "starts": _at(10, 10),
            "ends": _at(10, 13),
            "accreditation_opens": _at(-5, 9),
            "accreditation_closes": _at(7, 12),
            "capacity": 8,
            "per_outlet_cap": 2,
            "requires_identity_details": True,
            "requires_id_document": True,
            "requires_photo": True,
        },
        {
            "slug": "fetes-de-wallonie-reception-cortege",
            "title": "Fêtes de Wallonie : réception officielle et cortège folklorique",
            "venue": "Hôtel de Ville, place d’Armes puis rue de Fer, 5000 Namur",
            "description": (
                "Réception des autorités régionales à l’Hôtel de Ville, remise des mérites "
                "namurois, puis départ du cortège des échasseurs et des sociétés folkloriques "
                "vers la place d’Armes.\n\n"
                "L’accréditation donne accès à la salle de réception et à la zone photo "
                "réservée devant le balcon de l’Hôtel de Ville."
            ),
            "starts": _at(20, 15),
            "ends": _at(20, 19),
            "accreditation_opens": _at(-3, 9),
            "accreditation_closes": _at(18, 17),
        },
        {
            "slug": "conseil-communal-budget",
            "title": "Séance du conseil communal consacrée au budget",
            "venue": "Hôtel de Ville, salle du Conseil, 5000 Namur",
            "description": (
                "Présentation et vote du budget communal. La tribune de presse compte un "
                "nombre limité de places ; les équipes de télévision doivent s’installer "
                "avant 18 h 30."
            ),
            "starts": _at(2, 19),
            "ends": _at(2, 23),
            "accreditation_opens": _at(-20, 9),
            "accreditation_closes": _at(-1, 12),
        },
        {
            "slug": "saison-culturelle-theatre-royal",
            "title": "Présentation de la saison culturelle au Théâtre royal de Namur",
            "venue": "Théâtre royal de Namur, place du Théâtre 2, 5000 Namur",
            "description": (
                "L’échevine de la Culture et la direction du théâtre présentent la saison : "
                "spectacles, festivals et nouveautés pour le jeune public."
            ),
            "starts": _at(40, 11),
            "ends": _at(40, 13),
            "accreditation_opens": _at(5, 9),
            "accreditation_closes": _at(38, 12),
        },
    ]


# (event slug, reference, status, first name, last name, outlet, media type, role, reason)
REQUESTS = [
    ("visite-delegation-quebec-citadelle", DEMO_CONFIRMATION_REFERENCE, RequestStatus.PENDING,
     "Claire", "Dumont", "L’Avenir Namur", OutletType.PRINT, Role.JOURNALIST, ""),
    ("visite-delegation-quebec-citadelle", "ACC-DEMA-2346", RequestStatus.PENDING,
     "Mehdi", "Benali", "Canal Zoom", OutletType.TELEVISION, Role.CAMERA, ""),
    ("visite-delegation-quebec-citadelle", "ACC-DEMA-2347", RequestStatus.APPROVED,
     "Sophie", "Lambert", "RTBF Namur", OutletType.RADIO, Role.JOURNALIST, ""),
    ("visite-delegation-quebec-citadelle", "ACC-DEMA-2348", RequestStatus.APPROVED,
     "Thomas", "Gérard", "Belga", OutletType.AGENCY, Role.PHOTOGRAPHER, ""),
    ("visite-delegation-quebec-citadelle", "ACC-DEMA-2349", RequestStatus.APPROVED,
     "Julie", "Marchal", "Le Soir", OutletType.PRINT, Role.JOURNALIST, ""),
    ("visite-delegation-quebec-citadelle", "ACC-DEMA-2352", RequestStatus.REJECTED,
     "Kevin", "Noël", "Namur Buzz", OutletType.WEB, Role.JOURNALIST,
     "Aucune carte de presse ni lettre de mission valable n’a été fournie."),
    ("visite-delegation-quebec-citadelle", "ACC-DEMA-2353", RequestStatus.WAITLISTED,
     "Anne", "Collignon", "Radio Contact", OutletType.RADIO, Role.TECHNICIAN, ""),
    ("fetes-de-wallonie-reception-cortege", "ACC-DEMA-2354", RequestStatus.PENDING,
     "Lucas", "Renard", "Photo Meuse", OutletType.PHOTO, Role.PHOTOGRAPHER, ""),
    ("fetes-de-wallonie-reception-cortege", "ACC-DEMA-2355", RequestStatus.APPROVED,
     "Émilie", "Dubois", "Canal Zoom", OutletType.TELEVISION, Role.JOURNALIST, ""),
    ("conseil-communal-budget", "ACC-DEMA-2356", RequestStatus.APPROVED,
     "Pierre", "Lecomte", "L’Avenir Namur", OutletType.PRINT, Role.JOURNALIST, ""),
    ("conseil-communal-budget", "ACC-DEMA-2357", RequestStatus.APPROVED,
     "Nadia", "El Amrani", "Canal Zoom", OutletType.TELEVISION, Role.CAMERA, ""),
    ("conseil-communal-budget", "ACC-DEMA-2358", RequestStatus.REJECTED,
     "Marc", "Delvaux", "Blog citoyen", OutletType.WEB, Role.JOURNALIST,
     "La tribune de presse est réservée aux médias d’information."),
]  # fmt: skip


def load() -> str:
    """Create the demo events and requests that do not exist yet."""
    events = {}
    for fields in _events():
        slug = fields.pop("slug")
        events[slug], _ = Event.objects.get_or_create(slug=slug, defaults=fields)
    now = timezone.now()
    for slug, reference, status, first, last, outlet, media_type, role, reason in REQUESTS:
        AccreditationRequest.objects.get_or_create(
            reference=reference,
            defaults={
                "event": events[slug],
                "status": status,
                "first_name": first,
                "last_name": last,
                "email": f"{slugify(first)}.{slugify(last).replace('-', '')}@example.org",
                "phone": "+32 470 12 34 56",
                "outlet": outlet,
                "media_type": media_type,
                "role": role,
                "press_card_number": f"BE-{reference[-4:]}",
                "decision_reason": reason,
                "decided_at": None if status == RequestStatus.PENDING else now,
                "date_of_birth": "1985-04-12" if events[slug].requires_identity_details else None,
                "nationality": "belge" if events[slug].requires_identity_details else "",
                "consent_at": now,
                "mail_state": MailState.SENT,
            },
        )
    return f"{len(events)} événements, {len(REQUESTS)} demandes d’accréditation"
