"""A journalist subscribes in the browser, confirms from the e-mail, picks topics, then receives
the next release of those topics by e-mail and opens it from the message.

Headless Chromium against the live server; the confirmation e-mail goes through the real task
queue and worker to an SMTP server of the test's own, and the journey fails on any console
error or Content-Security-Policy violation.
"""

import pytest
from playwright.sync_api import expect, sync_playwright

from press.presslist.models import Subscriber
from tests.news.factories import TopicFactory
from tests.presslist.sending import full_release
from tests.presslist.subscribing import link_in
from tests.support import browser as tools
from tests.support.smtp import parts_of, subject_of
from tests.tasks import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_subscribe_confirm_choose_topics_then_receive_a_release(
    live_server, database_queue, smtp_server, settings, monkeypatch
):
    tools.require_chromium()
    # Playwright's sync API runs an event loop in this thread; the ORM calls and the worker
    # below are plain blocking work between two browser steps.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.SITE_URL = live_server.url
    settings.PRESS_LIST_MESSAGES_PER_SECOND = 0
    TopicFactory(name="Culture", slug="culture")
    mobility = TopicFactory(name="Mobilité", slug="mobilite")

    with sync_playwright() as playwright:
        browser = tools.launch(playwright)
        try:
            page, problems = tools.open_page(browser)

            page.goto(f"{live_server.url}/presse/espace-presse/")
            with page.expect_navigation():
                page.get_by_role("link", name="M’abonner aux communiqués").click()
            page.get_by_label("Adresse e-mail").fill("lea.martin@lavenir.example")
            page.get_by_label("Nom et prénom").fill("Léa Martin")
            page.get_by_label("Média").fill("L’Avenir")
            page.get_by_label("Seulement ceux des thèmes cochés ci-dessous").check()
            page.get_by_label("Mobilité").check()
            with page.expect_navigation():
                page.get_by_role("button", name="M’abonner").click()
            expect(page.locator("h1")).to_have_text("Vérifiez vos e-mails")

            assert not smtp_server.messages
            run_worker()
            [envelope] = smtp_server.messages
            assert subject_of(envelope).startswith("Confirmez votre abonnement")
            link = link_in(parts_of(envelope)["text/plain"], "confirm")

            page.goto(live_server.url + link)
            assert not Subscriber.objects.get().is_confirmed
            with page.expect_navigation():
                page.get_by_role("button", name="Confirmer mon abonnement").click()
            expect(page.locator(".message--success")).to_contain_text(
                "Votre abonnement est confirmé"
            )
            expect(page.get_by_label("Mobilité")).to_be_checked()
            expect(page.get_by_label("Culture")).not_to_be_checked()

            page.get_by_label("Culture").check()
            with page.expect_navigation():
                page.get_by_role("button", name="Enregistrer mes choix").click()
            expect(page.locator(".message--success")).to_have_text("Vos choix sont enregistrés.")

            # The press office publishes a release of a chosen topic: it arrives by e-mail.
            smtp_server.messages.clear()
            release = full_release(mobility)
            run_worker()
            [envelope] = smtp_server.messages
            assert envelope.rcpt_tos == ["lea.martin@lavenir.example"]
            assert release.title in subject_of(envelope)
            text = parts_of(envelope)["text/plain"]
            assert release.lead in text
            page.goto(live_server.url + release.get_absolute_url())
            expect(page.locator("h1")).to_have_text(release.title)
            assert f"{live_server.url}{release.get_absolute_url()}" in text
            assert problems == [], "\n".join(problems)
        finally:
            browser.close()

    subscriber = Subscriber.objects.get()
    assert subscriber.is_confirmed
    assert sorted(t.name for t in subscriber.topics.all()) == ["Culture", "Mobilité"]
