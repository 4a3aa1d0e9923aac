"""Catalog search: plain Python, no Django (``docs/architecture.md``, "Catalog search").

    engine = open_engine("tantivy:///srv/naikkelas/search")
    engine.rebuild(docs)                       # ProductDoc objects
    result = engine.search(SearchQuery(text="kripik tempe", facets=("category",)))
    result.ids, result.total, result.facets, result.corrected

Engines by URL scheme: ``tantivy:///abs/dir`` (embedded default), ``sqlite:///abs/file``
(SQLite FTS5), ``postgresql://user@host:port/db`` (tsvector/GIN).
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlencode, urlsplit, urlunsplit

from naikkelas.catalog.search.bands import (
    MIN_ORDER_BANDS,
    PRICE_BANDS,
    min_order_band,
    min_order_band_label,
    min_order_band_max,
    price_band,
    price_band_bounds,
    price_band_label,
)
from naikkelas.catalog.search.types import (
    FACETS,
    SORTS,
    ProductDoc,
    SearchEngine,
    SearchQuery,
    SearchQueryError,
    SearchResult,
)

__all__ = [
    "FACETS",
    "MIN_ORDER_BANDS",
    "PRICE_BANDS",
    "SORTS",
    "ProductDoc",
    "SearchEngine",
    "SearchQuery",
    "SearchQueryError",
    "SearchResult",
    "min_order_band",
    "min_order_band_label",
    "min_order_band_max",
    "open_engine",
    "price_band",
    "price_band_bounds",
    "price_band_label",
]


def open_engine(url: str) -> SearchEngine:
    """The engine named by a URL (``SEARCH_URL``); the index is created when missing."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "tantivy":
        from naikkelas.catalog.search.engines.tantivy_engine import TantivyEngine

        return TantivyEngine(_local_path(url, parts.path))
    if scheme == "sqlite":
        from naikkelas.catalog.search.engines.sqlite_engine import SqliteEngine

        return SqliteEngine(_local_path(url, parts.path))
    if scheme in ("postgresql", "postgres"):
        from naikkelas.catalog.search.engines.postgres_engine import PostgresEngine

        options = parse_qs(parts.query)
        schema = options.pop("schema", ["search"])[0]
        dsn = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(options, True), ""))
        return PostgresEngine(dsn, schema=schema)
    raise ValueError(
        f"unknown search engine URL {url!r}: use tantivy:///abs/dir, sqlite:///abs/file "
        "or postgresql://user@host:port/db"
    )


def _local_path(url: str, path: str) -> str:
    if not path or path == "/":
        raise ValueError(f"search URL {url!r} names no folder or file")
    return unquote(path)
