"""What a journalist sees on the press pages, feeds and search-engine metadata."""

import json
import re
from xml.etree import ElementTree

import pytest

from core.models import Status
from press.models import CorrectionNote
from tests.press.factories import (
    PressContactFactory,
    PressReleaseFactory,
    TopicFactory,
    brussels,
    jpeg_bytes,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def release():
    office = PressContactFactory(
        first_name="Nathalie",
        last_name="Lemaire",
        slug="nathalie-lemaire",
        job_title="Attachée de presse",
        organisation="Service Communication",
        email="nathalie.lemaire@ville.namur.be",
        phone="081 24 63 15",
    )
    cabinet = PressContactFactory(
        first_name="Olivier",
        last_name="Piron",
        slug="olivier-piron",
        email="olivier.piron@ville.namur.be",
        phone="+32 475 81 05 35",
    )
    item = PressReleaseFactory(
        title="Le Sommet du numérique à Namur",
        slug="sommet-numerique",
        lead="Plus de 150 participants attendus.",
        body="<h2>Programme</h2><p>Table ronde au Parlement.</p>",
        quote_text="La Ville de Namur est très fière d’accueillir ce sommet.",
        quote_speaker="Julien Dumonceau",
        quote_role="bourgmestre de Namur",
        editors_notes="<p>Point presse à 11 h.</p>",
        topic=TopicFactory(name="Vie communale", slug="vie-communale"),
        publication_date=brussels(2021, 10, 28, 10, 0),
        tags=["Citadelle", "numérique"],
        contacts=[cabinet, office],
        files=[
            ("Programme du sommet", "programme.pdf", pdf_bytes()),
            ("Photo de la Citadelle", "citadelle.png", jpeg_bytes(800, 500)),
        ],
    )
    CorrectionNote.objects.create(
        release=item,
        date=brussels(2021, 10, 29).date(),
        text="l’horaire du point presse est corrigé.",
    )
    return item


def get_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_detail_shows_date_line_number_lead_body_and_notes(client, release):
    html = get_html(client, "/presse/sommet-numerique/")

    assert 'Namur, le <time datetime="2021-10-28T10:00:00+02:00">28 octobre 2021</time>' in html
    assert f"n° {release.number}" in html and release.number == "CP-2021-001"
    assert "<h1>Le Sommet du numérique à Namur</h1>" in html
    assert "Plus de 150 participants attendus." in html
    assert "<h2>Programme</h2><p>Table ronde au Parlement.</p>" in html
    notes = re.search(r'<section class="press-notes".*?</section>', html, re.S).group()
    assert "Notes aux rédactions" in notes and "<p>Point presse à 11 h.</p>" in notes
    breadcrumb = re.search(r'<nav class="breadcrumb.*?</nav>', html, re.S).group()
    assert '<a href="/">Accueil</a>' in breadcrumb
    assert '<a href="/presse/">Presse</a>' in breadcrumb
    assert "Le Sommet du numérique à Namur</span>" in breadcrumb
    assert '<a href="/presse/tag/citadelle/">Citadelle</a>' in html


def test_quote_is_a_blockquote_with_its_attribution(client, release):
    html = get_html(client, "/presse/sommet-numerique/")

    figure = re.search(r'<figure class="press-quote">.*?</figure>', html, re.S).group()
    assert re.search(r"<blockquote[^>]*>\s*<p>« La Ville de Namur est très fière", figure)
    assert "<figcaption" in figure
    assert "<cite>Julien Dumonceau</cite>, bourgmestre de Namur" in figure


def test_quote_is_escaped():
    release = PressReleaseFactory(quote_text="<script>alert(1)</script>", quote_speaker="<b>X</b>")
    from django.test import Client

    html = Client().get(release.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "<cite>&lt;b&gt;X&lt;/b&gt;</cite>" in html


def test_contacts_are_h_cards_in_the_chosen_order_with_working_links(client, release):
    html = get_html(client, "/presse/sommet-numerique/")

    cards = re.findall(r'<address class="h-card press-contact">.*?</address>', html, re.S)
    assert len(cards) == 2
    piron, lemaire = cards
    assert '<span class="p-name press-contact__name">Olivier Piron</span>' in piron
    assert '<a class="p-tel" href="tel:+32475810535">+32 475 81 05 35</a>' in piron
    assert '<span class="p-job-title">Attachée de presse</span>' in lemaire
    assert '<span class="p-org">Service Communication</span>' in lemaire
    assert (
        '<a class="u-email" href="mailto:nathalie.lemaire@ville.namur.be">'
        "nathalie.<wbr>lemaire@<wbr>ville.<wbr>namur.<wbr>be</a>" in lemaire
    )
    assert '<a class="p-tel" href="tel:+3281246315">+32 81 24 63 15</a>' in lemaire
    assert 'href="/presse/contacts/nathalie-lemaire.vcf"' in lemaire


def test_editing_a_contact_changes_every_release_that_shows_it(client, release):
    other = PressReleaseFactory(slug="autre", contacts=[release.contacts.get(slug="olivier-piron")])
    contact = other.contacts.get()

    contact.phone = "+32 81 24 60 12"
    contact.job_title = "Porte-parole du Bourgmestre"
    contact.save()

    for url in ("/presse/sommet-numerique/", "/presse/autre/"):
        html = get_html(client, url)
        assert '<a class="p-tel" href="tel:+3281246012">+32 81 24 60 12</a>' in html
        assert "Porte-parole du Bourgmestre" in html
        assert "+32 475 81 05 35" not in html


def test_attachments_show_title_type_and_size(client, release):
    html = get_html(client, "/presse/sommet-numerique/")

    section = re.search(r'<section class="press-attachments".*?</section>', html, re.S).group()
    pdf, image = release.attachments.all()
    assert re.search(r'<a href="/media/presse/[0-9a-f]{16}/programme\.pdf" download>', section)
    assert (
        f'Programme du sommet</a> <span class="press-attachments__meta">(PDF, {pdf.size}\xa0octets)</span>'
        in section
    )
    # A PNG is re-encoded as a JPEG without its metadata.
    assert image.file.name.endswith("/citadelle.jpg")
    assert re.search(
        r"Photo de la Citadelle</a> <span[^>]*>\(image JPEG, [0-9,]+\xa0Kio\)</span>", section
    )


def test_corrections_are_listed(client, release):
    html = get_html(client, "/presse/sommet-numerique/")

    assert (
        'Mis à jour le <time datetime="2021-10-29">29 octobre 2021</time> : '
        "l’horaire du point presse est corrigé." in html
    )


def test_detail_has_canonical_open_graph_json_ld_and_feed_links(client, release):
    html = get_html(client, "/presse/sommet-numerique/")

    assert '<link rel="canonical" href="http://127.0.0.1:8000/presse/sommet-numerique/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Le Sommet du numérique à Namur">' in html
    assert re.search(
        r'<meta property="og:image" content="http://127\.0\.0\.1:8000/media/presse/.+\.jpg">', html
    )
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Communiqués de presse (RSS)" href="/presse/flux.rss">'
        in html
    )
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Communiqués de presse (Atom)" href="/presse/flux.atom">'
        in html
    )
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Le Sommet du numérique à Namur"
    assert data["identifier"] == "CP-2021-001"
    assert data["datePublished"].startswith("2021-10-28T")
    assert set(data["keywords"]) == {"Citadelle", "numérique"}


