"""The check-in rule in plain Python: what each scan of one ticket means.

The scans of a ticket are replayed in the order ``(scanned_at, device, key)`` — the time
on the phone that scanned, then the phone, then the scan's own key, so the order is total
and the same on every server. An entry when the visitor is outside counts (``entry``); an
entry when already inside does not (``already_inside``); an exit counts when inside
(``exit``), else not (``not_inside``). A scan may carry a fixed outcome decided when it
arrived (venue full, wrong day, cancelled ticket): it is kept and does not move the
visitor.

Because the answer depends only on the set of scans, two phones that scanned the same
ticket while the hall's internet was down end with the same result whichever syncs first,
and a scan synced twice changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ENTRY = "entry"
EXIT = "exit"
ALREADY_INSIDE = "already_inside"
NOT_INSIDE = "not_inside"
IN = "in"
OUT = "out"


@dataclass(frozen=True)
class ScanIn:
    key: str
    direction: str  # "in" or "out"
    scanned_at: dt.datetime
    device: str = ""
    fixed: str | None = None  # an outcome decided on arrival, kept as it is


@dataclass(frozen=True)
class ScanOut:
    key: str
    outcome: str
    seq: int | None  # n-th counted entry or exit of the ticket


@dataclass(frozen=True)
class Replay:
    scans: dict[str, ScanOut]
    inside: bool
    entries: int
    first_entry_at: dt.datetime | None


def order_key(scan: ScanIn) -> tuple[dt.datetime, str, str]:
    return (scan.scanned_at, scan.device, scan.key)


def replay(scans: list[ScanIn]) -> Replay:
    inside = False
    entries = exits = 0
    first_entry_at: dt.datetime | None = None
    result: dict[str, ScanOut] = {}
    for scan in sorted(scans, key=order_key):
        if scan.fixed is not None:
            result[scan.key] = ScanOut(scan.key, scan.fixed, None)
        elif scan.direction == IN:
            if inside:
                result[scan.key] = ScanOut(scan.key, ALREADY_INSIDE, None)
            else:
                inside = True
                entries += 1
                if first_entry_at is None:
                    first_entry_at = scan.scanned_at
                result[scan.key] = ScanOut(scan.key, ENTRY, entries)
        elif inside:
            inside = False
            exits += 1
            result[scan.key] = ScanOut(scan.key, EXIT, exits)
        else:
            result[scan.key] = ScanOut(scan.key, NOT_INSIDE, None)
    return Replay(result, inside, entries, first_entry_at)


def peak_occupancy(moves: list[tuple[dt.datetime, int]]) -> tuple[int, dt.datetime | None]:
    """The highest number inside and when, from (time, +1/-1) moves of one day."""
    inside = peak = 0
    at: dt.datetime | None = None
    for when, step in sorted(moves, key=lambda move: (move[0], move[1])):
        inside += step
        if inside > peak:
            peak, at = inside, when
    return peak, at
