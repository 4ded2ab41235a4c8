"""French words as search sees them: folded, stop words dropped, stemmed like PostgreSQL.

PostgreSQL's ``french_unaccent`` configuration takes the accents off a word, drops it if it is
in the French stop list, then stems it with Snowball's French stemmer. The SQLite index and
the highlights do the same here, with the same stemmer and the same list, so that a query finds
the same items on both databases. Words are what ``WORD`` finds on both: a hyphen or a dash
separates them (« Wi-Fi » is « Wi » then « Fi », « CP-2026-003 » three words), and a query is
read here, then handed to PostgreSQL as words (``websearch``), so that one rule decides which
words count: single letters and French stop words never do.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

# PostgreSQL's french.stop, less the accented words: compared after the accents are taken off,
# as on PostgreSQL, those never match ("été" the season stays searchable).
_FRENCH_STOP = """
    au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me mes moi mon
    ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une
    vos votre vous c d j l m n s t y suis es est sommes sont serai seras sera serons serez seront
    serais serait serions seriez seraient fus fut furent sois soit soyons soyez soient fusse
    fusses fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai as avons avez
    ont aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient avais avait
    avions aviez avaient eut eurent aie aies ait ayons ayez aient eusse eusses eussions eussiez
    eussent
"""
# Words PostgreSQL's list lacks but a reader never means to search for. The query decides on
# both databases (PostgreSQL gets only the words kept here), so adding one here is enough.
_MORE_STOP = "les"
STOP_WORDS = frozenset(_FRENCH_STOP.split() + _MORE_STOP.split())
# A stop word PostgreSQL knows: stands in a query for any word this module drops, so that a
# phrase keeps its gap there (PostgreSQL would otherwise look for a single letter it indexed).
PG_GAP_WORD = "de"
WORD = re.compile(r"[^\W_]+")  # letters and digits: "_" separates words, as on PostgreSQL
# Stands for a stop word in the index and in phrases, so that a phrase keeps its gaps as on
# PostgreSQL: "rue de Fer" matches « rue de Fer » and « rue du Fer », "rue Fer" neither. No
# word can become it: words never hold "_".
GAP = "_"
_stemmer = snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Return ``text`` in lower case without accents."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def is_stop_word(word: str) -> bool:
    """Return True if a folded word is never searched: a French stop word or a single letter."""
    return word in STOP_WORDS or (len(word) == 1 and word.isalpha())


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Return the stem of a folded word, or "" for a stop word."""
    return "" if is_stop_word(word) else _stemmer.stemWord(word)


def tokens(text: str) -> list[str]:
    """Return the stems of the words of ``text``, in order, each stop word as GAP."""
    return [stem(word) or GAP for word in WORD.findall(fold(text))]


@dataclass(frozen=True)
class Term:
    """Stems that must follow each other (one stem: a word), and whether they must be absent."""

    stems: tuple[str, ...]
    excluded: bool = False
    # The folded words behind ``stems``, PG_GAP_WORD for each GAP: PostgreSQL stems them itself.
    words: tuple[str, ...] = ()

    def fts5(self) -> str:
        # Stems are word characters only: quoted, they are a word or a phrase for FTS5, never
        # an operator, a column filter or a prefix.
        return '"' + " ".join(self.stems) + '"'


# A quoted phrase (closed or not), or a run of characters without spaces or quotes.
CHUNK = re.compile(r'(-?)"([^"]*)"?|[^\s"]+')


