"""The pages that tests/site/test_page_checks.py audits: axe-core, CSP, console and HTML validity.

Every public page, and every state of it worth seeing (a list with results, a form showing its
errors...), belongs in PAGES. Append an entry when a page is added; the demo content
(``load_demo``) is loaded first, so paths may point at demo items.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

from django.core import mail
from playwright.sync_api import Page

from accreditations import links


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
