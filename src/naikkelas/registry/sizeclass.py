"""Business size classes by PP 7/2021 art. 35 (plain Python, no Django).

Capital (modal usaha, excluding land and buildings) decides at founding/registration;
annual sales (hasil penjualan tahunan) decide for everything else, so a business with
reported sales is classed by its sales, otherwise by its capital. Both are kept, with the
basis that decided. Amounts are integer rupiah."""

from __future__ import annotations

from dataclasses import dataclass

MILIAR = 1_000_000_000

MICRO = "micro"
SMALL = "small"
MEDIUM = "medium"
LARGE = "large"
UNKNOWN = "unknown"
ORDER = {UNKNOWN: -1, MICRO: 0, SMALL: 1, MEDIUM: 2, LARGE: 3}

# upper bounds, inclusive: "paling banyak"
CAPITAL_LIMITS = ((1 * MILIAR, MICRO), (5 * MILIAR, SMALL), (10 * MILIAR, MEDIUM))
SALES_LIMITS = ((2 * MILIAR, MICRO), (15 * MILIAR, SMALL), (50 * MILIAR, MEDIUM))

BASIS_SALES = "annual_sales"
BASIS_CAPITAL = "capital"


def _classify(amount: int | None, limits: tuple[tuple[int, str], ...]) -> str:
    if amount is None:
        return UNKNOWN
    if amount < 0:
        raise ValueError("amounts are never negative")
    for limit, size in limits:
        if amount <= limit:
            return size
    return LARGE


def class_by_capital(capital: int | None) -> str:
    return _classify(capital, CAPITAL_LIMITS)


def class_by_sales(annual_sales: int | None) -> str:
    return _classify(annual_sales, SALES_LIMITS)


@dataclass(frozen=True, slots=True)
class SizeClass:
    size: str
    basis: str | None  # BASIS_SALES, BASIS_CAPITAL or None when unknown
    by_capital: str
    by_sales: str


def size_class(*, capital: int | None, annual_sales: int | None) -> SizeClass:
    by_capital = class_by_capital(capital)
    by_sales = class_by_sales(annual_sales)
    if by_sales != UNKNOWN:
        return SizeClass(by_sales, BASIS_SALES, by_capital, by_sales)
    if by_capital != UNKNOWN:
        return SizeClass(by_capital, BASIS_CAPITAL, by_capital, by_sales)
    return SizeClass(UNKNOWN, None, by_capital, by_sales)


def moved_up(before: str, after: str) -> bool:
    """ "Naik kelas": from a known class to a larger one."""
    return ORDER[before] >= 0 and ORDER[after] > ORDER[before]
