"""One site per module, started as ``make run`` starts it, its e-mail, and one Chromium.

Each module may set ``SITE_ENV`` (a dict) to add variables to the site's environment.
"""

import pytest
from playwright.sync_api import sync_playwright

from tests.support import browser as tools
from tests.support.site import smtp_url, start_site
from tests.support.smtp import FreePortController, Inbox


@pytest.fixture(scope="module")
def site_mail():
    """An SMTP server of the module's own; the site's e-mail lands in ``site_mail.messages``."""
    inbox = Inbox()
    controller = FreePortController(inbox, hostname="127.0.0.1", port=0)
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


@pytest.fixture(scope="module")
def site(request, tmp_path_factory, site_mail):
    """The site (runserver and db_worker on SQLite, the demo loaded), shared by the module."""
    tools.require_chromium()
    env = {"EMAIL_URL": smtp_url(site_mail.port), **getattr(request.module, "SITE_ENV", {})}
    with start_site(tmp_path_factory.mktemp("site"), env=env) as running:
        running.inbox = site_mail
        yield running


@pytest.fixture(scope="module")
def browser(site):
    """Headless Chromium; each ``open_page()`` is a window of its own, like a private window."""
    with sync_playwright() as playwright:
        chromium = tools.launch(playwright)
        yield chromium
        chromium.close()
