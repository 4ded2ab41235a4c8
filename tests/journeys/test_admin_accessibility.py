"""The admin with axe-core: WCAG 2.0, 2.1 and 2.2 A and AA find nothing on the editors' pages.

Each editorial role opens the pages it works in (the desk, the add and change forms with the
rich-text editor, the autocompletes, the checks and the live preview beside them, the lock
banner, a release's contacts and attachments, the review of a pending version, the versions
and a version, the history, the change lists, an event of the accreditations) and axe-core,
run on the page as the browser shows it, finds no violation. ``ADMIN_PAGES`` is one table: a
page more is a line more.

Against the site as ``make run`` starts it (runserver and the worker, SQLite), in headless
Chromium; the items the pages show are made once for the module.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.journeys.steps import log_in, shot
from tests.support import browser as tools

pytestmark = pytest.mark.browser

# WCAG 2.0, 2.1 and 2.2, levels A and AA (what EN 301 549 asks of an authoring tool's pages).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

SEED = """
import json
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from core.models import EditLock, Revision
from core.publishing import locks, proposals, workflow
from accreditations.models import AccreditationRequest, Event
from news.models import Article
from press.models import PressContact, PressRelease

writer = User.objects.get(username="redactrice")
chef = User.objects.get(username="chef")
admin = User.objects.get(username="admin")
article = Article.objects.filter(status="published").order_by("pk").first()
article.lead = article.lead + " Mis à jour."
workflow.save(item=article, user=chef, comment="Chapô complété")
data = workflow.snapshot(article)
data["title"] = data["title"] + " (mis à jour)"
data["lead"] = "Un chapô revu par la rédactrice, pour la relecture."
proposals.keep(item=article, user=writer, data=data)
release = (
    PressRelease.objects.filter(attachments__isnull=False, release_contacts__isnull=False)
    .order_by("pk").first()
)
# Someone else has both forms open, for the day: the lock banner shows to every role.
for item in (article, release):
    locks.acquire(item=item, user=admin)
EditLock.objects.update(seen=timezone.now() + timedelta(days=1))
revision = Revision.objects.filter(
    content_type__model="article", object_id=article.pk, proposal=""
).order_by("pk").first()
print(json.dumps({
    "article": article.pk,
    "revision": revision.pk if revision else None,
    "release": release.pk,
    "event": Event.objects.order_by("pk").first().pk,
    "request": AccreditationRequest.objects.filter(status="pending").order_by("pk").first().pk,
    "contact": PressContact.objects.order_by("pk").first().pk,
}))
"""


def focus_body(page: Page) -> None:
    """Put the caret in the rich-text editor, so that its menu shows its active state."""
    page.locator(".field-body .prose-editor [contenteditable=true]").focus()


def open_select2(page: Page) -> None:
    """Open the topic's autocomplete, so that its search box and results are checked too."""
    page.locator(".field-topic .select2-selection").focus()
    page.keyboard.press("Enter")
    page.locator(".select2-results__option").first.wait_for()


def search_tags(page: Page) -> None:
    """Type in the tags' autocomplete (several choices), so that its results show."""
    page.locator(".field-tags .select2-search__field").focus()
    page.keyboard.type("v")
    page.locator(".select2-results__option").first.wait_for()


def add_inline_rows(page: Page) -> None:
    """Add a contact and an attachment row, as « Ajouter un objet … » does, with the keyboard."""
    for group in ("#release_contacts-group", "#attachments-group"):
        rows = page.locator(f"{group} tr.form-row:not(.empty-form)")
        before = rows.count()
        page.locator(f"{group} .add-row a").focus()
        page.keyboard.press("Enter")
        expect(rows).to_have_count(before + 1)


@dataclass(frozen=True)
class AdminPage:
    """An admin page a role opens; ``path`` may name the seeded items: ``{article}``..."""

    name: str
    users: tuple[str, ...]
    path: str
    action: Callable[[Page], None] | None = None
    dark: bool = False  # the admin's dark theme, as the system asks for it


ANONYMOUS = "anonyme"  # a window nobody signed in
WRITERS = ("redactrice", "chef")
EVERYONE = ("redactrice", "chef", "presse")

