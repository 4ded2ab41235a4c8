"""Demo press releases of the City of Namur, their contacts, attachments and corrections.

Rerunning ``load()`` changes nothing: items are keyed by slug (attachments by title), fields are
written only when they differ, files are generated only when missing, and a release dated
relative to the first load keeps the date it received then. Two releases point to the demo
events of ``accreditations.demo`` (loaded first if needed: it is idempotent too).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from accreditations.models import Event
from namur_site.core.models import Status
from namur_site.core.sanitize import clean_html
from news.demo import Picture, draw_picture
from news.models import Topic
from press import services
from press.models import CorrectionNote, PressContact, PressRelease, ReleaseContact

BRUSSELS = ZoneInfo("Europe/Brussels")
MAYOR = ("Julien Dumonceau", "bourgmestre de Namur")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BRUSSELS)


# slug, first name, last name, job title, organisation, e-mail, phone, press office
CONTACTS = [
    ("nathalie-lemaire", "Nathalie", "Lemaire", "Attachée de presse",
     "Service Communication de la Ville de Namur", "nathalie.lemaire@ville.namur.be",
     "081 24 63 15", True),
    ("olivier-piron", "Olivier", "Piron", "Porte-parole du Bourgmestre",
     "Cabinet du Bourgmestre", "olivier.piron@ville.namur.be", "+32 81 24 60 12", True),
    ("anne-sophie-degraeve", "Anne-Sophie", "Degraeve", "Commissaire, porte-parole",
     "Zone de police Namur Capitale", "police.presse@ville.namur.be", "+32 81 24 66 00", False),
    ("caroline-jacquet", "Caroline", "Jacquet", "Chargée des relations presse",
     "Service Culture et Festivités", "caroline.jacquet@ville.namur.be", "081 24 64 40", False),
]  # fmt: skip


@dataclass(frozen=True)
class DemoAttachment:
    title: str
    name: str
    picture: Picture | None = None  # None: a one-page PDF whose text is the title


@dataclass(frozen=True)
class DemoRelease:
    slug: str
    title: str
    topic: str
    lead: str
    body: str
    quote: tuple[str, str, str] | None
    notes: str
    contacts: tuple[str, ...]
    tags: tuple[str, ...]
    published: datetime | None = None
    # Days from the first load, for releases that go with the (relative) demo events.
    published_in_days: int | None = None
    event: str | None = None
    attachments: tuple[DemoAttachment, ...] = ()
    corrections: tuple[tuple[date, str], ...] = field(default=())


RELEASES = [
    DemoRelease(
        slug="delegation-quebec-convention-culturelle-citadelle",
        title=(
            "Une délégation du Gouvernement du Québec à Namur : une convention de coopération "
            "culturelle signée à la Citadelle"
        ),
        topic="culture",
        tags=("Citadelle", "patrimoine"),
        published_in_days=-2,
        event="visite-delegation-quebec-citadelle",
        lead=(
            "La Ville de Namur accueille une délégation officielle du Gouvernement du Québec. "
            "Au programme : visite des souterrains de la Citadelle, signature d’une convention "
            "de coopération culturelle et point presse au Terra Nova."
        ),
        body="""
<p>À l’invitation de la Ville de Namur, une délégation du Gouvernement du Québec, conduite par
la ministre de la Culture et des Communications, séjournera à Namur pour concrétiser vingt ans
d’échanges entre les deux capitales régionales.</p>
<p>La journée commencera par la visite des souterrains de la Citadelle, restaurés en 2023, avant
la signature, sur l’esplanade, d’une convention qui soutiendra pendant cinq ans les résidences
croisées d’artistes, les échanges entre bibliothèques et la coproduction de spectacles pour le
jeune public.</p>
<h2>Une coopération déjà ancienne</h2>
<p>Namur et Québec partagent depuis 2006 un programme d’échanges entre écoles de musique et
entre festivals. La nouvelle convention l’étend aux arts numériques, en lien avec le KIKK
Festival, et au patrimoine fortifié.</p>
""",
        quote=(
            "Namur et Québec ont en commun une citadelle, une rivière et une langue. Cette "
            "convention donne un cadre durable à des échanges qui font déjà vivre nos artistes "
            "et nos écoles, des deux côtés de l’Atlantique.",
            *MAYOR,
        ),
        notes="""
