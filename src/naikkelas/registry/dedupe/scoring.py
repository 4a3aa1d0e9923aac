"""Scoring candidate pairs: per-field comparison levels, their weights, and the evidence.

The model is Fellegi–Sunter in spirit: each field's comparison falls into a *level* (exact,
close, similar, …, different, missing) and each level has a weight, the log2 of how much
likelier that level is between two records of one business than between two different
businesses that blocking brought together. The weights were estimated on the labelled
generator (``generate.py``) and rounded; ``bench.py`` measures them on fresh seeds.

Two departures from plain Fellegi–Sunter, both because the fields are not independent:

* Owner, phone, e-mail, NIB, village and address all say "same person / same place", and
  the same owner often runs two businesses from one house with one phone and one NIB (one
  NIB per *pelaku usaha*). Their positive weights are therefore summed and capped
  (``person_cap``): however sure we are it is the same owner, only the name says it is the
  same business. Negative weights (a different NIB, another district) are never capped.
* A clearly different business name is decisive the other way: its weight alone outweighs
  the capped person evidence.

The score is the match probability ``1 / (1 + 2 ** -(prior + weights))``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from .prepare import Prepared
from .records import Evidence, MatchPair


@dataclass(frozen=True, slots=True)
class ScoringSettings:
    prior: float = -6.0
    person_cap: float = 9.0
    name_floor: float = 55.0  # a pair whose names agree less than this is dropped unscored


# Weights per level (log2 likelihood ratios), rounded from the generator's m/u estimates.
NAME_WEIGHTS = {
    "exact": 5.0,
    "close": 5.0,  # one edit
    "similar": 2.0,  # two edits
    "subset": 1.5,  # (nearly) all words of one name in the other
    "weak": -3.0,  # ratio >= 75
    "different": -10.0,
}
OWNER_WEIGHTS = {
    "exact": 5.0,
    "close": 4.5,
    "similar": 1.0,
    "subset": 1.0,
    "different": -6.0,
    "missing": 0.0,
}
PHONE_WEIGHTS = {"same": 6.0, "differs": -2.5, "missing": 0.0}
NIB_WEIGHTS = {"same": 7.0, "differs": -9.0, "missing": 0.0}
EMAIL_WEIGHTS = {"same": 6.0, "differs": -1.0, "missing": 0.0}
PLACE_WEIGHTS = {
    "same village": 3.0,
    "other village": -2.5,
    "same district": 1.5,  # a village missing on one side
    "other district": -6.0,
    "missing": 0.0,
}
ADDRESS_WEIGHTS = {"exact": 3.0, "close": 2.0, "similar": 0.0, "different": -2.0, "missing": 0.0}

FIELDS = ("name", "owner", "phone", "nib", "email", "place", "address")
WEIGHTS = {
    "name": NAME_WEIGHTS,
    "owner": OWNER_WEIGHTS,
    "phone": PHONE_WEIGHTS,
    "nib": NIB_WEIGHTS,
    "email": EMAIL_WEIGHTS,
    "place": PLACE_WEIGHTS,
    "address": ADDRESS_WEIGHTS,
}
PERSON_FIELDS = ("owner", "phone", "nib", "email", "place", "address")


@dataclass(slots=True)
class Scored:
    """Scores of candidate pairs ``(a[i], b[i])`` with what is needed to explain them."""

    a: np.ndarray
    b: np.ndarray
    weight: np.ndarray
    score: np.ndarray
    levels: dict[str, np.ndarray]  # field -> level index into list(WEIGHTS[field])
    similarity: dict[str, np.ndarray]  # field -> 0..1, for name, owner and address

    def take(self, keep: np.ndarray) -> Scored:
        return Scored(
            a=self.a[keep],
            b=self.b[keep],
            weight=self.weight[keep],
            score=self.score[keep],
            levels={key: value[keep] for key, value in self.levels.items()},
            similarity={key: value[keep] for key, value in self.similarity.items()},
        )


def _cp(scorer, left: np.ndarray, right: np.ndarray, **kwargs) -> np.ndarray:  # type: ignore[no-untyped-def]
    """``scorer`` on each pair ``(left[i], right[i])``, in C++ on all cores."""
    if len(left) == 0:
        return np.empty(0, dtype=np.float64)
    return process.cpdist(left, right, scorer=scorer, workers=-1, **kwargs)


def _level(conditions: list[tuple[str, np.ndarray]], default: str, field: str) -> np.ndarray:
    """First matching condition wins; returns level indices into WEIGHTS[field]."""
    names = list(WEIGHTS[field])
    out = np.full(len(conditions[0][1]), names.index(default), dtype=np.int8)
    decided = np.zeros(len(out), dtype=bool)
    for level, mask in conditions:
        take = mask & ~decided
        out[take] = names.index(level)
        decided |= take
    return out


def _fuzzy_levels(
    words: np.ndarray,
    key: np.ndarray,
    length: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    field: str,
    key_ratio: np.ndarray | None = None,
    also_close: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Levels of a fuzzy field from its words in written order (``words``) and in sorted
    order (``key``): the better order counts (sorting makes word order irrelevant, but a
    typo in a word's first letters can move the word in the sorted order). Costly
    comparisons run only on pairs still undecided."""
    key_a, key_b = key[a], key[b]
    if key_ratio is None:
        key_ratio = _cp(fuzz.ratio, key_a, key_b)
    shorter = np.minimum(length[a], length[b])
    missing = shorter == 0
    exact = (key_ratio >= 100) & ~missing
    ratio = key_ratio.copy()
    distance = np.where(exact, 0, 3)
    subset = exact.copy()
    rest = np.flatnonzero(~exact & ~missing)
    if len(rest):
        words_a, words_b = words[a[rest]], words[b[rest]]
        ratio[rest] = np.maximum(ratio[rest], _cp(fuzz.ratio, words_a, words_b))
        distance[rest] = np.minimum(
            _cp(OSA.distance, key_a[rest], key_b[rest], score_cutoff=3),
            _cp(OSA.distance, words_a, words_b, score_cutoff=3),
        )
        subset[rest] = _cp(fuzz.token_set_ratio, words_a, words_b) >= 90
    # Typos are one or two edits whatever the length; a whole other word is more, even
    # where the rest of a long name keeps the ratio high ("kerajinan kulit agung" and
    # "kerajinan logam agung" are 0.87 alike but five edits apart).
    close = (distance <= 1) & (shorter >= 5)
    if also_close is not None:
        close |= also_close
    conditions = [
        ("exact", exact | ((ratio >= 100) & ~missing)),
        ("close", close),
        ("similar", (distance <= 2) & (shorter >= 8)),
        ("subset", subset),
    ]
    if field == "name":
        conditions.append(("weak", ratio >= 75))
    else:
        conditions.insert(0, ("missing", missing))
    levels = _level(conditions, "different", field)
    return levels, ratio / 100.0