ADMIN_PAGES = [
    AdminPage("connexion", (ANONYMOUS,), "/admin/login/"),
    AdminPage("bureau", EVERYONE, "/admin/"),
    AdminPage("bureau, thème sombre", ("chef",), "/admin/", dark=True),
    AdminPage("actualités", WRITERS, "/admin/news/article/"),
    AdminPage("actualités, recherche", ("chef",), "/admin/news/article/?q=namur"),
    AdminPage("nouvelle actualité", WRITERS, "/admin/news/article/add/"),
    AdminPage("actualité, éditeur", WRITERS, "/admin/news/article/{article}/change/", focus_body),
    AdminPage("actualité, thème ouvert", ("redactrice",), "/admin/news/article/add/", open_select2),
    AdminPage(
        "actualité, mots-clés ouverts",
        ("chef",),
        "/admin/news/article/{article}/change/",
        search_tags,
    ),
    AdminPage("modification en attente", WRITERS, "/admin/news/article/{article}/modification/"),
    AdminPage(
        "modification en attente, thème sombre",
        ("chef",),
        "/admin/news/article/{article}/modification/",
        dark=True,
    ),
    AdminPage("versions", WRITERS, "/admin/news/article/{article}/versions/"),
    AdminPage("une version", ("chef",), "/admin/news/article/{article}/versions/{revision}/"),
    AdminPage("historique", ("chef",), "/admin/news/article/{article}/history/"),
    AdminPage("photothèque", WRITERS, "/admin/photos/image/"),
    AdminPage("nouvelle image", ("redactrice",), "/admin/photos/image/add/"),
    AdminPage("communiqués", ("presse",), "/admin/press/pressrelease/"),
    AdminPage("nouveau communiqué", ("presse",), "/admin/press/pressrelease/add/"),
    AdminPage("communiqué", ("presse", "chef"), "/admin/press/pressrelease/{release}/change/"),
    AdminPage(
        "communiqué, lignes ajoutées",
        ("presse",),
        "/admin/press/pressrelease/{release}/change/",
        add_inline_rows,
    ),
    AdminPage(
        "communiqué, thème sombre",
        ("presse",),
        "/admin/press/pressrelease/{release}/change/",
        focus_body,
        dark=True,
    ),
    AdminPage("événements", ("presse",), "/admin/accreditations/event/"),
    AdminPage("nouvel événement", ("presse",), "/admin/accreditations/event/add/"),
    AdminPage("événement", ("presse",), "/admin/accreditations/event/{event}/change/"),
    AdminPage(
        "demandes d’accréditation", ("presse",), "/admin/accreditations/accreditationrequest/"
    ),
    AdminPage(
        "demande d’accréditation",
        ("presse",),
        "/admin/accreditations/accreditationrequest/{request}/change/",
    ),
    AdminPage("contacts presse", ("presse",), "/admin/press/presscontact/"),
    AdminPage("abonnés presse", ("presse",), "/admin/presslist/subscriber/"),
    AdminPage("redirections", ("chef",), "/admin/core/redirect/"),
    AdminPage("nouvelle redirection", ("chef",), "/admin/core/redirect/add/"),
    AdminPage("contact presse", ("presse",), "/admin/press/presscontact/{contact}/change/"),
]

CASES = [
    pytest.param(page, user, id=f"{user}: {page.name}")
    for page in ADMIN_PAGES
    for user in page.users
]


@pytest.fixture(scope="module")
def seeded(site) -> dict:
    return json.loads(site.manage("shell", "-c", SEED).stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def signed_in(site, browser):
    """One window per role, signed in once for the module, and one signed in by nobody."""
    pages = {}
    for username in (*EVERYONE, ANONYMOUS):
        page, _ = tools.open_page(browser)
        page.set_viewport_size({"width": 1280, "height": 900})
        if username != ANONYMOUS:
            log_in(page, site, username)
        pages[username] = page
    yield pages
    for page in pages.values():
        page.close()


def run_axe(page: Page) -> list[dict]:
    page.evaluate(tools.AXE_SCRIPT.read_text(encoding="utf-8"))
    return page.evaluate(tools.AXE_RUN, WCAG_TAGS)


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"axe {violation['id']} ({violation['impact']}) : {violation['help']}")
        for node in violation["nodes"][:6]:
            lines.append(f"    {node['target']} : {node['html'][:160]}")
            lines += [f"        {line}" for line in node["summary"].splitlines()[:4]]
    return "\n".join(lines)


@pytest.mark.parametrize(("admin_page", "username"), CASES)
def test_axe_finds_nothing(site, seeded, signed_in, admin_page: AdminPage, username: str):
    page = signed_in[username]
    page.emulate_media(color_scheme="dark" if admin_page.dark else "light")
    response = page.goto(site.url + admin_page.path.format(**seeded))
    assert response.status == 200, f"{response.status} pour {page.url}"
    page.wait_for_load_state("networkidle")
    expect(page.locator("#content")).to_be_visible()
    if admin_page.action:
        admin_page.action(page)
    violations = run_axe(page)
    shot(page, f"a11y-{username}-{admin_page.name}".replace(" ", "-").replace(",", ""))
    assert violations == [], describe(violations)
