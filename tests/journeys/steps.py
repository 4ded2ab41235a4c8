"""Steps the journeys share: signing in, reading the site's e-mail, its clock, screenshots."""

import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from namur_site.auth import DEMO_PASSWORD
from tests.support import browser as tools
from tests.support.site import Site
from tests.support.smtp import parts_of, subject_of

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "journeys"
# Generous for a machine shared with others: the worker polls every second.
MAIL_SECONDS = 90


def shot(page: Page, name: str, *, full_page: bool = False) -> Path:
    """Save a screenshot of ``page`` as test-artifacts/journeys/``name``.png (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=path, full_page=full_page)
    return path


def open_article(page: Page, site: Site, title: str) -> None:
    """Open the admin change form of the demo article called ``title``."""
    page.goto(f"{site.url}/admin/news/article/?q={title.split()[0]}")
    with page.expect_navigation():
        page.get_by_role("link", name=title).click()


def violations_in(page: Page, selector: str) -> list[str]:
    """Return what axe-core (WCAG 2.1 AA, best practices) finds in the part ``selector`` of the
    page, frames left out (a frame's page is checked as a page of its own)."""
    page.evaluate(tools.AXE_SCRIPT.read_text(encoding="utf-8"))
    return page.evaluate(
        """([selector, tags]) => axe.run({include: [selector]},
            {runOnly: {type: "tag", values: tags}, iframes: false, resultTypes: ["violations"]})
          .then(results => results.violations.map(v => `${v.id}: ${v.nodes.map(n => n.html)}`))""",
        [selector, tools.AXE_TAGS],
    )


def log_in(page: Page, site: Site, username: str, next_path: str = "/admin/") -> None:
    """Sign ``username`` (a demo account) in through the admin's sign-in page."""
    page.goto(f"{site.url}/admin/login/?next={next_path}")
    sign_in(page, username)


def sign_in(page: Page, username: str) -> None:
    """Fill in the sign-in form the page shows and send it."""
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("input[type=submit]").click()
    expect(page.locator("#login-form")).to_have_count(0)


def open_from_mail(page: Page, url: str, username: str) -> None:
    """Open a link of an e-mail to the admin, signing in first if the site asks."""
    page.goto(url)
    if page.locator("#login-form").count():
        sign_in(page, username)
    assert page.url == url, f"{page.url} instead of {url}"


def wait_until(condition: Callable[[], object], *, seconds: float, what: str):
    """Return ``condition()`` once it is true, polling; fail after ``seconds`` saying ``what``."""
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"toujours pas après {seconds} s : {what}")
        time.sleep(0.2)


def tasks_waiting(site: Site) -> int:
    """Return how many tasks queued to run at once the worker has not finished yet."""
    with sqlite3.connect(site.database, timeout=30) as connection:
        [(count,)] = connection.execute(
            "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('READY', 'RUNNING') AND run_after LIKE '9999-%'"
        )
    return count


def wait_for_worker(site: Site) -> None:
    """Return once the worker has run every task queued to run at once."""
    wait_until(lambda: tasks_waiting(site) == 0, seconds=MAIL_SECONDS, what="file de tâches vide")


@dataclass
class Mail:
    to: list[str]
    subject: str
    text: str
    html: str


def mails(site: Site, *, to: str, since: int = 0) -> list[Mail]:
    """Return the messages the site sent to ``to``, from the ``since``-th message on."""
    found = []
    for envelope in list(site.inbox.messages)[since:]:
        if to in envelope.rcpt_tos:
            parts = parts_of(envelope)
            found.append(
                Mail(
                    to=envelope.rcpt_tos,
                    subject=subject_of(envelope),
                    text=parts.get("text/plain", "").replace("\r\n", "\n"),
                    html=parts.get("text/html", "").replace("\r\n", "\n"),
                )
            )
    return found


def wait_for_mail(site: Site, *, to: str, subject: str, since: int = 0) -> Mail:
    """Return the first message to ``to`` whose subject starts with ``subject``, once it came."""

    def arrived():
        return next(
            (m for m in mails(site, to=to, since=since) if m.subject.startswith(subject)), None
        )

    return wait_until(arrived, seconds=MAIL_SECONDS, what=f"e-mail « {subject}… » à {to}")


def link(text: str, pattern: str) -> str:
    """Return the first address in ``text`` matching ``pattern`` (a regular expression)."""
    found = re.search(pattern, text)
    assert found, f"aucun lien {pattern} dans :\n{text}"
    return found.group(0)


class SiteClock:
    """The site's own time, read once from its processes, then counted on this machine's clock.

    The site's processes may run on a shifted clock (tests/clock.py); dates typed in its forms
    are built from this.
    """

    def __init__(self, site: Site):
        started = time.monotonic()
        printed = site.manage(
            "shell",
            "-c",
            "from django.utils import timezone; print(timezone.localtime().isoformat())",
        ).stdout.strip()
        # Counted from before the call: ``now()`` is never behind the site's clock, at most ahead
        # by the shell's start-up, so that a check that the site's clock has not yet reached a
        # moment errs on the safe side.
        self.read_at = started
        self.at_reading = datetime.fromisoformat(printed.splitlines()[-1])

    def now(self) -> datetime:
        return self.at_reading + timedelta(seconds=time.monotonic() - self.read_at)
