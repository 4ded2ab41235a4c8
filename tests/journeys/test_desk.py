"""The editor's desk, the soft edit lock and the checks before publishing, in the browser.

The Éditeur en chef finds on the admin home his draft, what waits for his review, the coming
days and what happened (axe-core finds nothing there); Camille Hardy, the Rédacteur, opens an
article he then opens too: he is told she is editing it, and when she leaves the page, the lock
goes with her; she types « cliquez ici » as a link's text and the panel beside the form says
why and how to fix it; the chief publishes the article all the same and reads it once more.

Against the site as ``make run`` starts it (runserver and the worker, SQLite), in headless
Chromium, one window per person; the items are made with the site's own clock.
"""

import sqlite3

import pytest
from playwright.sync_api import expect

from tests.journeys.steps import log_in, shot, wait_until
from tests.support import browser as tools

pytestmark = pytest.mark.browser

SEED = """
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from core.publishing import workflow
from news.models import Article, Topic
from press.models import PressRelease

chef = User.objects.get(username="chef")
writer = User.objects.get(username="redactrice")
topic = Topic.objects.get(slug="mobilite")
now = timezone.localtime()
at_nine = (now + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
at_ten = (now + timedelta(days=3)).replace(hour=10, minute=30, second=0, microsecond=0)

def article(title, slug, user, **fields):
    item = Article(title=title, slug=slug, topic=topic, lead="Un chapô court.", **fields)
    item.body = fields.get("body", "<p>Le texte de l’article.</p>")
    return workflow.save(item=item, user=user, comment="Création")

article("Plan vélo : les nouvelles pistes de 2027", "desk-plan-velo", chef)
review = article("Marché de Noël : navettes gratuites le samedi", "desk-navettes", writer)
workflow.submit_for_review(item=review, user=writer)
planned = article("Rue de Fer : fin du chantier", "desk-rue-de-fer", chef)
workflow.publish(item=planned, user=chef, at=at_nine)
release = PressRelease(
    title="Budget 2027 : le conseil vote jeudi", slug="desk-budget-vote", topic=topic,
    lead="Le conseil communal vote le budget.", body="<p>Le texte du communiqué.</p>",
    embargo_until=at_ten,
)
workflow.publish(item=release, user=User.objects.get(username="presse"), at=at_ten)
print(review.pk)
"""


def locks_of(site, username: str) -> int:
    with sqlite3.connect(site.database, timeout=30) as connection:
        [(count,)] = connection.execute(
            "SELECT COUNT(*) FROM core_editlock JOIN auth_user ON auth_user.id = user_id "
            "WHERE username = ?",
            (username,),
        )
    return count


def test_the_desk_the_lock_and_the_checks(site, browser):
    review_id = site.manage("shell", "-c", SEED).stdout.split()[-1]
    review_url = f"/admin/news/article/{review_id}/change/"
    chief, chief_problems = tools.open_page(browser)
    chief.set_viewport_size({"width": 1280, "height": 1000})
    writer, writer_problems = tools.open_page(browser)
    writer.set_viewport_size({"width": 1280, "height": 900})

    # The chief's desk: each block holds something.
    log_in(chief, site, "chef")
    drafts = chief.locator("section", has=chief.get_by_role("heading", name="Mes brouillons"))
    expect(drafts).to_contain_text("Plan vélo : les nouvelles pistes de 2027")
    review = chief.locator("section", has=chief.get_by_role("heading", name="À relire"))
    expect(review).to_contain_text("Marché de Noël : navettes gratuites le samedi")
    expect(review).to_contain_text("de Camille Hardy, soumis aujourd’hui à")
    planned = chief.locator("section", has=chief.get_by_role("heading", name="Planifié"))
    expect(planned).to_contain_text("9 h 00Mise en ligne : Rue de Fer : fin du chantier")
    expect(planned).to_contain_text("Fin de l’embargo · Mise en ligne : Budget 2027")
    activity = chief.locator("section", has=chief.get_by_role("heading", name="Activité récente"))
    expect(activity).to_contain_text("Camille Hardy")
    expect(activity).to_contain_text("Soumis pour relecture")
    violations = tools.run_axe(chief)
    assert violations == [], violations
    shot(chief, "desk-01-chief", full_page=True)

    # Camille opens the article in review; the chief opens it too and is told.
    log_in(writer, site, "redactrice", review_url)
    chief.goto(f"{site.url}{review_url}")
    banner = chief.locator(".edit-lock-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("En cours de modification par Camille Hardy depuis ")
    expect(banner).to_contain_text("Ce n’est qu’un avertissement : vous pouvez modifier")
    expect(chief.locator(".workflow-bar button[value=publish]")).to_be_enabled()
    shot(chief, "desk-02-lock-banner")
    chief.goto(f"{site.url}/admin/news/article/")
    row = chief.locator("#result_list tr", has_text="Marché de Noël")
    expect(row.locator(".edit-lock-mark")).to_contain_text("Camille Hardy")
    shot(chief, "desk-03-change-list")
    chief.goto(f"{site.url}/admin/")
    expect(review).to_contain_text("En cours de modification par Camille Hardy depuis ")
    shot(chief, "desk-04-desk-with-lock")  # docs/images/admin-desk.png

    # She leaves the page: the lock goes with her, and the chief's next look shows no one.
    writer.goto(f"{site.url}/admin/")
    wait_until(lambda: locks_of(site, "redactrice") == 0, seconds=10, what="verrou rendu")
    chief.goto(f"{site.url}{review_url}")
    expect(chief.locator(".edit-lock-banner")).to_be_hidden()

    # Camille writes « cliquez ici » as a link's text: the panel says why and how to fix it.
    writer.goto(f"{site.url}{review_url}")
    field = writer.locator(".field-body .prose-editor")
    field.locator("[contenteditable=true] p").last.click()
    writer.keyboard.press("End")
    writer.keyboard.type(" Pour les horaires, cliquez ici")
    for _ in range(len("cliquez ici")):
        writer.keyboard.press("Shift+ArrowLeft")
    field.locator("[data-name=link]").click()
    dialog = writer.locator("dialog[open]")
    dialog.locator("input").first.fill("https://www.namur.be/")
    dialog.locator("button[type=submit]").click()
    checks = writer.locator("#publish-checks")
    expect(checks.locator(".publish-checks-summary")).to_have_text("1 point à revoir.")
    expect(checks).to_contain_text("Le lien « cliquez ici » ne dit pas où il mène.")
    expect(checks).to_contain_text("le titre de la page visée")
    shot(writer, "desk-05-checks-panel")

    with writer.expect_navigation():
        writer.locator(".workflow-bar input[name=_save]").click()
    wait_until(lambda: locks_of(site, "redactrice") == 0, seconds=10, what="verrou rendu")

    # The chief publishes it all the same: published, and told again what to fix.
    chief.goto(f"{site.url}{review_url}")
    expect(chief.locator("#publish-checks")).to_contain_text("« cliquez ici »")
    with chief.expect_navigation():
        chief.locator(".workflow-bar button[value=publish]").click()
    messages = chief.locator(".messagelist")
    expect(messages.locator(".success").first).to_contain_text("Publié le")
    warning = messages.locator(".warning")
    expect(warning).to_contain_text("Vérifications avant publication : 1 point à revoir.")
    expect(warning).to_contain_text("Texte — Le lien « cliquez ici » ne dit pas où il mène.")
    shot(chief, "desk-06-publish-warning")
    assert chief_problems == [], "\n".join(chief_problems)
    assert writer_problems == [], "\n".join(writer_problems)