<p>Les services de sécurité de la délégation contrôlent l’accès : <strong>l’accréditation est
obligatoire</strong> et doit être demandée avant la clôture des demandes, avec une copie de la
pièce d’identité et une photo.</p>
<p>Les journalistes accrédités sont attendus à l’accueil du Terra Nova 45 minutes avant le début
de la visite. Un espace de travail avec Wi-Fi est prévu.</p>
""",
        contacts=("olivier-piron", "nathalie-lemaire"),
        attachments=(
            DemoAttachment("Programme de la visite", "programme-visite-delegation-quebec.pdf"),
            DemoAttachment(
                "Photo : la Citadelle de Namur (libre de droits pour la presse)",
                "citadelle-namur.jpg",
                Picture("citadel", "La Citadelle de Namur au-dessus de la Meuse"),
            ),
        ),
    ),
    DemoRelease(
        slug="budget-2027-presente-au-conseil-communal",
        title="Budget 2027 : un budget à l’équilibre et 48,6 millions d’investissements",
        topic="vie-communale",
        tags=("budget", "conseil communal"),
        published_in_days=-6,
        event="conseil-communal-budget",
        lead=(
            "Le Collège communal présente au conseil un budget 2027 à l’équilibre. Les "
            "investissements portent d’abord sur les écoles, la voirie et la rénovation "
            "énergétique des bâtiments communaux."
        ),
        body="""
<p>Le projet de budget 2027 sera présenté et soumis au vote lors de la séance publique du conseil
communal. Il est à l’équilibre à l’exercice propre, sans hausse des taux de l’impôt des personnes
physiques ni du précompte immobilier.</p>
<h2>Les investissements</h2>
<ul>
<li>18,2 millions d’euros pour les écoles communales et les crèches ;</li>
<li>14,5 millions d’euros pour la voirie, les trottoirs et les aménagements cyclables ;</li>
<li>9,7 millions d’euros pour l’isolation et le chauffage des bâtiments communaux ;</li>
<li>6,2 millions d’euros pour le patrimoine, les sports et la culture.</li>
</ul>
<p>Le document complet est publié sur le site de la Ville dès son dépôt au conseil.</p>
""",
        quote=(
            "Nous tenons l’équilibre sans demander d’effort fiscal supplémentaire aux Namurois, "
            "tout en investissant d’abord là où vivent les enfants et là où se joue la "
            "transition énergétique.",
            "Marc Delforge",
            "échevin des Finances",
        ),
        notes="""
<p>La tribune de presse de la salle du Conseil compte un nombre limité de places ; les équipes
de télévision s’installent avant 18 h 30. Le Bourgmestre et l’échevin des Finances répondront
aux questions à l’issue de la séance.</p>
""",
        contacts=("olivier-piron", "nathalie-lemaire"),
        attachments=(
            DemoAttachment("Note de synthèse du budget 2027", "budget-2027-synthese.pdf"),
        ),
        corrections=(
            (
                date(2026, 11, 18),
                "le montant consacré aux écoles est corrigé : 18,2 millions d’euros, et non "
                "12,8 millions.",
            ),
        ),
    ),
    DemoRelease(
        slug="fetes-de-wallonie-2026-bilan",
        title="Fêtes de Wallonie 2026 : une édition très fréquentée et sans incident majeur",
        topic="culture",
        tags=("Fêtes de Wallonie",),
        published=at(2026, 9, 22, 11),
        lead=(
            "Près de 150 000 visiteurs ont participé aux Fêtes de Wallonie. La Ville, la zone de "
            "police et les services de secours dressent un bilan positif du dispositif de "
            "sécurité et de propreté."
        ),
        body="""
<p>Du vendredi au lundi, le centre-ville a accueilli concerts, cortèges folkloriques et joutes
sur échasses. Le nouveau plan de circulation, avec des navettes gratuites depuis les parkings de
dissuasion, a permis de réduire de moitié le nombre de véhicules en stationnement illicite.</p>
<p>La zone de police Namur Capitale n’a relevé aucun incident majeur. Les équipes de propreté ont
ramassé 38 tonnes de déchets, dont un tiers trié grâce aux gobelets réutilisables.</p>
""",
        quote=(
            "Les Namuroises et les Namurois ont fait la fête dans un climat serein. Je remercie "
            "les policiers, les secouristes et les agents communaux qui ont travaillé jour et "
            "nuit pour que chacun en profite.",
            *MAYOR,
        ),
        notes="""
