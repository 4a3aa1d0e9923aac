"""The embedded engine: a tantivy index in a folder (``tantivy:///abs/path/dir``).

Layout of the folder: ``index/`` (tantivy's files), ``synonyms.json`` and
``vocabulary.json`` (the words for typo correction). Text is analysed in Python
(:mod:`~naikkelas.catalog.search.analysis`) and indexed with tantivy's whitespace
tokenizer; filters and facets use fast fields and tantivy's aggregations.

Processes: any number of processes may search the same folder; their readers reload by
themselves within about a second after a commit (tantivy watches ``meta.json``). One
process at a time writes: a writer that finds the lock taken waits up to
``WRITER_WAIT`` seconds. On several machines, each machine keeps its own folder up to
date (see ``docs/deploy.md``, "Search").
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tantivy

from naikkelas.catalog.search.analysis import Synonyms
from naikkelas.catalog.search.base import BaseEngine
from naikkelas.catalog.search.documents import (
    Prepared,
    category_slugs,
    prepare,
)
from naikkelas.catalog.search.engines.common import counted, region_column
from naikkelas.catalog.search.plan import TextPlan
from naikkelas.catalog.search.ranking import FIELD_WEIGHTS
from naikkelas.catalog.search.types import ProductDoc, SearchQuery
from naikkelas.catalog.search.typos import Vocabulary

SCHEMA_VERSION = 1
WRITER_WAIT = 30.0
WRITER_HEAP = 64_000_000
BUILD_HEAP = 600_000_000
BATCH = 50_000
TEXT_FIELDS = tuple(FIELD_WEIGHTS)
FACET_FIELDS = {
    "category": "cat",
    "province": "prov",
    "regency": "reg",
    "district": "dist",
    "certificate": "cert",
    "size_class": "size",
    "price_band": "pband",
    "min_order_band": "oband",
    "export_ready": "export",
}
FACET_SIZE = 10_000
I64 = tantivy.FieldType.Integer


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", stored=True, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        sb.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
    for name in ("cat", "prov", "reg", "dist", "cert", "size", "pband", "oband"):
        sb.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_boolean_field("export", indexed=True, fast=True)
    for name in ("price_lo", "price_hi", "min_order", "published"):
        sb.add_integer_field(name, indexed=True, fast=True)
    sb.add_integer_field("business", indexed=True)
    sb.add_integer_field("cluster", indexed=True)
    sb.add_float_field("quality", fast=True)
    return sb.build()


def _write_json(path: Path, value: Any) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(value, handle, ensure_ascii=False, sort_keys=True)
    os.replace(tmp, path)


class _Sidecar:
    """A JSON file beside the index, re-read when another process replaced it."""

    def __init__(self, path: Path, default: Any) -> None:
        self.path = path
        self.default = default
        self.stamp: tuple[int, int] | None = None
        self.value: Any = default

    def refresh(self) -> bool:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            changed = self.stamp is not None
            self.stamp, self.value = None, self.default
            return changed
        stamp = (st.st_mtime_ns, st.st_size)
        if stamp == self.stamp:
            return False
        self.value = json.loads(self.path.read_text(encoding="utf-8"))
        self.stamp = stamp
        return True

    def write(self, value: Any) -> None:
        _write_json(self.path, value)
        self.refresh()


class TantivyEngine(BaseEngine):
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        (self.path / "index").mkdir(parents=True, exist_ok=True)
        version_file = self.path / "version.json"
        if version_file.exists():
            version = json.loads(version_file.read_text())["schema"]
            if version != SCHEMA_VERSION:
                raise RuntimeError(
                    f"the search index in {self.path} has schema {version}, this code "
                    f"{SCHEMA_VERSION}: delete the folder and rebuild the index"
                )
        else:
            _write_json(version_file, {"schema": SCHEMA_VERSION})
        self.schema = _schema()
        self.index_ = tantivy.Index(self.schema, path=str(self.path / "index"), reuse=True)
        self._synonym_file = _Sidecar(self.path / "synonyms.json", [])
        self._vocabulary_file = _Sidecar(self.path / "vocabulary.json", {})
        self._synonyms_value = Synonyms()
        self._vocabulary_value = Vocabulary()
        self._meta = self.path / "index" / "meta.json"
        self._meta_stamp = self._stamp()
        self._refresh()

    # --- shared state ----------------------------------------------------------------------

    def _stamp(self) -> int:
        try:
            return self._meta.stat().st_mtime_ns
        except FileNotFoundError:
            return 0

    def _refresh(self) -> None:
        # tantivy's reader reloads by itself shortly after another process commits; a
        # search that notices the commit first reloads at once (one stat per search)
        stamp = self._stamp()
        if stamp != self._meta_stamp:
            self._meta_stamp = stamp
            self.index_.reload()
        if self._synonym_file.refresh():
            self._synonyms_value = Synonyms(self._synonym_file.value)
        if self._vocabulary_file.refresh():
            self._vocabulary_value = Vocabulary(self._vocabulary_file.value)

    def _synonyms(self) -> Synonyms:
        return self._synonyms_value

    def _vocabulary(self) -> Vocabulary:
        return self._vocabulary_value

    def set_synonyms(self, groups: Iterable[Iterable[str]]) -> None:
        self._synonym_file.write(Synonyms(groups).groups)
        self._synonyms_value = Synonyms(self._synonym_file.value)

    # --- writing ---------------------------------------------------------------------------

    def _writer(self, heap: int = WRITER_HEAP, threads: int = 1) -> tantivy.IndexWriter:
        deadline = time.monotonic() + WRITER_WAIT
        while True:
            try:
                return self.index_.writer(heap, threads)
            except ValueError as exc:  # LockBusy: another process writes
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _document(self, p: Prepared) -> tantivy.Document:
        d = p.doc
        doc = tantivy.Document()
        doc.add_integer("id", d.id)
        doc.add_text("name", p.name)
        doc.add_text("kw", p.kw)
        doc.add_text("desc", p.desc)
        for slug in category_slugs(d):
            doc.add_text("cat", slug)
        for name, code in (
            ("prov", d.province_code),
            ("reg", d.regency_code),
            ("dist", d.district_code),
        ):
            if code:
                doc.add_text(name, code)
        for kind in dict.fromkeys(d.certificates):
            doc.add_text("cert", kind)
        if d.size_class:
            doc.add_text("size", d.size_class)
        if p.price_band:
            doc.add_text("pband", p.price_band)
        doc.add_text("oband", p.min_order_band)
        doc.add_boolean("export", d.export_ready)
        if p.price_lo is not None:
            doc.add_integer("price_lo", p.price_lo)
        if p.price_hi is not None:
            doc.add_integer("price_hi", p.price_hi)
        doc.add_integer("min_order", p.min_order)
        doc.add_integer("published", int(d.published_at))
        doc.add_integer("business", d.business_id)
        for cluster in dict.fromkeys(d.cluster_ids):
            doc.add_integer("cluster", cluster)
        doc.add_float("quality", p.quality)
        return doc

    def _add(self, writer: tantivy.IndexWriter, docs: Iterable[ProductDoc]) -> Vocabulary:
        learned = Vocabulary()
        word_sets: list[frozenset[str]] = []
        for d in docs:
            p = prepare(d)
            writer.add_document(self._document(p))
            word_sets.append(p.words)
            if len(word_sets) >= BATCH:
                learned.add(word_sets)
                word_sets = []
        learned.add(word_sets)
        return learned

    def index(self, docs: Iterable[ProductDoc]) -> None:
        docs = list(docs)
        if not docs:
            return
        writer = self._writer()
        try:
            for d in docs:
                writer.delete_documents_by_term("id", d.id)
            learned = self._add(writer, docs)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        self._refresh()
        vocabulary = Vocabulary(self._vocabulary_file.value)
        vocabulary.counts.update(learned.counts)
        self._vocabulary_file.write(dict(vocabulary.counts))
        self._vocabulary_value = vocabulary
        self.index_.reload()

    def delete(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        if not ids:
            return
        writer = self._writer()
        try:
            for product_id in ids:
                writer.delete_documents_by_term("id", product_id)
            writer.commit()
        finally:
            writer.wait_merging_threads()
        self.index_.reload()

    def _replace_all(self, docs: Iterable[ProductDoc]) -> None:
        writer = self._writer(BUILD_HEAP, 0)
        try:
            writer.delete_all_documents()
            learned = self._add(writer, docs)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        self._vocabulary_file.write(dict(learned.counts))
        self._vocabulary_value = learned
        self.index_.reload()

    def count(self) -> int:
        return int(self.index_.searcher().num_docs)

    # --- reading ---------------------------------------------------------------------------

    def _term(self, term: str) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boost_query(
                        tantivy.Query.term_query(self.schema, field, term, "freq"), weight
                    ),
                )
                for field, weight in FIELD_WEIGHTS.items()
            ]
        )

    def _text_query(self, plan: TextPlan) -> list[tantivy.Query]:
        clauses = []
        for group in plan.groups:
            alternatives = []
            for alt in group:
                if len(alt) == 1:
                    alternatives.append((tantivy.Occur.Should, self._term(alt[0])))
                else:
                    conj = tantivy.Query.boolean_query(
                        [(tantivy.Occur.Must, self._term(t)) for t in alt]
                    )
                    alternatives.append((tantivy.Occur.Should, conj))
            clauses.append(
                alternatives[0][1]
                if len(alternatives) == 1
                else tantivy.Query.boolean_query(alternatives)
            )
        return clauses

    def _filters(self, q: SearchQuery) -> list[tantivy.Query]:
        s = self.schema
        Q = tantivy.Query
        filters: list[tantivy.Query] = []
        if q.categories:
            filters.append(Q.term_set_query(s, "cat", list(q.categories)))
        if q.region:
            filters.append(Q.term_query(s, region_column(q.region), q.region, "basic"))
        for kind in q.certificates:
            filters.append(Q.term_query(s, "cert", kind, "basic"))
        if q.size_classes:
            filters.append(Q.term_set_query(s, "size", list(q.size_classes)))
        if q.price_max is not None:
            filters.append(Q.range_query(s, "price_lo", I64, None, q.price_max))
        if q.price_min is not None:
            filters.append(Q.range_query(s, "price_hi", I64, q.price_min, None))
        if q.min_order_max is not None:
            filters.append(Q.range_query(s, "min_order", I64, None, q.min_order_max))
        if q.export_ready is not None:
            filters.append(Q.term_query(s, "export", q.export_ready))
        if q.business_id is not None:
            filters.append(Q.term_query(s, "business", q.business_id))
        if q.cluster_id is not None:
            filters.append(Q.term_query(s, "cluster", q.cluster_id))
        return filters

    def _query(self, q: SearchQuery, plan: TextPlan) -> tantivy.Query:
        text = self._text_query(plan)
        filters = self._filters(q)
        if not text and not filters:
            return tantivy.Query.all_query()
        if not text and len(filters) == 1:
            return filters[0]
        clauses = [(tantivy.Occur.Must, c) for c in text]
        # filters do not score: a constant 0 added to every match
        clauses += [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
        return tantivy.Query.boolean_query(clauses)

    def _ids(self, query: SearchQuery, plan: TextPlan) -> tuple[int, list[int]]:
        searcher = self.index_.searcher()
        tq = self._query(query, plan)
        options: dict[str, Any] = {"limit": query.limit, "offset": query.offset, "count": True}
        if query.sort == "relevance":
            options["weight_by_field"] = "quality"
        elif query.sort == "newest":
            options.update(order_by_field="published", order=tantivy.Order.Desc)
        else:
            options.update(
                order_by_field="price_lo",
                order=tantivy.Order.Asc if query.sort == "price_asc" else tantivy.Order.Desc,
            )
        if query.limit == 0:
            options["limit"] = 1
        result = searcher.search(tq, **options)
        hits = [] if query.limit == 0 else result.hits
        ids = [searcher.doc(address)["id"][0] for _key, address in hits]
        return int(getattr(result, "count", 0) or 0), ids

    def _facets(
        self, query: SearchQuery, plan: TextPlan, names: list[str]
    ) -> dict[str, dict[str, int]]:
        aggs: dict[str, Any] = {
            name: {"terms": {"field": FACET_FIELDS[name], "size": FACET_SIZE}} for name in names
        }
        found = self.index_.searcher().aggregate(self._query(query, plan), aggs)
        facets: dict[str, dict[str, int]] = {}
        for name in names:
            buckets = found.get(name, {}).get("buckets", [])
            facets[name] = counted(name, ((b["key"], b["doc_count"]) for b in buckets))
        return facets
