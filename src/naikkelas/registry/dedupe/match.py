"""The entry points: duplicates within one set, a batch linked to a registry, one pair."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .blocking import BlockingSettings, candidate_pairs
from .cluster import cluster_pairs
from .prepare import Prepared, prepare
from .records import BusinessRecord, DedupeResult, LinkResult, MatchPair
from .scoring import Scored, ScoringSettings, explain, score_pairs

# Weights are multiples of 0.5, so scores sit on a grid (weight 2 is exactly 0.8): compare
# with a little slack so that a threshold on a grid point includes it despite rounding.
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class DedupeSettings:
    """``threshold``: a pair at or above it is taken to be one business; ``review_threshold``:
    a pair at or above it (and below the threshold) is shown to an officer;
    ``max_cluster_size``: the chaining guard."""

    threshold: float = 0.8
    review_threshold: float = 0.3
    max_cluster_size: int = 10
    blocking: BlockingSettings = field(default_factory=BlockingSettings)
    scoring: ScoringSettings = field(default_factory=ScoringSettings)


def _scored(
    prepared: Prepared, settings: DedupeSettings, *, link: bool, within_batch: bool
) -> tuple[Scored, dict[str, float]]:
    started = time.perf_counter()
    a, b = candidate_pairs(
        prepared, link=link, within_batch=within_batch, settings=settings.blocking
    )
    blocked = time.perf_counter()
    scored = score_pairs(prepared, a, b, settings.scoring, min_score=settings.review_threshold)
    keep = scored.score >= settings.review_threshold - _EPSILON
    scored = scored.take(keep)
    order = np.argsort(-scored.weight, kind="stable")
    scored = scored.take(order)
    done = time.perf_counter()
    stats = {
        "records": float(len(prepared)),
        "candidate_pairs": float(len(a)),
        "blocking_s": blocked - started,
        "scoring_s": done - blocked,
    }
    return scored, stats


def _explained(
    prepared: Prepared, scored: Scored, rows: np.ndarray, explain_pairs: bool
) -> list[MatchPair]:
    if explain_pairs:
        return [explain(prepared, scored, int(index)) for index in rows]
    ids = prepared.ids
    return [
        MatchPair(
            left_id=ids[int(scored.a[index])],
            right_id=ids[int(scored.b[index])],
            score=round(float(scored.score[index]), 4),
            weight=round(float(scored.weight[index]), 2),
        )
        for index in rows
    ]


def find_duplicates(
    records: Sequence[BusinessRecord],
    *,
    settings: DedupeSettings | None = None,
    explain_pairs: bool = True,
) -> DedupeResult:
    """Duplicates within one set of records: clusters, matched pairs and pairs to review."""
    settings = settings or DedupeSettings()
    started = time.perf_counter()
    prepared = prepare(records)
    prepare_s = time.perf_counter() - started
    scored, stats = _scored(prepared, settings, link=False, within_batch=False)
    clustering_started = time.perf_counter()
    matched = np.flatnonzero(scored.score >= settings.threshold - _EPSILON)
    clusters, refused = cluster_pairs(
        zip(scored.a[matched].tolist(), scored.b[matched].tolist(), strict=True),
        len(prepared),
        nib=prepared.nib.tolist(),
        max_size=settings.max_cluster_size,
    )
    review = np.flatnonzero(scored.score < settings.threshold - _EPSILON)
    ids = prepared.ids
    result = DedupeResult(
        clusters=[[ids[row] for row in rows] for rows in clusters],
        pairs=_explained(prepared, scored, matched, explain_pairs),
        review=_explained(prepared, scored, review, explain_pairs),
    )
    stats.update(
        prepare_s=prepare_s,
        clustering_s=time.perf_counter() - clustering_started,
        matched_pairs=float(len(matched)),
        review_pairs=float(len(review)),
        clusters=float(len(clusters)),
        largest_cluster=float(max((len(rows) for rows in clusters), default=0)),
        merges_refused=float(refused),
        total_s=time.perf_counter() - started,
    )
    result.stats = stats
    return result


def link_records(
    batch: Sequence[BusinessRecord],
    registry: Sequence[BusinessRecord],
    *,
    within_batch: bool = False,
    settings: DedupeSettings | None = None,
    explain_pairs: bool = True,
) -> LinkResult:
    """Each batch record's best registry match (if any), pairs to review, and with
    ``within_batch`` the duplicates inside the batch itself. The registry is taken to hold
    distinct businesses already."""
    settings = settings or DedupeSettings()
    started = time.perf_counter()
    prepared = prepare(registry, batch)
    prepare_s = time.perf_counter() - started
    scored, stats = _scored(prepared, settings, link=True, within_batch=within_batch)
    clustering_started = time.perf_counter()
    source = prepared.source
    cross = source[scored.b] == 0
    strong = scored.score >= settings.threshold - _EPSILON
    # Pairs come best first, so the first pair seen for a batch record is its best match.
    best: dict[int, int] = {}
    for index in np.flatnonzero(cross & strong).tolist():
        best.setdefault(int(scored.a[index]), index)
    batch_clusters: list[list[int]] = []
    batch_pairs: list[MatchPair] = []
    refused = 0
    if within_batch:
        # One clustering of batch-registry and batch-batch links, best first, at most one
        # registry record per cluster; a batch record whose cluster went to another
        # registry record than its own best match is left for review, not matched.
        edges = np.flatnonzero(strong)
        clusters, refused = cluster_pairs(
            zip(scored.a[edges].tolist(), scored.b[edges].tolist(), strict=True),
            len(prepared),
            nib=prepared.nib.tolist(),
            exclusive=(source == 0).tolist(),
            max_size=settings.max_cluster_size,
        )
        for rows in clusters:
            known = [row for row in rows if source[row] == 0]
            new = [row for row in rows if source[row] == 1]
            if len(new) >= 2:
                batch_clusters.append(new)
            for row in new:
                if row in best and int(scored.b[best[row]]) not in known:
                    del best[row]
        inner = np.flatnonzero(~cross & strong)
        batch_pairs = _explained(prepared, scored, inner, explain_pairs)
    matched_rows = np.asarray(list(best.values()), dtype=np.int64)
    review_rows = np.asarray(
        [index for index in np.flatnonzero(cross).tolist() if int(scored.a[index]) not in best],
        dtype=np.int64,
    )
    matches = {
        pair.left_id: pair for pair in _explained(prepared, scored, matched_rows, explain_pairs)
    }
    ids = prepared.ids
    result = LinkResult(
        matches=matches,
        review=_explained(prepared, scored, review_rows, explain_pairs),
        batch_clusters=[[ids[row] for row in rows] for rows in batch_clusters],
        batch_pairs=batch_pairs,
    )
    stats.update(
        prepare_s=prepare_s,
        clustering_s=time.perf_counter() - clustering_started,
        matched_pairs=float(len(matches)),
        review_pairs=float(len(review_rows)),
        batch_clusters=float(len(batch_clusters)),
        merges_refused=float(refused),
        total_s=time.perf_counter() - started,
    )
    result.stats = stats
    return result


def compare(
    left: BusinessRecord, right: BusinessRecord, *, settings: DedupeSettings | None = None
) -> MatchPair:
    """Score and explain any two records, blocking aside (for the review screen)."""
    settings = settings or DedupeSettings()
    prepared = prepare([left, right])
    no_floor = replace(settings.scoring, name_floor=0.0)
    scored = score_pairs(prepared, np.array([0]), np.array([1]), no_floor)
    return explain(prepared, scored, 0)
