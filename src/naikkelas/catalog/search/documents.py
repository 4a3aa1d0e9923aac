"""A :class:`ProductDoc` prepared for indexing: its analysed text per field, its
vocabulary words, its quality and its bands. Every engine indexes the same values."""

from __future__ import annotations

from dataclasses import dataclass

from naikkelas.catalog.search.analysis import term_text
from naikkelas.catalog.search.bands import min_order_band, price_band, product_price
from naikkelas.catalog.search.ranking import quality
from naikkelas.catalog.search.types import ProductDoc
from naikkelas.catalog.search.typos import doc_words


@dataclass(frozen=True)
class Prepared:
    doc: ProductDoc
    name: str  # analysed terms joined by spaces
    kw: str  # keywords and the category slugs' words
    biz: str
    desc: str
    words: set[str]
    quality: float
    price_lo: int | None
    price_hi: int | None
    min_order: int  # no minimum order stated counts as 1
    price_band: str | None
    min_order_band: str


def category_words(doc: ProductDoc) -> str:
    return " ".join(slug.replace("-", " ") for slug in doc.category_path or (doc.category,))


def prepare(doc: ProductDoc) -> Prepared:
    categories = category_words(doc)
    lo = product_price(doc.price_min, doc.price_max)
    hi = doc.price_max if doc.price_max is not None else doc.price_min
    min_order = doc.min_order if doc.min_order and doc.min_order > 0 else 1
    return Prepared(
        doc=doc,
        name=term_text(doc.name),
        kw=term_text(doc.keywords, categories),
        biz=term_text(doc.business_name),
        desc=term_text(doc.description),
        words=doc_words(doc.name, doc.keywords, doc.business_name, doc.description, categories),
        quality=quality(
            photo_count=doc.photo_count, curated=doc.curated, certificates=len(doc.certificates)
        ),
        price_lo=lo,
        price_hi=hi,
        min_order=min_order,
        price_band=price_band(lo),
        min_order_band=min_order_band(min_order) or "1",
    )


def region_codes(doc: ProductDoc) -> list[str]:
    return [c for c in (doc.province_code, doc.regency_code, doc.district_code) if c]


def category_slugs(doc: ProductDoc) -> list[str]:
    """Every slug of the product's category path, root first, the leaf included once."""
    return [s for s in dict.fromkeys((*doc.category_path, doc.category)) if s]
