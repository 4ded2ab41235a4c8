"""The pages that tests/site/test_page_checks.py audits: axe-core, CSP, console and HTML validity.

Every public page, and every state of it worth seeing (a list with results, a form showing its
errors...), belongs in PAGES. Append an entry when a page is added; the demo content
(``load_demo``) is loaded first, so paths may point at demo items.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

from django.contrib.auth.models import Permission, User
from django.core import mail
from playwright.sync_api import Page

from accreditations import badges, links
from accreditations.models import AccreditationRequest


@dataclass(frozen=True)
class PageCheck:
    """A page to audit: where it lives, the status it answers with, what to do before checking.

    ``action`` runs after the page has loaded; the checks then run on the resulting document,
    and ``status`` is that document's status. An action that navigates must wait for the new
    page, e.g. inside ``with page.expect_navigation():``.
    """

    name: str
    path: str
    status: int = 200
    action: Callable[[Page], None] | None = None


def submit_unchecked(form: str = "main form") -> Callable[[Page], None]:
    """Return an action that submits the form as it is, skipping the browser's own validation."""

    def action(page: Page) -> None:
        with page.expect_navigation():
            page.locator(form).evaluate("form => { form.noValidate = true; form.requestSubmit(); }")

    return action


def subscribe_and_open_link(*, confirm: bool) -> Callable[[Page], None]:
    """Return an action that subscribes to the press list, opens the e-mailed link, confirms.

    The tests' task backend sends the e-mail at once, into ``mail.outbox``.
    """

    def action(page: Page) -> None:
        page.get_by_label("Adresse e-mail").fill(f"verification-{confirm}@redaction.example")
        page.get_by_label("Nom et prénom").fill("Léa Martin")
        page.get_by_label("Média").fill("L’Avenir")
        with page.expect_navigation():
            page.get_by_role("button", name="M’abonner").click()
        [link] = [word for word in mail.outbox[-1].body.split() if "/confirmer/" in word]
        # The e-mail names the site by SITE_URL; the live server listens elsewhere.
        page.goto(urljoin(page.url, urlsplit(link).path))
        if confirm:
            with page.expect_navigation():
                page.get_by_role("button", name="Confirmer mon abonnement").click()

    return action


def open_badge_link(reference: str) -> Callable[[Page], None]:
    """Return an action that opens the personal badge link of the demo request ``reference``."""

    def action(page: Page) -> None:
        accreditation = AccreditationRequest.objects.get(reference=reference)
        page.goto(urljoin(page.url, badges.personal_path(badges.badge_for(accreditation))))

    return action


def check_in_staff(path: str, *, code: str | None = None) -> Callable[[Page], None]:
    """Return an action that signs in as door staff, opens ``path`` and checks ``code`` there."""

    def action(page: Page) -> None:
        user, created = User.objects.get_or_create(username="accueil-presse", is_staff=True)
        if created:
            user.set_password("mot-de-passe-long")
            user.save()
            user.user_permissions.add(Permission.objects.get(codename="record_checkin"))
        page.goto(urljoin(page.url, f"/admin/login/?next={path}"))
        page.fill("#id_username", "accueil-presse")
        page.fill("#id_password", "mot-de-passe-long")
        with page.expect_navigation():
            page.click("input[type=submit]")
        if code is not None:
            page.get_by_label("Code du badge").fill(code)
            page.get_by_role("button", name="Vérifier le badge").click()
            page.locator(".checkin-answer").wait_for()

    return action


def open_cancel_link(reference: str, *, confirm: bool = False) -> Callable[[Page], None]:
    """Return an action that opens a demo request's cancel link, and confirms if asked."""

    def action(page: Page) -> None:
        # The link signs the reference only; the ORM cannot run inside Playwright's event loop.
        page.goto(urljoin(page.url, links.cancel_path(SimpleNamespace(reference=reference))))
        if confirm:
            with page.expect_navigation():
                page.get_by_role("button", name="Oui, annuler ma demande").click()

    return action


