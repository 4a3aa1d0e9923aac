"""What the engines share: the text query of a plan for SQL engines, the columns of a
prepared product, and the facet values and their order."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from naikkelas.catalog.search.bands import MIN_ORDER_BANDS, PRICE_BANDS
from naikkelas.catalog.search.documents import Prepared, category_slugs
from naikkelas.catalog.search.plan import TextPlan
from naikkelas.catalog.search.ranking import quality_factor

# facet -> (column of the product table, or the side table for multi-valued ones)
FACET_COLUMNS = {
    "province": "prov",
    "regency": "reg",
    "district": "dist",
    "size_class": "size",
    "price_band": "pband",
    "min_order_band": "oband",
    "export_ready": "export",
}
_BAND_ORDER = {
    "price_band": [key for key, _lo, _hi in PRICE_BANDS],
    "min_order_band": [key for key, _lo, _hi in MIN_ORDER_BANDS],
}


def text_expression(plan: TextPlan, *, and_: str, or_: str, quote: bool) -> str:
    """The plan as a boolean expression of terms: FTS5 (``"a" OR "b"``) or tsquery
    (``a | b``). Terms are letters and digits only (the analyser's output)."""

    def term(t: str) -> str:
        return f'"{t}"' if quote else t

    groups = []
    for group in plan.groups:
        alternatives = []
        for alt in group:
            if len(alt) == 1:
                alternatives.append(term(alt[0]))
            else:
                alternatives.append("(" + f" {and_} ".join(term(t) for t in alt) + ")")
        groups.append(
            alternatives[0] if len(alternatives) == 1 else "(" + f" {or_} ".join(alternatives) + ")"
        )
    return f" {and_} ".join(groups)


def row(p: Prepared) -> dict[str, Any]:
    d = p.doc
    return {
        "id": d.id,
        "name": p.name,
        "kw": p.kw,
        "descr": p.desc,
        "price_lo": p.price_lo,
        "price_hi": p.price_hi,
        "min_order": p.min_order,
        "export": bool(d.export_ready),
        "business": d.business_id,
        "published": int(d.published_at),
        "qf": quality_factor(p.quality),
        "size": d.size_class or None,
        "prov": d.province_code or None,
        "reg": d.regency_code or None,
        "dist": d.district_code or None,
        "pband": p.price_band,
        "oband": p.min_order_band,
        "cats": category_slugs(d),
        "certs": list(dict.fromkeys(d.certificates)),
        "clusters": list(dict.fromkeys(d.cluster_ids)),
    }


def region_column(code: str) -> str:
    return {0: "prov", 1: "reg"}.get(code.count("."), "dist")


def facet_value(name: str, value: Any) -> str:
    if name == "export_ready":
        return "true" if value in (1, True) else "false"
    return str(value)


def ordered(name: str, counts: dict[str, int]) -> dict[str, int]:
    """Bands in their natural order; other facets by count, then value."""
    if name in _BAND_ORDER:
        return {k: counts[k] for k in _BAND_ORDER[name] if k in counts}
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def counted(name: str, rows: Iterable[tuple[Any, int]]) -> dict[str, int]:
    return ordered(name, {facet_value(name, v): int(n) for v, n in rows if v is not None and n})
