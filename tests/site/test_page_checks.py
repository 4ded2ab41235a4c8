"""Every page in tests/page_checks.py meets WCAG 2.1 AA, respects the CSP and is valid HTML."""

import os

import pytest
from playwright.sync_api import Browser, Page, Response, sync_playwright

from tests.page_checks import PAGES, PageCheck
from tests.support import browser as tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def require_tools() -> None:
    """Skip when a tool is missing, or fail if NAMUR_REQUIRE_BROWSER=1 forbids skipping."""
    missing = tools.missing_tools()
    if not missing:
        return
    message = "\n".join(missing)
    if os.environ.get("NAMUR_REQUIRE_BROWSER") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def record_documents(page: Page) -> list[Response]:
    """Return a list that fills with the responses of the documents loaded in the page."""
    documents: list[Response] = []

    def on_response(response: Response) -> None:
        if response.request.is_navigation_request() and response.frame == page.main_frame:
            documents.append(response)

    page.on("response", on_response)
    return documents


def describe_violation(violation: dict) -> str:
    """Describe an axe-core violation and the elements at fault."""
    lines = [f"axe {violation['id']} ({violation['impact']}) : {violation['help']}"]
    for node in violation["nodes"]:
        lines.append(f"    {node['target']} : {node['html'][:200]}")
        lines += [f"        {line}" for line in node["summary"].splitlines()]
    lines.append(f"    {violation['helpUrl']}")
    return "\n".join(lines)


def check_page(browser: Browser, base_url: str, check: PageCheck) -> tuple[list[str], str]:
    """Load the page, run its action and audit it; return its problems and its HTML as served."""
    page, problems = tools.open_page(browser)
    documents = record_documents(page)
    try:
        page.goto(base_url + check.path)
        if check.action:
            check.action(page)
        page.wait_for_load_state()
        document = documents[-1]
        if document.status != check.status:
            problems.append(f"statut HTTP {document.status} au lieu de {check.status}")
        html = document.text()
        problems += [describe_violation(violation) for violation in tools.run_axe(page)]
    finally:
        # Closing flushes the console and CSP reports still on their way into ``problems``.
        page.close()
    return problems, html


def test_pages_pass_accessibility_csp_and_html_checks(live_server, demo, monkeypatch):
    """Audit every page with axe-core and the browser console, then validate all their HTML."""
    require_tools()
    # Actions read the database between two browser steps, in the thread of Playwright's loop.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    assert len({check.name for check in PAGES}) == len(PAGES), "Deux PageCheck portent le même nom."
    problems: dict[str, list[str]] = {}
    html: dict[str, str] = {}
    with sync_playwright() as playwright:
        browser = tools.launch(playwright)
        try:
            for check in PAGES:
                problems[check.name], html[check.name] = check_page(browser, live_server.url, check)
        finally:
            browser.close()
    for name, errors in tools.validate_html(html).items():
        problems[name] += [f"HTML {error}" for error in errors]

    report = [
        f"{check.name} ({check.path}) :\n" + "\n".join(f"  - {p}" for p in problems[check.name])
        for check in PAGES
        if problems[check.name]
    ]
    if report:
        pytest.fail("Problèmes trouvés sur les pages :\n\n" + "\n\n".join(report), pytrace=False)
