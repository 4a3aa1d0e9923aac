"""The transparent score of an application, in plain Python.

Each part is a value between 0 and 1 read from the business and the application; the
officer gives every part a weight (points) per event. Score = the sum of value × weight,
rounded. The page shows every part with its value, weight and points, so an applicant
ranked lower can be told why."""

from __future__ import annotations

from dataclasses import dataclass

# part → default weight (points); the parts add up to 100 by default
DEFAULT_WEIGHTS: dict[str, int] = {
    "coached": 30,
    "certificates": 20,
    "local": 15,
    "women_led": 10,
    "first_time": 10,
    "small": 10,
    "products": 5,
}
PARTS = tuple(DEFAULT_WEIGHTS)
CERTIFICATES_FOR_FULL = 3  # three valid certificates (of halal, PIRT, BPOM, SNI, brand) = 1
SIZE_VALUES = {"micro": 1.0, "small": 0.6, "medium": 0.3}


@dataclass(frozen=True)
class ScoreFacts:
    coached_by_organiser: bool = False
    certificate_count: int = 0
    in_event_region: bool = False
    women_led: bool = False
    exhibited_before: bool = False
    size_class: str = ""
    products_chosen: int = 0
    products_allowed: int = 1


@dataclass(frozen=True)
class ScorePart:
    part: str
    value: float
    weight: int

    @property
    def points(self) -> float:
        return round(self.value * self.weight, 1)


def weights_with_defaults(weights: dict[str, int] | None) -> dict[str, int]:
    """The event's weights, with the default for every part it does not set."""
    merged = dict(DEFAULT_WEIGHTS)
    for part, weight in (weights or {}).items():
        if part in merged:
            merged[part] = max(int(weight), 0)
    return merged


def values(facts: ScoreFacts) -> dict[str, float]:
    allowed = max(facts.products_allowed, 1)
    return {
        "coached": 1.0 if facts.coached_by_organiser else 0.0,
        "certificates": min(facts.certificate_count, CERTIFICATES_FOR_FULL) / CERTIFICATES_FOR_FULL,
        "local": 1.0 if facts.in_event_region else 0.0,
        "women_led": 1.0 if facts.women_led else 0.0,
        "first_time": 0.0 if facts.exhibited_before else 1.0,
        "small": SIZE_VALUES.get(facts.size_class, 0.0),
        "products": min(facts.products_chosen, allowed) / allowed,
    }


def score(facts: ScoreFacts, weights: dict[str, int] | None = None) -> tuple[int, list[ScorePart]]:
    """The total and its parts, in the order of ``PARTS``."""
    merged = weights_with_defaults(weights)
    found = values(facts)
    parts = [ScorePart(part, round(found[part], 3), merged[part]) for part in PARTS]
    total = round(sum(p.value * p.weight for p in parts))
    return total, parts
