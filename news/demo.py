"""Demo news of the City of Namur: topics, tags and articles, pictures drawn at load time.

Rerunning ``load()`` changes nothing: items are keyed by slug, fields are written only when they
differ, pictures are drawn only for articles that have none, and a scheduled article keeps the
publication date it received when it was first created.
"""

import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw
from taggit.models import Tag

from namur_site.core.models import Status
from namur_site.core.sanitize import clean_html
from news.models import Article, Topic

BRUSSELS = ZoneInfo("Europe/Brussels")
CITY = "© Ville de Namur"


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """Return a moment of 2026, Namur time."""
    return datetime(2026, month, day, hour, minute, tzinfo=BRUSSELS)


TOPICS = [
    (
        "culture",
        "Culture",
        "Spectacles, expositions, bibliothèques et patrimoine : les rendez-vous culturels "
        "namurois et ceux que la Ville soutient.",
    ),
    (
        "mobilite",
        "Mobilité",
        "Bus, vélo, navette fluviale, stationnement et piétonnier : ce qui change pour se "
        "déplacer dans Namur.",
    ),
    (
        "environnement",
        "Environnement",
        "Propreté, biodiversité, climat et énergie : les actions de la Ville pour un cadre de "
        "vie plus sain.",
    ),
    (
        "vie-communale",
        "Vie communale",
        "Décisions du conseil communal, budget, services à la population et démarches "
        "administratives.",
    ),
    (
        "sports",
        "Sports",
        "Piscines, salles et terrains, stages et grands événements sportifs sur le territoire "
        "namurois.",
    ),
    (
        "travaux",
        "Travaux",
        "Chantiers en cours et à venir, déviations et nouveaux aménagements de l’espace public, "
        "quartier par quartier.",
    ),
    (
        "solidarite",
        "Solidarité",
        "Action sociale, aînés, jeunesse et accueil : la Ville aux côtés de celles et ceux qui en "
        "ont besoin.",
    ),
]

# Tag name -> slug. Slugs are set here in ASCII: left to itself, taggit would keep accents
# ("vélo"), which the <slug:slug> converter of the tag pages does not match.
TAGS = {
    "Citadelle": "citadelle",
    "travaux": "travaux",
    "vélo": "velo",
    "Fêtes de Wallonie": "fetes-de-wallonie",
    "jeunesse": "jeunesse",
    "budget": "budget",
    "Noël": "noel",
    "propreté": "proprete",
    "patrimoine": "patrimoine",
    "Meuse": "meuse",
    "conseil communal": "conseil-communal",
    "seniors": "seniors",
    "commerces": "commerces",
    "biodiversité": "biodiversite",
    "hiver": "hiver",
}

WIDE = (1600, 1000)
MEDIUM = (1200, 800)
PORTRAIT = (1000, 1500)


@dataclass(frozen=True)
class Picture:
    motif: str
    alt: str
    caption: str = ""
    credit: str = CITY
    size: tuple[int, int] = MEDIUM
    sky: tuple[str, str] | None = None


@dataclass(frozen=True)
class News:
    slug: str
    title: str
    topic: str
    tags: tuple[str, ...]
    lead: str
    body: str
    published: datetime | None = None
    status: str = Status.PUBLISHED
    # Days from the first load: the article is published, but only goes live later.
    scheduled_in_days: int | None = None
    expires: datetime | None = None
    featured: bool = False
    picture: Picture | None = None
    related: tuple[str, ...] = ()


