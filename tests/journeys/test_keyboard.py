"""An article written, submitted and published with the keyboard alone.

Camille Hardy, the Rédacteur, signs in and works with Tab, Shift+Tab, Enter, End and typing
only: the skip link first, then from her desk to the add form, where she types the title, the
lead and the body, makes a heading with the editor's toolbar (reached by Shift+Tab), chooses the
topic in its autocomplete and submits the article for review. Philippe Dethier, the Éditeur en
chef, signs in the same way, reaches the article from his desk, goes once round the page (the
live preview's frame included) and publishes it; readers see it. Every control the focus lands
on shows it (an outline or a shadow), and the focus never stays stuck.

Against the site as ``make run`` starts it (runserver and the worker, SQLite), in headless
Chromium; no mouse, no ``click()``.
"""

import pytest
from playwright.sync_api import Page, expect

from namur_site.auth import DEMO_PASSWORD
from tests.journeys.steps import shot
from tests.support import browser as tools

pytestmark = pytest.mark.browser

TITLE = "Collecte des sapins de Noël le 9 janvier"
LEAD = "Les sapins sont ramassés devant chez vous, sans décoration ni pot."
HEADING = "Comment faire"
TEXT = "Déposez votre sapin la veille au soir, sur le trottoir."

# The focused element and whether it shows it; a widget's inner control may show the focus on
# the part that draws it (select2's box around its search field).
FOCUS = """() => {
  const element = document.activeElement
  if (!element || element === document.body) return {tag: "BODY", shown: false, text: ""}
  const shows = (node) => {
    const style = getComputedStyle(node)
    return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none"
  }
  const drawn = element.closest(".select2-container")?.querySelector(".select2-selection")
  return {
    tag: element.tagName,
    shown: shows(element) || Boolean(drawn && shows(drawn)),
    text: (element.getAttribute("aria-label") || element.textContent || element.value
           || element.name || "").trim().slice(0, 60),
    html: element.outerHTML.slice(0, 160),
  }
}"""


def focused(page: Page) -> dict:
    return page.evaluate(FOCUS)


def press(page: Page, key: str) -> dict:
    """Press ``key`` and return the newly focused element, which must show its focus."""
    page.keyboard.press(key)
    now = focused(page)
    assert now["tag"] == "BODY" or now["shown"], f"focus invisible après {key} : {now['html']}"
    return now


def tab_to(page: Page, target, *, back: bool = False, limit: int = 80) -> list[str]:
    """Press Tab (Shift+Tab if ``back``) until ``target`` (a locator) has the focus.

    Return what the focus passed through (a text, or the tag of an element without one).
    """
    key = "Shift+Tab" if back else "Tab"
    seen = []
    for _ in range(limit):
        now = press(page, key)
        seen.append(now["text"] if now["tag"] != "IFRAME" and now["text"] else now["tag"])
        if target.evaluate("element => element === document.activeElement"):
            return seen
    raise AssertionError(f"{target} jamais atteint en {limit} × {key} : {seen}")


def sign_in_by_keyboard(page: Page, site, username: str, next_path: str = "/admin/") -> None:
    page.goto(f"{site.url}/admin/login/?next={next_path}")
    tab_to(page, page.locator("#id_username"))
    page.keyboard.type(username)
    press(page, "Tab")
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#login-form")).to_have_count(0)