def test_list_is_paginated_twelve_newest_first(client):
    for day in range(1, 15):
        PressReleaseFactory(title=f"Jour {day:02}", publication_date=brussels(2026, 10, day, 9))

    first = get_html(client, "/presse/")
    second = get_html(client, "/presse/?page=2")

    assert first.count('class="card press-card"') == 12
    assert first.index("Jour 14") < first.index("Jour 13")
    assert "Jour 02" not in first
    assert second.count('class="card press-card"') == 2
    assert "CP-2026-014" in first
    assert client.get("/presse/?page=3").status_code == 404
    assert client.get("/presse/?page=abc").status_code == 404


def test_year_filter_keeps_one_year_and_links_every_year(client):
    PressReleaseFactory(title="Communiqué de 2025", publication_date=brussels(2025, 12, 9, 10))
    PressReleaseFactory(title="Communiqué de 2026", publication_date=brussels(2026, 1, 1, 0, 30))

    everything = get_html(client, "/presse/")
    year = get_html(client, "/presse/?annee=2025")

    assert '<a href="/presse/?annee=2026">2026</a>' in everything
    assert '<a href="/presse/?annee=2025">2025</a>' in everything
    assert "<h1>Communiqués de presse de 2025</h1>" in year
    assert "Communiqué de 2025" in year and "Communiqué de 2026" not in year
    assert '<a href="/presse/?annee=2025" aria-current="page">2025</a>' in year
    # Half past midnight on 1 January in Namur belongs to the new year.
    assert "Communiqué de 2026" in get_html(client, "/presse/?annee=2026")
    for wrong in ("2024", "20x5", "٢٠٢٥", "12345"):
        assert client.get(f"/presse/?annee={wrong}").status_code == 404, wrong


