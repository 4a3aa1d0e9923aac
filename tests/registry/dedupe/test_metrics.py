from __future__ import annotations

from naikkelas.registry.dedupe.metrics import (
    PairMetrics,
    cluster_metrics,
    link_truth_pairs,
    pair_metrics,
)

TRUTH = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 3}


def test_cluster_metrics_count_pairs_inside_clusters():
    # Truth pairs: ab, ac, bc, de = 4. Found: abd -> ab (right), ad, bd (wrong); ef (wrong).
    metrics = cluster_metrics([["a", "b", "d"], ["e", "f"]], TRUTH)

    assert metrics == PairMetrics(true_positives=1, false_positives=3, false_negatives=3)
    assert metrics.precision == 0.25
    assert metrics.recall == 0.25
    assert metrics.f1 == 0.25


def test_perfect_clusters():
    metrics = cluster_metrics([["a", "b", "c"], ["d", "e"]], TRUTH)

    assert (metrics.precision, metrics.recall, metrics.f1) == (1.0, 1.0, 1.0)


def test_nothing_found_has_full_precision_and_no_recall():
    metrics = cluster_metrics([], TRUTH)

    assert metrics == PairMetrics(0, 0, 4)
    assert (metrics.precision, metrics.recall, metrics.f1) == (1.0, 0.0, 0.0)


def test_pair_metrics_ignore_order_within_a_pair():
    metrics = pair_metrics([("b", "a"), ("a", "d")], [("a", "b"), ("d", "e")])

    assert metrics == PairMetrics(1, 1, 1)
    assert round(metrics.f1, 4) == 0.5


def test_link_truth_pairs_pair_each_batch_record_with_its_registry_records():
    truth = {"r1": 1, "r2": 2, "b1": 1, "b2": 3, "b3": 2}

    assert link_truth_pairs(["b1", "b2", "b3"], ["r1", "r2"], truth) == [
        ("b1", "r1"),
        ("b3", "r2"),
    ]
