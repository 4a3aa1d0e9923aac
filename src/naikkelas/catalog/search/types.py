"""The search interface shared by the catalog app and the engines (plain dataclasses).

Agreed with the catalog app in ``docs/architecture.md`` (section "Catalog search"): the
catalog turns a product into a :class:`ProductDoc`, asks with a :class:`SearchQuery` and
reads a :class:`SearchResult`; every engine implements :class:`SearchEngine`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

SORTS = ("relevance", "newest", "price_asc", "price_desc")
FACETS = (
    "category",
    "province",
    "regency",
    "district",
    "certificate",
    "size_class",
    "price_band",
    "min_order_band",
    "export_ready",
)


@dataclass(frozen=True)
class ProductDoc:
    id: int
    name: str
    description: str  # plain text (HTML stripped by the catalog)
    category: str  # leaf category slug, e.g. "kuliner-makanan-ringan"
    category_path: tuple[str, ...]  # root → leaf slugs
    business_id: int
    business_name: str
    province_code: str  # "33"
    regency_code: str  # "33.72"
    district_code: str  # "33.72.01"
    cluster_ids: tuple[int, ...]
    certificates: tuple[str, ...]  # registry CertificateKind values: "halal", "pirt", …
    size_class: str  # registry size class value: "micro", "small", …
    price_min: int | None  # rupiah
    price_max: int | None
    min_order: int | None
    export_ready: bool
    photo_count: int
    curated: bool
    published_at: float  # unix seconds, for "newest"
    keywords: str = ""  # extra searchable text (variants, product types)


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    categories: tuple[str, ...] = ()  # any of these slugs, at any level of the path
    region: str = ""  # a province, regency or district code
    certificates: tuple[str, ...] = ()  # all of these
    size_classes: tuple[str, ...] = ()  # any of these
    price_min: int | None = None  # the product's price range overlaps [price_min, price_max]
    price_max: int | None = None
    min_order_max: int | None = None  # minimum order at most this
    export_ready: bool | None = None
    business_id: int | None = None
    cluster_id: int | None = None
    sort: str = "relevance"  # one of SORTS
    offset: int = 0
    limit: int = 20
    facets: tuple[str, ...] = ()  # any of FACETS


@dataclass(frozen=True)
class SearchResult:
    total: int
    ids: list[int]  # ranked product ids, this page only
    # facet -> value -> count. "size_class", "price_band", "min_order_band" and
    # "export_ready" are disjunctive (counted with the query's other filters but without
    # their own, so a person sees the alternatives); "category", the three region facets
    # and "certificate" are counted over the result set (a drill-down).
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    corrected: str | None = None  # "did you mean": the query text after typo correction


@runtime_checkable
class SearchEngine(Protocol):
    def index(self, docs: Iterable[ProductDoc]) -> None: ...  # add or replace by id
    def delete(self, ids: Iterable[int]) -> None: ...
    def search(self, query: SearchQuery) -> SearchResult: ...
    def rebuild(self, docs: Iterable[ProductDoc]) -> None: ...  # replace everything
    def set_synonyms(self, groups: Iterable[Iterable[str]]) -> None: ...
    def count(self) -> int: ...


class SearchQueryError(ValueError):
    """A query the engine cannot answer (unknown sort or facet, negative paging)."""


def check_query(query: SearchQuery) -> None:
    if query.sort not in SORTS:
        raise SearchQueryError(f"unknown sort {query.sort!r}; one of {', '.join(SORTS)}")
    unknown = [f for f in query.facets if f not in FACETS]
    if unknown:
        raise SearchQueryError(f"unknown facet {unknown[0]!r}; any of {', '.join(FACETS)}")
    if query.offset < 0 or query.limit < 0:
        raise SearchQueryError("offset and limit must not be negative")