<p>Des photos libres de droits des cortèges sont disponibles sur demande auprès du service
Communication. La zone de police communique séparément ses chiffres détaillés.</p>
""",
        contacts=("nathalie-lemaire", "anne-sophie-degraeve"),
        attachments=(
            DemoAttachment(
                "Photo : le cortège des échasseurs sur la place d’Armes",
                "fetes-de-wallonie-cortege.jpg",
                Picture("festival", "Le cortège des Fêtes de Wallonie sur la place d’Armes"),
            ),
        ),
    ),
    DemoRelease(
        slug="navette-fluviale-toute-l-annee",
        title="La navette fluviale circulera toute l’année entre le centre et Jambes",
        topic="mobilite",
        tags=("Meuse",),
        published=at(2026, 10, 14, 9, 30),
        lead=(
            "Dès le 1er janvier, la navette fluviale ne s’arrêtera plus en hiver : six bateaux "
            "par heure relieront le Grognon, la Citadelle et Jambes, avec le même ticket que le "
            "bus."
        ),
        body="""
<p>Jusqu’ici limitée à la belle saison, la navette fluviale devient une ligne de transport à part
entière. Deux bateaux chauffés, accessibles aux personnes à mobilité réduite et aux vélos,
rejoindront la flotte en décembre.</p>
<p>La liaison est cofinancée par la Wallonie dans le cadre du plan de mobilité urbaine.</p>
""",
        quote=(
            "La Meuse est notre plus belle avenue. En faire une ligne régulière, c’est offrir aux "
            "habitants de Jambes une alternative rapide à la voiture, été comme hiver.",
            "Hélène Gillard",
            "échevine de la Mobilité",
        ),
        notes="""
<p>Un tournage à bord est possible le mercredi matin ; prenez contact avec le service
Communication au moins deux jours à l’avance.</p>
""",
        contacts=("nathalie-lemaire",),
        attachments=(
            DemoAttachment("Horaires et plan de la ligne", "navette-fluviale-horaires.pdf"),
        ),
    ),
    DemoRelease(
        slug="namur-accueillera-rencontres-villes-numeriques",
        title="Namur accueillera en 2026 les Rencontres des villes numériques francophones",
        topic="vie-communale",
        tags=("Citadelle",),
        published=at(2025, 12, 9, 10),
        lead=(
            "Retenue parmi huit candidates, Namur recevra au printemps les maires et les élus "
            "de plus de vingt villes francophones pour deux jours de travail sur le numérique "
            "au service des habitants."
        ),
        body="""
<p>Les Rencontres réuniront élus, agents publics et entreprises autour de trois thèmes :
l’accessibilité des services en ligne, la sécurité des données et l’inclusion numérique des
seniors.</p>
<p>Les séances plénières se tiendront au Parlement de Wallonie et les ateliers à la Citadelle.</p>
""",
        quote=(
            "Ce choix récompense dix années d’efforts pour rendre nos services en ligne simples, "
            "sûrs et accessibles à tous. Namur est fière de partager son expérience et "
            "d’apprendre de ses partenaires.",
            *MAYOR,
        ),
        notes="""
<p>Le programme détaillé et les modalités d’accréditation seront communiqués en début
d’année.</p>
""",
        contacts=("olivier-piron",),
    ),
    DemoRelease(
        slug="saison-culturelle-2027-theatre-royal",
        title="Saison culturelle 2027 : le Théâtre royal dévoile sa programmation",
        topic="culture",
        tags=("patrimoine",),
        published_in_days=4,
        event="saison-culturelle-theatre-royal",
        lead=(
            "Quarante spectacles, deux festivals et une programmation renforcée pour le jeune "
            "public : la saison 2027 du Théâtre royal de Namur est présentée à la presse."
        ),
        body="""
<p>La saison s’ouvrira avec une création du Théâtre royal, coproduite avec Québec, et fera une
large place aux compagnies namuroises.</p>
""",
        quote=(
            "Un théâtre de ville doit être le théâtre de toute la ville : nous avons voulu des "
            "tarifs plus doux et des représentations en journée pour les écoles et les aînés.",
            "Élise Marchal",
            "échevine de la Culture et des Festivités",
        ),
        notes="""
