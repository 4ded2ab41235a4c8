"""The checks before publishing, one rule at a time: what they find in a body, in French."""

import pytest

from core.publishing.text_checks import LONG_PARAGRAPH_WORDS, check_alt, check_html

GOOD_BODY = (
    "<p>Le conseil communal a voté le budget.</p>"
    "<h2>Ce qui change</h2><p>Les écoles d’abord.</p>"
    "<h3>Écoles</h3><p>Deux nouvelles classes.</p>"
    "<h3>Propreté</h3><h4>Quartiers</h4>"
    '<p>Lisez <a href="/actualites/budget/">le détail du budget 2027</a>.</p>'
    '<p><img src="/media/a.jpg" alt="Le conseil communal en séance"></p>'
)


def test_a_clean_body_gives_nothing_to_fix():
    assert check_html(GOOD_BODY) == []
    assert check_html("") == []


@pytest.mark.parametrize(
    ("html", "code", "message"),
    [
        (
            '<p><img src="/a.jpg"></p>',
            "image-alt-missing",
            "Une image n’a pas de texte alternatif.",
        ),
        ('<p><img src="/a.jpg" alt=" "></p>', "image-alt-missing", "n’a pas de texte alternatif"),
        (
            '<p><img src="/a.jpg" alt="IMG_1234.jpg"></p>',
            "image-alt-file-name",
            "Le texte alternatif « IMG_1234.jpg » est un nom de fichier.",
        ),
        ('<p><img src="/a.jpg" alt="photo.png"></p>', "image-alt-file-name", "« photo.png »"),
        ('<p><img src="/a.jpg" alt="DSC01234"></p>', "image-alt-file-name", "nom de fichier"),
        ('<p><img src="/a.jpg" alt="Photo"></p>', "image-alt-generic", "ne dit pas ce que montre"),
        (
            "<h2>Contexte</h2><h4>Détail</h4>",
            "heading-skipped",
            "L’intertitre « Détail » saute un niveau : niveau 4 après un niveau 2.",
        ),
        (
            "<h3>Début</h3>",
            "heading-skipped",
            "Le texte commence par un intertitre de niveau 3 (« Début »).",
        ),
        ("<h1>Titre bis</h1>", "heading-top-level", "L’intertitre « Titre bis » est de niveau 1."),
        ("<h2></h2>", "heading-empty", "Un intertitre de niveau 2 est vide."),
        ("<h2>\u00a0<br></h2>", "heading-empty", "est vide"),
        (
            '<p>Pour s’inscrire, <a href="/inscription/">cliquez ici</a>.</p>',
            "link-vague",
            "Le lien « cliquez ici » ne dit pas où il mène.",
        ),
        ('<p><a href="/x/">Ici</a></p>', "link-vague", "« Ici »"),
        ('<p><a href="/x/">Lire la suite…</a></p>', "link-vague", "« Lire la suite… »"),
        ('<p><a href="/x/">En savoir plus</a></p>', "link-vague", "« En savoir plus »"),
        ('<p><a href="/x/">lien</a></p>', "link-vague", "« lien »"),
        (
            '<p><a href="https://www.namur.be/agenda">https://www.namur.be/agenda</a></p>',
            "link-bare-url",
            "Le lien « https://www.namur.be/agenda » montre une adresse au lieu d’un texte.",
        ),
        ('<p><a href="https://www.namur.be/">www.namur.be</a></p>', "link-bare-url", "adresse"),
        ('<p><a href="/x/"></a></p>', "link-empty", "Un lien vers /x/ n’a pas de texte."),
        (
            "<p>" + "mot " * (LONG_PARAGRAPH_WORDS + 1) + "</p>",
            "paragraph-long",
            f"Un paragraphe compte {LONG_PARAGRAPH_WORDS + 1} mots (« mot mot",
        ),
    ],
)
def test_each_rule_says_what_is_wrong_in_french(html, code, message):
    [finding] = check_html(html)

    assert finding.code == code
    assert message in finding.message
    assert finding.fix  # and how to fix it


@pytest.mark.parametrize(
    "html",
    [
        "<h2>Un</h2><h3>Deux</h3><h4>Trois</h4><h2>Un encore</h2><h3>Deux</h3>",
        '<p><a href="/x/">le programme des Fêtes de Wallonie</a></p>',
        '<p><a href="mailto:presse@ville.namur.be">presse@ville.namur.be</a></p>',
        '<p><a href="/x/"><img src="/a.jpg" alt="Le plan du piétonnier"></a></p>',
        "<p>" + "mot " * LONG_PARAGRAPH_WORDS + "</p>",
        "<ul><li>" + "mot " * (LONG_PARAGRAPH_WORDS + 20) + "</li></ul>",
        '<p><img src="/a.jpg" alt="La photo de classe de 1954 devant l’école"></p>',
    ],
    ids=[
        "headings-in-order",
        "meaningful-link",
        "e-mail-address",
        "image-link-named-by-alt",
        "paragraph-at-limit",
        "list-item",
        "alt-mentioning-photo",
    ],
)
def test_what_is_fine_is_not_flagged(html):
    assert check_html(html) == []


def test_findings_come_in_page_order_with_one_per_problem():
    html = (
        "<h3>Début</h3>"
        '<p><a href="/a/">ici</a> et <a href="/b/">là</a></p>'
        '<p><img src="/a.jpg"><img src="/b.jpg" alt="IMG_2.jpg"></p>'
    )

    codes = [finding.code for finding in check_html(html)]

    assert codes == [
        "heading-skipped",
        "link-vague",
        "link-vague",
        "image-alt-missing",
        "image-alt-file-name",
    ]


@pytest.mark.parametrize(
    ("alt", "has_image", "codes"),
    [
        ("", True, ["image-alt-missing"]),
        ("", False, []),
        ("IMG_20260312_101500.jpg", True, ["image-alt-file-name"]),
        ("citadelle.JPEG", True, ["image-alt-file-name"]),
        ("image", True, ["image-alt-generic"]),
        ("La Citadelle illuminée, vue depuis la Meuse", True, []),
    ],
)
def test_the_lead_image_alternative_text(alt, has_image, codes):
    findings = check_alt(alt, has_image=has_image, what="L’image")

    assert [finding.code for finding in findings] == codes
    if codes == ["image-alt-missing"]:
        assert findings[0].message == "L’image n’a pas de texte alternatif."
