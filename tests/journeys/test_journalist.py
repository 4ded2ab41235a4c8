"""A journalist requests accreditation through the public form, with a mistake first; the press
office puts the request on the waiting list while places remain; another journalist, accepted,
cancels through the link of her e-mail; the first request stays on the waiting list, untold.

Against the site as ``make run`` starts it (runserver and the mail worker, SQLite), in headless
Chromium, one window per person; every e-mail goes through the worker to an SMTP server of the
test's own, and each person follows the links of their e-mails.
"""

import io
import re
from dataclasses import dataclass

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.journeys.steps import link, log_in, mails, shot, wait_for_mail, wait_for_worker
from tests.support import browser as tools

pytestmark = pytest.mark.browser

# A person fills this form in more than the 3 seconds the site asks; the browser does not.
SITE_ENV = {"ACCREDITATION_MIN_FILL_SECONDS": "0"}
EVENT = "Visite d’une délégation du Gouvernement du Québec à la Citadelle"
FORM = "/accreditations/visite-delegation-quebec-citadelle/"
REQUESTS = "/admin/accreditations/accreditationrequest/"
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nxref\n0 1\n0000000000 65535 f \n"
    b"trailer << /Size 1 /Root 1 0 R >>\nstartxref\n45\n%%EOF\n"
)


@dataclass
class Journalist:
    first_name: str
    last_name: str
    email: str
    outlet: str
    media_type: str
    role: str
    card: str


LEA = Journalist(
    "Léa",
    "Martin",
    "lea.martin@example.org",
    "Le Courrier de l’Escaut",
    "Presse écrite",
    "Journaliste",
    "BE-4410",
)
HUGO = Journalist(
    "Hugo", "Lefèvre", "hugo.lefevre@example.org", "Bel RTL", "Radio", "Technicien", "BE-5521"
)


def portrait() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (300, 400), (200, 170, 150)).save(output, "JPEG")
    return output.getvalue()


def attach_documents(page: Page) -> None:
    page.set_input_files(
        "#id_id_document",
        files=[{"name": "carte-identite.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.set_input_files(
        "#id_photo", files=[{"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": portrait()}]
    )


def fill_in(page: Page, person: Journalist, *, card: str) -> None:
    page.fill("#id_first_name", person.first_name)
    page.fill("#id_last_name", person.last_name)
    page.fill("#id_date_of_birth", "1988-05-14")
    page.fill("#id_nationality", "belge")
    page.fill("#id_email", person.email)
    page.fill("#id_phone", "+32 470 55 66 77")
    page.fill("#id_outlet", person.outlet)
    page.locator(".field--choices", has_text="Type de média").get_by_label(
        person.media_type, exact=True
    ).check()
    page.locator(".field--choices", has_text="Fonction").get_by_label(
        person.role, exact=True
    ).check()
    page.fill("#id_press_card_number", card)
    attach_documents(page)
    page.locator("#id_consent").check()


def send(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer la demande").click()


def reference_on(page: Page) -> str:
    expect(page.locator("h1")).to_have_text("Votre demande est envoyée")
    return page.locator(".confirmation__reference").inner_text().strip()


def decide(page: Page, reference: str, action: str) -> None:
    """In the admin's list of requests, apply ``action`` to the request ``reference``."""
    page.goto(f"{page.url.split('/admin/')[0]}{REQUESTS}?q={reference}")
    row = page.locator("#result_list tbody tr", has_text=reference)
    expect(row).to_have_count(1)
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option(action)
    with page.expect_navigation():
        page.locator("button[name=index]").click()


def test_a_staff_waiting_list_stands_when_another_journalist_cancels(site, browser):
    lea, lea_problems = tools.open_page(browser)
    hugo, hugo_problems = tools.open_page(browser)
    office, office_problems = tools.open_page(browser)

    # Léa forgets her press card number: the form says what to fix, and to choose the files again.
    lea.goto(site.url + FORM)
    expect(lea.locator("h1")).to_contain_text(EVENT)
    fill_in(lea, LEA, card="")
    send(lea)
    summary = lea.locator(".error-summary")
    expect(summary).to_contain_text("Votre demande n’est pas encore envoyée")
    expect(summary).to_contain_text("Indiquez le numéro de votre carte de presse")
    expect(summary).to_contain_text("choisissez-les à nouveau")
    expect(summary).to_be_focused()
    shot(lea, "journalist-01-form-with-a-mistake")
    expect(lea.locator("#id_email")).to_have_value(LEA.email)
    lea.fill("#id_press_card_number", LEA.card)
    attach_documents(lea)
    send(lea)
    reference = reference_on(lea)
    assert re.fullmatch(r"ACC-[A-Z0-9]{4}-[A-Z0-9]{4}", reference), reference
    shot(lea, "journalist-02-confirmation")
    received = wait_for_mail(site, to=LEA.email, subject="Demande d’accréditation reçue")
    assert received.subject == f"Demande d’accréditation reçue — {EVENT} ({reference})"
    assert reference in received.text and reference in received.html

    # Hugo asks too.
    hugo.goto(site.url + FORM)
    fill_in(hugo, HUGO, card=HUGO.card)
    send(hugo)
    hugo_reference = reference_on(hugo)

    # The press office puts Léa on the waiting list while places remain, and accepts Hugo.
    log_in(office, site, "presse", REQUESTS)
    since = len(site.inbox.messages)
    decide(office, reference, "waitlist")
    expect(office.locator(".messagelist")).to_be_visible()
    told = wait_for_mail(
        site, to=LEA.email, subject="Accréditation en liste d’attente", since=since
    )
    assert reference in told.subject
    assert "Le service presse a placé votre demande" in " ".join(told.text.split())
    decide(office, hugo_reference, "approve")
    accepted = wait_for_mail(site, to=HUGO.email, subject="Accréditation acceptée", since=since)
    cancel = link(accepted.text, rf"{re.escape(site.url)}/accreditations/annulation/[^/\s]+/")

    # Hugo cannot come: he cancels through his link; his place is not given to Léa.
    hugo.goto(cancel)
    expect(hugo.locator("h1")).to_have_text("Annuler ma demande d’accréditation")
    shot(hugo, "journalist-03-cancellation")
    since = len(site.inbox.messages)
    with hugo.expect_navigation():
        hugo.get_by_role("button", name="Oui, annuler ma demande").click()
    expect(hugo.locator("main")).to_contain_text("Cette demande est annulée")
    confirmed = wait_for_mail(
        site, to=HUGO.email, subject="Demande d’accréditation annulée", since=since
    )
    assert hugo_reference in confirmed.subject
    assert mails(site, to=LEA.email, since=since) == []

    office.goto(f"{site.url}{REQUESTS}?q={reference}")
    row = office.locator("#result_list tbody tr", has_text=reference)
    expect(row).to_contain_text("Liste d’attente")
    with office.expect_navigation():
        row.get_by_role("link", name=reference).click()
    expect(office.locator(".field-waitlist_reason")).to_contain_text("placée par le service presse")
    shot(office, "journalist-04-still-waitlisted", full_page=True)
    # The worker has run everything the cancellation queued: still nothing for Léa.
    wait_for_worker(site)
    assert mails(site, to=LEA.email, since=since) == []

    for problems in (lea_problems, hugo_problems, office_problems):
        assert problems == [], "\n".join(problems)
