"""Candidate pairs without comparing all pairs (plain Python + numpy).

Several cheap passes, each linear or n·log n, whose candidate pairs are pooled:

* equal phone, equal NIB, equal e-mail (large groups, such as an office's own phone on
  hundreds of rows, are walked in name order with a bounded window rather than paired out);
* sorted neighbourhood within a district on the name (words sorted, then the owner), on the
  owner (then the name) and on the name spelled backwards (a typo early in the name moves a
  record far in the first order, not in this one);
* a sorted neighbourhood on the name over all districts with a narrow window, for records
  whose district is missing or wrong.

"Sorted neighbourhood" pairs each record with the ``window`` nearest records on either side
in the sort order. When linking a batch to a registry, it pairs each batch record with the
``window`` nearest *registry* records on either side, so a run of batch records never
crowds the registry out of the window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .prepare import Prepared


@dataclass(frozen=True, slots=True)
class BlockingSettings:
    name_window: int = 2
    owner_window: int = 2
    reversed_window: int = 1
    global_window: int = 1
    key_window: int = 4  # within one equal phone / NIB / e-mail group, in name order


def _ranks(values: list[str] | np.ndarray) -> np.ndarray:
    """Dense rank of each string in sorted order (equal strings, equal rank)."""
    index = {value: rank for rank, value in enumerate(sorted(set(values)))}
    return np.fromiter((index[value] for value in values), dtype=np.int32, count=len(values))


def _window_pairs(
    order: np.ndarray, window: int, group: np.ndarray | None, left: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of records near each other in ``order`` (indices sorted by some key).

    ``group``: only pairs with equal group values (e.g. district). ``left``: when given, only
    pairs of a left record (batch) with one of its ``window`` nearest right records (registry)
    on either side; otherwise all pairs within ``window`` positions."""
    a_parts: list[np.ndarray] = []
    b_parts: list[np.ndarray] = []
    if left is None:
        for step in range(1, window + 1):
            a_parts.append(order[:-step])
            b_parts.append(order[step:])
    else:
        in_left = left[order]
        left_positions = np.flatnonzero(in_left)
        right_positions = np.flatnonzero(~in_left)
        if len(right_positions) == 0 or len(left_positions) == 0:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty
        nearest = np.searchsorted(right_positions, left_positions)
        for step in range(window):
            for neighbour in (nearest - 1 - step, nearest + step):
                valid = (neighbour >= 0) & (neighbour < len(right_positions))
                a_parts.append(order[left_positions[valid]])
                b_parts.append(order[right_positions[neighbour[valid]]])
    if not a_parts:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    a = np.concatenate(a_parts)
    b = np.concatenate(b_parts)
    if group is not None:
        same = (group[a] == group[b]) & (group[a] != 0)
        a, b = a[same], b[same]
    return a, b


def candidate_pairs(
    prepared: Prepared,
    *,
    link: bool = False,
    within_batch: bool = False,
    settings: BlockingSettings | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Unique candidate pairs ``(a, b)`` of row indices.

    Dedupe (``link=False``): every pair once with ``a < b``. Link: ``a`` is a batch row
    (source 1) and ``b`` a registry row (source 0); with ``within_batch`` also batch-batch
    pairs (``a < b``)."""
    settings = settings or BlockingSettings()
    n = len(prepared)
    if n < 2:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    name_rank = _ranks(prepared.name_key)
    owner_rank = _ranks(prepared.owner_key)
    reversed_rank = _ranks([key[::-1] for key in prepared.name_key])
    district = prepared.district
    has_owner = prepared.owner_length > 0

    orders: list[tuple[np.ndarray, int, np.ndarray | None]] = []
    for key, window in (
        (prepared.phone, settings.key_window),
        (prepared.nib, settings.key_window),
        (prepared.email, settings.key_window),
    ):
        present = np.flatnonzero(key != 0)
        order = present[np.lexsort((owner_rank[present], name_rank[present], key[present]))]
        orders.append((order, window, key))
    orders.append((np.lexsort((owner_rank, name_rank, district)), settings.name_window, district))
    with_owner = np.flatnonzero(has_owner)
    orders.append(
        (
            with_owner[
                np.lexsort((name_rank[with_owner], owner_rank[with_owner], district[with_owner]))
            ],
            settings.owner_window,
            district,
        )
    )
    orders.append(
        (np.lexsort((owner_rank, reversed_rank, district)), settings.reversed_window, district)
    )
    orders.append((np.lexsort((owner_rank, name_rank)), settings.global_window, None))

    source = prepared.source.astype(bool)
    a_parts: list[np.ndarray] = []
    b_parts: list[np.ndarray] = []
    for order, window, group in orders:
        if link:
            a, b = _window_pairs(order, window, group, source)
            a_parts.append(a)
            b_parts.append(b)
            if within_batch:
                batch_order = order[source[order]]
                a, b = _window_pairs(batch_order, window, group, None)
                a_parts.append(np.minimum(a, b))
                b_parts.append(np.maximum(a, b))
        else:
            a, b = _window_pairs(order, window, group, None)
            a_parts.append(np.minimum(a, b))
            b_parts.append(np.maximum(a, b))
    a = np.concatenate(a_parts).astype(np.int64)
    b = np.concatenate(b_parts).astype(np.int64)
    keep = a != b
    codes = np.sort(a[keep] * n + b[keep])
    if len(codes):
        codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))]
    return codes // n, codes % n
