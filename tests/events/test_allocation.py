"""Automatic booth allocation (plain Python)."""

from naikkelas.events.allocation import BoothSlot, Entrant, allocate, neighbours


def row(zone, count, row_number=0, prefix="A"):
    return [BoothSlot(f"{prefix}{i + 1}", zone, i, row_number) for i in range(count)]


def test_neighbours_are_one_step_apart_in_the_same_zone():
    booths = [*row("Kuliner", 3), BoothSlot("B1", "Fashion", 3, 0)]
    near = neighbours(booths)
    assert near["A2"] == {"A1", "A3"}
    assert near["A3"] == {"A2"}  # B1 sits next to it on the grid but in another zone
    assert near["B1"] == set()


def test_every_exhibitor_gets_one_free_booth_and_none_twice():
    booths = [*row("A", 5), BoothSlot("X", "A", 9, 9, taken_by="old")]
    entrants = [Entrant(f"e{i}", "kuliner", f"s{i}") for i in range(5)]
    result = allocate(booths, entrants)
    assert sorted(result.placed) == ["e0", "e1", "e2", "e3", "e4"]
    assert sorted(result.placed.values()) == ["A1", "A2", "A3", "A4", "A5"]
    assert result.unplaced == []


def test_more_exhibitors_than_booths_leave_the_last_in_priority_unplaced():
    entrants = [Entrant(f"e{i}", "kuliner") for i in range(4)]
    result = allocate(row("A", 2), entrants)
    assert sorted(result.placed) == ["e0", "e1"]
    assert result.unplaced == ["e2", "e3"]


def test_categories_are_grouped_in_neighbouring_booths():
    booths = row("Hall", 6)
    entrants = [
        Entrant("k1", "kuliner", "keripik"),
        Entrant("f1", "fashion", "batik"),
        Entrant("k2", "kuliner", "sambal"),
        Entrant("f2", "fashion", "tenun"),
        Entrant("k3", "kuliner", "kopi"),
        Entrant("c1", "kriya", "anyaman"),
    ]
    placed = allocate(booths, entrants).placed
    by_booth = {booth: who[0] for who, booth in placed.items()}
    assert "".join(by_booth[f"A{i}"] for i in range(1, 7)) == "kkkffc"


def test_direct_competitors_are_kept_apart_when_possible():
    booths = row("Hall", 4)
    entrants = [
        Entrant("b1", "fashion", "batik"),
        Entrant("b2", "fashion", "batik"),
        Entrant("t1", "fashion", "tenun"),
        Entrant("t2", "fashion", "tenun"),
    ]
    result = allocate(booths, entrants)
    assert result.conflicts == []
    order = sorted(result.placed, key=lambda who: result.placed[who])
    assert [who[0] for who in order] in (["b", "t", "b", "t"], ["t", "b", "t", "b"])


def test_unavoidable_competitors_are_reported():
    entrants = [Entrant(f"b{i}", "fashion", "batik") for i in range(3)]
    result = allocate(row("Hall", 3), entrants)
    assert result.conflicts == [("A1", "A2"), ("A2", "A3")]


def test_a_preferred_zone_is_honoured_first():
    booths = [*row("Kuliner", 2), *row("Kriya", 2, prefix="K")]
    entrants = [Entrant("c1", "fashion", preferred_zone="Kriya"), Entrant("f1", "fashion")]
    placed = allocate(booths, entrants).placed
    assert placed == {"c1": "K1", "f1": "K2"}


def test_a_zone_named_like_the_category_is_preferred():
    booths = [*row("Kuliner", 2), *row("Kriya", 2, prefix="K")]
    entrants = [Entrant("c1", "kriya"), Entrant("k1", "kuliner")]
    placed = allocate(booths, entrants).placed
    assert placed == {"c1": "K1", "k1": "A1"}


def test_a_snake_order_keeps_a_category_contiguous_over_two_rows():
    booths = [*row("Hall", 3, 0, "A"), *row("Hall", 3, 1, "B")]
    entrants = [Entrant(f"k{i}", "kuliner", f"s{i}") for i in range(4)]
    placed = allocate(booths, entrants).placed
    assert sorted(placed.values()) == ["A1", "A2", "A3", "B3"]
