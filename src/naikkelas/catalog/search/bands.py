"""Price and minimum-order bands: the buckets of the ``price_band`` and ``min_order_band``
facets. Pages label them with :func:`price_band_label` and :func:`min_order_band_label`
and turn a chosen band back into a filter with :func:`price_band_bounds` /
:func:`min_order_band_max`.

A product's price band is the band of its lowest price (``price_min``; ``price_max`` when
only that is known); a product without a price or minimum order is in no band.
"""

from __future__ import annotations

# (key, lower bound inclusive, upper bound exclusive or None)
PRICE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("lt10k", 0, 10_000),
    ("10k-25k", 10_000, 25_000),
    ("25k-50k", 25_000, 50_000),
    ("50k-100k", 50_000, 100_000),
    ("100k-250k", 100_000, 250_000),
    ("250k-1m", 250_000, 1_000_000),
    ("1m-5m", 1_000_000, 5_000_000),
    ("gte5m", 5_000_000, None),
)
MIN_ORDER_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("1", 0, 2),
    ("2-10", 2, 11),
    ("11-50", 11, 51),
    ("51-100", 51, 101),
    ("101-500", 101, 501),
    ("gt500", 501, None),
)


def _band(bands: tuple[tuple[str, int, int | None], ...], value: int | None) -> str | None:
    if value is None:
        return None
    for key, low, high in bands:
        if value >= low and (high is None or value < high):
            return key
    return bands[0][0]  # negative values do not occur; count them in the lowest band


def price_band(rupiah: int | None) -> str | None:
    """The price band key of a price in rupiah: ``price_band(15_000) == "10k-25k"``."""
    return _band(PRICE_BANDS, rupiah)


def min_order_band(units: int | None) -> str | None:
    return _band(MIN_ORDER_BANDS, units)


def product_price(price_min: int | None, price_max: int | None) -> int | None:
    """The price a product is banded and sorted by: its lowest price."""
    return price_min if price_min is not None else price_max


def _rupiah(value: int) -> str:
    if value >= 1_000_000:
        return f"Rp{value // 1_000_000} jt"
    return f"Rp{value // 1000} rb"


def price_band_label(key: str) -> str:
    """Indonesian label of a price band: ``"Rp10 rb – Rp25 rb"``, ``"< Rp10 rb"``."""
    for band, low, high in PRICE_BANDS:
        if band == key:
            if low == 0 and high is not None:
                return f"< {_rupiah(high)}"
            if high is None:
                return f"≥ {_rupiah(low)}"
            return f"{_rupiah(low)} – {_rupiah(high)}"
    raise KeyError(key)


def price_band_bounds(key: str) -> tuple[int | None, int | None]:
    """``(price_min, price_max)`` of a :class:`SearchQuery` that selects this band."""
    for band, low, high in PRICE_BANDS:
        if band == key:
            return (low or None, None if high is None else high - 1)
    raise KeyError(key)


def min_order_band_label(key: str) -> str:
    for band, low, high in MIN_ORDER_BANDS:
        if band == key:
            if high is None:
                return f"> {low - 1}"
            return str(low or 1) if high - (low or 1) == 1 else f"{low}–{high - 1}"
    raise KeyError(key)


def min_order_band_max(key: str) -> int | None:
    """``min_order_max`` of a :class:`SearchQuery` for "at most this band"."""
    for band, _low, high in MIN_ORDER_BANDS:
        if band == key:
            return None if high is None else high - 1
    raise KeyError(key)
