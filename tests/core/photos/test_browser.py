"""In the browser: an editor sets a focal point by clicking, picks a lead image with the chooser
(keyboard only), inserts a library image in the text, publishes, and readers see both figures.

Headless Chromium against the live server; axe checks the image form and the open chooser.
"""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect, sync_playwright

from core.models import Status
from core.photos.models import Image
from tests.core.photos.factories import ImageFactory
from tests.press.factories import PressReleaseFactory
from tests.support import browser as tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
AXE_IN_DIALOG = tools.AXE_RUN.replace("axe.run(document,", "axe.run('dialog.photo-dialog',")


def axe_in_dialog(page) -> list[dict]:
    """Run axe on the open chooser alone: the rest of the change form is another test's."""
    page.evaluate(tools.AXE_SCRIPT.read_text(encoding="utf-8"))
    return page.evaluate(AXE_IN_DIALOG, tools.AXE_TAGS)


def quietly(page, problems, run_axe) -> list[dict]:
    """Run axe, leaving out of ``problems`` the inline styles axe itself adds (CSP refuses them)."""
    before = len(problems)
    violations = run_axe(page)
    page.evaluate("() => new Promise(done => setTimeout(done, 0))")  # its reports arrive first
    del problems[before:]
    return violations


def test_an_editor_uses_the_library_for_a_release(live_server, monkeypatch):
    tools.require_chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    User.objects.create_superuser("chef-photo", "chef@example.org", "mot-de-passe-long")
    bridge = ImageFactory(
        title="Pont des Ardennes", caption="Le pont rouvert", credit="© Ville de Namur"
    )
    ImageFactory(
        title="Citadelle en hiver",
        alt="La citadelle sous la neige",
        caption="La citadelle",
        credit="© Studio Meuse",
    )
    release = PressReleaseFactory(
        title="Le pont rouvre", slug="le-pont-rouvre", status=Status.DRAFT, publication_date=None
    )
    base = live_server.url

    with sync_playwright() as playwright:
        browser = tools.launch(playwright)
        try:
            page, problems = tools.open_page(browser)
            page.set_viewport_size({"width": 1280, "height": 1000})
            page.goto(f"{base}/admin/login/?next=/admin/photos/image/{bridge.pk}/change/")
            page.fill("#id_username", "chef-photo")
            page.fill("#id_password", "mot-de-passe-long")
            with page.expect_navigation():
                page.click("input[type=submit]")

            # The focal point: a click on the image fills the two fields.
            picker = page.locator(".focal-picker img")
            box = picker.bounding_box()
            picker.click(position={"x": box["width"] * 0.8, "y": box["height"] * 0.3})
            expect(page.locator("#id_focal_x")).to_have_value("0.80")
            expect(page.locator("#id_focal_y")).to_have_value("0.30")
            expect(page.locator(".focal-picker__status")).to_contain_text("80 % depuis la gauche")
            # …and the arrow keys move it.
            page.locator(".focal-picker").focus()
            page.keyboard.press("ArrowDown")
            expect(page.locator("#id_focal_y")).to_have_value("0.35")
            assert quietly(page, problems, tools.run_axe) == []
            with page.expect_navigation():
                page.click("input[name=_save]")

            # The lead image, chosen with the keyboard alone.
            page.goto(f"{base}/admin/press/pressrelease/{release.pk}/change/")
            choose = page.locator(".field-image .photo-chooser__choose")
            choose.focus()
            page.keyboard.press("Enter")
            dialog = page.locator("dialog.photo-dialog")
            expect(dialog).to_be_visible()
            expect(page.locator("#photo-search")).to_be_focused()
            page.keyboard.type("pont")
            page.keyboard.press("Enter")
            expect(dialog.locator(".photo-dialog__choice")).to_have_count(1)
            expect(dialog.locator(".photo-dialog__choice")).to_be_focused()
            page.screenshot(path=str(ARTIFACTS / "photo-chooser.png"))
            assert quietly(page, problems, axe_in_dialog) == []
            page.keyboard.press("Enter")
            expect(dialog).to_be_hidden()
            expect(page.locator(".field-image .photo-chooser__preview")).to_contain_text(
                "Pont des Ardennes"
            )
            expect(choose).to_be_focused()

            # An image in the text, from the editor's toolbar.
            page.locator(".field-body [contenteditable=true]").click()
            page.keyboard.press("Control+End")
            page.locator(".field-body [title='Image de la photothèque']").click()
            expect(page.locator("#photo-search")).to_be_focused()
            page.keyboard.type("citadelle")
            page.keyboard.press("Enter")
            expect(dialog.locator(".photo-dialog__choice")).to_have_count(1)
            dialog.locator(".photo-dialog__choice").click()
            expect(page.locator(".field-body .library-image-preview")).to_contain_text(
                "Citadelle en hiver"
            )
            with page.expect_navigation():
                page.click(".workflow-bar button[name=_workflow][value=publish]")
            expect(page.locator(".messagelist")).to_contain_text("Publié")

            # Readers see both figures, with their captions and credits.
            page.goto(f"{base}/presse/le-pont-rouvre/")
            figures = page.locator("figure.library-image")
            expect(figures).to_have_count(2)
            expect(figures.nth(0)).to_contain_text("Le pont rouvert — © Ville de Namur")
            expect(figures.nth(1)).to_contain_text("La citadelle — © Studio Meuse")
            expect(figures.nth(1).locator("img")).to_have_attribute(
                "alt", "La citadelle sous la neige"
            )
            page.screenshot(path=str(ARTIFACTS / "photo-release-page.png"), full_page=True)
            assert problems == []
        finally:
            browser.close()

    bridge = Image.objects.get(pk=bridge.pk)
    assert bridge.focal == (0.8, 0.35)