def parse(query: str) -> list[list[Term]]:
    """Return ``query`` as web search engines read it: alternatives of terms that all match.

    Words and "quoted phrases" must all match, ``-word`` must not, ``or`` between two terms
    lets either match (as PostgreSQL's ``websearch_to_tsquery``). Stop words are left out of
    words and phrases; a group without a wanted term is dropped.
    """
    groups, terms, pending_or = [], [], False
    for match in CHUNK.finditer(query):
        excluded, phrase = match.group(1) == "-", match.group(2)
        text = match.group(0) if phrase is None else phrase
        if phrase is None:
            excluded = text.startswith("-")
            if text.lower() == "or" and terms and not pending_or:
                pending_or = True
                continue
        # Stop words count inside a phrase, not at its ends.
        words = WORD.findall(fold(text))
        marks = [stem(word) or GAP for word in words]
        kept = [i for i, mark in enumerate(marks) if mark != GAP]
        if not kept:
            continue
        span = range(kept[0], kept[-1] + 1)
        term_stems = tuple(marks[i] for i in span)
        term_words = tuple(PG_GAP_WORD if marks[i] == GAP else words[i] for i in span)
        if pending_or:
            groups.append(terms)
            terms, pending_or = [], False
        terms.append(Term(term_stems, excluded, term_words))
    if pending_or:  # "or" at the end is a word, as on PostgreSQL
        terms.append(Term(("or",), words=("or",)))
    groups.append(terms)
    return [group for group in groups if any(not term.excluded for term in group)]


def fts5_query(groups: list[list[Term]]) -> str:
    """Return ``groups`` as an FTS5 query: wanted terms joined by AND, then the NOT ones."""
    alternatives = []
    for group in groups:
        wanted = " AND ".join(term.fts5() for term in group if not term.excluded)
        unwanted = "".join(f" NOT {term.fts5()}" for term in group if term.excluded)
        alternatives.append(f"({wanted}{unwanted})")
    return " OR ".join(alternatives)


def only_stop_words(query: str) -> bool:
    """Return True if ``query`` has words and every one is a stop word or a single letter."""
    words = WORD.findall(fold(query))
    return bool(words) and all(is_stop_word(word) for word in words)


def websearch(groups: list[list[Term]]) -> str:
    """Return ``groups`` as a query for PostgreSQL's ``websearch_to_tsquery``.

    Each term is a quoted phrase of its words, so that PostgreSQL finds what the SQLite index
    finds: the words this module keeps, in order, a hyphenated word as its parts.
    """
    alternatives = []
    for group in groups:
        alternatives.append(
            " ".join(
                ("-" if term.excluded else "") + '"' + " ".join(term.words) + '"' for term in group
            )
        )
    return " or ".join(alternatives)


def wanted_stems(groups: list[list[Term]]) -> set[str]:
    """Return the stems a highlight marks: those of every term that must match."""
    wanted = {s for group in groups for term in group if not term.excluded for s in term.stems}
    return wanted - {GAP}


def prefix_tsquery(groups: list[list[Term]]) -> str:
    """Return ``groups`` for PostgreSQL's ``to_tsquery``, a lone word also found as a prefix.

    For those who look for an item they know (the admin, its autocompletes): « citad » finds
    « Citadelle » as they type. Words are letters and digits only (``WORD``): nothing a person
    types can become an operator.
    """
    alternatives = []
    for group in groups:
        terms = []
        for term in group:
            text = " <-> ".join(term.words)
            if len(term.words) == 1:
                text += ":*"
            terms.append(f"!({text})" if term.excluded else f"({text})")
        alternatives.append("(" + " & ".join(terms) + ")")
    return " | ".join(alternatives)


def fts5_prefix_query(groups: list[list[Term]]) -> str:
    """Return ``groups`` as an FTS5 query, a lone word also found as a prefix (as above)."""
    alternatives = []
    for group in groups:

        def text(term: Term) -> str:
            return term.fts5() + ("*" if len(term.stems) == 1 else "")

        wanted = " AND ".join(text(term) for term in group if not term.excluded)
        unwanted = "".join(f" NOT {text(term)}" for term in group if term.excluded)
        alternatives.append(f"({wanted}{unwanted})")
    return " OR ".join(alternatives)


def slug_words(query: str) -> list[str]:
    """Return the words of ``query`` as an address (slug) holds them: folded, stop words kept."""
    return WORD.findall(fold(query))
