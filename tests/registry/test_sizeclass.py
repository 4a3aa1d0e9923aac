import pytest

from naikkelas.registry.sizeclass import (
    BASIS_CAPITAL,
    BASIS_SALES,
    MILIAR,
    SizeClass,
    class_by_capital,
    class_by_sales,
    moved_up,
    size_class,
)


@pytest.mark.parametrize(
    ("capital", "expected"),
    [
        (0, "micro"),
        (1 * MILIAR, "micro"),
        (1 * MILIAR + 1, "small"),
        (5 * MILIAR, "small"),
        (5 * MILIAR + 1, "medium"),
        (10 * MILIAR, "medium"),
        (10 * MILIAR + 1, "large"),
        (None, "unknown"),
    ],
)
def test_capital_boundaries_of_pp_7_2021(capital, expected):
    assert class_by_capital(capital) == expected


@pytest.mark.parametrize(
    ("sales", "expected"),
    [
        (2 * MILIAR, "micro"),
        (2 * MILIAR + 1, "small"),
        (15 * MILIAR, "small"),
        (15 * MILIAR + 1, "medium"),
        (50 * MILIAR, "medium"),
        (50 * MILIAR + 1, "large"),
    ],
)
def test_annual_sales_boundaries_of_pp_7_2021(sales, expected):
    assert class_by_sales(sales) == expected


def test_annual_sales_decide_when_known_and_both_are_kept():
    assert size_class(capital=3 * MILIAR, annual_sales=1 * MILIAR) == SizeClass(
        "micro", BASIS_SALES, "small", "micro"
    )
    assert size_class(capital=3 * MILIAR, annual_sales=None) == SizeClass(
        "small", BASIS_CAPITAL, "small", "unknown"
    )
    assert size_class(capital=None, annual_sales=None) == SizeClass(
        "unknown", None, "unknown", "unknown"
    )


def test_negative_amounts_are_refused():
    with pytest.raises(ValueError):
        class_by_capital(-1)


def test_moving_up_a_class():
    assert moved_up("micro", "small") and moved_up("small", "large")
    assert not moved_up("small", "micro") and not moved_up("unknown", "small")
