"""Typo tolerance: the words of the indexed products, with the number of products each
appears in, and the nearest known word for a word nobody wrote
([decision 0021](../../../../docs/decisions/0021-search-synonyms-typos-ranking.md)).

A query word is corrected only when none of its terms (stem, synonyms) occurs in the
index; then the known word at the smallest edit distance wins (one letter replaced,
added, dropped, or two neighbours swapped; two edits for words of 8 letters or more),
the most frequent first. The engines keep the counts with the index, so every process
corrects the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Set

from rapidfuzz import process
from rapidfuzz.distance import OSA

from naikkelas.catalog.search.analysis import stem, words

MIN_WORD = 3  # shorter words are neither learned nor corrected
LONG_WORD = 8  # from this length two edits are allowed


def doc_words(*texts: str) -> set[str]:
    """The distinct words of a product that the vocabulary learns."""
    return learnable({w for text in texts for w in words(text)})


def learnable(found: set[str]) -> set[str]:
    return {w for w in found if len(w) >= MIN_WORD and not w.isdigit()}


class Vocabulary:
    def __init__(self, counts: Mapping[str, int] | None = None) -> None:
        self.counts: Counter[str] = Counter(counts or {})
        self._stems: set[str] | None = None
        self._by_length: dict[int, list[str]] | None = None

    def add(self, doc_word_sets: Iterable[Set[str]]) -> None:
        """Count the words of each product once; words too short or all digits are dropped
        here, once per batch, rather than product by product."""
        counts = self.counts
        for found in doc_word_sets:
            counts.update(found)
        for word in [w for w in counts if len(w) < MIN_WORD or w.isdigit()]:
            del counts[word]
        self._stems = None
        self._by_length = None

    @property
    def stems(self) -> set[str]:
        if self._stems is None:
            self._stems = {stem(w) for w in self.counts}
        return self._stems

    def knows(self, term: str) -> bool:
        return term in self.stems

    def correct(self, word: str) -> str | None:
        """The nearest known word, or None when none is near enough (or the word is known)."""
        if len(word) < MIN_WORD or word.isdigit() or word in self.counts:
            return None
        if self._by_length is None:
            by_length: dict[int, list[str]] = {}
            # most frequent first, so that among equal distances the common word wins
            for known, _count in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])):
                by_length.setdefault(len(known), []).append(known)
            self._by_length = by_length
        limit = 2 if len(word) >= LONG_WORD else 1
        best: tuple[int, int, str] | None = None
        for length in range(len(word) - limit, len(word) + limit + 1):
            choices = self._by_length.get(length)
            if not choices:
                continue
            found = process.extractOne(word, choices, scorer=OSA.distance, score_cutoff=limit)
            if found is None:
                continue
            candidate, distance, _index = found
            key = (int(distance), -self.counts[candidate], candidate)
            if best is None or key < best:
                best = key
        return best[2] if best else None
