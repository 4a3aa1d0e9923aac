"""Pairwise precision, recall and F1 of found duplicates against the truth."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from .records import RecordId


@dataclass(frozen=True, slots=True)
class PairMetrics:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def cluster_metrics(
    clusters: Iterable[Iterable[RecordId]], truth: Mapping[RecordId, Hashable]
) -> PairMetrics:
    """Metrics over all record pairs implied by ``clusters`` (every two records of one found
    cluster are a found pair) against ``truth`` (record id -> true cluster). Records missing
    from ``clusters`` are singletons; every record must be in ``truth``."""
    found = 0
    correct = 0
    for cluster in clusters:
        members = list(cluster)
        found += _pairs(len(members))
        correct += sum(_pairs(count) for count in Counter(truth[m] for m in members).values())
    actual = sum(_pairs(count) for count in Counter(truth.values()).values())
    return PairMetrics(correct, found - correct, actual - correct)


def pair_metrics(
    found: Iterable[tuple[RecordId, RecordId]], actual: Iterable[tuple[RecordId, RecordId]]
) -> PairMetrics:
    """Metrics of a set of found pairs against the set of true pairs (order within a pair
    does not matter)."""
    found_set = {frozenset(pair) for pair in found}
    actual_set = {frozenset(pair) for pair in actual}
    correct = len(found_set & actual_set)
    return PairMetrics(correct, len(found_set) - correct, len(actual_set) - correct)


def link_truth_pairs(
    batch_ids: Iterable[RecordId],
    registry_ids: Iterable[RecordId],
    truth: Mapping[RecordId, Hashable],
) -> list[tuple[RecordId, RecordId]]:
    """(batch id, registry id) pairs of records of the same true business."""
    by_cluster: dict[Hashable, list[RecordId]] = {}
    for registry_id in registry_ids:
        by_cluster.setdefault(truth[registry_id], []).append(registry_id)
    return [
        (batch_id, registry_id)
        for batch_id in batch_ids
        for registry_id in by_cluster.get(truth[batch_id], ())
    ]
