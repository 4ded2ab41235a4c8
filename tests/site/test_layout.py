"""The layout every public page shares, the legal pages and the security headers."""

from html.parser import HTMLParser

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.utils.html import escape

pytestmark = pytest.mark.django_db


class InlineCodeFinder(HTMLParser):
    """Collect inline scripts, style elements and style attributes, which the CSP forbids."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            self.found.append("<script> inline")
        if tag == "style":
            self.found.append("<style>")
        if "style" in attributes:
            self.found.append(f"style attribute on <{tag}>")
        self.found += [f"{name} on <{tag}>" for name in attributes if name.startswith("on")]


def test_home_has_the_layout(client, demo):
    html = client.get("/").content.decode()

    assert '<html lang="fr-BE">' in html
    assert '<a href="#contenu">Aller au contenu</a>' in html
    assert '<a href="#navigation">Aller à la navigation</a>' in html
    assert 'id="navigation"' in html
    assert '<main id="contenu"' in html
    assert "Ville de Namur" in html
    assert '<a href="#haut">Haut de page</a>' in html
    assert 'media="print"' in html
    for title in ("Mentions légales", "Protection de la vie privée", "Déclaration d’accessibilité"):
        assert title in html


def test_home_has_no_inline_code(client, demo):
    finder = InlineCodeFinder()
    finder.feed(client.get("/").content.decode())

    assert finder.found == []


def test_pages_carry_security_headers(client):
    response = client.get("/")

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/pages/mentions-legales/", "Mentions légales"),
        ("/pages/vie-privee/", "Protection de la vie privée"),
        ("/pages/accessibilite/", "Déclaration d’accessibilité"),
    ],
)
def test_legal_pages_are_in_the_layout_with_a_breadcrumb(client, demo, path, title):
    response = client.get(path)

    html = response.content.decode()
    escaped_title = escape(title)
    assert response.status_code == 200
    assert f"<h1>{escaped_title}</h1>" in html
    assert 'aria-label="Fil d’Ariane"' in html
    assert f'<span aria-current="page">{escaped_title}</span>' in html


def test_the_footer_links_each_legal_page_at_its_address(client, demo):
    html = client.get("/").content.decode()

    for path in ("/pages/mentions-legales/", "/pages/vie-privee/", "/pages/accessibilite/"):
        assert f'href="{path}"' in html
        assert client.get(path).status_code == 200


def test_legal_page_html_is_sanitised_whatever_saves_it(client):
    page = FlatPage.objects.create(
        url="/piege/",
        title="Piège",
        content=(
            '<p onclick="steal()">Texte</p><script>alert(1)</script>'
            '<a href="javascript:alert(1)">lien</a><img src=x onerror="alert(2)">'
        ),
    )
    page.sites.add(Site.objects.get_current())

    html = client.get("/pages/piege/").content.decode()

    assert "<p>Texte</p>" in html
    for forbidden in ("<script>alert", "onclick", "javascript:", "onerror", "<img src=x"):
        assert forbidden not in html


def test_robots_txt_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Disallow: /admin/" in response.content.decode()


def test_admin_speaks_french(client):
    html = client.get("/admin/login/").content.decode()

    assert "Nom d’utilisateur" in html
    assert "Ville de Namur" in html
