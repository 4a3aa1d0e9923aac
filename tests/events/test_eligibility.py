"""Eligibility rules as data (plain Python)."""

from naikkelas.events.eligibility import BusinessFacts, Failure, check, unknown_rules

SOLO_BATIK = BusinessFacts(
    region_code="33.72.01.1002",
    kbli_section="C",
    kbli_division="13",
    coached_by=frozenset({7}),
    certificates=frozenset({"pirt", "brand"}),
    size_class="micro",
)


def test_no_rules_let_everyone_in():
    assert check({}, BusinessFacts()) == []
    assert check({"regions": [], "certificates": None}, BusinessFacts()) == []


def test_a_business_inside_the_region_passes_and_one_outside_fails():
    assert check({"regions": ["33.72"]}, SOLO_BATIK) == []
    assert check({"regions": ["33"]}, SOLO_BATIK) == []
    assert check({"regions": ["35.71", "31"]}, SOLO_BATIK) == [
        Failure("regions", ("35.71", "31"), ("33.72.01.1002",))
    ]


def test_a_region_prefix_must_end_at_a_dot():
    facts = BusinessFacts(region_code="33.721.01.1002")
    assert check({"regions": ["33.72"]}, facts)[0].rule == "regions"


def test_kbli_matches_a_section_or_a_division():
    assert check({"kbli": ["c"]}, SOLO_BATIK) == []
    assert check({"kbli": ["10", "13"]}, SOLO_BATIK) == []
    assert check({"kbli": ["10"]}, SOLO_BATIK) == [Failure("kbli", ("10",), ("C", "13"))]


def test_coached_by_any_of_the_organisations():
    assert check({"coached_by": [3, 7]}, SOLO_BATIK) == []
    assert check({"coached_by": [3]}, SOLO_BATIK) == [Failure("coached_by", (3,), (7,))]


def test_every_asked_certificate_is_needed_and_the_missing_ones_are_named():
    assert check({"certificates": ["pirt"]}, SOLO_BATIK) == []
    assert check({"certificates": ["halal", "pirt", "bpom"]}, SOLO_BATIK) == [
        Failure("certificates", ("halal", "bpom"), ("brand", "pirt"))
    ]


def test_size_class_and_several_failures_in_rule_order():
    failures = check({"size_classes": ["small"], "regions": ["31"]}, SOLO_BATIK)
    assert [f.rule for f in failures] == ["regions", "size_classes"]


def test_curation_tier_is_an_extension_point_that_fails_without_a_rank():
    assert check({"min_curation_tier": 2}, SOLO_BATIK) == [Failure("min_curation_tier", (2,), ())]
    ranked = BusinessFacts(curation_tier_rank=2)
    assert check({"min_curation_tier": 2}, ranked) == []


def test_unknown_rule_names_are_reported():
    assert unknown_rules({"regions": [], "tier": 1, "colour": "red"}) == ["colour", "tier"]