def _equality_levels(code: np.ndarray, a: np.ndarray, b: np.ndarray, field: str) -> np.ndarray:
    left, right = code[a], code[b]
    present = (left != 0) & (right != 0)
    return _level([("same", present & (left == right)), ("differs", present)], "missing", field)


def _weights(field: str, levels: np.ndarray) -> np.ndarray:
    return np.asarray(list(WEIGHTS[field].values()), dtype=np.float64)[levels]


def score_pairs(
    prepared: Prepared,
    a: np.ndarray,
    b: np.ndarray,
    settings: ScoringSettings | None = None,
    *,
    min_score: float = 0.0,
) -> Scored:
    """Weights and scores of candidate pairs ``(a[i], b[i])`` (row indices of ``prepared``).

    Pairs are dropped unscored when they cannot reach ``min_score`` whatever the other
    fields say: names agreeing less than ``name_floor``, or a name level whose weight
    with all person evidence still falls short."""
    settings = settings or ScoringSettings()
    key_ratio = _cp(fuzz.ratio, prepared.name_key[a], prepared.name_key[b])
    keep = np.flatnonzero(key_ratio >= settings.name_floor)
    a, b, key_ratio = a[keep], b[keep], key_ratio[keep]

    levels: dict[str, np.ndarray] = {}
    similarity: dict[str, np.ndarray] = {}
    name_levels, name_similarity = _fuzzy_levels(
        prepared.name, prepared.name_key, prepared.name_length, a, b, "name", key_ratio
    )
    best_case = settings.prior + _weights("name", name_levels) + settings.person_cap
    min_weight = -np.inf if min_score <= 0 else -np.log2(1 / min_score - 1)
    keep = np.flatnonzero(best_case >= min_weight)
    a, b = a[keep], b[keep]
    levels["name"], similarity["name"] = name_levels[keep], name_similarity[keep]

    # "Bayu W. Setiawan" and "Bayu Wagiman Setiawan": same first and last name is close.
    short_a, short_b = prepared.owner_short[a], prepared.owner_short[b]
    levels["owner"], similarity["owner"] = _fuzzy_levels(
        prepared.owner,
        prepared.owner_key,
        prepared.owner_length,
        a,
        b,
        "owner",
        also_close=(short_a != 0) & (short_a == short_b),
    )
    levels["phone"] = _equality_levels(prepared.phone, a, b, "phone")
    levels["nib"] = _equality_levels(prepared.nib, a, b, "nib")
    levels["email"] = _equality_levels(prepared.email, a, b, "email")

    village_a, village_b = prepared.village[a], prepared.village[b]
    district_a, district_b = prepared.district[a], prepared.district[b]
    villages = (village_a != 0) & (village_b != 0)
    districts = (district_a != 0) & (district_b != 0)
    levels["place"] = _level(
        [
            ("same village", villages & (village_a == village_b)),
            ("other district", districts & (district_a != district_b)),
            ("other village", villages),
            ("same district", districts),
        ],
        "missing",
        "place",
    )

    address_a, address_b = prepared.address[a], prepared.address[b]
    address_set = _cp(fuzz.token_set_ratio, address_a, address_b)
    address_missing = (prepared.address_length[a] == 0) | (prepared.address_length[b] == 0)
    levels["address"] = _level(
        [
            ("missing", address_missing),
            ("exact", address_a == address_b),
            ("close", address_set >= 90),  # one contains the other, or a typo
            ("similar", address_set >= 70),
        ],
        "different",
        "address",
    )
    similarity["address"] = address_set / 100.0

    person_positive = np.zeros(len(a))
    person_negative = np.zeros(len(a))
    for field in PERSON_FIELDS:
        weight_of_field = _weights(field, levels[field])
        person_positive += np.maximum(weight_of_field, 0.0)
        person_negative += np.minimum(weight_of_field, 0.0)
    weight = (
        settings.prior
        + _weights("name", levels["name"])
        + np.minimum(person_positive, settings.person_cap)
        + person_negative
    )
    score = 1.0 / (1.0 + np.exp2(-weight))
    return Scored(a=a, b=b, weight=weight, score=score, levels=levels, similarity=similarity)


