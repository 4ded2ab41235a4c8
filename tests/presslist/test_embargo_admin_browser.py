"""In the browser, the press office puts a release under embargo and the admin says what follows.

Runs headless Chromium against the live server; no frozen clock (the browser keeps its own
time for cookies): the dates are built from now.
"""

import importlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from core.models import Status
from press.models import PressRelease
from tests.press.factories import PressReleaseFactory
from tests.presslist.subscribing import SubscriberFactory
from tests.support import browser as tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = Path(__file__).resolve().parents[2] / "test-artifacts" / "embargo-admin.png"


def press_officer() -> User:
    if not Group.objects.filter(name="Service presse").exists():
        # A transactional test before this one emptied the tables the data migration filled.
        importlib.import_module("namur_site.migrations.0003_editorial_roles").create_roles(
            django_apps, None
        )
    user = User.objects.create_user(
        "presse", password="mot-de-passe-long", is_staff=True, first_name="Nina"
    )
    user.groups.add(Group.objects.get(name="Service presse"))
    return user


def test_the_press_office_sets_an_embargo_in_the_browser(live_server, monkeypatch):
    tools.require_chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    press_officer()
    SubscriberFactory(email="lea@lavenir.example", embargo_trusted=True)
    release = PressReleaseFactory(
        title="Le nouveau pont sur la Meuse ouvre le 2 avril",
        status=Status.DRAFT,
        publication_date=None,
    )
    local = timezone.localtime()
    end = (local + timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)
    past = local - timedelta(days=1)
    base = live_server.url
    change = f"{base}/admin/press/pressrelease/{release.pk}/change/"

    with sync_playwright() as playwright:
        browser = tools.launch(playwright)
        try:
            page, problems = tools.open_page(browser)
            page.set_viewport_size({"width": 1280, "height": 1000})
            page.goto(f"{base}/admin/login/?next=/admin/press/pressrelease/{release.pk}/change/")
            page.fill("#id_username", "presse")
            page.fill("#id_password", "mot-de-passe-long")
            with page.expect_navigation():
                page.click("input[type=submit]")

            field = page.locator(".field-embargo_until")
            # The field's name labels its date and time together (« Date », « Heure »).
            expect(field.get_by_role("group", name="Sous embargo jusqu’au")).to_be_visible()
            expect(field).to_contain_text("seuls les journalistes de confiance")

            # An embargo already over: refused, in French, on the field.
            page.fill("#id_embargo_until_0", past.strftime("%d/%m/%Y"))
            page.fill("#id_embargo_until_1", past.strftime("%H:%M:%S"))
            with page.expect_navigation():
                page.click(".workflow-bar button[name=_workflow][value=publish]")
            expect(field.locator(".errorlist")).to_have_text(
                "La fin de l’embargo doit être dans le futur : indiquez une date et une heure "
                "à venir, ou videz ce champ pour publier sans embargo."
            )
            # The refused « Publier » left the release a draft, and says so.
            expect(page.locator(".workflow-bar .workflow-state")).to_have_text("État : Brouillon")

            page.fill("#id_embargo_until_0", end.strftime("%d/%m/%Y"))
            page.fill("#id_embargo_until_1", "10:00:00")
            with page.expect_navigation():
                page.click(".workflow-bar button[name=_workflow][value=publish]")
            expect(page.locator(".messagelist")).to_contain_text("Planifié pour le")

            page.goto(change)
            box = page.locator(".embargo-plan")
            expect(box).to_contain_text("Sous embargo jusqu’au")
            expect(box).to_contain_text("1 journaliste de confiance")
            expect(box).to_contain_text("lien personnel signé")
            expect(box).to_contain_text("Le public le verra le")
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=False)

            page.goto(f"{base}/admin/press/pressrelease/?embargo=en-cours")
            expect(page.locator("#result_list")).to_contain_text(release.title)
            expect(page.locator("#changelist-filter")).to_contain_text("Sous embargo")
            assert problems == []
        finally:
            browser.close()

    release = PressRelease.objects.get(pk=release.pk)
    assert release.status == Status.PUBLISHED
    assert release.embargo_until == end
    assert release.publication_date == end
