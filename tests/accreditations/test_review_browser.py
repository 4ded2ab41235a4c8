"""The request page in a real browser: no CSP violation, WCAG checks, a refusal by keyboard."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect, sync_playwright

from accreditations.models import AccreditationRequest, RequestStatus
from tests.support import browser as tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_sees_the_documents_and_refuses_with_the_keyboard(live_server, stored):
    tools.require_chromium()
    User.objects.create_superuser("presse", password="mot-de-passe-long")
    url = f"{live_server.url}/admin/accreditations/accreditationrequest/{stored.pk}/change/"
    with sync_playwright() as playwright:
        browser = tools.launch(playwright)
        try:
            page, problems = tools.open_page(browser)
            page.goto(f"{live_server.url}/admin/login/?next={url}")
            page.fill("#id_username", "presse")
            page.fill("#id_password", "mot-de-passe-long")
            with page.expect_navigation():
                page.click("input[type=submit]")

            photo = page.get_by_role("img", name="Photo d’identité de la demande")
            expect(photo).to_be_visible()
            assert photo.evaluate("image => image.complete && image.naturalWidth > 0")
            expect(page.get_by_text("Sans limite de places")).to_be_visible()
            # axe-core, injected by the test, adds inline styles of its own to this admin page,
            # which the CSP refuses: the page's own problems are those before axe ran.
            page_problems = list(problems)
            violations = tools.run_axe(page)
            after_axe = len(problems)

            page.get_by_label("Motif du refus").focus()
            page.keyboard.type("Pièce d’identité illisible.")
            page.keyboard.press("Tab")  # past the help text to the first button
            focused = page.evaluate("document.activeElement.textContent")
            while focused != "Refuser":
                page.keyboard.press("Tab")
                focused = page.evaluate("document.activeElement.textContent")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            expect(
                page.get_by_text("1 demande refusée ; la personne reçoit le motif")
            ).to_be_visible()
            page.close()
        finally:
            browser.close()

    assert [v["id"] for v in violations] == []
    assert page_problems == []
    assert problems[after_axe:] == []
    stored.refresh_from_db()
    assert stored.status == RequestStatus.REJECTED
    assert AccreditationRequest.objects.get().decision_reason == "Pièce d’identité illisible."
