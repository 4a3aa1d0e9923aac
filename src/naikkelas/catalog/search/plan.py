"""From query text to what the engines match: one group per query word, each group a list
of alternatives (the word's term, its synonyms' terms, a corrected word's term), each
alternative a tuple of terms that must all occur in the product.

    plan_text("kripik tempe", Synonyms([["keripik", "kripik"]]), vocabulary).groups
    == [[("keripik",)], [("tempe",)]]

The engines require every group (AND) and rank by BM25 over the matched terms.
"""

from __future__ import annotations

from dataclasses import dataclass

from naikkelas.catalog.search.analysis import Synonyms, query_words, stem
from naikkelas.catalog.search.typos import Vocabulary

Alternative = tuple[str, ...]


@dataclass(frozen=True)
class TextPlan:
    groups: list[list[Alternative]]
    corrected: str | None = None

    @property
    def terms(self) -> list[str]:
        return sorted({t for group in self.groups for alt in group for t in alt})


def plan_text(text: str, synonyms: Synonyms, vocabulary: Vocabulary | None) -> TextPlan:
    groups: list[list[Alternative]] = []
    shown: list[str] = []
    changed = False
    for word in query_words(text):
        alternatives = synonyms.alternatives(stem(word))
        if vocabulary is not None and vocabulary.counts and not _known(alternatives, vocabulary):
            correction = vocabulary.correct(word)
            if correction is not None:
                word = correction
                alternatives = synonyms.alternatives(stem(word))
                changed = True
        shown.append(word)
        # one query word stemming like another adds nothing: "tenun tenunan"
        if alternatives not in groups:
            groups.append(alternatives)
    return TextPlan(groups=groups, corrected=" ".join(shown) if changed else None)


def _known(alternatives: list[Alternative], vocabulary: Vocabulary) -> bool:
    return any(all(vocabulary.knows(t) for t in alt) for alt in alternatives)