ARTICLES = [
    # ------------------------------------------------------------------ September 2026
    News(
        slug="rentree-scolaire-rues-scolaires",
        title="Rentrée scolaire : cinq nouvelles rues scolaires et des rangs à vélo",
        topic="mobilite",
        tags=("jeunesse", "vélo"),
        published=at(9, 1, 8, 30),
        lead=(
            "Dès ce mardi, cinq rues proches d’écoles ferment à la circulation aux heures "
            "d’entrée et de sortie des classes. Gardiens de la paix et police locale "
            "accompagnent le dispositif pendant les deux premières semaines."
        ),
        body="""
<p>Chaque rentrée, la circulation se densifie d’un coup autour des écoles. Pour que les enfants
arrivent en classe en sécurité, la Ville étend le principe des <strong>rues scolaires</strong>,
testé l’an dernier à Salzinnes et à Jambes avec l’accord des riverains.</p>
<h2>Comment fonctionne une rue scolaire ?</h2>
<p>Une barrière mobile ferme la rue aux voitures pendant une demi-heure le matin et l’après-midi.
Les riverains peuvent sortir de leur garage au pas, les services de secours passent toujours.
Cette année, le dispositif concerne :</p>
<ul>
<li>la rue des Brasseurs, dans le centre ;</li>
<li>la rue Mazy, à Jambes ;</li>
<li>la rue du Grand Babin, à Bouge ;</li>
<li>la rue de la Pépinière, à Wépion ;</li>
<li>la rue Saint-Donat, à Saint-Servais.</li>
</ul>
<h2>À vélo, en rang</h2>
<p>Des parents bénévoles encadrent des <em>rangs à vélo</em> au départ de trois points de
rendez-vous. Les familles intéressées peuvent s’inscrire auprès du service Mobilité :
<a href="mailto:mobilite@ville.namur.be">mobilite@ville.namur.be</a>.</p>
""",
        picture=Picture(
            motif="crossing",
            alt="Dessin d’un passage pour piétons devant une façade d’école, en fin d’été",
            caption="Les abords des écoles sont réservés aux piétons et aux vélos à l’heure "
            "de la rentrée.",
            sky=("#7fb3d5", "#f6e3b4"),
        ),
        related=("semaine-de-la-mobilite-2026",),
    ),
    News(
        slug="plan-canicule-fin-ete",
        title="Fortes chaleurs : le plan canicule est activé jusqu’au 13 septembre",
        topic="solidarite",
        tags=("seniors",),
        status=Status.PUBLISHED,
        published=at(9, 3, 11),
        expires=at(9, 13, 20),
        lead=(
            "Les températures annoncées dépassent 30 degrés plusieurs jours d’affilée. La Ville "
            "active son plan canicule : salles rafraîchies, appels aux personnes isolées et "
            "conseils pour traverser ces journées."
        ),
        body="""
<p>L’Institut royal météorologique annonce une fin d’été très chaude. La Ville active donc son
<strong>plan canicule</strong> jusqu’au dimanche 13 septembre inclus.</p>
<h2>Des lieux au frais</h2>
<p>Les salles d’attente de l’Hôtel de Ville et les bibliothèques de Jambes et de Saint-Servais
restent ouvertes aux heures habituelles et proposent de l’eau fraîche à tous.</p>
<h2>Un appel aux personnes isolées</h2>
<p>Les agents du service des Aînés téléphonent chaque jour aux personnes inscrites sur la liste
de veille. Pour y inscrire un proche ou un voisin, appelez le
<a href="tel:+3281246000">081 24 60 00</a>.</p>
<ul>
<li>buvez régulièrement, sans attendre d’avoir soif ;</li>
<li>fermez volets et rideaux pendant la journée ;</li>
<li>évitez les efforts entre 12 et 17 heures.</li>
</ul>
""",
        picture=Picture(
            motif="sun",
            alt="Dessin d’un grand soleil orangé au-dessus des toits de la ville",
            sky=("#f4a259", "#fbe7a1"),
        ),
        related=("plan-grand-froid-abri-de-nuit",),
    ),
    News(
        slug="fetes-de-wallonie-2026-programme",
        title="Fêtes de Wallonie 2026 : le programme des quatre jours",
        topic="culture",
        tags=("Fêtes de Wallonie", "patrimoine", "seniors"),
        published=at(9, 3, 10),
        lead=(
            "Du vendredi 18 au lundi 21 septembre, Namur fête la Wallonie : échasseurs, "
            "concerts, cortèges et traditions folkloriques investissent le centre-ville. "
            "Tour d’horizon d’un programme qui fait la part belle aux sociétés locales."
        ),
        body="""
<p>Comme chaque troisième week-end de septembre, la capitale wallonne se met à l’heure des
<strong>Fêtes de Wallonie</strong>. Quatre jours de fête, gratuits pour l’essentiel, qui mêlent
traditions namuroises et scènes musicales.</p>
<h2>Les temps forts</h2>
<ul>
<li><strong>Vendredi 18</strong> : ouverture officielle sur la place d’Armes et premier
concert ;</li>
<li><strong>Samedi 19</strong> : combat des échasseurs sur la place Saint-Aubain, puis cortège
folklorique dans les rues du centre ;</li>
<li><strong>Dimanche 20</strong> : messe en wallon, grand cortège et concerts en soirée ;</li>
<li><strong>Lundi 21</strong> : journée des aînés et clôture au Grognon.</li>
</ul>
<p>Les échasseurs namurois, dont la tradition remonte au XIVe siècle, restent le
symbole de ces journées : leurs joutes attirent chaque année des milliers de spectateurs.</p>
<blockquote><p>« Les Fêtes de Wallonie, ce sont d’abord les Namuroises et les Namurois qui les
font vivre : les sociétés folkloriques, les bénévoles, les commerçants. Nous voulons une fête
populaire, sûre et accessible à toutes les générations. »</p></blockquote>
<p>— Élise Marchal, échevine de la Culture et des Festivités</p>
<p>Le détail des horaires et des accès figure dans notre article
<a href="/actualites/fetes-de-wallonie-circulation-stationnement/">Circulation et
stationnement pendant les Fêtes</a>.</p>
""",
        picture=Picture(
            size=WIDE,
            motif="festival",
            alt="Dessin de guirlandes de fanions et de confettis colorés sur un ciel de soirée",
            caption="Les Fêtes de Wallonie investissent le centre-ville du 18 au 21 septembre.",
            credit="© Julien Delvaux",
            sky=("#1f2a55", "#c2566b"),
        ),
        related=("fetes-de-wallonie-circulation-stationnement", "fetes-de-wallonie-bilan-proprete"),
    ),
    News(
        slug="journees-du-patrimoine-citadelle",
        title="Journées du patrimoine : la Citadelle ouvre ses portes les 12 et 13 septembre",
        topic="culture",
        tags=("patrimoine", "Citadelle"),
        published=at(9, 8, 9, 30),
        lead=(
            "Visites guidées gratuites, accès exceptionnels et ateliers pour les familles : "
            "la Citadelle participe aux Journées du patrimoine de Wallonie le deuxième "
            "week-end de septembre."
        ),
        body="""
<p>Les 12 et 13 septembre, la Citadelle de Namur accueille les Journées du patrimoine. Le
thème de cette édition, <em>les lieux de passage</em>, convient bien à une forteresse qui a vu
défiler tant d’armées au confluent de la Sambre et de la Meuse.</p>
<h2>Au programme</h2>
<p>Des guides retraceront l’histoire du site depuis le comté de Namur jusqu’au XXe
siècle. Les visites partent toutes les heures de Terra Nova, de 10 à 17 heures ; elles durent
environ une heure et demie.</p>
<p>Les enfants de 6 à 12 ans pourront participer à un atelier de taille de pierre, sur
inscription, dans la cour de la caserne.</p>
<h2>Comment venir ?</h2>
<p>Le stationnement est très limité au sommet : privilégiez la navette gratuite au départ de la
gare ou la montée à pied par les escaliers du Château.</p>
""",
        picture=Picture(
            size=WIDE,
            motif="citadel",
            alt="Dessin de la Citadelle sur son éperon rocheux, la Meuse au premier plan",
            caption="La Citadelle vue depuis la rive de Jambes.",
            credit="© Sarah Lemaire",
        ),
        related=("citadelle-souterrains-visites-automne",),
    ),
    News(
        slug="fetes-de-wallonie-circulation-stationnement",
        title="Fêtes de Wallonie : circulation et stationnement modifiés dans le centre",
        topic="mobilite",
        tags=("Fêtes de Wallonie",),
        published=at(9, 14, 14),
        lead=(
            "Du vendredi 18 septembre à midi au mardi 22 septembre à 6 heures, le centre-ville "
            "est fermé à la circulation. Parkings, bus et navettes : ce qu’il faut savoir pour "
            "venir à la fête sans voiture."
        ),
        body="""
<p>Pour accueillir le public en sécurité, la corbeille est entièrement fermée à la circulation
pendant les Fêtes de Wallonie. Les riverains reçoivent un laissez-passer dans leur boîte aux
lettres.</p>
<h2>Se garer</h2>
<p>Les parkings du centre restent accessibles par les boulevards, mais se remplissent dès le
samedi matin. Mieux vaut laisser la voiture aux parkings de dissuasion de Saint-Servais et de
Jambes, reliés au centre par des navettes gratuites toutes les dix minutes.</p>
<h2>Bus et trains</h2>
<p>Les lignes de bus sont déviées par les boulevards extérieurs. Des trains supplémentaires sont
prévus le samedi et le dimanche soir au départ de la gare de Namur.</p>
""",
        related=("fetes-de-wallonie-2026-programme",),
    ),
    News(
        slug="semaine-de-la-mobilite-2026",
        title="Semaine de la mobilité : essais de vélos électriques et ateliers de réparation",
        topic="mobilite",
        tags=("vélo",),
        published=at(9, 16, 10),
        lead=(
            "Du 16 au 22 septembre, la Ville propose d’essayer gratuitement un vélo à assistance "
            "électrique, de faire réviser le sien et de découvrir les itinéraires cyclables "
            "balisés entre les quartiers."
        ),
        body="""
<p>La Semaine européenne de la mobilité est l’occasion de tester d’autres façons de se déplacer.
Cette année, la Ville mise sur le <strong>vélo du quotidien</strong>.</p>
<ul>
<li>essais de vélos électriques et de vélos cargos sur la place de l’Ange, du mercredi au
samedi ;</li>
<li>atelier de réparation gratuit avec un mécanicien de l’asbl partenaire ;</li>
<li>gravure antivol des cadres, sur présentation de la carte d’identité ;</li>
<li>balade guidée vers Jambes par la passerelle de l’Enjambée, le samedi à 14 heures.</li>
</ul>
<p>La prime communale à l’achat d’un vélo électrique reste disponible jusqu’à épuisement du
budget annuel. Le formulaire se trouve à l’accueil de l’Hôtel de Ville.</p>
""",
        picture=Picture(
            motif="bicycle",
            alt="Dessin d’un vélo de ville garé sur une piste cyclable verte",
            caption="Vélos électriques et vélos cargos à l’essai sur la place de l’Ange.",
            sky=("#9ad1d4", "#eaf4d3"),
        ),
        related=("piste-cyclable-chaussee-de-louvain", "rentree-scolaire-rues-scolaires"),
    ),
    News(
        slug="fetes-de-wallonie-bilan-proprete",
        title="Après les Fêtes de Wallonie, 38 tonnes de déchets ramassées en trois nuits",
        topic="environnement",
        tags=("Fêtes de Wallonie", "propreté"),
        published=at(9, 23, 10),
        lead=(
            "Les équipes de la Propreté publique ont travaillé chaque nuit des Fêtes pour rendre "
            "le centre-ville présentable au petit matin. Le tri a progressé grâce aux gobelets "
            "réutilisables."
        ),
        body="""
<p>Entre le vendredi soir et le mardi matin, 62 agents se sont relayés dans le centre-ville.
Ils ont collecté <strong>38 tonnes de déchets</strong>, soit quatre de moins que l’an dernier.</p>
<p>La généralisation des gobelets réutilisables sur les bars des sociétés locales explique une
bonne part de cette baisse : plus de 90 000 gobelets ont été rendus et lavés.</p>
<h3>Un merci aux riverains</h3>
<p>La Ville remercie les habitants de la corbeille pour leur patience. Un dépôt oublié ou une
rue encore sale ? Signalez-le au service Propreté :
<a href="mailto:proprete@ville.namur.be">proprete@ville.namur.be</a>.</p>
""",
        picture=Picture(
            motif="cleanup",
            alt="Dessin d’un conteneur, de sacs de tri et d’un balai dans une rue, au petit matin",
            caption="Au petit matin, la place d’Armes est déjà nettoyée.",
            sky=("#f7c59f", "#e8eef2"),
        ),
        related=("fetes-de-wallonie-2026-programme", "operation-quartiers-propres"),
    ),
    News(
        slug="conseil-communal-septembre-2026",
        title="Conseil communal du 24 septembre : les principales décisions",
        topic="vie-communale",
        tags=("conseil communal", "budget"),
        published=at(9, 25, 16),
        lead=(
            "Modification budgétaire, rénovation d’écoles et subsides aux clubs sportifs : le "
            "conseil communal a approuvé une trentaine de points lors de sa séance de rentrée."
        ),
        body="""
<p>Le conseil communal s’est réuni le jeudi 24 septembre à l’Hôtel de Ville. Parmi les points
adoptés :</p>
<ul>
<li>la <strong>première modification budgétaire</strong> de l’exercice, qui intègre la hausse
du coût de l’énergie ;</li>
<li>la rénovation des toitures de deux écoles communales, à Belgrade et à Erpent ;</li>
<li>l’octroi de subsides d’équipement à quatorze clubs sportifs.</li>
</ul>
<p>Les séances du conseil sont publiques. L’ordre du jour est publié une semaine à l’avance et
les procès-verbaux sont consultables à l’accueil de l’Hôtel de Ville.</p>
""",
    ),
    News(
        slug="travaux-rue-de-fer-premiere-phase",
        title="Rue de Fer : le chantier de réaménagement démarre le 5 octobre",
        topic="travaux",
        tags=("travaux", "commerces"),
        published=at(9, 29, 9),
        lead=(
            "Nouveaux pavés, éclairage et impétrants remplacés : la rue de Fer sera réaménagée "
            "en deux phases. Les commerces restent accessibles pendant toute la durée des "
            "travaux."
        ),
        body="""
<p>Artère commerçante la plus fréquentée de Namur, la rue de Fer n’avait plus été rénovée en
profondeur depuis plus de trente ans. Le chantier commence le lundi 5 octobre.</p>
<h2>Deux phases pour limiter la gêne</h2>
<p>La première phase concerne le tronçon compris entre la place d’Armes et la rue de l’Ange :
remplacement des conduites d’eau et de gaz, puis pose du nouveau revêtement. La seconde phase,
au-delà, débutera en novembre.</p>
<h3>Calendrier prévisionnel</h3>
<ol>
<li>du 5 au 23 octobre : remplacement des conduites d’eau et de gaz ;</li>
<li>du 26 octobre au 6 novembre : pose des fourreaux pour l’éclairage et la fibre ;</li>
<li>jusqu’à la mi-novembre : pose des pavés et du mobilier urbain.</li>
</ol>
<h2>Les commerces restent ouverts</h2>
<p>Un cheminement piéton d’au moins deux mètres est maintenu devant les vitrines, et des
panneaux rappellent à l’entrée de la rue que tous les magasins sont accessibles. Les livraisons
sont autorisées de 6 à 10 heures par la rue des Carmes. Les terrasses installées sur le tronçon
en travaux sont déplacées, sans frais pour les exploitants, sur la place d’Armes.</p>
<p>Une permanence de chantier se tient chaque mardi de 10 à 12 heures à l’Hôtel de Ville.
Questions : <a href="mailto:travaux@ville.namur.be">travaux@ville.namur.be</a>.</p>
""",
        picture=Picture(
            motif="worksite",
            alt="Dessin d’un chantier de voirie avec barrières rayées et cônes orange",
            caption="Le chantier avance par tronçons pour garder les vitrines accessibles.",
            sky=("#a3c4dc", "#e9e4d8"),
        ),
        related=("travaux-rue-de-fer-deuxieme-phase",),
    ),
    # ------------------------------------------------------------------ October 2026
    News(
        slug="jogging-de-la-citadelle",
        title="Jogging de la Citadelle : 2 400 coureurs attendus le 11 octobre",
        topic="sports",
        tags=("Citadelle",),
        published=at(10, 1, 10),
        lead=(
            "Trois distances, des pavés, des escaliers et une vue imprenable : le Jogging de la "
            "Citadelle revient le dimanche 11 octobre. Les inscriptions sont ouvertes jusqu’au "
            "vendredi précédent."
        ),
        body="""
<p>Le Jogging de la Citadelle est devenu un classique de l’automne namurois. Les parcours de
5, 10 et 15 kilomètres montent vers l’esplanade par les chemins de ronde et redescendent vers
la Meuse.</p>
<p>Une course de 1 kilomètre est réservée aux enfants de 6 à 12 ans, au départ de Terra Nova à
9 h 30. La participation est gratuite pour eux.</p>
<h2>Circulation</h2>
<p>La route Merveilleuse est fermée de 8 à 14 heures. Les riverains du parcours peuvent
circuler avant 9 heures et après le passage du dernier coureur.</p>
""",
        picture=Picture(
            motif="citadel",
            alt="Dessin de la Citadelle sur sa colline, sous un ciel de fin de journée",
            caption="Le parcours emprunte les chemins de ronde de la Citadelle.",
            credit="© Thomas Gérard",
            sky=("#f0a868", "#f9e0b7"),
        ),
    ),
    News(
        slug="piscine-de-jambes-fermeture-technique",
        title="Piscine de Jambes : fermeture technique du 5 au 23 octobre",
        topic="sports",
        tags=("travaux",),
        status=Status.UNPUBLISHED,
        published=at(10, 2, 9),
        lead=(
            "La piscine de Jambes ferme trois semaines pour le remplacement de son système de "
            "filtration. Les clubs et les écoles sont accueillis à la piscine de Salzinnes."
        ),
        body="""
<p>Le système de filtration de la piscine de Jambes doit être remplacé. Le bassin est vidé et
l’établissement fermé du lundi 5 au vendredi 23 octobre.</p>
<p>Les créneaux scolaires et ceux des clubs sont reportés à la piscine de Salzinnes, dont les
horaires publics sont légèrement réduits pendant cette période.</p>
<p>Les abonnements sont prolongés automatiquement de trois semaines.</p>
""",
    ),
    News(
        slug="namourette-horaire-hiver",
        title="Navette fluviale : la Namourette passe à l’horaire d’hiver",
        topic="mobilite",
        tags=("Meuse",),
        published=at(10, 5, 10),
        lead=(
            "À partir du 12 octobre, la navette fluviale circule le week-end et pendant les "
            "congés scolaires, entre le Grognon, Jambes et le Casino. Le trajet reste gratuit."
        ),
        body="""
<p>Après une saison d’été fréquentée, la Namourette adopte son horaire d’hiver à partir du
lundi 12 octobre.</p>
<h2>Quand naviguer ?</h2>
<ul>
<li>les samedis, dimanches et jours fériés, de 10 à 18 heures ;</li>
<li>tous les jours pendant les congés d’automne et de Noël ;</li>
<li>un départ toutes les demi-heures du Grognon.</li>
</ul>
<p>Le bateau s’arrête au Grognon, au pied de la Citadelle, à Jambes et au Casino. Les vélos
sont admis dans la limite de quatre par traversée.</p>
<p>En cas de crue ou de vent fort, les traversées peuvent être suspendues : un avis est alors
affiché à chaque arrêt.</p>
""",
        picture=Picture(
            size=WIDE,
            motif="river",
            alt="Dessin d’un petit bateau-navette sur la Meuse, la rive verdoyante en arrière-plan",
            caption="La Namourette relie le Grognon à Jambes en quelques minutes.",
            credit="© Sarah Lemaire",
            sky=("#86a8c9", "#dfe9ef"),
        ),
        related=("berges-de-meuse-nettoyage-biodiversite",),
    ),
    News(
        slug="bibliotheques-horaires-elargis",
        title="Les bibliothèques ouvrent désormais le samedi après-midi",
        topic="culture",
        tags=("jeunesse",),
        published=at(10, 7, 11),
        lead=(
            "Depuis le 3 octobre, les bibliothèques du centre, de Jambes et de Saint-Servais "
            "restent ouvertes le samedi jusqu’à 17 heures. Un espace d’étude est réservé aux "
            "étudiants en période d’examens."
        ),
        body="""
<p>Étudiants, familles, lecteurs qui travaillent en semaine : le samedi après-midi était la
demande la plus fréquente de l’enquête menée au printemps auprès des usagers.</p>
<p>Les trois bibliothèques principales ouvrent désormais <strong>de 10 à 17 heures le
samedi</strong>. L’inscription reste gratuite pour les moins de 18 ans.</p>
<h2>Un espace d’étude en période de blocus</h2>
<p>En décembre et en mai, la bibliothèque du centre réserve son premier étage aux étudiants,
avec prises électriques et wifi, jusqu’à 20 heures en semaine.</p>
""",
        picture=Picture(
            motif="books",
            alt="Dessin d’étagères de bibliothèque garnies de livres de toutes les couleurs",
            size=PORTRAIT,
            sky=("#f3ead8", "#d9c7a7"),
        ),
    ),
    News(
        slug="operation-quartiers-propres",
        title="Opération quartiers propres : les habitants invités à s’équiper",
        topic="environnement",
        tags=("propreté",),
        published=at(10, 12, 9),
        lead=(
            "Pinces, gants, sacs et gilets : la Ville prête du matériel aux habitants et aux "
            "écoles qui organisent un ramassage de déchets dans leur quartier. Quarante groupes "
            "sont déjà inscrits."
        ),
        body="""
<p>Canettes, mégots, emballages : les déchets abandonnés coûtent cher à la collectivité et
abîment nos quartiers. Avec l’<strong>opération quartiers propres</strong>, la Ville soutient
les habitants qui veulent agir près de chez eux.</p>
<h2>Comment participer ?</h2>
<ol>
<li>formez un groupe : voisins, classe, club ou mouvement de jeunesse ;</li>
<li>choisissez une date et un itinéraire ;</li>
<li>réservez le matériel auprès du service Propreté, au moins une semaine à l’avance ;</li>
<li>déposez les sacs pleins à l’endroit convenu : une équipe les enlève le jour même.</li>
</ol>
<p>Réservation : <a href="mailto:proprete@ville.namur.be">proprete@ville.namur.be</a> ou
<a href="tel:+3281246000">081 24 60 00</a>.</p>
""",
        picture=Picture(
            motif="cleanup",
            alt="Dessin d’un conteneur, de sacs poubelles et d’une pince de ramassage",
            sky=("#b8d8be", "#f1f5e9"),
        ),
    ),
    News(
        slug="citadelle-souterrains-visites-automne",
        title="Souterrains de la Citadelle : des visites à la lampe torche cet automne",
        topic="culture",
        tags=("Citadelle", "patrimoine"),
        published=at(10, 15, 10),
        lead=(
            "Pendant les congés d’automne, les souterrains de la Citadelle se visitent à la "
            "lampe torche. Une heure sous terre, dans les galeries creusées pour défendre la "
            "forteresse."
        ),
        body="""
<p>Près de sept kilomètres de galeries courent sous la Citadelle. Une petite partie est
ouverte au public, avec un guide, pendant les <strong>congés d’automne</strong>.</p>
<p>Les visites ont lieu tous les jours à 11, 14 et 16 heures. La température sous terre ne
dépasse pas 12 degrés : prévoyez un pull et de bonnes chaussures.</p>
<p>Le nombre de places est limité à vingt personnes par visite ; la réservation est vivement
conseillée. Les enfants doivent avoir au moins 6 ans.</p>
""",
        picture=Picture(
            motif="vault",
            alt="Dessin d’une galerie voûtée en pierre éclairée par une lampe",
            caption="Les galeries sont ouvertes aux visiteurs pendant les congés d’automne.",
            credit="© Thomas Gérard",
            sky=("#2d2a32", "#6b5e4f"),
        ),
        related=("journees-du-patrimoine-citadelle", "jogging-de-la-citadelle"),
    ),
    News(
        slug="plantation-arbres-parc-louise-marie",
        title="Parc Louise-Marie : 60 arbres plantés et une prairie fleurie",
        topic="environnement",
        tags=("biodiversité",),
        published=at(10, 19, 10),
        lead=(
            "Tilleuls, érables champêtres, charmes et fruitiers : la Ville plante soixante "
            "arbres dans et autour du parc Louise-Marie. Une partie des pelouses sera fauchée "
            "tardivement pour laisser fleurir la prairie."
        ),
        body="""
<p>Le parc Louise-Marie est l’un des poumons verts du centre. Plusieurs de ses arbres,
malades ou en fin de vie, ont dû être abattus ces dernières années. Ils sont remplacés cet
automne par <strong>soixante jeunes arbres</strong> d’essences indigènes.</p>
<h2>Plus de place pour la nature</h2>
<p>Une bande de pelouse le long de l’étang ne sera plus tondue qu’une fois par an, à la fin de
l’été. Cette prairie offrira nourriture et abri aux insectes pollinisateurs et aux oiseaux.</p>
<p>Des panneaux expliqueront la démarche aux promeneurs. Les écoles voisines participeront à la
plantation des fruitiers le mercredi 4 novembre.</p>
""",
        picture=Picture(
            motif="trees",
            alt="Dessin de jeunes arbres plantés dans une pelouse au bord d’un étang",
            caption="Soixante arbres d’essences indigènes rejoignent le parc.",
            sky=("#bcd9ea", "#f4efd8"),
        ),
        related=("berges-de-meuse-nettoyage-biodiversite",),
    ),
    News(
        slug="seniors-ateliers-numeriques",
        title="Des ateliers gratuits pour apprivoiser smartphone et démarches en ligne",
        topic="solidarite",
        tags=("seniors",),
        published=at(10, 21, 14),
        lead=(
            "Prendre rendez-vous chez le médecin, consulter ses comptes, parler à ses "
            "petits-enfants en vidéo : le service des Aînés lance des ateliers numériques en "
            "petits groupes dans cinq quartiers."
        ),
        body="""
<p>Beaucoup de démarches se font désormais en ligne, et tout le monde n’y est pas à l’aise.
Le service des Aînés propose des <strong>ateliers gratuits</strong> de six personnes au plus,
animés par des formateurs patients.</p>
<ul>
<li>premiers pas avec une tablette ou un smartphone ;</li>
<li>courriels, photos et appels vidéo ;</li>
<li>démarches administratives et banque en ligne, en toute sécurité.</li>
</ul>
<p>Les ateliers ont lieu dans les maisons de quartier de Jambes, Bouge, Saint-Servais,
Salzinnes et Wépion. Inscriptions par téléphone au <a href="tel:+3281246000">081 24 60 00</a>.</p>
""",
    ),
    News(
        slug="maison-de-la-culture-nouvelle-saison",
        title="Maison de la Culture : une saison pour toutes les générations",
        topic="culture",
        tags=("jeunesse",),
        published=at(10, 22, 10),
        lead=(
            "Théâtre, danse, concerts et expositions : la Maison de la Culture dévoile sa saison. "
            "Nouveauté, un tarif unique de 5 euros pour les moins de 26 ans sur tous les "
            "spectacles."
        ),
        body="""
<p>Au bord de la Sambre, la Maison de la Culture présente une saison riche de quarante
spectacles et de quatre expositions, dont une consacrée aux artistes namurois de l’après-guerre.</p>
<h2>Un tarif jeune</h2>
<p>Pour attirer un public qui pousse moins souvent la porte des salles, tous les spectacles sont
accessibles à <strong>5 euros pour les moins de 26 ans</strong>, sur présentation d’une pièce
d’identité.</p>
<blockquote><p>« Nous voulons que chaque jeune Namurois puisse découvrir un spectacle par mois
sans que le prix soit un obstacle. La culture se partage, elle ne se réserve pas. »</p>
</blockquote>
<p>— Élise Marchal, échevine de la Culture et des Festivités</p>
<p>La billetterie est ouverte du mardi au samedi, de 11 à 18 heures.</p>
""",
        picture=Picture(
            motif="stage",
            alt="Dessin d’une scène de théâtre aux rideaux rouges éclairée par un projecteur",
            caption="Quarante spectacles sont programmés cette saison.",
            credit="© Julien Delvaux",
            sky=("#20122a", "#4a2340"),
        ),
    ),
    News(
        slug="piscine-de-jambes-reouverture",
        title="La piscine de Jambes rouvre avec une eau mieux filtrée",
        topic="sports",
        tags=("travaux", "jeunesse"),
        published=at(10, 26, 9),
        lead=(
            "Après trois semaines de travaux, la piscine de Jambes rouvre ce lundi. Le nouveau "
            "système de filtration consomme moins d’eau et d’énergie, et les horaires publics "
            "sont élargis le mercredi."
        ),
        body="""
<p>Le remplacement du système de filtration est terminé dans les délais. La piscine de Jambes
accueille à nouveau le public dès ce lundi 26 octobre.</p>
<p>Les nouvelles installations réduisent d’un tiers la consommation d’eau et permettent
d’abaisser la quantité de chlore utilisée, au bénéfice du confort des nageurs.</p>
<h3>Nouveaux horaires le mercredi</h3>
<p>Le bassin est désormais ouvert au public le mercredi de 13 à 20 heures, pour permettre aux
enfants de nager après l’école.</p>
""",
        picture=Picture(
            motif="pool",
            alt="Dessin d’un bassin de natation bleu avec ses lignes d’eau",
            sky=("#d8eef5", "#ffffff"),
        ),
        related=("piscine-de-jambes-fermeture-technique",),
    ),
    News(
        slug="conseil-communal-octobre-2026",
        title="Conseil communal du 27 octobre : plan vélo et règlement propreté adoptés",
        topic="vie-communale",
        tags=("conseil communal", "vélo", "propreté"),
        published=at(10, 28, 17),
        lead=(
            "Le conseil communal a adopté le plan vélo 2027-2032 et un règlement qui alourdit "
            "les sanctions pour les dépôts clandestins. Les deux textes entrent en vigueur au "
            "1er janvier."
        ),
        body="""
<p>Deux textes importants ont été adoptés lors de la séance du mardi 27 octobre.</p>
<h2>Plan vélo 2027-2032</h2>
<p>Le plan prévoit quarante kilomètres d’itinéraires cyclables nouveaux ou améliorés, 1 500
places de stationnement vélo supplémentaires et un box sécurisé par quartier. Premier chantier :
la <a href="/actualites/piste-cyclable-chaussee-de-louvain/">piste cyclable de la chaussée de
Louvain</a>.</p>
<h2>Règlement propreté</h2>
<p>L’amende administrative pour un dépôt clandestin passe à 350 euros. Les agents
constatateurs pourront s’appuyer sur les images de caméras mobiles installées aux endroits les
plus touchés.</p>
""",
    ),
    News(
        slug="toussaint-cimetieres-navettes",
        title="Toussaint : horaires des cimetières et navettes pour les aînés",
        topic="vie-communale",
        tags=("seniors",),
        published=at(10, 29, 10),
        lead=(
            "Les cimetières communaux sont ouverts de 8 à 18 heures du 24 octobre au 2 novembre. "
            "Une navette gratuite conduit les aînés au cimetière de Belgrade le 1er novembre."
        ),
        body="""
<p>À l’approche de la Toussaint, les équipes des cimetières ont nettoyé allées et abords. Les
<strong>horaires sont élargis</strong> de 8 à 18 heures, tous les jours, du 24 octobre au
2 novembre.</p>
<p>Le dimanche 1er novembre, une navette gratuite relie la place de la Station au cimetière de
Belgrade toutes les demi-heures, de 9 à 16 heures. Elle est accessible aux personnes à
mobilité réduite.</p>
<p>Des brouettes et des arrosoirs sont mis à disposition à l’entrée de chaque cimetière.</p>
""",
    ),
    # ------------------------------------------------------------------ November 2026
    News(
        slug="projet-de-budget-2027",
        title="Budget 2027 : priorité aux écoles, à la propreté et à la sécurité routière",
        topic="vie-communale",
        tags=("budget", "conseil communal"),
        published=at(11, 3, 11),
        featured=True,
        lead=(
            "Le Collège communal a présenté son projet de budget pour 2027. À l’équilibre sans "
            "hausse des taxes, il consacre 42 millions d’euros aux investissements, dont un "
            "tiers pour les écoles."
        ),
        body="""
<p>Le projet de budget 2027 sera soumis au vote du conseil communal en décembre. Il présente un
<strong>budget ordinaire à l’équilibre</strong>, sans hausse de l’impôt des personnes physiques
ni du précompte immobilier.</p>
<h2>Les grandes masses</h2>
<ul>
<li>dépenses ordinaires : 248 millions d’euros, dont près de la moitié pour le personnel ;</li>
<li>investissements : 42 millions d’euros ;</li>
<li>dette par habitant : en légère baisse pour la troisième année consécutive.</li>
</ul>
<h2>Où iront les investissements ?</h2>
<p>Un tiers des investissements est consacré aux bâtiments scolaires : toitures, chauffage et
sanitaires. Viennent ensuite la voirie et les aménagements cyclables, la propreté publique et
l’éclairage LED.</p>
<blockquote><p>« Dans un contexte difficile pour toutes les communes, nous faisons le choix de
protéger les services du quotidien : des écoles en bon état, des rues propres et des trajets
plus sûrs pour les enfants. »</p></blockquote>
<p>— Marc Delforge, échevin des Finances</p>
<p>Le document complet sera disponible à l’Hôtel de Ville quinze jours avant la séance.</p>
""",
        picture=Picture(
            size=WIDE,
            motif="townhall",
            alt="Dessin de la façade de l’Hôtel de Ville avec ses fenêtres hautes et son fronton",
            caption="Le projet de budget sera voté au conseil communal de décembre.",
        ),
        related=(
            "conseil-communal-octobre-2026",
            "conseil-communal-septembre-2026",
            "budget-participatif-quartiers",
            "conseil-communal-decembre-budget",
        ),
    ),
    News(
        slug="travaux-rue-de-fer-deuxieme-phase",
        title="Rue de Fer : la deuxième phase du chantier commence le 9 novembre",
        topic="travaux",
        tags=("travaux", "commerces"),
        published=at(11, 5, 9),
        featured=True,
        lead=(
            "La première phase est terminée avec une semaine d’avance. Le chantier se déplace "
            "vers la partie haute de la rue de Fer, avec une pause pendant les fêtes de fin "
            "d’année pour les commerçants."
        ),
        body="""
<p>Bonne nouvelle pour les commerçants et les passants : le tronçon entre la place d’Armes et
la rue de l’Ange est terminé. Pavés, bancs et éclairage y sont déjà en place.</p>
<h2>Ce qui change à partir du 9 novembre</h2>
<p>Les travaux se déplacent vers la partie haute de la rue, jusqu’à la place de la Station. Le
cheminement piéton est maintenu devant les vitrines et l’accès aux entrées d’immeubles reste
garanti.</p>
<h2>Une trêve pour les fêtes</h2>
<p>À la demande de l’association des commerçants, le chantier est <strong>mis à l’arrêt du
28 novembre au 4 janvier</strong>. Les fosses seront refermées et la rue rendue entièrement
praticable pendant cette période.</p>
<p>Pour rappel, la permanence de chantier se tient le mardi matin à l’Hôtel de Ville.</p>
""",
        picture=Picture(
            size=WIDE,
            motif="worksite",
            alt="Dessin d’une rue en chantier avec une grue et des barrières rouge et blanc",
            caption="La partie haute de la rue de Fer est en chantier jusqu’au printemps.",
            credit="© Sarah Lemaire",
            sky=("#6e94b5", "#f2d7b6"),
        ),
        related=("travaux-rue-de-fer-premiere-phase", "pietonnier-extension-consultation"),
    ),
    News(
        slug="piste-cyclable-chaussee-de-louvain",
        title="Chaussée de Louvain : une piste cyclable séparée sur 1,8 kilomètre",
        topic="travaux",
        tags=("vélo", "travaux"),
        published=at(11, 6, 10),
        lead=(
            "Premier chantier du plan vélo, une piste cyclable séparée de la chaussée sera "
            "aménagée entre le rond-point de Bouge et le boulevard du Nord. Les travaux durent "
            "quatre mois."
        ),
        body="""
<p>La chaussée de Louvain est un axe très emprunté par les cyclistes qui rejoignent le centre
depuis Bouge et Champion. La bande cyclable peinte actuelle sera remplacée par une
<strong>piste séparée de la circulation</strong> par une bordure.</p>
<p>La circulation automobile est maintenue dans les deux sens pendant tout le chantier, avec
des rétrécissements ponctuels. Les bus circulent normalement.</p>
<p>Le plan du futur aménagement peut être consulté au service Mobilité. Questions :
<a href="mailto:mobilite@ville.namur.be">mobilite@ville.namur.be</a>.</p>
""",
        picture=Picture(
            motif="bicycle",
            alt="Dessin d’un vélo sur une piste cyclable séparée de la route par une bordure",
            caption="La piste sera séparée de la chaussée par une bordure.",
            sky=("#c9dde9", "#f5f0e1"),
        ),
        related=("semaine-de-la-mobilite-2026", "parking-velos-gare"),
    ),
    News(
        slug="berges-de-meuse-nettoyage-biodiversite",
        title="Berges de Meuse : nettoyage et nichoirs pour les oiseaux d’eau",
        topic="environnement",
        tags=("Meuse", "biodiversité", "propreté"),
        published=at(11, 9, 10),
        lead=(
            "Une centaine de bénévoles ont nettoyé les berges de la Meuse entre Jambes et "
            "Wépion. Des nichoirs et des radeaux végétalisés ont été installés pour les oiseaux "
            "d’eau."
        ),
        body="""
<p>Samedi dernier, une centaine de bénévoles, accompagnés d’agents du service Environnement,
ont parcouru six kilomètres de berges. Ils ont rempli plus de deux cents sacs de déchets, pour
l’essentiel des plastiques laissés par les crues.</p>
<p>Dans la foulée, douze <strong>nichoirs</strong> et deux radeaux végétalisés ont été posés
dans les zones calmes du fleuve. Ils offriront des abris aux foulques, aux grèbes et aux
martins-pêcheurs.</p>
<p>Une nouvelle journée de nettoyage est prévue au printemps, du côté de la Sambre.</p>
""",
        picture=Picture(
            motif="riverbank",
            alt="Dessin de la Meuse et de sa rive verte, un nichoir posé sur un poteau",
            credit="© Thomas Gérard",
            sky=("#a9c6d9", "#edf2e4"),
        ),
        related=("namourette-horaire-hiver", "plantation-arbres-parc-louise-marie"),
    ),
    News(
        slug="plan-grand-froid-abri-de-nuit",
        title="Plan grand froid : l’abri de nuit ouvre 20 places supplémentaires",
        topic="solidarite",
        tags=("hiver",),
        published=at(11, 10, 10),
        lead=(
            "Du 15 novembre au 31 mars, l’abri de nuit communal accueille jusqu’à 60 personnes. "
            "Une maraude passe chaque soir dans le centre pour proposer une boisson chaude et "
            "une place au chaud."
        ),
        body="""
<p>Avec l’arrivée des premières gelées, la Ville déclenche son <strong>plan grand froid</strong>
en collaboration avec le CPAS et les associations de terrain.</p>
<h2>Ce qui est mis en place</h2>
<ul>
<li>vingt lits supplémentaires à l’abri de nuit, soit soixante places ;</li>
<li>une maraude chaque soir entre 20 heures et minuit ;</li>
<li>un accueil de jour prolongé jusqu’à 19 heures les jours de gel.</li>
</ul>
<p>Vous croisez une personne en difficulté dans la rue par grand froid ? Appelez le
<a href="tel:+3281246000">081 24 60 00</a> en journée, ou le 112 en cas d’urgence.</p>
""",
        picture=Picture(
            motif="people",
            alt="Dessin de six silhouettes côte à côte, un soir d’hiver",
            sky=("#1d2b45", "#4f6d8f"),
        ),
        related=("collecte-jouets-noel-solidaire",),
    ),
    News(
        slug="marche-de-noel-2026",
        title="Le marché de Noël s’installe sur la place d’Armes dès le 27 novembre",
        topic="culture",
        tags=("Noël", "commerces"),
        published=at(11, 12, 10),
        featured=True,
        lead=(
            "Une soixantaine de chalets, des artisans de la région et une grande roue : le "
            "marché de Noël ouvre le vendredi 27 novembre et anime le centre-ville jusqu’au "
            "3 janvier."
        ),
        body="""
<p>Le marché de Noël revient sur la place d’Armes et la place de l’Ange. Cette année, une
place plus grande est faite aux <strong>artisans et producteurs de la région</strong>, qui
occupent la moitié des chalets.</p>
<h2>Horaires</h2>
<ul>
<li>du lundi au jeudi, de 12 à 21 heures ;</li>
<li>le vendredi et le samedi, de 11 à 23 heures ;</li>
<li>le dimanche, de 11 à 21 heures ;</li>
<li>fermeture à 17 heures les 24 et 31 décembre, fermé le 25 décembre et le 1er janvier.</li>
</ul>
<h2>Un marché plus durable</h2>
<p>Les chalets sont éclairés en LED, la vaisselle est réutilisable et les boissons sont
servies dans des gobelets consignés. Les commerces du centre prolongent leurs horaires les
dimanches de décembre.</p>
""",
        picture=Picture(
            size=WIDE,
            motif="christmas",
            alt="Dessin de chalets en bois illuminés de guirlandes sous un ciel étoilé",
            caption="Une soixantaine de chalets sur la place d’Armes et la place de l’Ange.",
            credit="© Julien Delvaux",
            sky=("#0f1e3d", "#33507a"),
        ),
        related=("collecte-jouets-noel-solidaire", "patinoire-place-d-armes"),
    ),
    News(
        slug="collecte-jouets-noel-solidaire",
        title="Noël solidaire : déposez un jouet dans l’une des douze boîtes de collecte",
        topic="solidarite",
        tags=("Noël", "jeunesse"),
        published=at(11, 13, 10),
        lead=(
            "Jusqu’au 12 décembre, des boîtes de collecte attendent vos jouets en bon état dans "
            "les bibliothèques, les piscines et l’Hôtel de Ville. Ils seront offerts aux enfants "
            "de familles suivies par le CPAS."
        ),
        body="""
<p>Pour que chaque enfant trouve un cadeau au pied du sapin, la Ville et le CPAS organisent une
grande <strong>collecte de jouets</strong>.</p>
<p>Sont acceptés les jouets complets, propres et en bon état, ainsi que les livres pour enfants.
Les peluches ne sont pas acceptées pour des raisons d’hygiène.</p>
<p>Les jouets seront triés par des bénévoles puis distribués lors d’une fête organisée le
19 décembre. Vous souhaitez aider au tri ? Écrivez à
<a href="mailto:solidarite@ville.namur.be">solidarite@ville.namur.be</a>.</p>
""",
        picture=Picture(
            motif="gifts",
            alt="Dessin de paquets cadeaux colorés entourés de rubans",
            sky=("#8c2f39", "#e9c46a"),
        ),
        related=("marche-de-noel-2026",),
    ),
    News(
        slug="stages-sportifs-vacances-hiver",
        title="Congés d’hiver : les inscriptions aux stages sportifs sont ouvertes",
        topic="sports",
        tags=("jeunesse",),
        published=at(11, 16, 10),
        lead=(
            "Multisports, natation, escalade ou psychomotricité : les stages sportifs "
            "communaux accueillent les enfants de 3 à 15 ans pendant les deux semaines des "
            "congés d’hiver."
        ),
        body="""
<p>Le service des Sports propose une vingtaine de stages pendant les congés d’hiver, du
21 décembre au 1er janvier (sauf jours fériés).</p>
<ul>
<li>psychomotricité pour les 3 à 5 ans, le matin ;</li>
<li>multisports et natation pour les 6 à 12 ans ;</li>
<li>escalade et sports de raquette pour les 10 à 15 ans.</li>
</ul>
<p>Les stages coûtent 60 euros la semaine ; un tarif réduit s’applique à partir du deuxième
enfant et aux familles bénéficiant de l’intervention majorée.</p>
""",
        picture=Picture(
            motif="sport",
            alt="Dessin d’un ballon et de plots sur le sol d’une salle de sport",
            sky=("#f2a65a", "#f7e1c4"),
        ),
    ),
    News(
        slug="pietonnier-extension-consultation",
        title="Extension du piétonnier : donnez votre avis jusqu’au 15 décembre",
        topic="mobilite",
        tags=("commerces",),
        published=at(11, 17, 10),
        lead=(
            "La Ville envisage d’étendre la zone piétonne à trois rues du centre. Habitants, "
            "commerçants et usagers peuvent donner leur avis en ligne ou lors de deux séances "
            "d’information."
        ),
        body="""
<p>Dix ans après sa création, le piétonnier du centre a changé le visage de la corbeille. La
Ville étudie aujourd’hui son extension à la rue des Croisiers, à la rue Saint-Jacques et au
bas de la rue de Bruxelles.</p>
<h2>Deux séances d’information</h2>
<p>Les plans seront présentés et discutés :</p>
<ul>
<li>le mardi 24 novembre à 19 heures, à l’Hôtel de Ville ;</li>
<li>le jeudi 3 décembre à 19 heures, à la Maison de la Culture.</li>
</ul>
<p>L’avis des commerçants sur les horaires de livraison est particulièrement attendu. Les
conclusions de la consultation seront présentées au conseil communal au printemps.</p>
""",
        picture=Picture(
            motif="street",
            alt="Dessin d’une rue piétonne bordée de façades, vue en perspective",
            sky=("#9cc3e0", "#f6eddc"),
        ),
        related=("travaux-rue-de-fer-deuxieme-phase",),
    ),
    News(
        slug="conseil-communal-novembre-2026",
        title="Conseil communal du 18 novembre : un plan nature pour la ville",
        topic="vie-communale",
        tags=("conseil communal", "biodiversité", "Meuse"),
        published=at(11, 19, 17),
        lead=(
            "Le conseil communal a approuvé un plan communal de développement de la nature, qui "
            "relie parcs, berges et jardins en un réseau écologique. Il a aussi validé la "
            "rénovation de la salle omnisports de Jambes."
        ),
        body="""
<p>Réuni le mercredi 18 novembre, le conseil communal a adopté le <strong>plan communal de
développement de la nature</strong>. Ce document recense les espaces naturels du territoire,
des parcs aux berges de la Meuse et de la Sambre, et prévoit de les relier par des haies, des
alignements d’arbres et des prairies.</p>
<p>Le conseil a également approuvé le cahier des charges de la rénovation de la salle
omnisports de Jambes : isolation, nouveau revêtement de sol et vestiaires accessibles.</p>
<p>Prochaine séance : en décembre, avec le vote du budget 2027.</p>
""",
    ),
    News(
        slug="citadelle-illuminations-hiver",
        title="La Citadelle s’illumine pour l’hiver",
        topic="culture",
        tags=("Citadelle", "Noël", "patrimoine"),
        published=at(11, 20, 10),
        featured=True,
        lead=(
            "Dès la tombée du jour, les remparts de la Citadelle se parent de lumière jusqu’au "
            "10 janvier. Un parcours lumineux gratuit relie Terra Nova au donjon."
        ),
        body="""
<p>Pour la première fois, la Citadelle propose un <strong>parcours lumineux</strong> tout au
long de l’hiver. Jeux de couleurs sur les murailles, projections sur les façades de la caserne
et lanternes le long des chemins de ronde composent une promenade d’une quarantaine de
minutes.</p>
<p>Le parcours est gratuit et accessible chaque soir de 17 à 22 heures. Une partie du chemin
est pavée et en pente : les poussettes passent, mais les fauteuils roulants devront emprunter
l’itinéraire adapté signalé à l’entrée.</p>
<blockquote><p>« La Citadelle appartient à tous les Namurois. Ce parcours est une invitation à la
redécouvrir en famille, de nuit, à deux pas des fêtes du centre-ville. »</p></blockquote>
<p>— Élise Marchal, échevine de la Culture et des Festivités</p>
<p>Pour monter sans voiture, la navette Citadelle circule toutes les vingt minutes depuis la
gare jusqu’à 22 h 30.</p>
""",
        picture=Picture(
            size=WIDE,
            motif="citadel-night",
            alt="Dessin des remparts de la Citadelle illuminés de couleurs sous un ciel nocturne",
            caption="Le parcours lumineux relie Terra Nova au donjon.",
            credit="© Julien Delvaux",
            sky=("#0b1330", "#3a3f7a"),
        ),
        related=("citadelle-souterrains-visites-automne", "marche-de-noel-2026"),
    ),
    # ------------------------------------------------------------------ Scheduled
    News(
        slug="patinoire-place-d-armes",
        title="La patinoire de la place d’Armes ouvre ses portes",
        topic="sports",
        tags=("Noël", "hiver"),
        scheduled_in_days=5,
        lead=(
            "Une patinoire de 600 mètres carrés accueille petits et grands pendant toute la "
            "durée du marché de Noël. Location de patins comprise dans le prix d’entrée."
        ),
        body="""
<p>Installée au cœur du marché de Noël, la patinoire accueille le public tous les jours, aux
mêmes horaires que les chalets.</p>
<p>L’entrée coûte 6 euros, location de patins comprise ; 4 euros pour les moins de 12 ans. Des
aides au patinage sont prêtées aux plus petits.</p>
<p>Les matinées en semaine sont réservées aux écoles, sur inscription auprès du service des
Sports.</p>
""",
        picture=Picture(
            motif="rink",
            alt="Dessin d’une patinoire bleu clair sous des guirlandes lumineuses",
            sky=("#1b2a4e", "#6d8fb8"),
        ),
        related=("marche-de-noel-2026",),
    ),
    News(
        slug="deneigement-circuits-prioritaires",
        title="Neige et verglas : les circuits de salage prioritaires",
        topic="mobilite",
        tags=("hiver",),
        scheduled_in_days=3,
        lead=(
            "Dix-huit épandeuses sont prêtes à intervenir. Les axes des bus, les abords des "
            "écoles et des hôpitaux sont traités en premier ; les riverains dégagent leur "
            "trottoir."
        ),
        body="""
<p>Le service hivernal est en place jusqu’au 31 mars. Dès que le verglas menace, les équipes
traitent d’abord les routes principales, les lignes de bus et les accès aux écoles, aux
hôpitaux et aux services de secours.</p>
<p>Les rues secondaires sont traitées ensuite, selon l’évolution de la météo.</p>
<p>Rappel : chaque riverain doit dégager la neige sur le trottoir devant son habitation, sur
une largeur d’au moins un mètre.</p>
""",
        picture=Picture(
            motif="snow",
            alt="Dessin d’une route enneigée sous des flocons, bordée de sapins",
            sky=("#8da9c4", "#eef4f8"),
        ),
    ),
    News(
        slug="conseil-communal-decembre-budget",
        title="Conseil communal de décembre : le budget 2027 soumis au vote",
        topic="vie-communale",
        tags=("budget", "conseil communal"),
        scheduled_in_days=12,
        lead=(
            "Le conseil communal examine le budget 2027 lors de sa séance de décembre. La séance "
            "est publique et retransmise en direct."
        ),
        body="""
<p>La dernière séance de l’année du conseil communal est consacrée au budget 2027, présenté
début novembre par le Collège.</p>
<p>Le public peut assister à la séance dans la salle du conseil de l’Hôtel de Ville, dans la
limite des places disponibles.</p>
<p>Le compte rendu des décisions sera publié le lendemain sur ce site.</p>
""",
        related=("projet-de-budget-2027",),
    ),
    # ------------------------------------------------------------------ Not public
    News(
        slug="fetes-de-wallonie-2027-appel-benevoles",
        title="Fêtes de Wallonie 2027 : appel aux bénévoles",
        topic="culture",
        tags=("Fêtes de Wallonie", "jeunesse"),
        status=Status.DRAFT,
        lead=(
            "Accueil, information, tri des déchets : la Ville recherche des bénévoles pour "
            "l’édition 2027 des Fêtes de Wallonie."
        ),
        body="""
<p>Texte en cours de rédaction : missions proposées, avantages pour les bénévoles.</p>
<p>À compléter avec le service des Festivités.</p>
<p>Inscriptions : adresse à confirmer.</p>
""",
    ),
    News(
        slug="parking-velos-gare",
        title="Un parking vélos sécurisé de 400 places à la gare",
        topic="mobilite",
        tags=("vélo",),
        status=Status.DRAFT,
        lead=(
            "Un parking vélos surveillé de 400 places ouvrira sous la dalle de la gare. Accès "
            "par abonnement, avec recharge pour vélos électriques."
        ),
        body="""
<p>Le futur parking vélos de la gare offrira 400 places couvertes et surveillées.</p>
<p>Tarifs et date d’ouverture à confirmer avec la SNCB.</p>
<p>Photos du chantier à ajouter.</p>
""",
        picture=Picture(
            motif="bicycle",
            alt="Dessin d’un vélo garé au bord d’une bande verte",
            credit="© Thomas Gérard",
            sky=("#7d8fa8", "#e3e7ee"),
        ),
    ),
    News(
        slug="budget-participatif-quartiers",
        title="Budget participatif : 300 000 euros pour les projets des quartiers",
        topic="vie-communale",
        tags=("budget", "jeunesse"),
        status=Status.REVIEW,
        lead=(
            "Aire de jeux, potager collectif, boîte à livres : les habitants proposeront et "
            "choisiront les projets financés par le premier budget participatif namurois."
        ),
        body="""
<p>Le premier <strong>budget participatif</strong> de la Ville est doté de 300 000 euros.</p>
<p>Les projets peuvent être déposés par des habitants ou des associations, à partir de 16 ans.
Ils sont ensuite examinés par les services puis soumis au vote des habitants.</p>
<p>Le calendrier détaillé sera publié en janvier.</p>
""",
        picture=Picture(
            motif="people",
            alt="Dessin d’un groupe d’habitants côte à côte",
            sky=("#e8a87c", "#f6e6d4"),
        ),
    ),
]


