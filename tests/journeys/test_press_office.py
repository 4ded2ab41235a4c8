"""The Service presse writes a release linked to an accreditation event, under an embargo half a
minute ahead, and publishes it; the trusted journalist gets it at once with her personal link and
the « Accréditation presse obligatoire » box; the public sees it, and the other journalist gets
it, only when the embargo ends.

Against the site as ``make run`` starts it (runserver and the mail worker, SQLite), in headless
Chromium; the dates typed in the form come from the site's own clock.
"""

import re
import time
from datetime import timedelta
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from playwright.sync_api import expect

from tests.journeys.steps import (
    SiteClock,
    link,
    log_in,
    mails,
    shot,
    wait_for_mail,
    wait_until,
)
from tests.support import browser as tools

pytestmark = pytest.mark.browser

TITLE = "La Ville accueille une délégation du Gouvernement du Québec"
LEAD = "La délégation visitera la Citadelle et signera un accord de coopération culturelle."
EVENT = "Visite d’une délégation du Gouvernement du Québec à la Citadelle"
EVENT_SLUG = "visite-delegation-quebec-citadelle"
TRUSTED, OTHER = "sophie.lambert@example.org", "pierre.lecomte@example.org"
# Long enough for the steps before the embargo ends on a busy machine, short enough to wait.
EMBARGO_SECONDS = 30


def status_of(url: str) -> int:
    """Return the status an anonymous visitor gets at ``url`` (the site on 127.0.0.1)."""
    try:
        with urlopen(url, timeout=30) as response:  # noqa: S310
            return response.status
    except HTTPError as error:
        return error.code


def test_an_embargoed_release_reaches_the_trusted_journalist_first_then_everyone(site, browser):
    clock = SiteClock(site)
    office, office_problems = tools.open_page(browser)
    office.set_viewport_size({"width": 1280, "height": 1000})
    journalist, journalist_problems = tools.open_page(browser)
    public, public_problems = tools.open_page(browser)

    log_in(office, site, "presse", "/admin/press/pressrelease/add/")
    office.locator("#id_title").fill(TITLE)
    office.get_by_label("Chapô").fill(LEAD)
    slug = office.locator("#id_slug").input_value()
    assert slug.startswith("la-ville-accueille-une-delegation")
    office.locator(".field-body [contenteditable=true]").click()
    office.keyboard.type("Le bourgmestre recevra la délégation à la Citadelle.")
    office.locator(".field-event .select2-selection").click()
    office.locator("input[aria-controls=select2-id_event-results]").fill("Québec")
    office.locator(".select2-results__option", has_text=EVENT).click()
    office.locator(".field-topic .select2-selection").click()
    office.locator("input[aria-controls=select2-id_topic-results]").fill("Cult")
    office.locator(".select2-results__option", has_text="Culture").click()
    field = office.locator(".field-embargo_until")
    expect(field.get_by_role("group", name="Sous embargo jusqu’au")).to_be_visible()
    # The time field takes seconds: the embargo ends half a minute after the click.
    embargo = (clock.now() + timedelta(seconds=EMBARGO_SECONDS)).replace(microsecond=0)
    office.fill("#id_embargo_until_0", embargo.strftime("%d/%m/%Y"))
    office.fill("#id_embargo_until_1", embargo.strftime("%H:%M:%S"))
    since = len(site.inbox.messages)
    with office.expect_navigation():
        office.locator(".workflow-bar button[name=_workflow][value=publish]").click()
    expect(office.locator(".messagelist")).to_contain_text("Planifié pour le")

    # Before the embargo ends: nothing for the public, neither the page nor the list.
    page_url = f"{site.url}/presse/{slug}/"
    assert status_of(page_url) == 404
    public.goto(f"{site.url}/presse/")
    expect(public.locator("main")).not_to_contain_text(TITLE)

    # The admin lists it under « Sous embargo » and says who gets what, and when.
    office.goto(f"{site.url}/admin/press/pressrelease/?embargo=en-cours")
    with office.expect_navigation():
        office.locator("#result_list").get_by_role("link", name=TITLE).click()
    plan = office.locator(".embargo-plan")
    expect(plan).to_contain_text("1 journaliste de confiance")
    expect(plan).to_contain_text("Le public le verra le")
    shot(office, "press-01-release-under-embargo")

    # The trusted journalist has it at once: her link, the accreditation box, both parts.
    early = wait_for_mail(site, to=TRUSTED, subject="SOUS EMBARGO jusqu’au", since=since)
    assert TITLE in early.subject
    form_url = f"{site.url}/accreditations/{EVENT_SLUG}/"
    assert "ACCRÉDITATION PRESSE OBLIGATOIRE" in early.text
    assert f"Demander une accréditation : {form_url}" in early.text
    assert "Accréditation presse obligatoire</h2>" in early.html
    assert f'<a href="{form_url}"' in early.html
    assert EVENT in early.html
    assert page_url not in early.text
    personal = link(early.text, rf"{re.escape(site.url)}/presse/embargo/[^/\s]+/")
    assert personal in early.html
    assert mails(site, to=OTHER, since=since) == []

    journalist.goto(personal)
    expect(journalist.locator(".embargo-banner")).to_contain_text("SOUS EMBARGO jusqu’au")
    expect(journalist.locator(".embargo-banner")).to_contain_text("Sophie Lambert")
    expect(journalist.locator("h1")).to_have_text(TITLE)
    box = journalist.locator("main").get_by_text("Accréditation presse obligatoire")
    expect(box).to_be_visible()
    shot(journalist, "press-02-trusted-journalist-link", full_page=True)
    margin = (embargo - clock.now()).total_seconds()
    assert margin > 0, "machine trop lente : l’embargo a pris fin avant ces vérifications"
    assert status_of(page_url) == 404
    with journalist.expect_navigation():
        journalist.locator("main").get_by_role("link", name="Demander une accréditation").click()
    assert journalist.url == form_url
    expect(journalist.locator("h1")).to_contain_text("Québec")

    # When the embargo ends, the public sees it, in the list too, and the others get it.
    started = time.monotonic()
    wait_until(
        lambda: status_of(page_url) == 200,
        seconds=EMBARGO_SECONDS + 60,
        what=f"{page_url} public à la fin de l’embargo",
    )
    waited = time.monotonic() - started
    public.goto(f"{site.url}/presse/")
    expect(public.locator("main").get_by_role("link", name=TITLE)).to_be_visible()
    public.goto(page_url)
    expect(public.locator("h1")).to_have_text(TITLE)
    expect(public.locator(".embargo-banner")).to_have_count(0)
    shot(public, "press-03-public-after-embargo", full_page=True)
    late = wait_for_mail(site, to=OTHER, subject="CP-", since=since)
    assert late.subject.endswith(f" — {TITLE}")
    assert "EMBARGO" not in late.text
    assert page_url in late.text
    assert "ACCRÉDITATION PRESSE OBLIGATOIRE" in late.text
    assert len(mails(site, to=TRUSTED, since=since)) == 1
    # Her personal link now leads to the public page.
    journalist.goto(personal)
    assert journalist.url == page_url
    print(f"marge avant la fin de l’embargo : {margin:.0f} s ; attente : {waited:.0f} s")

    for problems in (office_problems, journalist_problems, public_problems):
        assert problems == [], "\n".join(problems)