PAGES: list[PageCheck] = [
    PageCheck("accueil", "/"),
    PageCheck("mentions légales", "/pages/mentions-legales/"),
    PageCheck("vie privée", "/pages/vie-privee/"),
    PageCheck("accessibilité", "/pages/accessibilite/"),
    PageCheck("page introuvable", "/cette-page-n-existe-pas/", status=404),
    PageCheck("actualités", "/actualites/"),
    PageCheck("actualités, page 2", "/actualites/?page=2"),
    PageCheck("actualité avec image et citation", "/actualites/citadelle-illuminations-hiver/"),
    PageCheck("actualité sans image", "/actualites/conseil-communal-octobre-2026/"),
    PageCheck("actualité en portrait", "/actualites/bibliotheques-horaires-elargis/"),
    PageCheck("thème", "/actualites/theme/culture/"),
    PageCheck("mot-clé", "/actualites/tag/velo/"),
    PageCheck("archives du mois", "/actualites/2026/10/"),
    PageCheck("accréditations", "/accreditations/"),
    PageCheck(
        "accréditation, événement", "/accreditations/evenements/visite-delegation-quebec-citadelle/"
    ),
    PageCheck(
        "accréditation, formulaire vide", "/accreditations/visite-delegation-quebec-citadelle/"
    ),
    PageCheck(
        "accréditation, erreurs",
        "/accreditations/visite-delegation-quebec-citadelle/",
        action=submit_unchecked(),
    ),
    PageCheck("accréditation, clôturée", "/accreditations/conseil-communal-budget/"),
    PageCheck(
        "accréditation, pas encore ouverte", "/accreditations/saison-culturelle-theatre-royal/"
    ),
    PageCheck(
        "accréditation, confirmation",
        "/accreditations/visite-delegation-quebec-citadelle/confirmation/ACC-DEMA-2345/",
    ),
    PageCheck(
        "accréditation, confirmation en liste d’attente",
        "/accreditations/visite-delegation-quebec-citadelle/confirmation/ACC-DEMA-2353/",
    ),
    PageCheck("recherche, formulaire vide", "/recherche/"),
    PageCheck("recherche, résultats", "/recherche/?q=citadelle"),
    PageCheck("recherche, filtres", "/recherche/?q=noel&type=actualites&theme=culture&annee=2026"),
    PageCheck("recherche, aucun résultat", "/recherche/?q=zorglub"),
    PageCheck("espace presse", "/presse/espace-presse/"),
    PageCheck("communiqués", "/presse/"),
    PageCheck("communiqués d’une année", "/presse/?annee=2025"),
    PageCheck("communiqués, mot-clé", "/presse/tag/citadelle/"),
    PageCheck(
        "communiqué, accréditations ouvertes",
        "/presse/delegation-quebec-convention-culturelle-citadelle/",
    ),
    PageCheck(
        "communiqué, accréditations clôturées", "/presse/budget-2027-presente-au-conseil-communal/"
    ),
    PageCheck("liste de presse, abonnement", "/presse/abonnement/"),
    PageCheck("liste de presse, erreurs", "/presse/abonnement/", action=submit_unchecked()),
    PageCheck("liste de presse, e-mail envoyé", "/presse/abonnement/e-mail-envoye/"),
    PageCheck(
        "liste de presse, confirmation",
        "/presse/abonnement/",
        action=subscribe_and_open_link(confirm=False),
    ),
    PageCheck(
        "liste de presse, gestion de l’abonnement",
        "/presse/abonnement/",
        action=subscribe_and_open_link(confirm=True),
    ),
    PageCheck(
        "liste de presse, lien non valable", "/presse/abonnement/confirmer/abc:def/", status=404
    ),
    PageCheck(
        "accréditation, badge",
        "/accreditations/",
        action=open_badge_link("ACC-DEMA-2347"),
    ),
    PageCheck(
        "accréditation, badge d’une demande refusée",
        "/accreditations/",
        status=403,
        action=open_badge_link("ACC-DEMA-2352"),
    ),
    PageCheck(
        "arrivées, choix de l’événement",
        "/accreditations/",
        action=check_in_staff("/accreditations/arrivees/"),
    ),
    PageCheck(
        "arrivées, réponse à un code",
        "/accreditations/",
        action=check_in_staff(
            "/accreditations/arrivees/visite-delegation-quebec-citadelle/",
            code="ABCD-EFGH-JKMN-PQRS",
        ),
    ),
    PageCheck(
        "accréditation, annulation", "/accreditations/", action=open_cancel_link("ACC-DEMA-2345")
    ),
    PageCheck(
        "accréditation, annulation faite",
        "/accreditations/",
        action=open_cancel_link("ACC-DEMA-2346", confirm=True),
    ),
    PageCheck(
        "accréditation, demande déjà annulée",
        "/accreditations/",
        action=open_cancel_link("ACC-DEMA-2359"),
    ),
    PageCheck(
        "accréditation, lien d’annulation non valable",
        "/accreditations/annulation/ACC-AAAA-BBBB:abc/",
        status=404,
    ),
    # Forms with errors: PageCheck("accréditation, erreurs", "/…/", action=submit_unchecked()),
]
