"""At the door, in the browser: staff sign in, choose the event and type badge codes.

Headless Chromium against the live server; the journey fails on any console error or
Content-Security-Policy violation. The page's script sends each code without leaving the page.
"""

import pytest
from django.contrib.auth.models import Permission, User
from playwright.sync_api import expect, sync_playwright

from accreditations import badges, services
from accreditations.models import CheckIn, RequestStatus
from tests.accreditations.day import approved
from tests.accreditations.factories import EventFactory
from tests.support import browser as tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_check_in_badges_by_typed_code(live_server, monkeypatch, private_media):
    tools.require_chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    event = EventFactory(title="Visite à la Citadelle", slug="visite-citadelle")
    claire = approved(event, first_name="Claire", last_name="Dumont", outlet="L’Avenir")
    marc = approved(event, first_name="Marc", last_name="Lenoir", outlet="RTBF")
    services.decide(requests=[marc], status=RequestStatus.REJECTED, reason="Complet")
    user = User.objects.create_user("accueil", password="mot-de-passe-long", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="record_checkin"))

    with sync_playwright() as playwright:
        browser = tools.launch(playwright)
        try:
            page, problems = tools.open_page(browser)
            page.goto(f"{live_server.url}/accreditations/arrivees/")
            page.fill("#id_username", "accueil")
            page.fill("#id_password", "mot-de-passe-long")
            with page.expect_navigation():
                page.click("input[type=submit]")
            with page.expect_navigation():
                page.get_by_role("link", name="Visite à la Citadelle").click()
            expect(page.locator("[data-count=expected]")).to_have_text("1")

            code = page.get_by_label("Code du badge")
            code.fill(badges.code_of(claire.badge).lower())
            page.get_by_role("button", name="Vérifier le badge").click()
            answer = page.get_by_role("status").filter(has_text="Entrée autorisée")
            expect(answer).to_contain_text("Claire Dumont")
            expect(answer).to_contain_text("L’Avenir")
            expect(page.locator("[data-count=arrived]")).to_have_text("1")
            expect(page.locator("[data-count=remaining]")).to_have_text("0")
            expect(code).to_have_value("")

            code.fill(badges.code_of(claire.badge))
            page.get_by_role("button", name="Vérifier le badge").click()
            expect(page.get_by_role("alert")).to_contain_text("Badge déjà utilisé")

            code.fill(badges.code_of(marc.badge))
            page.get_by_role("button", name="Vérifier le badge").click()
            expect(page.get_by_role("alert")).to_contain_text(
                "Accréditation non valable : refusée."
            )
            expect(page.get_by_role("alert")).to_contain_text("Marc Lenoir")

            code.fill("ABCD-EFGH-JKMN-PQRS")
            page.get_by_role("button", name="Vérifier le badge").click()
            expect(page.get_by_role("alert")).to_contain_text("Code non reconnu")
            assert problems == [], "\n".join(problems)
        finally:
            browser.close()

    [entry] = CheckIn.objects.all()
    assert entry.request == claire and entry.by == user
