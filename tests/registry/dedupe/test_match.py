from __future__ import annotations

import pytest

from naikkelas.registry.dedupe import (
    BusinessRecord,
    DedupeSettings,
    Evidence,
    compare,
    find_duplicates,
    link_records,
)
from naikkelas.registry.dedupe.cluster import cluster_pairs
from naikkelas.registry.dedupe.generate import (
    generate_dataset,
    generate_link_dataset,
    load_villages,
)
from naikkelas.registry.dedupe.metrics import cluster_metrics, link_truth_pairs, pair_metrics

PHONE = "+6281234567890"
STREET = "Jl. Slamet Riyadi No. 12, RT 02/RW 05"
LAWEYAN, LAWEYAN_DISTRICT = "33.72.01.1002", "33.72.01"

SRI_OFFICE = BusinessRecord(
    1, "CV. Keripik Tempe Bu Sri", "Hj. Sri Wahyuni, S.E.", PHONE, "9120001234567", STREET,
    LAWEYAN, LAWEYAN_DISTRICT,
)  # fmt: skip
SRI_SELF = BusinessRecord(
    2, "Kripik Tempe Sri", "Sri Wahyuni", PHONE, None, "Jalan Slamet Riyadi 12 RT 2 RW 5",
    LAWEYAN, LAWEYAN_DISTRICT,
)  # fmt: skip
# The same owner's second business, on the same phone, NIB and address.
SRI_CATERING = BusinessRecord(
    3, "Catering Bu Sri", "Ibu Sri Wahyuni", PHONE, "9120001234567", STREET, LAWEYAN,
    LAWEYAN_DISTRICT,
)  # fmt: skip
# Her husband's workshop on the family phone.
BUDI_WORKSHOP = BusinessRecord(
    5, "Bengkel Motor Pak Budi", "Budi Santoso", PHONE, None, "Jl. Slamet Riyadi No. 12",
    LAWEYAN, LAWEYAN_DISTRICT,
)  # fmt: skip
# The same name in another district, another owner.
SRI_ELSEWHERE = BusinessRecord(
    6, "Keripik Tempe Bu Sri", "Sri Lestari", "+6285700000001", None, "Jl. Veteran No. 3",
    "33.72.04.1001", "33.72.04",
)  # fmt: skip
RECORDS = [SRI_OFFICE, SRI_SELF, SRI_CATERING, BUDI_WORKSHOP, SRI_ELSEWHERE]


def test_a_known_duplicate_is_found_with_its_evidence():
    result = find_duplicates(RECORDS)

    assert result.clusters == [[1, 2]]
    [pair] = result.pairs
    assert (pair.left_id, pair.right_id, pair.score, pair.weight) == (1, 2, 0.9961, 8.0)
    assert pair.evidence == (
        Evidence("name", "exact", 5.0, 1.0, "same business name"),
        Evidence("owner", "exact", 5.0, 1.0, "same owner"),
        Evidence("phone", "same", 6.0, None, "same phone"),
        Evidence("nib", "missing", 0.0, None, "NIB missing on one side or both"),
        Evidence("email", "missing", 0.0, None, ""),
        Evidence("place", "same village", 3.0, None, "same village"),
        Evidence("address", "close", 2.0, 0.96, "address similarity 0.96"),
    )
    assert pair.explanation() == (
        "same business name; same owner; same phone; NIB missing on one side or both; "
        "same village; address similarity 0.96"
    )
    assert result.review == []


def test_same_owner_second_business_is_not_merged_despite_phone_nib_and_address():
    pair = compare(SRI_OFFICE, SRI_CATERING)

    assert (pair.score, pair.weight) == (0.0078, -7.0)
    assert pair.explanation() == (
        "different business names (0.48); same owner; same phone; same NIB; same village; "
        "same address"
    )


def test_family_sharing_a_phone_is_not_merged():
    pair = compare(SRI_OFFICE, BUDI_WORKSHOP)

    assert (pair.score, pair.weight) == (0.0001, -13.0)
    assert [(item.field, item.level) for item in pair.evidence][:3] == [
        ("name", "different"),
        ("owner", "different"),
        ("phone", "same"),
    ]


def test_same_name_in_another_district_is_not_merged():
    pair = compare(SRI_OFFICE, SRI_ELSEWHERE)

    assert pair.score == 0.0
    assert pair.weight == -17.5
    assert [item.level for item in pair.evidence] == [
        "exact", "different", "differs", "missing", "missing", "other district", "different",
    ]  # fmt: skip


