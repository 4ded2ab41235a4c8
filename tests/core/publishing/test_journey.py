"""A Rédacteur writes an article in the browser, the Éditeur en chef publishes it, readers get it.

Runs headless Chromium against the live server (like tests/site/test_page_checks.py) and fails
on any console error or Content-Security-Policy violation in the admin.
"""

import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from PIL import Image
from playwright.sync_api import Page, expect, sync_playwright

from core.models import Status
from news.models import Article, Topic
from tests.support import browser as tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def member(username: str, role: str) -> User:
    if not Group.objects.filter(name=role).exists():
        # A transactional test before this one emptied the tables the data migration filled.
        importlib.import_module("namur_site.migrations.0003_editorial_roles").create_roles(
            django_apps, None
        )
        importlib.import_module("namur_site.migrations.0009_editors_use_the_photo_library").grant(
            django_apps, None
        )
    user = User.objects.create_user(username, password="mot-de-passe-long", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def log_in(page: Page, base_url: str, username: str, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/admin/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", "mot-de-passe-long")
    with page.expect_navigation():
        page.click("input[type=submit]")


def write_body(page: Page) -> None:
    """Type a heading, a list and a paragraph with a link, with the editor's toolbar."""
    field = page.locator(".field-body .prose-editor")
    editor = field.locator("[contenteditable=true]")
    editor.click()
    field.locator(".prose-menubar__selected").click()
    field.locator("[data-name=heading2]").click()
    page.keyboard.type("Ce qui change")
    page.keyboard.press("Enter")
    field.locator("[data-name=bulletList]").click()
    page.keyboard.type("Premier point")
    page.keyboard.press("Enter")
    page.keyboard.type("Second point")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # leaves the list
    # The link comes last: once its dialog closes the editor selects the link again, and a
    # key typed at that moment would replace it.
    page.keyboard.type("Tous les détails sur le site")
    for _ in range(len("le site")):
        page.keyboard.press("Shift+ArrowLeft")
    field.locator("[data-name=link]").click()
    dialog = page.locator("dialog[open]")
    dialog.locator("input").first.fill("https://www.namur.be/")
    dialog.locator("button[type=submit]").click()
    expect(page.locator("dialog[open]")).to_have_count(0)
    expect(editor.locator("a")).to_have_text("le site")


def choose_topic(page: Page, name: str) -> None:
    page.locator(".field-topic .select2-selection").click()
    page.locator("input[aria-controls=select2-id_topic-results]").fill(name[:4])
    page.locator(".select2-results__option", has_text=name).click()


def test_a_redacteur_writes_the_chief_publishes_readers_see_it(live_server, monkeypatch):
    tools.require_chromium()
    # Playwright's sync API runs an event loop in this thread; the ORM checks below are plain
    # blocking reads between two browser steps.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    member("redactrice", "Rédacteur")
    member("chef", "Éditeur en chef")
    Topic.objects.create(name="Mobilité", slug="mobilite")
    base = live_server.url

    with sync_playwright() as playwright:
        browser = tools.launch(playwright)
        try:
            page, problems = tools.open_page(browser)

            log_in(page, base, "redactrice", "/admin/news/article/add/")
            page.fill("#id_title", "Nouveaux horaires des bus")
            page.fill("#id_lead", "Le TEC adapte ses horaires à Namur dès lundi.")
            write_body(page)
            # A new image, uploaded from the library's chooser and chosen at once.
            page.click(".field-image .photo-chooser__choose")
            dialog = page.locator("dialog.photo-dialog")
            dialog.get_by_text("Ajouter une nouvelle image").click()
            dialog.locator("input[type=file]").set_input_files(
                files=[{"name": "bus.png", "mimeType": "image/png", "buffer": png_bytes()}]
            )
            dialog.locator("#id_photo-title").fill("Bus à la gare")
            dialog.locator("#id_photo-alt").fill("Un bus TEC à l’arrêt de la gare de Namur")
            dialog.get_by_role("button", name="Ajouter et choisir").click()
            expect(dialog).to_be_hidden()
            expect(page.locator(".field-image .photo-chooser__preview")).to_contain_text(
                "Bus à la gare"
            )
            choose_topic(page, "Mobilité")
            with page.expect_navigation():
                page.click("button[name=_workflow][value=submit]")
            expect(page.locator(".messagelist")).to_contain_text("En relecture")

            article = Article.objects.get()
            assert article.status == Status.REVIEW
            assert article.image and article.image.alt
            log_in(page, base, "chef", f"/admin/news/article/{article.pk}/change/")
            with page.expect_navigation():
                page.click("button[name=_workflow][value=publish]")
            expect(page.locator(".messagelist")).to_contain_text("Publié le")
            assert problems == [], "\n".join(problems)

            page.context.clear_cookies()
            response = page.goto(f"{base}/actualites/{article.slug}/")
            assert response.status == 200
            body = page.locator("main")
            expect(body.locator("h2", has_text="Ce qui change")).to_be_visible()
            expect(body.locator('a[href="https://www.namur.be/"]')).to_have_text("le site")
            expect(body.locator("li", has_text="Second point")).to_be_visible()
            expect(
                body.locator('img[alt="Un bus TEC à l’arrêt de la gare de Namur"]')
            ).to_be_visible()
            feed = page.request.get(f"{base}/actualites/flux.rss").text()
            assert "Nouveaux horaires des bus" in feed
        finally:
            browser.close()
