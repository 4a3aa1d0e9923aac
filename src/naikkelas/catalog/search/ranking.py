"""Ranking: relevance first (BM25 of the query's terms, a match in the name counting most),
then quality signals, as a multiplier of the relevance score
([decision 0021](../../../../docs/decisions/0021-search-synonyms-typos-ranking.md)).

``quality`` is 0..1: photos (up to 3) count half, curation a third, certificates (up to
2) a sixth. Every engine multiplies its text score by ``log2(2 + quality)`` (1.0 for a
product without photos, certificates or curation; 1.58 for the best), the formula
tantivy applies to a weight field, so a better-presented product of about the same
relevance comes first while a clearly more relevant product stays ahead.
"""

from __future__ import annotations

import math

# Weights of the fields in the relevance score (each field scored by BM25): the name; the
# keywords, category words and business name; the description.
FIELD_WEIGHTS = {"name": 3.0, "kw": 1.2, "desc": 0.5}


def quality(*, photo_count: int, curated: bool, certificates: int) -> float:
    score = min(photo_count, 3) / 3 * 0.5 + (1 / 3 if curated else 0.0)
    score += min(certificates, 2) / 2 / 6
    return round(min(score, 1.0), 4)


def quality_factor(value: float) -> float:
    return math.log2(2.0 + value)
