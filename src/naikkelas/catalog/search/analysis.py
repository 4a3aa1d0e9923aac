"""Indonesian text analysis for product search: the same function turns product text (at
index time) and query text (at search time) into terms, so every engine sees the same
terms ([decision 0020](../../../../docs/decisions/0020-indonesian-stemming.md)).

``terms("Keripik Tempe Pedas, dianyam")`` → ``["keripik", "tempe", "pedas", "anyam"]``:

1. lower case, accents and punctuation removed, split into words of letters and digits;
2. a few function words (*dan*, *yang*, *untuk*, …) dropped;
3. each word stemmed by Snowball Indonesian (PyStemmer, C), except words of the
   :data:`~naikkelas.catalog.search.lexicon.STEM_EXCEPTIONS` list, which Snowball
   over-stems (*keripik* → *ripik*, *kemeja* → *meja*) or which are spelling variants
   (*kripik* → *keripik*).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import Stemmer

from naikkelas.catalog.search.lexicon import STEM_EXCEPTIONS, STOPWORDS

_WORD = re.compile(r"[a-z0-9]+")
# every ASCII character but letters and digits becomes a space
_ASCII_SPACES = str.maketrans(
    {chr(c): " " for c in range(128) if not (chr(c).isascii() and chr(c).isalnum())}
)
_STEMMER = Stemmer.Stemmer("indonesian")
# Inflectional endings Snowball strips before the prefixes; an exception word may carry
# them ("keripiknya", "kemejamu") and must still be recognised.
_ENDINGS = ("nya", "lah", "kah", "pun", "ku", "mu")
MAX_QUERY_WORDS = 8


def words(text: str) -> list[str]:
    """Lower-case words of letters and digits, accents removed: ``"Kopi Gayo, 250gr"`` →
    ``["kopi", "gayo", "250gr"]``."""
    if not text:
        return []
    folded = text.lower()
    if folded.isascii():  # the common case, 3× faster than the expression
        return folded.translate(_ASCII_SPACES).split()
    folded = unicodedata.normalize("NFKD", folded)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _WORD.findall(folded)


_STEMS: dict[str, str] = {}  # a plain dict is the cheapest cache on the indexing path
_STEMS_MAX = 500_000


def stem(word: str) -> str:
    """The stem of one lower-case word (see the module's docstring)."""
    found = _STEMS.get(word)
    if found is None:
        found = _stem(word)
        if len(_STEMS) < _STEMS_MAX:
            _STEMS[word] = found
    return found


def _stem(word: str) -> str:
    exception = STEM_EXCEPTIONS.get(word)
    if exception is not None:
        return exception
    if len(word) <= 3 or word.isdigit():
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and word[: -len(ending)] in STEM_EXCEPTIONS:
            return STEM_EXCEPTIONS[word[: -len(ending)]]
    stemmed: str = _STEMMER.stemWord(word)
    # Snowball may leave one or two letters of a short word ("tas" stays, "ikan" → "ik"
    # does not happen, but "di" + root can); a stem under 3 letters is too vague to keep.
    return stemmed if len(stemmed) >= 3 else word


def terms(text: str) -> list[str]:
    """The searchable terms of a text, in order, function words dropped."""
    return terms_of(words(text))


def terms_of(found: list[str]) -> list[str]:
    cached = _STEMS.get
    return [cached(w) or stem(w) for w in found if w not in STOPWORDS]


def term_text(*texts: str) -> str:
    """Terms of several texts joined by spaces: what the engines index."""
    return " ".join(t for text in texts for t in terms(text))


def query_words(text: str) -> list[str]:
    """The words of a query that take part in matching (at most ``MAX_QUERY_WORDS``)."""
    return [w for w in words(text) if w not in STOPWORDS][:MAX_QUERY_WORDS]


class Synonyms:
    """Groups of interchangeable words (``[["kripik", "keripik"], ["jamu", "herbal"]]``),
    applied at query time: a query word that belongs to a group matches any member.
    A member may have several words (``"kain tenun"``): then all its words must match.
    """

    def __init__(self, groups: Iterable[Iterable[str]] = ()) -> None:
        self.groups: list[list[str]] = []
        self._by_stem: dict[str, set[tuple[str, ...]]] = {}
        for group in groups:
            members = [" ".join(words(m)) for m in group]
            members = list(dict.fromkeys(m for m in members if m))
            if len(members) < 2:
                continue
            self.groups.append(members)
            alternatives = {tuple(terms(m)) for m in members} - {()}
            for member in members:
                member_terms = terms(member)
                if len(member_terms) == 1:
                    self._by_stem.setdefault(member_terms[0], set()).update(alternatives)

    def alternatives(self, term: str) -> list[tuple[str, ...]]:
        """Alternatives for one query term: itself first, then its synonyms' terms (each a
        tuple of terms that must all match), sorted for a stable query."""
        found = self._by_stem.get(term, set()) - {(term,)}
        return [(term,), *sorted(found)]

    def __bool__(self) -> bool:
        return bool(self.groups)
