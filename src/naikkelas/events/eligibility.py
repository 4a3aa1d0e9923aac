"""Eligibility of a business for an exhibitor call, in plain Python.

Rules are data an officer sets in a form (``ExhibitorCall.rules``), never code::

    {
        "regions": ["33.72", "35"],          # the business lies in any of these regions
        "kbli": ["C", "10", "13"],           # KBLI section letters or 2-digit divisions
        "coached_by": [12, 31],              # coached by any of these organisations (ids)
        "certificates": ["halal", "pirt"],   # holds all of these, valid on the first day
        "size_classes": ["micro", "small"],  # PP 7/2021 size class
        "min_curation_tier": 2,              # extension point, see below
    }

An empty or missing rule lets everyone through. :func:`check` returns the failed rules
with what was asked and what the business has, so the page can explain a refusal.

Extension point — minimum curation tier: the curation app does not exist yet. The rule
``min_curation_tier`` is a rank (0 = not yet ready, higher = readier) and its check reads
``BusinessFacts.curation_tier_rank``. Until curation fills that fact (in
``events.selectors.calls.business_facts``), the call form does not offer the rule and the
service refuses it; a business without a rank fails it. Another rule is added by one
function in ``CHECKS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

RULES = ("regions", "kbli", "coached_by", "certificates", "size_classes", "min_curation_tier")


@dataclass(frozen=True)
class BusinessFacts:
    """What the rules look at, read from the registry (and later curation)."""

    region_code: str = ""  # the village code, dotted: 33.72.01.1002
    kbli_section: str = ""
    kbli_division: str = ""
    coached_by: frozenset[int] = field(default_factory=frozenset)
    certificates: frozenset[str] = field(default_factory=frozenset)  # valid kinds
    size_class: str = ""
    curation_tier_rank: int | None = None


@dataclass(frozen=True)
class Failure:
    rule: str
    asked: tuple[Any, ...]
    found: tuple[Any, ...]


def _in_region(code: str, region: str) -> bool:
    return bool(code) and (code == region or code.startswith(region + "."))


def _regions(asked: list[str], facts: BusinessFacts) -> Failure | None:
    if any(_in_region(facts.region_code, region) for region in asked):
        return None
    return Failure("regions", tuple(asked), (facts.region_code,) if facts.region_code else ())


def _kbli(asked: list[str], facts: BusinessFacts) -> Failure | None:
    wanted = {str(code).upper() for code in asked}
    if facts.kbli_section in wanted or facts.kbli_division in wanted:
        return None
    found = tuple(x for x in (facts.kbli_section, facts.kbli_division) if x)
    return Failure("kbli", tuple(asked), found)


def _coached_by(asked: list[int], facts: BusinessFacts) -> Failure | None:
    if facts.coached_by & {int(x) for x in asked}:
        return None
    return Failure("coached_by", tuple(asked), tuple(sorted(facts.coached_by)))


def _certificates(asked: list[str], facts: BusinessFacts) -> Failure | None:
    missing = [kind for kind in asked if kind not in facts.certificates]
    if not missing:
        return None
    return Failure("certificates", tuple(missing), tuple(sorted(facts.certificates)))


def _size_classes(asked: list[str], facts: BusinessFacts) -> Failure | None:
    if facts.size_class in asked:
        return None
    return Failure("size_classes", tuple(asked), (facts.size_class,) if facts.size_class else ())


def _min_curation_tier(asked: int, facts: BusinessFacts) -> Failure | None:
    if facts.curation_tier_rank is not None and facts.curation_tier_rank >= int(asked):
        return None
    found = () if facts.curation_tier_rank is None else (facts.curation_tier_rank,)
    return Failure("min_curation_tier", (asked,), found)


CHECKS: dict[str, Callable[[Any, BusinessFacts], Failure | None]] = {
    "regions": _regions,
    "kbli": _kbli,
    "coached_by": _coached_by,
    "certificates": _certificates,
    "size_classes": _size_classes,
    "min_curation_tier": _min_curation_tier,
}


def check(rules: dict[str, Any], facts: BusinessFacts) -> list[Failure]:
    """The rules ``facts`` fail, in the order of ``RULES``; empty when eligible."""
    failures = []
    for name in RULES:
        asked = rules.get(name)
        if asked in (None, "", [], ()):
            continue
        failure = CHECKS[name](asked, facts)
        if failure is not None:
            failures.append(failure)
    return failures


def unknown_rules(rules: dict[str, Any]) -> list[str]:
    return sorted(set(rules) - set(RULES))
