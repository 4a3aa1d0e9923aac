"""Capacity arithmetic of an event, in plain Python: how many booths the capacity rule
allows, how many places each category quota gets.

A rule is a share of the planned booths (50 booths at 50 % → 25) or a number; a share is
rounded down, because a health rule is a ceiling. Quota shares are split by the largest
remainder (Hamilton), so the places always add up to the total."""

from __future__ import annotations

from dataclasses import dataclass


def usable_booths(planned: int, *, percent: int | None = None, number: int | None = None) -> int:
    """How many of ``planned`` booths may be open under the rule."""
    if planned < 0:
        raise ValueError("planned booths cannot be negative")
    if percent is not None and number is not None:
        raise ValueError("a capacity rule is a share or a number, not both")
    if percent is not None:
        if not 1 <= percent <= 100:
            raise ValueError("a share lies between 1 and 100")
        return planned * percent // 100
    if number is not None:
        return min(planned, max(number, 0))
    return planned


@dataclass(frozen=True)
class QuotaShare:
    key: int
    percent: int | None = None
    places: int | None = None  # a fixed number wins over the share


def quota_places(total: int, quotas: list[QuotaShare]) -> dict[int, int]:
    """Places per quota out of ``total``: fixed numbers first, shares of the total split by
    the largest remainder (ties to the earlier quota). Shares that add up to more than
    100 % are scaled down; the sum never exceeds ``total``."""
    result: dict[int, int] = {}
    fixed = [q for q in quotas if q.places is not None]
    shared = [q for q in quotas if q.places is None and q.percent]
    for quota in fixed:
        result[quota.key] = quota.places or 0
    remaining = max(total - sum(result.values()), 0)
    if not shared:
        return result
    percent_sum = sum(q.percent or 0 for q in shared)
    base = max(percent_sum, 100)
    exact = [(q.key, remaining * (q.percent or 0) / base) for q in shared]
    floors = {key: int(value) for key, value in exact}
    target = round(remaining * percent_sum / base) if percent_sum < 100 else remaining
    left = target - sum(floors.values())
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i][1] - floors[exact[i][0]]), i))
    for i in order[: max(left, 0)]:
        floors[exact[i][0]] += 1
    result.update(floors)
    return result
