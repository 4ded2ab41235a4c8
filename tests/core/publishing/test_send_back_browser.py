"""The chief editor sends an article back in the browser; the writer reads why, by e-mail too."""

import pytest
from django.core import mail
from playwright.sync_api import expect, sync_playwright

from core.models import Status
from news.models import Article
from tests.core.publishing.test_journey import log_in, member
from tests.news.factories import ArticleFactory
from tests.support import browser as tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENT = "Précisez la date de réouverture du pont, s’il vous plaît."


def named(username: str, role: str, first_name: str, last_name: str):
    user = member(username, role)
    user.first_name, user.last_name = first_name, last_name
    user.email = f"{username}@ville.namur.be"
    user.save()
    return user


def test_the_chief_sends_an_article_back_and_the_writer_reads_why(
    live_server, monkeypatch, settings, tmp_path
):
    tools.require_chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.SITE_URL = live_server.url
    writer = named("clambert", "Rédacteur", "Claire", "Lambert")
    named("mdubois", "Éditeur en chef", "Marc", "Dubois")
    article = ArticleFactory(
        title="Le pont de Jambes rouvre", status=Status.REVIEW, publication_date=None, author=writer
    )
    change = f"/admin/news/article/{article.pk}/change/"
    base = live_server.url

    with sync_playwright() as playwright:
        browser = tools.launch(playwright)
        try:
            page, problems = tools.open_page(browser)
            log_in(page, base, "mdubois", change)
            page.click("a.workflow-sendback")
            box = page.locator("#send-back")
            expect(page.get_by_label("Commentaire pour le rédacteur")).to_be_visible()
            with page.expect_navigation():
                box.locator("button[value=sendback]").click()
            expect(box).to_contain_text("le commentaire est obligatoire")
            page.locator("fieldset.workflow").screenshot(path=tmp_path / "send-back-chief.png")
            assert Article.objects.get().status == Status.REVIEW

            page.get_by_label("Commentaire pour le rédacteur").fill(COMMENT)
            with page.expect_navigation():
                page.locator("#send-back button[value=sendback]").click()
            expect(page.locator(".messagelist")).to_contain_text("Brouillon")
            assert Article.objects.get().status == Status.DRAFT

            [message] = mail.outbox
            assert message.to == ["clambert@ville.namur.be"]
            assert f"{base}{change}" in message.body and COMMENT in message.body

            log_in(page, base, "clambert", change)
            banner = page.locator(".pending-banner--sent-back")
            expect(banner).to_contain_text("Marc Dubois vous a renvoyé ce contenu le ")
            expect(banner).to_contain_text(COMMENT)
            expect(page.locator("#send-back")).to_have_count(0)
            page.screenshot(path=tmp_path / "sent-back-writer.png")
            page.goto(f"{base}/admin/news/article/{article.pk}/versions/")
            expect(page.locator("#versions")).to_contain_text("Renvoyé au rédacteur")
            expect(page.locator("#versions")).to_contain_text(COMMENT)
            expect(page.locator("#versions")).to_contain_text("Marc Dubois")
            page.screenshot(path=tmp_path / "sent-back-history.png", full_page=True)
            assert problems == [], "\n".join(problems)
        finally:
            browser.close()
