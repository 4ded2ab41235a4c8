"""« Lien vers une page du site »: the chief links words of an article to another one chosen by
its title, with the keyboard; the public page links to that article's address, and follows it
when its slug changes.

Against the site as ``make run`` starts it (runserver and the worker, SQLite, the demo), in
headless Chromium.
"""

import pytest
from playwright.sync_api import expect

from tests.journeys.steps import log_in, open_article, shot, violations_in
from tests.support import browser as tools

pytestmark = pytest.mark.browser

LINKING = "Fêtes de Wallonie : circulation et stationnement modifiés dans le centre"
TARGET = "Fêtes de Wallonie 2026 : le programme des quatre jours"
WORDS = "le programme des Fêtes"


def save(page) -> None:
    with page.expect_navigation():
        page.locator(".workflow-bar input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("modifications enregistrées")


def test_a_link_chosen_in_the_editor_follows_the_article_to_its_new_address(site, browser):
    chief, problems = tools.open_page(browser)
    chief.set_viewport_size({"width": 1440, "height": 900})
    reader, reader_problems = tools.open_page(browser)
    log_in(chief, site, "chef")
    open_article(chief, site, LINKING)

    # New words at the end of the text, selected with the keyboard.
    chief.locator(".field-body [contenteditable=true]").click()
    chief.keyboard.press("Control+End")
    chief.keyboard.press("Enter")
    chief.keyboard.type(f"Consultez {WORDS}.")
    chief.keyboard.press("ArrowLeft")
    for _ in WORDS:
        chief.keyboard.press("Shift+ArrowLeft")

    chief.get_by_role("button", name="Lien vers une page du site").click()
    dialog = chief.get_by_role("dialog", name="Lien vers une page du site")
    expect(dialog).to_be_visible()
    search = dialog.get_by_label("Rechercher par titre")
    expect(search).to_be_focused()
    search.fill("quatre jours")
    choice = dialog.get_by_role("button", name=TARGET)
    expect(choice).to_contain_text("Actualité · Publié le")
    expect(dialog.get_by_role("status")).to_have_text(
        "1 page trouvée : choisissez-la pour y lier le texte sélectionné."
    )
    shot(chief, "internal-links-01-chooser")
    assert problems == []
    assert violations_in(chief, ".link-chooser") == []
    after_axe = len(problems)

    # The keyboard alone: down from the search to the result, Enter to choose it.
    search.press("ArrowDown")
    expect(choice).to_be_focused()
    chief.keyboard.press("Enter")
    expect(dialog).to_have_count(0)
    link = chief.locator(".field-body .ProseMirror a", has_text=WORDS)
    expect(link).to_have_attribute("href", "/actualites/fetes-de-wallonie-2026-programme/")
    save(chief)

    reader.goto(f"{site.url}/actualites/fetes-de-wallonie-circulation-stationnement/")
    public = reader.get_by_role("link", name=WORDS)
    expect(public).to_have_attribute("href", "/actualites/fetes-de-wallonie-2026-programme/")

    # The target's address changes: the link follows, without anyone editing the first article.
    open_article(chief, site, TARGET)
    chief.get_by_label("Adresse (slug)").fill("programme-fetes-de-wallonie")
    save(chief)
    reader.reload()
    expect(public).to_have_attribute("href", "/actualites/programme-fetes-de-wallonie/")
    with reader.expect_navigation():
        public.click()
    expect(reader.locator("h1")).to_have_text(TARGET)
    assert problems[after_axe:] == [] and reader_problems == []
