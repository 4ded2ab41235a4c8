"""What a printed page holds: Chromium prints an article and a release with the print stylesheet.

On A4, with the page's own address at the top and each link's full address after it; without
what only works on screen (navigation, search, the accreditation button, "Haut de page", tags,
related articles).
"""

import io

import pytest
from playwright.sync_api import Page, expect, sync_playwright
from pypdf import PdfReader

from tests.accreditations.factories import EventFactory
from tests.news.factories import ArticleFactory, TopicFactory
from tests.press.factories import PressReleaseFactory
from tests.support import browser as tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SITE_URL = "https://www.namur.be"
A4_POINTS = (595, 842)
ON_SCREEN_ONLY = {
    "navigation": ".main-nav",
    "search": ".header-search",
    "Haut de page": ".back-to-top",
    "tags": ".tag-list",
    "related articles": ".related",
    "accreditation button": ".press-box__button",
}


def hidden_on_paper(page: Page, path: str) -> list[str]:
    """Open ``path`` on screen then on paper; return what shows on screen and not on paper."""
    page.emulate_media(media="screen")
    page.goto(path)
    shown = {name: page.locator(css) for name, css in ON_SCREEN_ONLY.items()}
    shown = {name: locator for name, locator in shown.items() if locator.first.is_visible()}
    page.emulate_media(media="print")
    return sorted(name for name, locator in shown.items() if locator.first.is_hidden())


def printed_text(page: Page) -> tuple[str, list[tuple[int, int]]]:
    """Print the page to PDF; return its text without spaces (long addresses wrap anywhere)
    and the size of each sheet in points."""
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    sizes = [(round(sheet.mediabox.width), round(sheet.mediabox.height)) for sheet in reader.pages]
    return squeeze(" ".join(sheet.extract_text() for sheet in reader.pages)), sizes


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_printed_pages_keep_the_content_and_write_addresses_out(live_server, settings, monkeypatch):
    tools.require_chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.SITE_URL = SITE_URL
    culture = TopicFactory(name="Culture", slug="culture")
    article = ArticleFactory(
        title="La Citadelle s’illumine",
        slug="citadelle-illuminee",
        topic=culture,
        tags=["Citadelle"],
        with_image=True,
    )
    article.related.set([ArticleFactory(title="Le programme complet", topic=culture)])
    release = PressReleaseFactory(
        title="Visite de la délégation", topic=culture, tags=["Citadelle"], event=EventFactory()
    )

    with sync_playwright() as playwright:
        browser = tools.launch(playwright)
        try:
            page, problems = tools.open_page(browser)
            article_hidden = hidden_on_paper(page, live_server.url + article.get_absolute_url())
            expect(page.get_by_role("heading", name="La Citadelle s’illumine")).to_be_visible()
            article_text, article_sheets = printed_text(page)

            release_hidden = hidden_on_paper(page, live_server.url + release.get_absolute_url())
            expect(
                page.get_by_role("heading", name="Accréditation presse obligatoire")
            ).to_be_visible()
            release_text, release_sheets = printed_text(page)
        finally:
            browser.close()

    assert article_hidden == sorted(
        ["navigation", "search", "Haut de page", "tags", "related articles"]
    )
    assert release_hidden == sorted(
        ["navigation", "search", "Haut de page", "tags", "accreditation button"]
    )
    assert set(article_sheets) == set(release_sheets) == {A4_POINTS}
    # The page's own address, and the relative links written out in full after their text.
    assert f"{SITE_URL}/actualites/citadelle-illuminee/" in article_text
    assert squeeze(f"Culture ({SITE_URL}/actualites/theme/culture/)") in article_text
    assert f"{SITE_URL}{release.get_absolute_url()}" in release_text
    assert f"({SITE_URL}{release.event.get_absolute_url()})" in release_text
    assert squeeze("Le programme complet") not in article_text
    assert squeeze("Demander une accréditation") not in release_text
    assert problems == []
