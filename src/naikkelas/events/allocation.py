"""Automatic booth allocation, in plain Python (decision 0026).

Given the open booths of a plan (zone, grid place, maybe already taken) and the
exhibitors still without a booth (category, sub-category, maybe a preferred zone), place
every exhibitor it can:

1. exhibitors with a preferred zone (or whose category names a zone: "Kuliner") go to
   that zone's free booths first;
2. the rest are grouped by category (largest category first) and laid along the free
   booths in "snake" order — zone by zone, row by row, alternating direction — so a
   category fills neighbouring booths;
3. inside a category, sub-categories are interleaved, so that two direct competitors
   (same category and same sub-category) rarely land side by side;
4. a repair pass swaps exhibitors to undo the remaining neighbouring competitor pairs
   where a swap removes a conflict without making a new one.

Neighbours are booths of one zone whose grid places differ by one step (left, right,
front, back). More exhibitors than free booths: the lowest in the given order stay
unplaced and are returned as such (the capacity rule is never bent).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class BoothSlot:
    key: Hashable
    zone: str = ""
    column: int = 0
    row: int = 0
    taken_by: Hashable | None = None  # an exhibitor already in it


@dataclass(frozen=True)
class Entrant:
    key: Hashable
    category: str = ""
    subcategory: str = ""
    preferred_zone: str = ""


@dataclass
class Allocation:
    placed: dict[Hashable, Hashable] = field(default_factory=dict)  # exhibitor → booth
    unplaced: list[Hashable] = field(default_factory=list)
    conflicts: list[tuple[Hashable, Hashable]] = field(default_factory=list)  # booth pairs


def neighbours(booths: Iterable[BoothSlot]) -> dict[Hashable, set[Hashable]]:
    """Booth key → keys of the booths next to it."""
    at: dict[tuple[str, int, int], Hashable] = {}
    for booth in booths:
        at[(booth.zone, booth.column, booth.row)] = booth.key
    result: dict[Hashable, set[Hashable]] = {key: set() for key in at.values()}
    for (zone, column, row), key in at.items():
        for dc, dr in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            other = at.get((zone, column + dc, row + dr))
            if other is not None and other != key:
                result[key].add(other)
    return result


def _snake(booths: list[BoothSlot]) -> list[BoothSlot]:
    rows: dict[tuple[str, int], list[BoothSlot]] = defaultdict(list)
    for booth in booths:
        rows[(booth.zone, booth.row)].append(booth)
    ordered: list[BoothSlot] = []
    zone_row_index: dict[str, int] = defaultdict(int)
    for zone, row in sorted(rows):
        line = sorted(rows[(zone, row)], key=lambda b: (b.column, str(b.key)))
        if zone_row_index[zone] % 2:
            line.reverse()
        zone_row_index[zone] += 1
        ordered.extend(line)
    return ordered


def _interleave(entrants: list[Entrant]) -> list[Entrant]:
    """Round-robin over sub-categories, the largest first, keeping the given order inside."""
    groups: dict[str, list[Entrant]] = defaultdict(list)
    for entrant in entrants:
        groups[entrant.subcategory].append(entrant)
    queues = sorted(groups.values(), key=lambda g: -len(g))
    result: list[Entrant] = []
    while any(queues):
        for queue in queues:
            if queue:
                result.append(queue.pop(0))
    return result


def _competes(a: Entrant | None, b: Entrant | None) -> bool:
    return (
        a is not None
        and b is not None
        and bool(a.category)
        and bool(a.subcategory)
        and a.category == b.category
        and a.subcategory == b.subcategory
    )


def allocate(booths: list[BoothSlot], entrants: list[Entrant]) -> Allocation:
    """Place ``entrants`` (in priority order) into the free ones of ``booths``."""
    near = neighbours(booths)
    known = {e.key: e for e in entrants}
    occupant: dict[Hashable, Entrant | None] = {}
    for booth in booths:
        if booth.taken_by is not None:
            occupant[booth.key] = known.get(booth.taken_by) or Entrant(key=booth.taken_by)
    already = {b.taken_by for b in booths if b.taken_by is not None}
    waiting = [e for e in entrants if e.key not in already]
    free = _snake([b for b in booths if b.taken_by is None])
    result = Allocation()

    # 1. preferred zones (a zone named like the category counts as preferred)
    zones = {b.zone.casefold(): b.zone for b in booths if b.zone}
    rest: list[Entrant] = []
    for entrant in waiting:
        wanted = entrant.preferred_zone or zones.get(entrant.category.casefold(), "")
        slot = next((b for b in free if wanted and b.zone == wanted), None)
        if slot is None:
            rest.append(entrant)
            continue
        free.remove(slot)
        occupant[slot.key] = entrant
        result.placed[entrant.key] = slot.key

    # 2.–3. categories in blocks, sub-categories interleaved
    by_category: dict[str, list[Entrant]] = defaultdict(list)
    for entrant in rest:
        by_category[entrant.category].append(entrant)
    order = [
        e
        for _category, group in sorted(by_category.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        for e in _interleave(group)
    ]
    # who fits: the first ones in the caller's priority order
    fits = {e.key for e in rest[: len(free)]}
    for entrant in order:
        if entrant.key not in fits:
            continue
        slot = free.pop(0)
        occupant[slot.key] = entrant
        result.placed[entrant.key] = slot.key
    result.unplaced = [e.key for e in rest if e.key not in fits]

    # 4. repair: swap newly placed exhibitors to undo neighbouring competitors
    movable = list(result.placed.values())

    def conflicts_at(key: Hashable, who: Entrant | None) -> int:
        return sum(1 for other in near.get(key, ()) if _competes(who, occupant.get(other)))

    for _round in range(3):
        changed = False
        for here in movable:
            if conflicts_at(here, occupant[here]) == 0:
                continue
            for there in movable:
                if there == here:
                    continue
                a, b = occupant[here], occupant[there]
                before = conflicts_at(here, a) + conflicts_at(there, b)
                occupant[here], occupant[there] = b, a
                after = conflicts_at(here, b) + conflicts_at(there, a)
                if after < before:
                    changed = True
                    break
                occupant[here], occupant[there] = a, b
        if not changed:
            break
    result.placed = {
        occupant[key].key: key  # type: ignore[union-attr]
        for key in movable
    }
    seen: set[frozenset[Hashable]] = set()
    for key, others in near.items():
        for other in others:
            pair = frozenset((key, other))
            if pair not in seen and _competes(occupant.get(key), occupant.get(other)):
                seen.add(pair)
                result.conflicts.append((key, other) if str(key) < str(other) else (other, key))
    result.conflicts.sort(key=lambda pair: (str(pair[0]), str(pair[1])))
    return result