# --- explaining ----------------------------------------------------------------------------

_TEXTS = {
    ("name", "exact"): "same business name",
    ("name", "close"): "name similarity {sim:.2f}",
    ("name", "similar"): "name similarity {sim:.2f}",
    ("name", "subset"): "one name (nearly) contains the other",
    ("name", "weak"): "names only partly alike ({sim:.2f})",
    ("name", "different"): "different business names ({sim:.2f})",
    ("owner", "exact"): "same owner",
    ("owner", "close"): "owner name similarity {sim:.2f}",
    ("owner", "similar"): "owner name similarity {sim:.2f}",
    ("owner", "subset"): "one owner name contains the other",
    ("owner", "different"): "different owners ({sim:.2f})",
    ("owner", "missing"): "owner missing on one side or both",
    ("phone", "same"): "same phone",
    ("phone", "differs"): "phone differs",
    ("phone", "missing"): "phone missing on one side or both",
    ("nib", "same"): "same NIB",
    ("nib", "differs"): "NIB differs",
    ("nib", "missing"): "NIB missing on one side or both",
    ("email", "same"): "same e-mail",
    ("email", "differs"): "e-mail differs",
    ("email", "missing"): "",
    ("place", "same village"): "same village",
    ("place", "other village"): "another village in the same district",
    ("place", "same district"): "same district (village missing on one side)",
    ("place", "other district"): "another district",
    ("place", "missing"): "region missing on one side or both",
    ("address", "exact"): "same address",
    ("address", "close"): "address similarity {sim:.2f}",
    ("address", "similar"): "address similarity {sim:.2f}",
    ("address", "different"): "different address ({sim:.2f})",
    ("address", "missing"): "address missing on one side or both",
}


def explain(prepared: Prepared, scored: Scored, index: int) -> MatchPair:
    """The pair at ``index`` of ``scored`` with its per-field evidence."""
    evidence = []
    for field in FIELDS:
        names = list(WEIGHTS[field])
        level = names[int(scored.levels[field][index])]
        sim = scored.similarity.get(field)
        similarity = round(float(sim[index]), 2) if sim is not None else None
        text = _TEXTS[(field, level)].format(sim=similarity if similarity is not None else 0.0)
        evidence.append(Evidence(field, level, WEIGHTS[field][level], similarity, text))
    return MatchPair(
        left_id=prepared.ids[int(scored.a[index])],
        right_id=prepared.ids[int(scored.b[index])],
        score=round(float(scored.score[index]), 4),
        weight=round(float(scored.weight[index]), 2),
        evidence=tuple(evidence),
    )