<p>La conférence de presse est suivie d’une visite des coulisses rénovées.</p>
""",
        contacts=("caroline-jacquet", "nathalie-lemaire"),
    ),
]


def build_pdf(title: str) -> bytes:
    """Return a one-page PDF showing ``title``, with a correct cross-reference table."""
    text = title.encode("cp1252", "replace")
    text = text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 16 Tf 56 780 Td (" + text + b") Tj 0 -28 Td (Ville de Namur) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    output += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(output)


def _contacts() -> dict[str, PressContact]:
    contacts = {}
    for slug, first, last, job, organisation, email, phone, office in CONTACTS:
        contact = PressContact.objects.filter(slug=slug).first() or PressContact(slug=slug)
        fields = {
            "first_name": first,
            "last_name": last,
            "job_title": job,
            "organisation": organisation,
            "email": email,
            "phone": phone,
            "press_office": office,
        }
        for name, value in fields.items():
            setattr(contact, name, value)
        contact.full_clean(validate_unique=False)
        if contact.pk is None or _differs(contact):
            contact.save()
        contacts[slug] = contact
    return contacts


def _differs(instance) -> bool:
    stored = type(instance).objects.filter(pk=instance.pk).values().first()
    return any(stored[name] != value for name, value in _values(instance).items())


def _values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def _release(item: DemoRelease, topics: dict[str, Topic], events: dict[str, Event]):
    release = PressRelease.objects.filter(slug=item.slug).first()
    created = release is None
    if created:
        release = PressRelease(slug=item.slug, status=Status.PUBLISHED)
        if item.published_in_days is not None:
            # Only when created: a rerun must not move the date along with the clock.
            moment = timezone.localtime() + timedelta(days=item.published_in_days)
            release.publication_date = moment.replace(hour=10, minute=0, second=0, microsecond=0)
    text, speaker, role = item.quote or ("", "", "")
    fields = {
        "title": item.title,
        "lead": item.lead,
        "body": clean_html(item.body.strip()),
        "quote_text": text,
        "quote_speaker": speaker,
        "quote_role": role,
        "editors_notes": clean_html(item.notes.strip()),
        "topic_id": topics[item.topic].pk,
        "event_id": events[item.event].pk if item.event in events else None,
    }
    if item.published is not None:
        fields["publication_date"] = item.published
    changed = created
    for name, value in fields.items():
        if getattr(release, name) != value:
            setattr(release, name, value)
            changed = True
    if changed:
        release.full_clean(exclude=["number"])
        services.save_release(release=release)
    return release


def _topics() -> dict[str, Topic]:
    names = {"culture": "Culture", "mobilite": "Mobilité", "vie-communale": "Vie communale"}
    return {
        slug: Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in names.items()
    }


def _events() -> dict[str, Event]:
    try:
        from accreditations import demo as accreditations_demo
    except ImportError:
        return {}
    accreditations_demo.load()
    slugs = {item.event for item in RELEASES if item.event}
    return {event.slug: event for event in Event.objects.filter(slug__in=slugs)}


def _attach(release: PressRelease, item: DemoRelease) -> None:
    existing = set(release.attachments.values_list("title", flat=True))
    for position, attachment in enumerate(item.attachments):
        if attachment.title in existing:
            continue
        content = (
            draw_picture(attachment.picture) if attachment.picture else build_pdf(attachment.title)
        )
        services.attach_file(
            release=release,
            title=attachment.title,
            file=ContentFile(content),
            name=attachment.name,
            position=position,
        )


def _when(item: DemoRelease) -> datetime:
    return item.published or timezone.now() + timedelta(days=item.published_in_days or 0)


def load() -> str:
    """Create or refresh the demo contacts and releases; return a short summary."""
    contacts = _contacts()
    topics = _topics()
    events = _events()
    # In publication order, so that the demo numbers follow the dates, as they would for real.
    for item in sorted(RELEASES, key=_when):
        release = _release(item, topics, events)
        release.tags.set(list(item.tags))
        for position, slug in enumerate(item.contacts):
            link, _ = ReleaseContact.objects.get_or_create(
                release=release, contact=contacts[slug], defaults={"position": position}
            )
            if link.position != position:
                link.position = position
                link.save(update_fields=["position"])
        _attach(release, item)
        for day, text in item.corrections:
            CorrectionNote.objects.get_or_create(release=release, date=day, text=text)
    linked = sum(1 for item in RELEASES if item.event in events)
    summary = f"{len(RELEASES)} communiqués, {len(CONTACTS)} contacts"
    if linked < sum(1 for item in RELEASES if item.event):
        summary += " (événements d’accréditation absents : communiqués non liés)"
    return summary
