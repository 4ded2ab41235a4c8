"""A form sent back with errors takes people to the summary of what to fix, in the browser.

The focus is on the summary as the page loads (a screen reader reads it at once), the next Tab
reaches its first link, and that link leads to the field at fault.
"""

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.accreditations.factories import EventFactory
from tests.support import browser as tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def send_and_follow_the_summary(page: Page, button: str) -> None:
    """Send the form as it is (past the browser's own checks), then follow the summary."""
    page.locator("main form").evaluate("form => { form.noValidate = true; }")
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    page.keyboard.press("Tab")
    first_error = summary.get_by_role("link").first
    expect(first_error).to_be_focused()
    page.keyboard.press("Enter")


def test_errors_take_the_focus_on_the_accreditation_and_press_list_forms(live_server):
    tools.require_chromium()
    event = EventFactory()

    with sync_playwright() as playwright:
        browser = tools.launch(playwright)
        try:
            page, problems = tools.open_page(browser)
            page.goto(live_server.url + event.get_form_url())
            page.get_by_label("Prénom").fill("Claire")
            send_and_follow_the_summary(page, "Envoyer la demande")
            expect(page.get_by_role("heading", level=2).first).to_contain_text("corrigez les")
            expect(page.get_by_label("Nom", exact=True)).to_be_focused()
            expect(page.get_by_label("Prénom")).to_have_value("Claire")

            page.goto(live_server.url + "/presse/abonnement/")
            send_and_follow_the_summary(page, "M’abonner")
            expect(page.get_by_label("Adresse e-mail")).to_be_focused()
        finally:
            browser.close()

    assert problems == []