def test_tag_page_lists_its_releases(client, release):
    PressReleaseFactory(title="Sans rapport", tags=["vélo"])

    html = get_html(client, "/presse/tag/citadelle/")

    assert "<h1>Communiqués « Citadelle »</h1>" in html
    assert "Le Sommet du numérique à Namur" in html and "Sans rapport" not in html
    assert client.get("/presse/tag/inconnu/").status_code == 404


def test_press_office_shows_its_contacts_latest_releases_and_open_events(client, release):
    from tests.accreditations.factories import EventFactory

    PressContactFactory(first_name="Porte", last_name="Parole", press_office=True, slug="pp")
    EventFactory(title="Conférence ouverte")
    EventFactory(
        title="Conférence passée",
        accreditation_opens=brussels(2020, 1, 1, 9),
        accreditation_closes=brussels(2020, 1, 2, 9),
        starts=brussels(2020, 1, 3, 9),
    )
    for n in range(4):
        PressReleaseFactory(title=f"Récent {n}")

    html = get_html(client, "/presse/espace-presse/")

    assert "<h1>Espace presse</h1>" in html
    assert '<span class="p-name press-contact__name">Porte Parole</span>' in html
    assert "Nathalie Lemaire" not in html  # on a release, not a press-office contact
    assert html.count('class="card press-card"') == 3
    assert "Conférence ouverte" in html and "Conférence passée" not in html
    assert '<a href="/presse/">Tous les communiqués</a>' in html


def test_rss_feed_carries_number_lead_link_categories_and_first_attachment(client, release):
    response = client.get("/presse/flux.rss")

    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Communiqués de presse — Ville de Namur"
    item = channel.find("item")
    assert item.findtext("title") == "Le Sommet du numérique à Namur (CP-2021-001)"
    assert item.findtext("description") == "Plus de 150 participants attendus."
    assert item.findtext("link").endswith("/presse/sommet-numerique/")
    assert {c.text for c in item.findall("category")} == {"Vie communale", "Citadelle", "numérique"}
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "application/pdf"
    assert enclosure.get("url").endswith("/programme.pdf")
    assert enclosure.get("length") == str(release.attachments.first().size)


def test_atom_feed_lists_the_release(client, release):
    response = client.get("/presse/flux.atom")

    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entries = ElementTree.fromstring(response.content).findall("atom:entry", ns)
    assert [e.findtext("atom:summary", namespaces=ns) for e in entries] == [
        "Plus de 150 participants attendus."
    ]


def test_sitemap_lists_live_releases_and_the_press_pages(client, release):
    draft = PressReleaseFactory(slug="brouillon", status=Status.DRAFT)

    xml = get_html(client, "/sitemap.xml")

    assert "/presse/sommet-numerique/</loc>" in xml
    assert "/presse/</loc>" in xml
    assert "/presse/espace-presse/</loc>" in xml
    assert draft.slug not in xml


def test_main_navigation_leads_to_the_press_list(client, release):
    html = get_html(client, "/presse/sommet-numerique/")

    assert '<li><a href="/presse/" aria-current="page">Presse</a></li>' in html
