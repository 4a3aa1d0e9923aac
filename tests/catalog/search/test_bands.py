from __future__ import annotations

import pytest

from naikkelas.catalog.search import (
    min_order_band,
    min_order_band_label,
    min_order_band_max,
    price_band,
    price_band_bounds,
    price_band_label,
)


@pytest.mark.parametrize(
    ("rupiah", "band"),
    [(None, None), (0, "lt10k"), (9_999, "lt10k"), (10_000, "10k-25k"), (5_000_000, "gte5m")],
)
def test_price_band(rupiah, band):
    assert price_band(rupiah) == band


def test_price_band_labels_and_bounds():
    assert price_band_label("lt10k") == "< Rp10 rb"
    assert price_band_label("250k-1m") == "Rp250 rb – Rp1 jt"
    assert price_band_label("gte5m") == "≥ Rp5 jt"
    assert price_band_bounds("10k-25k") == (10_000, 24_999)
    assert price_band_bounds("lt10k") == (None, 9_999)
    assert price_band_bounds("gte5m") == (5_000_000, None)


def test_min_order_bands():
    assert [min_order_band(n) for n in (None, 1, 2, 10, 11, 500, 501)] == [
        None, "1", "2-10", "2-10", "11-50", "101-500", "gt500",
    ]  # fmt: skip
    assert [min_order_band_label(k) for k in ("1", "2-10", "gt500")] == ["1", "2–10", "> 500"]
    assert min_order_band_max("11-50") == 50
