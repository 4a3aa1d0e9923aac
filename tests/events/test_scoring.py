"""The transparent score (plain Python)."""

from naikkelas.events.scoring import DEFAULT_WEIGHTS, ScoreFacts, score


def test_default_weights_add_up_to_a_hundred():
    assert sum(DEFAULT_WEIGHTS.values()) == 100


def test_a_perfect_applicant_scores_every_point():
    facts = ScoreFacts(
        coached_by_organiser=True,
        certificate_count=4,
        in_event_region=True,
        women_led=True,
        exhibited_before=False,
        size_class="micro",
        products_chosen=5,
        products_allowed=5,
    )
    total, parts = score(facts)
    assert total == 100
    assert [(p.part, p.value, p.weight, p.points) for p in parts][:2] == [
        ("coached", 1.0, 30, 30.0),
        ("certificates", 1.0, 20, 20.0),
    ]


def test_each_part_counts_its_share_of_its_weight():
    facts = ScoreFacts(certificate_count=1, size_class="small", exhibited_before=True)
    total, parts = score(facts)
    points = {p.part: p.points for p in parts}
    assert points == {
        "coached": 0.0,
        "certificates": 6.7,
        "local": 0.0,
        "women_led": 0.0,
        "first_time": 0.0,
        "small": 6.0,
        "products": 0.0,
    }
    assert total == 13


def test_an_event_changes_the_weights_and_the_ranking_follows():
    local_newcomer = ScoreFacts(in_event_region=True)
    coached_veteran = ScoreFacts(coached_by_organiser=True, exhibited_before=True)
    assert score(local_newcomer)[0] < score(coached_veteran)[0]
    weights = {"coached": 5, "local": 40, "first_time": 30, "unknown": 99}
    assert score(local_newcomer, weights)[0] == 70 + 0
    assert score(coached_veteran, weights)[0] == 5