def test_an_article_is_written_and_published_with_the_keyboard_alone(site, browser):
    writer, writer_problems = tools.open_page(browser)
    writer.set_viewport_size({"width": 1280, "height": 900})
    chief, chief_problems = tools.open_page(browser)
    chief.set_viewport_size({"width": 1280, "height": 900})

    # The first Tab of a page reaches « Passer au contenu principal », which skips the header.
    sign_in_by_keyboard(writer, site, "redactrice")
    first = press(writer, "Tab")
    assert first["text"] == "Passer au contenu principal"
    expect(writer.locator(".skip-to-content-link")).to_be_visible()
    writer.keyboard.press("Enter")
    assert press(writer, "Tab")["text"] != "Passer au contenu principal"
    assert writer.locator("#header").evaluate("h => !h.contains(document.activeElement)")

    # From the desk to the add form, where the focus waits in the title, not on a button above.
    tab_to(writer, writer.locator('#content a.addlink[href$="/news/article/add/"]'))
    with writer.expect_navigation():
        writer.keyboard.press("Enter")
    writer.wait_for_load_state("networkidle")
    expect(writer.locator("#id_title")).to_be_focused()
    writer.keyboard.type(TITLE)
    tab_to(writer, writer.locator("#id_lead"))
    writer.keyboard.type(LEAD)

    # The body: the toolbar comes before the writing area; Shift+Tab reaches it from there.
    tab_to(writer, writer.locator(".field-body [contenteditable=true]"))
    writer.keyboard.type(HEADING)
    tab_to(writer, writer.locator(".field-body .prose-menubar__selected button"), back=True)
    writer.keyboard.press("Enter")  # opens the block menu
    tab_to(writer, writer.locator(".field-body .prose-menubar__option[data-name=heading2]"))
    writer.keyboard.press("Enter")  # the paragraph becomes a heading; the focus goes back
    editor = writer.locator(".field-body [contenteditable=true]")
    expect(editor).to_be_focused()
    writer.keyboard.press("End")
    writer.keyboard.press("Enter")
    writer.keyboard.type(TEXT)
    expect(editor.locator("h2")).to_have_text(HEADING)
    expect(editor.locator("p")).to_have_text(TEXT)

    # The topic's autocomplete: Enter opens it, typing filters, Enter chooses.
    tab_to(writer, writer.locator(".field-topic .select2-selection"))
    writer.keyboard.press("Enter")
    writer.keyboard.type("Mobi")
    expect(writer.locator(".select2-results__option--highlighted")).to_have_text("Mobilité")
    writer.keyboard.press("Enter")
    expect(writer.locator("#select2-id_topic-container")).to_contain_text("Mobilité")
    expect(writer.locator(".field-topic .select2-selection")).to_be_focused()
    shot(writer, "keyboard-01-writer-form", full_page=True)

    # On to « Soumettre pour relecture » at the bottom of the form, past every other field.
    tab_to(writer, writer.locator("fieldset.workflow button[value=submit]"))
    slug = writer.locator("#id_slug").input_value()
    with writer.expect_navigation():
        writer.keyboard.press("Enter")
    expect(writer.locator(".messagelist")).to_contain_text("En relecture")

    # The chief, from his desk: the article waits in « À relire »; he opens and publishes it.
    sign_in_by_keyboard(chief, site, "chef")
    review = chief.locator("section", has=chief.get_by_role("heading", name="À relire"))
    tab_to(chief, review.get_by_role("link", name=TITLE))
    with chief.expect_navigation():
        chief.keyboard.press("Enter")
    expect(chief.locator(".workflow-state").first).to_contain_text("En relecture")
    # Once round the whole page, the live preview's frame included, back to the skip link:
    # nothing on the way keeps the focus.
    expect(chief.locator("#live-preview")).to_be_visible()
    publish = chief.locator(".workflow-bar button[value=publish]")
    tab_to(chief, publish)
    passed = tab_to(chief, chief.locator(".skip-to-content-link"), limit=250)
    assert "IFRAME" in passed, passed
    tab_to(chief, publish)
    shot(chief, "keyboard-02-chief-publishes")
    with chief.expect_navigation():
        chief.keyboard.press("Enter")
    expect(chief.locator(".messagelist")).to_contain_text("Publié le")

    # Readers see it.
    response = writer.goto(f"{site.url}/actualites/{slug}/")
    assert response.status == 200
    expect(writer.locator("h1")).to_have_text(TITLE)
    expect(writer.locator("main h2", has_text=HEADING)).to_be_visible()
    expect(writer.locator("main")).to_contain_text(TEXT)
    shot(writer, "keyboard-03-public-page", full_page=True)

    for problems in (writer_problems, chief_problems):
        assert problems == [], "\n".join(problems)
