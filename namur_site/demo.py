"""Demo content of the site itself: the site's name and the editor-managed legal pages."""

from django.contrib.flatpages.models import FlatPage

from namur_site.sites import sync_current_site

LEGAL_PAGES = {
    "/mentions-legales/": (
        "Mentions légales",
        """
<p>Ce site est édité par la Ville de Namur, administration communale, dont le siège est établi
à l'Hôtel de Ville, Esplanade de l'Hôtel de Ville 1, 5000 Namur (Belgique).</p>
<h2>Responsable de la publication</h2>
<p>Le Collège communal, représenté par le Bourgmestre. La rédaction est assurée par le service
Communication de la Ville, joignable à l'adresse
<a href="mailto:communication@ville.namur.be">communication@ville.namur.be</a>.</p>
<h2>Hébergement</h2>
<p>Le site est hébergé sur l'infrastructure informatique de la Ville, en Belgique.</p>
<h2>Droits sur les contenus</h2>
<p>Les textes des actualités et des communiqués peuvent être repris par les médias, avec mention
de la source. Les photographies restent la propriété de leurs auteurs : la mention du crédit
indiqué sous chaque image est obligatoire, et toute autre réutilisation demande leur accord.</p>
<h2>Responsabilité</h2>
<p>La Ville veille à l'exactitude des informations publiées et corrige toute erreur qui lui est
signalée. Les liens vers d'autres sites n'engagent pas la responsabilité de la Ville.</p>
""",
    ),
    "/vie-privee/": (
        "Protection de la vie privée",
        """
<p>La Ville de Namur traite les données personnelles conformément au Règlement général sur la
protection des données (RGPD) et à la loi belge du 30 juillet 2018.</p>
<h2>Ce que ce site ne fait pas</h2>
<p>Ce site ne dépose aucun cookie de mesure d'audience ou de publicité et ne charge aucune
ressource depuis un service tiers. Un cookie technique est utilisé uniquement pour protéger les
formulaires contre les envois frauduleux.</p>
<h2>Demandes d'accréditation presse</h2>
<p>Les données transmises dans une demande d'accréditation (identité, coordonnées, média,
documents) servent uniquement à traiter la demande et à organiser l'accès à l'événement. Elles
ne sont accessibles qu'aux agents du service presse et, lorsque l'événement l'exige, aux services
de sécurité. Elles sont effacées au plus tard 90 jours après la fin de l'événement.</p>
<h2>Vos droits</h2>
<p>Vous pouvez demander l'accès à vos données, leur rectification ou leur effacement en écrivant
au délégué à la protection des données :
<a href="mailto:dpo@ville.namur.be">dpo@ville.namur.be</a>. Vous pouvez aussi introduire une
plainte auprès de l'Autorité de protection des données.</p>
""",
    ),
    "/accessibilite/": (
        "Déclaration d’accessibilité",
        """
<p>La Ville de Namur s'engage à rendre ce site accessible conformément au décret wallon relatif à
l'accessibilité des sites internet des organismes du secteur public.</p>
<h2>État de conformité</h2>
<p>Ce site vise la conformité au niveau AA des règles WCAG 2.1. Chaque type de page est vérifié
automatiquement avant chaque mise en production ; des contrôles manuels complètent ces tests.</p>
<h2>Ce que nous avons prévu</h2>
<ul>
<li>des liens d'évitement vers le contenu et la navigation ;</li>
<li>une navigation complète au clavier, avec un focus toujours visible ;</li>
<li>des contrastes suffisants et des textes qui s'agrandissent sans perte d'information ;</li>
<li>une alternative textuelle pour chaque image porteuse d'information ;</li>
<li>des pages qui fonctionnent sans JavaScript.</li>
</ul>
<h2>Signaler un problème</h2>
<p>Si un contenu vous est inaccessible, écrivez à
<a href="mailto:communication@ville.namur.be">communication@ville.namur.be</a> : nous vous
répondrons dans les quinze jours et vous fournirons l'information sous une autre forme.</p>
""",
    ),
}


def load() -> str:
    """Name the site and create or refresh the legal pages."""
    site = sync_current_site()
    for url, (title, content) in LEGAL_PAGES.items():
        page, _ = FlatPage.objects.update_or_create(
            url=url, defaults={"title": title, "content": content.strip()}
        )
        page.sites.add(site)
    return f"{len(LEGAL_PAGES)} pages légales"