# ---------------------------------------------------------------------- pictures


def _frac(i: int, step: float = 0.618034) -> float:
    """Return the i-th point of a well-spread deterministic sequence in [0, 1)."""
    return (i * step) % 1.0


def _ground(draw, w, h, top, color):
    draw.rectangle((0, top, w, h), fill=color)


def _citadel(draw, w, h, night):
    draw.polygon(
        [
            (0, h),
            (0, h * 0.62),
            (w * 0.2, h * 0.5),
            (w * 0.32, h * 0.42),
            (w * 0.78, h * 0.4),
            (w, h * 0.55),
            (w, h),
        ],
        fill="#1e2d24" if night else "#4f6b3a",
    )
    wall = "#e0b84c" if night else "#b9a27c"
    draw.rectangle((w * 0.3, h * 0.3, w * 0.78, h * 0.42), fill=wall)
    for i in range(12):
        x = w * (0.3 + i * 0.04)
        draw.rectangle((x, h * 0.27, x + w * 0.02, h * 0.3), fill=wall)
    draw.rectangle((w * 0.62, h * 0.18, w * 0.7, h * 0.3), fill=wall)
    draw.polygon([(w * 0.61, h * 0.18), (w * 0.66, h * 0.11), (w * 0.71, h * 0.18)], fill=wall)
    for i in range(6):
        x = w * (0.34 + i * 0.07)
        draw.ellipse((x, h * 0.34, x + w * 0.015, h * 0.37), fill="#5a4a32")
    draw.rectangle((0, h * 0.84, w, h), fill="#1b3550" if night else "#3d6d8f")
    if night:
        for i in range(40):
            x, y = _frac(i) * w, _frac(i, 0.754877) * h * 0.25
            draw.ellipse((x, y, x + 4, y + 4), fill="#fff6d5")
        for i, color in enumerate(("#ff5d8f", "#5de0ff", "#ffd35d")):
            x = w * (0.36 + i * 0.13)
            draw.polygon([(x, h * 0.42), (x - w * 0.06, 0), (x + w * 0.06, 0)], fill=color)


