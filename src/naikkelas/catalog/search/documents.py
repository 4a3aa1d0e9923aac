"""A :class:`ProductDoc` prepared for indexing: its analysed text per field, its
vocabulary words, its quality and its bands. Every engine indexes the same values."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from naikkelas.catalog.search.analysis import terms_of, words
from naikkelas.catalog.search.bands import min_order_band, price_band, product_price
from naikkelas.catalog.search.ranking import quality
from naikkelas.catalog.search.types import ProductDoc


@dataclass(slots=True)  # not frozen: a frozen dataclass is built field by field, slowly
class Prepared:
    doc: ProductDoc
    name: str  # analysed terms joined by spaces
    kw: str  # keywords, the category slugs' words and the business name
    desc: str
    words: frozenset[str]  # every word; the vocabulary keeps the learnable ones
    quality: float
    price_lo: int | None
    price_hi: int | None
    min_order: int  # no minimum order stated counts as 1
    price_band: str | None
    min_order_band: str


def category_words(doc: ProductDoc) -> str:
    return " ".join(slug.replace("-", " ") for slug in doc.category_path or (doc.category,))


def _analysed(text: str) -> tuple[str, frozenset[str]]:
    found = words(text)
    # every word: the vocabulary drops those it does not learn once per batch
    # (:meth:`Vocabulary.add`), far cheaper than testing each word of each product here
    return " ".join(terms_of(found)), frozenset(found)


# keywords with category words, and business names, repeat across products: analysed once
_shared = lru_cache(maxsize=65_536)(_analysed)


def prepare(doc: ProductDoc) -> Prepared:
    name, name_words = _analysed(doc.name)
    kw, kw_words = _shared(f"{doc.keywords} {category_words(doc)}")
    biz, biz_words = _shared(doc.business_name)
    kw = f"{kw} {biz}"
    desc, desc_words = _analysed(doc.description)
    lo = product_price(doc.price_min, doc.price_max)
    hi = doc.price_max if doc.price_max is not None else doc.price_min
    min_order = doc.min_order if doc.min_order and doc.min_order > 0 else 1
    return Prepared(
        doc=doc,
        name=name,
        kw=kw,
        desc=desc,
        words=name_words | kw_words | biz_words | desc_words,
        quality=quality(
            photo_count=doc.photo_count, curated=doc.curated, certificates=len(doc.certificates)
        ),
        price_lo=lo,
        price_hi=hi,
        min_order=min_order,
        price_band=price_band(lo),
        min_order_band=min_order_band(min_order) or "1",
    )


def category_slugs(doc: ProductDoc) -> list[str]:
    """Every slug of the product's category path, root first, the leaf included once."""
    return [s for s in dict.fromkeys((*doc.category_path, doc.category)) if s]