def test_hard_negatives_stay_out_of_every_cluster_and_review():
    result = find_duplicates(RECORDS)

    assert {record_id for cluster in result.clusters for record_id in cluster} == {1, 2}
    assert [(pair.left_id, pair.right_id) for pair in result.review] == []


def test_link_matches_a_batch_record_to_its_registry_record():
    result = link_records([SRI_SELF, SRI_ELSEWHERE], [SRI_OFFICE, SRI_CATERING])

    assert list(result.matches) == [2]
    match = result.matches[2]
    assert (match.left_id, match.right_id, match.score) == (2, 1, 0.9961)
    assert result.batch_clusters == []
    assert result.review == []


def test_link_within_batch_finds_duplicates_inside_the_batch_too():
    second_copy = BusinessRecord(
        7, "KRIPIK TEMPE SRI", "Bu Sri Wahyuni", None, None, "Jl Slamet Riyadi 12", LAWEYAN,
        LAWEYAN_DISTRICT,
    )  # fmt: skip
    result = link_records([SRI_SELF, second_copy], [SRI_CATERING], within_batch=True)

    assert result.matches == {}
    assert result.batch_clusters == [[2, 7]]
    assert [(pair.left_id, pair.right_id) for pair in result.batch_pairs] == [(2, 7)]


def test_empty_and_single_inputs():
    assert find_duplicates([]).clusters == []
    assert find_duplicates([SRI_OFFICE]).clusters == []
    assert link_records([], [SRI_OFFICE]).matches == {}
    assert link_records([SRI_SELF], []).matches == {}


def test_cluster_guard_refuses_two_nibs_in_one_cluster():
    # 0-1 and 1-2 look alike, but 0 and 2 carry different NIBs: the weaker link is refused.
    clusters, refused = cluster_pairs([(0, 1), (1, 2)], 3, nib=[11, 0, 22])

    assert clusters == [[0, 1]]
    assert refused == 1


def test_cluster_guard_caps_chains():
    chain = [(row, row + 1) for row in range(9)]
    clusters, refused = cluster_pairs(chain, 10, max_size=4)

    assert clusters == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert refused == 2


def test_cluster_guard_keeps_exclusive_rows_apart():
    clusters, refused = cluster_pairs([(0, 2), (1, 2)], 3, exclusive=[True, True, False])

    assert clusters == [[0, 2]]
    assert refused == 1


@pytest.fixture(scope="module")
def villages():
    return load_villages()


def test_generator_is_deterministic_with_fifteen_percent_duplicates(villages):
    records, truth = generate_dataset(3_000, seed=42, villages=villages)
    again, _ = generate_dataset(3_000, seed=42, villages=villages)

    assert records == again
    assert len(records) - len(set(truth.values())) == 450
    assert {record.village_code[:5] for record in records if record.village_code} <= {
        "33.09", "33.10", "33.11", "33.12", "33.13", "33.14", "33.72",
    }  # fmt: skip


def test_generated_set_reaches_the_precision_and_recall_targets(villages):
    records, truth = generate_dataset(3_000, seed=42, villages=villages)

    quality = cluster_metrics(find_duplicates(records).clusters, truth)

    assert quality.precision >= 0.98
    assert quality.recall >= 0.96


def test_generated_link_reaches_the_precision_and_recall_targets(villages):
    registry, batch, truth = generate_link_dataset(3_000, 3_000, seed=43, villages=villages)

    result = link_records(batch, registry)
    found = [(pair.left_id, pair.right_id) for pair in result.matches.values()]
    actual = link_truth_pairs([r.id for r in batch], [r.id for r in registry], truth)
    quality = pair_metrics(found, actual)

    assert len(actual) == 450
    assert quality.precision >= 0.98
    assert quality.recall >= 0.96


def test_a_stricter_threshold_trades_recall_for_precision(villages):
    records, truth = generate_dataset(3_000, seed=42, villages=villages)

    default = cluster_metrics(find_duplicates(records).clusters, truth)
    strict = cluster_metrics(
        find_duplicates(records, settings=DedupeSettings(threshold=0.99)).clusters, truth
    )

    assert strict.recall < default.recall
    assert strict.precision >= default.precision
