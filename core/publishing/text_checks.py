"""Checks of a text before it is published: what makes a page hard to read or to hear.

Wagtail's accessibility checker and Plone's link checker in a few rules, over the sanitised
HTML of django-prose-editor: images without a useful alternative text, skipped or empty
headings, links whose text says nothing out of context, very long paragraphs. Each finding says,
in French, what is wrong and how to fix it. Nothing here refuses a save: the editor decides.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import references
from core.models import format_moment

# A body starts at h2: the page's title is its h1.
FIRST_LEVEL = 2
LONG_PARAGRAPH_WORDS = 150
# Link texts that mean nothing once read out of their sentence (screen readers list links).
VAGUE_LINK_TEXTS = frozenset(
    {
        "cliquez ici",
        "cliquer ici",
        "clique ici",
        "ici",
        "là",
        "lire la suite",
        "la suite",
        "suite",
        "en savoir plus",
        "pour en savoir plus",
        "savoir plus",
        "plus",
        "voir plus",
        "lire plus",
        "voir",
        "lien",
        "ce lien",
        "le lien",
        "cette page",
        "click here",
        "here",
        "read more",
        "more",
        "link",
    }
)
_FILE_NAME = re.compile(
    r"\S+\.(?:jpe?g|png|gif|webp|avif|heic|heif|tiff?|bmp|svg)"
    r"|(?:img|dsc|dscn|dscf|pxl|mvimg|gopr|dji|wp|screenshot|capture|photo|image)[ _-]*\d+\S*",
    re.IGNORECASE,
)
_GENERIC_ALT = frozenset({"image", "photo", "illustration", "img", "picture", "visuel", "logo"})
_BARE_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


@dataclass(frozen=True)
class Finding:
    """One thing to fix: ``code`` for programs, ``message`` and ``fix`` for the editor."""

    code: str
    message: str
    fix: str
    field: str = ""


def check_html(html: str) -> list[Finding]:
    """Return what to fix in ``html``, a body as django-prose-editor writes it, in page order."""
    reader = _Reader()
    reader.feed(html or "")
    reader.close()
    return reader.findings


def check_alt(alt: str, *, has_image: bool = True, what: str = "") -> list[Finding]:
    """Return what to fix in the alternative text ``alt`` of an image (``what`` names it)."""
    alt = " ".join((alt or "").split())
    what = what or _("Une image")
    if not alt:
        if not has_image:
            return []
        return [
            Finding(
                "image-alt-missing",
                _("%(what)s n’a pas de texte alternatif.") % {"what": what},
                _(
                    "Décrivez en une phrase ce que montre l’image, pour les personnes qui ne la "
                    "voient pas."
                ),
            )
        ]
    if _FILE_NAME.fullmatch(alt):
        return [
            Finding(
                "image-alt-file-name",
                _("Le texte alternatif « %(alt)s » est un nom de fichier.") % {"alt": alt},
                _(
                    "Remplacez-le par une description de ce que montre l’image : un lecteur "
                    "d’écran lirait ce nom à voix haute."
                ),
            )
        ]
    if _plain(alt) in _GENERIC_ALT:
        return [
            Finding(
                "image-alt-generic",
                _("Le texte alternatif « %(alt)s » ne dit pas ce que montre l’image.")
                % {"alt": alt},
                _("Décrivez la scène : qui, quoi, où, en une phrase."),
            )
        ]
    return []


def _plain(text: str) -> str:
    """Return ``text`` lower-cased, its spaces and apostrophes evened, its end punctuation cut."""
    text = " ".join(text.replace("\u00a0", " ").split()).lower()
    return text.replace("’", "'").strip(" .:;,!?…«»\"'()[]→>")


def _excerpt(text: str, words: int = 8) -> str:
    return Truncator(" ".join(text.split())).words(words, truncate="…")


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []
        self.level = FIRST_LEVEL - 1
        self.heading: tuple[int, list[str]] | None = None
        self.links: list[tuple[str, list[str]]] = []
        self.paragraph: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _HEADINGS:
            self.heading = (_HEADINGS[tag], [])
        elif tag == "a":
            self.links.append((attrs.get("href") or "", []))
        elif tag == "p":
            self.paragraph = []
        elif tag == "img":
            self._image(attrs)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self.heading is not None:
            self.heading[1].append(data)
        for _href, parts in self.links:
            parts.append(data)
        if self.paragraph is not None:
            self.paragraph.append(data)

    def handle_endtag(self, tag):
        if tag in _HEADINGS and self.heading is not None:
            level, parts = self.heading
            self.heading = None
            self._heading(level, "".join(parts))
        elif tag == "a" and self.links:
            href, parts = self.links.pop()
            self._link(href, "".join(parts))
        elif tag == "p" and self.paragraph is not None:
            self._paragraph("".join(self.paragraph))
            self.paragraph = None

    def _image(self, attrs):
        alt = attrs.get("alt")
        # Inside a link, the image's text is the link's text.
        for _href, parts in self.links:
            parts.append(alt or "")
        self.findings += check_alt(alt or "")

    def _heading(self, level: int, text: str):
        text = " ".join(text.replace("\u00a0", " ").split())
        if not text:
            self.findings.append(
                Finding(
                    "heading-empty",
                    _("Un intertitre de niveau %(level)d est vide.") % {"level": level},
                    _(
                        "Écrivez-le, ou remettez la ligne en paragraphe : un lecteur d’écran "
                        "annonce un intertitre sans rien dire."
                    ),
                )
            )
        elif level < FIRST_LEVEL:
            self.findings.append(
                Finding(
                    "heading-top-level",
                    _("L’intertitre « %(text)s » est de niveau 1.") % {"text": _excerpt(text)},
                    _(
                        "Le niveau 1 est le titre de la page : commencez le texte par des "
                        "intertitres de niveau 2."
                    ),
                )
            )
        elif level > self.level + 1:
            if self.level < FIRST_LEVEL:
                message = _(
                    "Le texte commence par un intertitre de niveau %(level)d (« %(text)s »)."
                )
            else:
                message = _(
                    "L’intertitre « %(text)s » saute un niveau : niveau %(level)d après un "
                    "niveau %(previous)d."
                )
            self.findings.append(
                Finding(
                    "heading-skipped",
                    message % {"text": _excerpt(text), "level": level, "previous": self.level},
                    _(
                        "Donnez-lui le niveau %(expected)d : les intertitres se suivent sans "
                        "sauter de niveau, le premier est de niveau 2. Les lecteurs d’écran s’en "
                        "servent comme d’une table des matières."
                    )
                    % {"expected": self.level + 1},
                )
            )
        self.level = max(level, FIRST_LEVEL - 1)

    def _link(self, href: str, text: str):
        text = " ".join(text.replace("\u00a0", " ").split())
        if not text:
            self.findings.append(
                Finding(
                    "link-empty",
                    _("Un lien vers %(href)s n’a pas de texte.") % {"href": href or "…"},
                    _("Écrivez le texte du lien, ou retirez le lien."),
                )
            )
        elif _plain(text) in VAGUE_LINK_TEXTS:
            self.findings.append(
                Finding(
                    "link-vague",
                    _("Le lien « %(text)s » ne dit pas où il mène.") % {"text": text},
                    _(
                        "Mettez le lien sur des mots qui ont du sens hors de la phrase, par "
                        "exemple le titre de la page visée : « le programme des Fêtes de "
                        "Wallonie » plutôt que « cliquez ici »."
                    ),
                )
            )
        elif _BARE_URL.fullmatch(text):
            self.findings.append(
                Finding(
                    "link-bare-url",
                    _("Le lien « %(text)s » montre une adresse au lieu d’un texte.")
                    % {"text": Truncator(text).chars(60)},
                    _(
                        "Remplacez l’adresse par le nom de la page ou du document visé : une "
                        "adresse se lit mal, surtout à voix haute."
                    ),
                )
            )

    def _paragraph(self, text: str):
        words = len(text.split())
        if words > LONG_PARAGRAPH_WORDS:
            self.findings.append(
                Finding(
                    "paragraph-long",
                    ngettext(
                        "Un paragraphe compte %(count)d mot (« %(start)s »).",
                        "Un paragraphe compte %(count)d mots (« %(start)s »).",
                        words,
                    )
                    % {"count": words, "start": _excerpt(text)},
                    _(
                        "Coupez-le en paragraphes de %(limit)d mots au plus, une idée chacun : "
                        "un long bloc se lit mal, surtout sur un téléphone."
                    )
                    % {"limit": LONG_PARAGRAPH_WORDS},
                )
            )


def check_references(html: str) -> list[Finding]:
    """Return a finding for each link to an item of the site the public cannot see (yet).

    Such a link is printed as its text alone (core.references): the editor hears of it here.
    """
    links = references.links_in(html)
    targets = references.targets({link.ref for link in links})
    findings = []
    for link in links:
        target = targets[link.ref]
        if target.public:
            continue
        text = _excerpt(link.text) or "…"
        if target.item is None:
            findings.append(
                Finding(
                    "link-target-deleted",
                    _("Le lien « %(text)s » mène à un contenu qui n’existe plus.") % {"text": text},
                    _(
                        "Choisissez une autre page avec « Lien vers une page du site », ou "
                        "retirez le lien : le public ne voit que son texte."
                    ),
                )
            )
            continue
        findings.append(
            Finding(
                "link-target-hidden",
                _(
                    "Le lien « %(text)s » mène à « %(title)s » (%(kind)s), que le public ne voit "
                    "pas : %(state)s."
                )
                % {
                    "text": text,
                    "title": Truncator(str(target.item)).chars(80),
                    "kind": target.kind.lower(),
                    "state": _hidden_state(target.item),
                },
                _(
                    "Le public voit le texte sans lien tant que ce contenu n’est pas en ligne ; le "
                    "lien apparaîtra de lui-même à sa publication. Sinon, choisissez une autre "
                    "page."
                ),
            )
        )
    return findings


def _hidden_state(item) -> str:
    """Return why the public cannot see ``item``: its state, and a planning date to come."""
    state = item.state_label()
    now = timezone.now()
    for name, label in getattr(item, "planning_labels", {}).items():
        moment = getattr(item, name, None)
        if moment and moment > now:
            state += f" ({label} : {format_moment(moment, now)})"
    return state[:1].lower() + state[1:]
