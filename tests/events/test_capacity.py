"""The capacity rule and quota places (plain Python)."""

import pytest

from naikkelas.events.capacity import QuotaShare, quota_places, usable_booths


def test_fifty_booths_at_fifty_percent_leave_twenty_five():
    assert usable_booths(50, percent=50) == 25


def test_a_share_is_rounded_down_because_the_rule_is_a_ceiling():
    assert usable_booths(45, percent=50) == 22


def test_a_number_never_exceeds_the_planned_booths():
    assert usable_booths(30, number=40) == 30
    assert usable_booths(30, number=12) == 12


def test_no_rule_leaves_every_planned_booth():
    assert usable_booths(54) == 54


def test_a_rule_is_a_share_or_a_number_not_both():
    with pytest.raises(ValueError):
        usable_booths(50, percent=50, number=25)
    with pytest.raises(ValueError):
        usable_booths(50, percent=0)


def test_quota_shares_add_up_to_the_total_by_largest_remainder():
    quotas = [QuotaShare(1, percent=40), QuotaShare(2, percent=30), QuotaShare(3, percent=30)]
    assert quota_places(25, quotas) == {1: 10, 2: 8, 3: 7}
    assert sum(quota_places(25, quotas).values()) == 25


def test_a_fixed_number_comes_off_the_total_before_the_shares():
    quotas = [QuotaShare(1, places=5), QuotaShare(2, percent=50), QuotaShare(3, percent=50)]
    assert quota_places(25, quotas) == {1: 5, 2: 10, 3: 10}


def test_shares_under_a_hundred_percent_leave_places_free():
    assert quota_places(20, [QuotaShare(1, percent=40), QuotaShare(2, percent=30)]) == {
        1: 8,
        2: 6,
    }


def test_shares_over_a_hundred_percent_are_scaled_to_the_total():
    places = quota_places(10, [QuotaShare(1, percent=80), QuotaShare(2, percent=70)])
    assert places == {1: 5, 2: 5}
