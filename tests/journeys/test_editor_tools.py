"""The chief editor's tools beside the form: a new address for a published article, whose old
one keeps leading readers to it, and the live preview that follows the writing.

Against the site as ``make run`` starts it (runserver and the worker, SQLite, the demo), in
headless Chromium.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.journeys.steps import log_in, open_article, shot, violations_in
from tests.support import browser as tools

pytestmark = pytest.mark.browser

# How long the preview may take to follow the typing: the pause it waits for, then one page.
PREVIEW_SECONDS = 5


def test_the_old_address_of_an_article_whose_slug_changed_leads_to_the_new_one(site, browser):
    chief, problems = tools.open_page(browser)
    reader, reader_problems = tools.open_page(browser)
    old = f"{site.url}/actualites/jogging-de-la-citadelle/"
    assert reader.goto(old).status == 200

    log_in(chief, site, "chef")
    open_article(chief, site, "Jogging de la Citadelle : 2 400 coureurs attendus le 11 octobre")
    expect(chief.locator(".field-slug .help")).to_contain_text(
        "l’ancienne adresse mène d’elle-même à la nouvelle"
    )
    chief.get_by_label("Adresse (slug)").fill("jogging-citadelle-2026")
    with chief.expect_navigation():
        chief.locator(".workflow-bar input[name=_save]").click()
    expect(chief.locator(".messagelist")).to_contain_text("modifications enregistrées")

    # A reader following an old link lands on the article at its new address.
    response = reader.goto(old)
    assert response.status == 200
    assert reader.url == f"{site.url}/actualites/jogging-citadelle-2026/"
    assert response.request.redirected_from.response().status == 301
    expect(reader.locator("h1")).to_have_text(
        "Jogging de la Citadelle : 2 400 coureurs attendus le 11 octobre"
    )

    # The chief finds it in « Redirections »: from where, to what, when and by whom.
    chief.goto(f"{site.url}/admin/")
    with chief.expect_navigation():
        chief.get_by_role("link", name="Redirections", exact=True).click()
    row = chief.locator("#result_list tbody tr", has_text="/actualites/jogging-de-la-citadelle/")
    expect(row).to_contain_text("/actualites/jogging-citadelle-2026/")
    expect(row).to_contain_text("Philippe Dethier")
    shot(chief, "editor-tools-01-redirections")
    assert problems == [] and reader_problems == []


def test_the_live_preview_follows_the_title_and_the_body_at_phone_and_desktop_width(site, browser):
    page, problems = tools.open_page(browser)
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, site, "chef")
    open_article(
        page, site, "Semaine de la mobilité : essais de vélos électriques et ateliers de réparation"
    )
    panel = page.get_by_role("complementary", name="Aperçu en direct")
    frame = page.frame_locator(".live-preview-frame")
    expect(frame.locator("h1")).to_have_text(re.compile("^Semaine de la mobilité"))

    page.get_by_label("Titre").fill("Semaine de la mobilité : le vélo à l’honneur")
    body = page.locator(".field-body [contenteditable=true]")
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Des itinéraires balisés relient les quatre coins de la ville.")

    expect(frame.locator("h1")).to_have_text(
        "Semaine de la mobilité : le vélo à l’honneur", timeout=PREVIEW_SECONDS * 1000
    )
    expect(frame.locator("main")).to_contain_text(
        "Des itinéraires balisés relient les quatre coins de la ville.",
        timeout=PREVIEW_SECONDS * 1000,
    )
    expect(panel.get_by_role("status")).to_have_text("Aperçu à jour.")
    # axe-core, injected by the test, adds inline styles of its own, which the CSP refuses:
    # the page's own problems are those before and after it ran.
    assert problems == []
    assert violations_in(page, "#live-preview") == []
    after_axe = len(problems)

    # The width buttons work from the keyboard and say which one is chosen.
    desktop = panel.get_by_role("button", name="Ordinateur")
    phone = panel.get_by_role("button", name="Téléphone")
    desktop.focus()
    page.keyboard.press("Enter")
    expect(desktop).to_have_attribute("aria-pressed", "true")
    frame_element = page.locator(".live-preview-frame")
    assert frame_element.evaluate("frame => frame.contentWindow.innerWidth") == 1280
    shot(page, "editor-tools-02-live-preview-desktop")
    phone.focus()
    page.keyboard.press("Space")
    expect(phone).to_have_attribute("aria-pressed", "true")
    expect(desktop).to_have_attribute("aria-pressed", "false")
    assert frame_element.evaluate("frame => frame.contentWindow.innerWidth") == 375
    shot(page, "editor-tools-03-live-preview-phone")

    # Nothing was saved: the public page still has its title.
    page.goto(f"{site.url}/actualites/semaine-de-la-mobilite-2026/")
    expect(page.locator("h1")).to_have_text(re.compile("^Semaine de la mobilité : essais"))
    assert problems[after_axe:] == []
