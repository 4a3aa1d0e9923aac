"""``naikkelas bench dedupe [--size N]``: duplicate detection on generated, labelled data
(docs/decisions/0011): link N new records to a registry of N, then find the duplicates
within N records; pairwise precision, recall and F1 against the generator's truth."""

from __future__ import annotations

from typing import Any

from naikkelas.registry.dedupe.bench import bench_dedupe


def bench(options: dict[str, Any]) -> dict[str, Any]:
    size = options.get("size") or 100_000
    figures = bench_dedupe(size, size)
    return {
        "records": f"registry {size:,} + batch {size:,}; within-batch {size:,}",
        "link_precision": round(figures["link_precision"], 4),
        "link_recall": round(figures["link_recall"], 4),
        "link_f1": round(figures["link_f1"], 4),
        "link_seconds": round(figures["link_s"], 2),
        "link_seconds_parts": (
            f"prepare {figures['link_prepare_s']:.2f}, blocking {figures['link_blocking_s']:.2f}, "
            f"scoring {figures['link_scoring_s']:.2f}, "
            f"clustering {figures['link_clustering_s']:.2f}"
        ),
        "link_candidate_pairs": int(figures["link_candidate_pairs"]),
        "link_true_pairs": int(figures["link_true_pairs"]),
        "link_matched": int(figures["link_matched"]),
        "within_precision": round(figures["dedupe_precision"], 4),
        "within_recall": round(figures["dedupe_recall"], 4),
        "within_f1": round(figures["dedupe_f1"], 4),
        "within_seconds": round(figures["dedupe_s"], 2),
        "within_seconds_parts": (
            f"prepare {figures['dedupe_prepare_s']:.2f}, "
            f"blocking {figures['dedupe_blocking_s']:.2f}, "
            f"scoring {figures['dedupe_scoring_s']:.2f}, "
            f"clustering {figures['dedupe_clustering_s']:.2f}"
        ),
        "within_candidate_pairs": int(figures["dedupe_candidate_pairs"]),
        "within_clusters": int(figures["dedupe_clusters"]),
        "within_largest_cluster": int(figures["dedupe_largest_cluster"]),
    }


BENCHES = {"dedupe": bench}
