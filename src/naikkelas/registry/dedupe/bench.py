"""Benchmark of duplicate detection on labelled synthetic data (prints nothing)."""

from __future__ import annotations

import time
from collections.abc import Sequence

from .generate import Village, generate_dataset, generate_link_dataset, load_villages
from .match import DedupeSettings, find_duplicates, link_records
from .metrics import cluster_metrics, link_truth_pairs, pair_metrics


def bench_dedupe(
    n_registry: int = 100_000,
    n_batch: int = 100_000,
    seed: int = 20_240_601,
    *,
    villages: Sequence[Village] | None = None,
    settings: DedupeSettings | None = None,
) -> dict[str, float]:
    """Link a batch of ``n_batch`` records to a registry of ``n_registry``, then find the
    duplicates within a set of ``n_batch`` records; times in seconds, quality as pairwise
    precision / recall / F1 against the generator's truth. Data generation is not timed."""
    villages = villages if villages is not None else load_villages()
    figures: dict[str, float] = {}

    registry, batch, truth = generate_link_dataset(
        n_registry, n_batch, seed=seed, villages=villages
    )
    started = time.perf_counter()
    linked = link_records(batch, registry, settings=settings)
    figures["link_s"] = time.perf_counter() - started
    for key in ("prepare_s", "blocking_s", "scoring_s", "clustering_s", "candidate_pairs"):
        figures[f"link_{key}"] = linked.stats[key]
    figures["link_matched"] = float(len(linked.matches))
    figures["link_review_pairs"] = float(len(linked.review))
    found = [(pair.left_id, pair.right_id) for pair in linked.matches.values()]
    actual = link_truth_pairs([r.id for r in batch], [r.id for r in registry], truth)
    quality = pair_metrics(found, actual)
    figures["link_true_pairs"] = float(len(actual))
    figures["link_precision"] = quality.precision
    figures["link_recall"] = quality.recall
    figures["link_f1"] = quality.f1

    records, truth = generate_dataset(n_batch, seed=seed + 1, villages=villages)
    started = time.perf_counter()
    result = find_duplicates(records, settings=settings)
    figures["dedupe_s"] = time.perf_counter() - started
    for key in ("prepare_s", "blocking_s", "scoring_s", "clustering_s", "candidate_pairs"):
        figures[f"dedupe_{key}"] = result.stats[key]
    figures["dedupe_clusters"] = float(len(result.clusters))
    figures["dedupe_largest_cluster"] = result.stats["largest_cluster"]
    figures["dedupe_review_pairs"] = float(len(result.review))
    quality = cluster_metrics(result.clusters, truth)
    figures["dedupe_precision"] = quality.precision
    figures["dedupe_recall"] = quality.recall
    figures["dedupe_f1"] = quality.f1
    return figures