def _river(draw, w, h, boat):
    draw.polygon(
        [
            (0, h * 0.5),
            (w * 0.3, h * 0.38),
            (w * 0.6, h * 0.45),
            (w, h * 0.36),
            (w, h * 0.55),
            (0, h * 0.55),
        ],
        fill="#3f6b45",
    )
    draw.rectangle((0, h * 0.55, w, h), fill="#4a7fa6")
    for i in range(14):
        y = h * (0.6 + i * 0.028)
        x = _frac(i) * w * 0.8
        draw.line((x, y, x + w * 0.18, y), fill="#8fb9d6", width=max(2, h // 250))
    if boat:
        hull = [
            (w * 0.35, h * 0.68),
            (w * 0.65, h * 0.68),
            (w * 0.61, h * 0.76),
            (w * 0.39, h * 0.76),
        ]
        draw.polygon(hull, fill="#f4f1e8")
        draw.rectangle((w * 0.42, h * 0.6, w * 0.58, h * 0.68), fill="#d1495b")
        for i in range(4):
            x = w * (0.44 + i * 0.035)
            draw.rectangle((x, h * 0.62, x + w * 0.02, h * 0.655), fill="#cfe3f2")
    else:
        draw.rectangle((w * 0.12, h * 0.3, w * 0.13, h * 0.5), fill="#6b4f32")
        draw.rectangle((w * 0.1, h * 0.24, w * 0.15, h * 0.31), fill="#a0784e")
        draw.ellipse((w * 0.118, h * 0.265, w * 0.132, h * 0.29), fill="#3b2a1a")


def _bicycle(draw, w, h):
    _ground(draw, w, h, h * 0.72, "#5c9c5a")
    draw.rectangle((0, h * 0.78, w, h * 0.9), fill="#3f8f6b")
    r, y, width = h * 0.16, h * 0.62, max(6, h // 90)
    back, front = (w * 0.35, y), (w * 0.65, y)
    for x, _ in (back, front):
        draw.ellipse((x - r, y - r, x + r, y + r), outline="#222831", width=width)
    pedal, seat, bars = (w * 0.48, y), (w * 0.44, h * 0.42), (w * 0.6, h * 0.4)
    for start, end in ((back, pedal), (pedal, seat), (seat, back), (pedal, bars), (bars, front)):
        draw.line((start, end), fill="#d1495b", width=width)
    draw.line((seat, (seat[0] + w * 0.04, seat[1] - h * 0.02)), fill="#222831", width=width)
    draw.line((bars, (bars[0] + w * 0.03, bars[1] - h * 0.04)), fill="#222831", width=width)


def _festival(draw, w, h):
    colors = ("#ffd166", "#ef476f", "#06d6a0", "#118ab2", "#f78c6b", "#ffffff")
    for i in range(70):
        x, y, s = _frac(i) * w, _frac(i, 0.754877) * h, 6 + (i % 5) * 5
        draw.ellipse((x, y, x + s, y + s), fill=colors[i % len(colors)])
    for row, y0 in enumerate((0.12, 0.32)):
        draw.line((0, h * y0, w, h * (y0 + 0.06)), fill="#f4f1de", width=4)
        for i in range(12):
            x = w * (i / 12)
            y = h * (y0 + 0.06 * i / 12)
            flag = [(x, y), (x + w / 14, y + h * 0.005), (x + w / 28, y + h * 0.1)]
            draw.polygon(flag, fill=colors[(i + row) % 5])
    _ground(draw, w, h, h * 0.85, "#2b2d42")


def _trees(draw, w, h):
    _ground(draw, w, h, h * 0.62, "#7cb36b")
    draw.ellipse((w * 0.55, h * 0.7, w * 0.95, h * 0.9), fill="#6fa8c9")
    for i in range(7):
        x = w * (0.06 + i * 0.14)
        size = h * (0.1 + 0.05 * (i % 3))
        base = h * (0.66 + 0.04 * (i % 2))
        draw.rectangle((x - w * 0.008, base - size, x + w * 0.008, base), fill="#6b4f32")
        draw.ellipse(
            (x - size * 0.6, base - size * 1.8, x + size * 0.6, base - size * 0.7),
            fill=("#2d6a4f", "#40916c", "#52b788")[i % 3],
        )
    for i in range(30):
        x, y = _frac(i) * w * 0.5, h * (0.75 + _frac(i, 0.754877) * 0.2)
        draw.ellipse((x, y, x + 10, y + 10), fill=("#ffd166", "#ef476f", "#ffffff")[i % 3])


def _worksite(draw, w, h):
    _ground(draw, w, h, h * 0.7, "#6c6f73")
    draw.line((w * 0.8, h * 0.7, w * 0.8, h * 0.08), fill="#f2a900", width=max(8, w // 120))
    draw.line((w * 0.45, h * 0.1, w * 0.95, h * 0.1), fill="#f2a900", width=max(8, w // 120))
    draw.line((w * 0.55, h * 0.1, w * 0.55, h * 0.35), fill="#333333", width=3)
    for i in range(6):
        x = w * (0.05 + i * 0.11)
        draw.rectangle((x, h * 0.6, x + w * 0.1, h * 0.66), fill="#ffffff")
        for j in range(4):
            sx = x + j * w * 0.025
            draw.rectangle((sx, h * 0.6, sx + w * 0.0125, h * 0.66), fill="#d62828")
        draw.rectangle((x + w * 0.01, h * 0.66, x + w * 0.015, h * 0.72), fill="#444444")
    for i in range(4):
        x = w * (0.12 + i * 0.18)
        draw.polygon(
            [(x, h * 0.9), (x + w * 0.04, h * 0.74), (x + w * 0.08, h * 0.9)], fill="#f77f00"
        )
        draw.rectangle((x + w * 0.025, h * 0.8, x + w * 0.055, h * 0.82), fill="#ffffff")


def _books(draw, w, h):
    colors = ("#264653", "#2a9d8f", "#e9c46a", "#f4a261", "#e76f51", "#8d5a97", "#3d5a80")
    shelves = 5
    for s in range(shelves):
        bottom = h * (0.18 + s * 0.18)
        draw.rectangle((w * 0.05, bottom, w * 0.95, bottom + h * 0.015), fill="#7a5230")
        x = w * 0.07
        i = s * 3
        while x < w * 0.9:
            bw = w * (0.035 + 0.02 * _frac(i))
            bh = h * (0.1 + 0.05 * _frac(i, 0.754877))
            draw.rectangle((x, bottom - bh, x + bw, bottom), fill=colors[i % len(colors)])
            x += bw + w * 0.006
            i += 1


def _crossing(draw, w, h):
    draw.rectangle((w * 0.1, h * 0.15, w * 0.9, h * 0.55), fill="#e9d8a6")
    for i in range(6):
        x = w * (0.14 + i * 0.13)
        draw.rectangle((x, h * 0.22, x + w * 0.08, h * 0.34), fill="#94d2bd")
    draw.rectangle((w * 0.45, h * 0.4, w * 0.55, h * 0.55), fill="#9b2226")
    _ground(draw, w, h, h * 0.55, "#495057")
    for i in range(7):
        x = w * (0.15 + i * 0.1)
        draw.rectangle((x, h * 0.68, x + w * 0.06, h * 0.95), fill="#f8f9fa")


def _sun(draw, w, h):
    cx, cy, r = w * 0.5, h * 0.42, h * 0.18
    for i in range(16):
        angle = i * math.pi / 8
        draw.line(
            (
                cx + r * 1.2 * math.cos(angle),
                cy + r * 1.2 * math.sin(angle),
                cx + r * 1.7 * math.cos(angle),
                cy + r * 1.7 * math.sin(angle),
            ),
            fill="#ffb703",
            width=max(6, h // 100),
        )
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill="#fb8500")
    for i in range(9):
        x, bh = w * i / 9, h * (0.12 + 0.08 * _frac(i))
        draw.rectangle((x, h - h * 0.12 - bh, x + w / 9 - 6, h), fill="#9c6644")
        draw.polygon(
            [(x, h * 0.88 - bh), (x + w / 18, h * 0.8 - bh), (x + w / 9 - 6, h * 0.88 - bh)],
            fill="#7f4f24",
        )


def _townhall(draw, w, h):
    _ground(draw, w, h, h * 0.88, "#adb5bd")
    draw.rectangle((w * 0.15, h * 0.3, w * 0.85, h * 0.88), fill="#e9e2d0")
    draw.polygon([(w * 0.12, h * 0.3), (w * 0.5, h * 0.1), (w * 0.88, h * 0.3)], fill="#8d99ae")
    draw.ellipse((w * 0.47, h * 0.17, w * 0.53, h * 0.26), fill="#f8f9fa")
    for row in range(3):
        for col in range(7):
            x, y = w * (0.2 + col * 0.092), h * (0.36 + row * 0.16)
            draw.rectangle((x, y, x + w * 0.05, y + h * 0.11), fill="#4a6fa5")
    draw.rectangle((w * 0.45, h * 0.72, w * 0.55, h * 0.88), fill="#6c4f3d")
    draw.rectangle((w * 0.49, h * 0.02, w * 0.495, h * 0.1), fill="#333333")
    draw.polygon(
        [(w * 0.495, h * 0.02), (w * 0.54, h * 0.035), (w * 0.495, h * 0.05)], fill="#fcd116"
    )


def _people(draw, w, h):
    _ground(draw, w, h, h * 0.8, "#3d405b")
    colors = ("#e07a5f", "#81b29a", "#f2cc8f", "#98c1d9", "#b56576", "#e5989b")
    for i in range(6):
        x = w * (0.12 + i * 0.15)
        top = h * (0.42 + 0.04 * (i % 2))
        draw.ellipse((x - w * 0.035, top - h * 0.09, x + w * 0.035, top + h * 0.02), fill="#f1d3b3")
        draw.pieslice(
            (x - w * 0.07, top + h * 0.04, x + w * 0.07, h * 0.98), 180, 360, fill=colors[i]
        )
        draw.rectangle((x - w * 0.07, h * 0.7, x + w * 0.07, h * 0.8), fill=colors[i])


def _christmas(draw, w, h):
    for i in range(50):
        x, y = _frac(i) * w, _frac(i, 0.754877) * h * 0.4
        draw.ellipse((x, y, x + 5, y + 5), fill="#fff8e7")
    _ground(draw, w, h, h * 0.82, "#e8eef2")
    for i in range(5):
        x = w * (0.03 + i * 0.195)
        draw.rectangle((x, h * 0.55, x + w * 0.17, h * 0.82), fill="#8b5a2b")
        draw.polygon(
            [(x - w * 0.01, h * 0.56), (x + w * 0.085, h * 0.42), (x + w * 0.18, h * 0.56)],
            fill="#5e3a1a",
        )
        draw.polygon(
            [(x - w * 0.01, h * 0.56), (x + w * 0.085, h * 0.44), (x + w * 0.18, h * 0.56)],
            outline="#ffffff",
        )
        draw.rectangle((x + w * 0.03, h * 0.62, x + w * 0.14, h * 0.72), fill="#ffcf70")
    draw.line((0, h * 0.3, w, h * 0.38), fill="#555555", width=2)
    for i in range(30):
        x = w * i / 30
        y = h * (0.3 + 0.08 * i / 30)
        draw.ellipse((x - 7, y, x + 7, y + 14), fill=("#ffd166", "#ef476f", "#06d6a0")[i % 3])


def _vault(draw, w, h):
    draw.rectangle((0, 0, w, h), fill="#3a3129")
    draw.ellipse((w * 0.15, h * 0.05, w * 0.85, h * 0.95), fill="#5c4d3c")
    draw.rectangle((w * 0.15, h * 0.5, w * 0.85, h), fill="#5c4d3c")
    draw.ellipse((w * 0.32, h * 0.3, w * 0.68, h * 0.8), fill="#1a1511")
    draw.rectangle((w * 0.32, h * 0.55, w * 0.68, h), fill="#1a1511")
    for row in range(6):
        y = h * (0.1 + row * 0.15)
        for col in range(10):
            x = w * (col * 0.1 + (0.05 if row % 2 else 0))
            draw.rectangle((x, y, x + w * 0.095, y + h * 0.14), outline="#2a231c", width=3)
    draw.polygon([(w * 0.5, h * 0.6), (w * 0.2, h), (w * 0.8, h)], fill="#d9b36c")


def _stage(draw, w, h):
    draw.polygon([(w * 0.5, 0), (w * 0.25, h * 0.85), (w * 0.75, h * 0.85)], fill="#f5e6a8")
    _ground(draw, w, h, h * 0.85, "#5b3a29")
    for side in (0, 1):
        for i in range(5):
            x = w * (i * 0.045) if side == 0 else w * (1 - (i + 1) * 0.045)
            draw.rectangle((x, 0, x + w * 0.045, h * 0.85), fill=("#9d0208", "#6a040f")[i % 2])
    draw.rectangle((0, 0, w, h * 0.08), fill="#6a040f")


def _pool(draw, w, h):
    draw.rectangle((w * 0.04, h * 0.08, w * 0.96, h * 0.92), fill="#48cae4")
    for i in range(1, 6):
        y = h * (0.08 + i * 0.14)
        for j in range(30):
            x = w * (0.05 + j * 0.03)
            draw.ellipse((x, y - 6, x + 12, y + 6), fill=("#d62828", "#ffffff")[j % 2])
    for i in range(8):
        y = h * (0.14 + i * 0.1)
        x = _frac(i) * w * 0.7
        draw.arc((x, y, x + w * 0.15, y + h * 0.04), 200, 340, fill="#caf0f8", width=4)


def _cleanup(draw, w, h):
    _ground(draw, w, h, h * 0.65, "#8d8d8d")
    for i in range(12):
        x = w * (0.05 + i * 0.08)
        y = h * 0.74 + (i % 3) * h * 0.03
        draw.rectangle((x, y, x + w * 0.07, y + h * 0.012), fill="#6f6f6f")
    for i, color in enumerate(("#2b9348", "#ffd60a", "#1d3557")):
        x = w * (0.55 + i * 0.12)
        draw.ellipse((x, h * 0.5, x + w * 0.1, h * 0.8), fill=color)
        draw.polygon(
            [(x + w * 0.04, h * 0.52), (x + w * 0.05, h * 0.44), (x + w * 0.06, h * 0.52)],
            fill=color,
        )
    draw.rectangle((w * 0.1, h * 0.45, w * 0.25, h * 0.8), fill="#386641")
    draw.rectangle((w * 0.09, h * 0.42, w * 0.26, h * 0.46), fill="#2d4f35")
    draw.line((w * 0.35, h * 0.9, w * 0.45, h * 0.4), fill="#bc6c25", width=max(6, w // 150))


def _gifts(draw, w, h):
    colors = ("#e63946", "#2a9d8f", "#f4a261", "#457b9d", "#ffd166")
    for i in range(5):
        x = w * (0.05 + i * 0.185)
        bh = h * (0.25 + 0.12 * (i % 3))
        top = h * 0.9 - bh
        draw.rectangle((x, top, x + w * 0.16, h * 0.9), fill=colors[i])
        draw.rectangle((x + w * 0.07, top, x + w * 0.09, h * 0.9), fill="#ffffff")
        draw.rectangle((x, top + bh * 0.4, x + w * 0.16, top + bh * 0.4 + h * 0.02), fill="#ffffff")
        draw.ellipse(
            (x + w * 0.05, top - h * 0.05, x + w * 0.08, top + h * 0.005),
            outline="#ffffff",
            width=5,
        )
        draw.ellipse(
            (x + w * 0.08, top - h * 0.05, x + w * 0.11, top + h * 0.005),
            outline="#ffffff",
            width=5,
        )


def _sport(draw, w, h):
    _ground(draw, w, h, h * 0.55, "#c98c50")
    draw.line((0, h * 0.75, w, h * 0.75), fill="#ffffff", width=5)
    draw.arc((w * 0.3, h * 0.6, w * 0.7, h * 0.9), 0, 360, fill="#ffffff", width=5)
    draw.ellipse((w * 0.42, h * 0.3, w * 0.58, h * 0.54), fill="#f77f00")
    draw.arc((w * 0.42, h * 0.3, w * 0.58, h * 0.54), 60, 300, fill="#333333", width=4)
    draw.line((w * 0.5, h * 0.3, w * 0.5, h * 0.54), fill="#333333", width=4)
    for i in range(5):
        x = w * (0.08 + i * 0.2)
        draw.polygon(
            [(x, h * 0.95), (x + w * 0.03, h * 0.86), (x + w * 0.06, h * 0.95)], fill="#ffbe0b"
        )


def _street(draw, w, h):
    draw.polygon(
        [(w * 0.3, h), (w * 0.46, h * 0.5), (w * 0.54, h * 0.5), (w * 0.7, h)], fill="#cbb89d"
    )
    for side in (0, 1):
        for i in range(5):
            x0 = w * (0.0 + i * 0.08) if side == 0 else w * (1 - (i + 1) * 0.08)
            top = h * (0.12 + i * 0.07)
            color = ("#e9c46a", "#f4a261", "#e76f51", "#a8dadc", "#f1faee")[(i + side) % 5]
            draw.rectangle((x0, top, x0 + w * 0.08, h * 0.95 - i * h * 0.08), fill=color)
            for k in range(3):
                y = top + h * (0.05 + k * 0.12)
                draw.rectangle((x0 + w * 0.02, y, x0 + w * 0.06, y + h * 0.06), fill="#457b9d")
    for i in range(6):
        x = w * (0.36 + i * 0.05)
        y = h * (0.85 - (i % 2) * 0.05)
        draw.ellipse((x, y - h * 0.08, x + w * 0.02, y - h * 0.05), fill="#f1d3b3")
        draw.rectangle((x, y - h * 0.05, x + w * 0.02, y), fill="#264653")


def _rink(draw, w, h):
    draw.ellipse((w * 0.05, h * 0.45, w * 0.95, h * 0.98), fill="#dff3ff")
    for i in range(5):
        x = w * (0.15 + i * 0.15)
        draw.arc((x, h * 0.6, x + w * 0.2, h * 0.85), 200, 340, fill="#9fc9e6", width=4)
    draw.line((0, h * 0.2, w, h * 0.28), fill="#555555", width=2)
    for i in range(25):
        x = w * i / 25
        draw.ellipse(
            (x - 7, h * (0.2 + 0.08 * i / 25), x + 7, h * (0.2 + 0.08 * i / 25) + 14),
            fill="#ffd166",
        )


def _snow(draw, w, h):
    _ground(draw, w, h, h * 0.6, "#f8f9fa")
    draw.polygon(
        [(w * 0.35, h), (w * 0.48, h * 0.6), (w * 0.52, h * 0.6), (w * 0.65, h)], fill="#adb5bd"
    )
    for i in range(6):
        x = w * (0.04 + i * 0.06) if i < 3 else w * (0.7 + (i - 3) * 0.1)
        draw.polygon(
            [(x, h * 0.7), (x + w * 0.04, h * 0.4), (x + w * 0.08, h * 0.7)], fill="#2d6a4f"
        )
    for i in range(80):
        x, y = _frac(i) * w, _frac(i, 0.754877) * h
        s = 4 + (i % 4) * 3
        draw.ellipse((x, y, x + s, y + s), fill="#ffffff")


MOTIFS: dict[str, Callable[[ImageDraw.ImageDraw, int, int], None]] = {
    "citadel": lambda d, w, h: _citadel(d, w, h, night=False),
    "citadel-night": lambda d, w, h: _citadel(d, w, h, night=True),
    "river": lambda d, w, h: _river(d, w, h, boat=True),
    "riverbank": lambda d, w, h: _river(d, w, h, boat=False),
    "bicycle": _bicycle,
    "festival": _festival,
    "trees": _trees,
    "worksite": _worksite,
    "books": _books,
    "crossing": _crossing,
    "sun": _sun,
    "townhall": _townhall,
    "people": _people,
    "christmas": _christmas,
    "vault": _vault,
    "stage": _stage,
    "pool": _pool,
    "cleanup": _cleanup,
    "gifts": _gifts,
    "sport": _sport,
    "street": _street,
    "rink": _rink,
    "snow": _snow,
}


def draw_picture(picture: Picture) -> bytes:
    """Return a JPEG illustration of ``picture``: a sky gradient and a few shapes."""
    size = picture.size
    top, bottom = picture.sky or ("#8fb8de", "#f1e3c8")
    mask = Image.linear_gradient("L").resize(size)
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)
    MOTIFS[picture.motif](ImageDraw.Draw(image), *size)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


# ---------------------------------------------------------------------- loading


def _topics() -> dict[str, Topic]:
    topics = {}
    for slug, name, description in TOPICS:
        topic = Topic.objects.filter(slug=slug).first() or Topic(slug=slug)
        if topic.pk is None or (topic.name, topic.description) != (name, description):
            topic.name, topic.description = name, description
            topic.save()
        topics[slug] = topic
    return topics


def _tags() -> dict[str, Tag]:
    tags = {}
    for name, slug in TAGS.items():
        tag = Tag.objects.filter(name=name).first() or Tag.objects.filter(slug=slug).first()
        if tag is None:
            tag = Tag.objects.create(name=name, slug=slug)
        if tag.slug != slug and not Tag.objects.filter(slug=slug).exists():
            tag.slug = slug
            tag.save(update_fields=["slug"])
        tags[name] = tag
    return tags


def _article(item: News, topic: Topic) -> Article:
    picture = item.picture
    fields = {
        "title": item.title,
        "lead": item.lead,
        "body": item.body.strip(),
        "topic_id": topic.pk,
        "status": item.status,
        "expiry_date": item.expires,
        "featured": item.featured,
        "image_alt": picture.alt if picture else "",
        "image_caption": picture.caption if picture else "",
        "image_credit": picture.credit if picture else "",
    }
    if item.scheduled_in_days is None:
        fields["publication_date"] = item.published

    article = Article.objects.filter(slug=item.slug).first()
    changed = article is None
    if article is None:
        article = Article(slug=item.slug)
        if item.scheduled_in_days is not None:
            # Only when created: a rerun must not push the scheduled date further away.
            moment = timezone.localtime() + timedelta(days=item.scheduled_in_days)
            article.publication_date = moment.replace(hour=10, minute=0, second=0, microsecond=0)
    for name, value in fields.items():
        stored = getattr(article, name)
        if stored != (clean_html(value) if name == "body" else value):
            setattr(article, name, value)
            changed = True
    if changed:
        article.full_clean()
    if picture and not article.image:
        article.image.save(f"{item.slug}.jpg", ContentFile(draw_picture(picture)), save=False)
        changed = True
    if changed:
        article.save()
    return article


def load() -> str:
    """Create or refresh the demo topics, tags and articles; return a short summary."""
    topics = _topics()
    tags = _tags()
    articles = {item.slug: _article(item, topics[item.topic]) for item in ARTICLES}
    for item in ARTICLES:
        article = articles[item.slug]
        article.tags.set([tags[name] for name in item.tags])
        article.related.set([articles[slug] for slug in item.related])
    return f"{len(ARTICLES)} actualités, {len(TOPICS)} thèmes, {len(TAGS)} mots-clés"
