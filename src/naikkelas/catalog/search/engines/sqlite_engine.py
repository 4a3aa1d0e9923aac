"""SQLite FTS5 with bm25 (``sqlite:///abs/path/search.sqlite3``): one file, no server.

Text columns hold the analysed terms (the same as every engine indexes); filters and facets
read a product table and side tables for categories, certificates and clusters. Other
processes' writes are noticed through ``PRAGMA data_version`` (synonyms, vocabulary).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from naikkelas.catalog.search.analysis import Synonyms
from naikkelas.catalog.search.base import BaseEngine
from naikkelas.catalog.search.documents import prepare
from naikkelas.catalog.search.engines.common import counted, region_column, row, text_expression
from naikkelas.catalog.search.plan import TextPlan
from naikkelas.catalog.search.ranking import FIELD_WEIGHTS
from naikkelas.catalog.search.types import ProductDoc, SearchQuery
from naikkelas.catalog.search.typos import Vocabulary

BATCH = 20_000
COLUMNS = (
    "id", "price_lo", "price_hi", "min_order", "export", "business", "published", "qf", "size",
    "prov", "reg", "dist", "pband", "oband",
)  # fmt: skip
SCHEMA = """
CREATE TABLE IF NOT EXISTS product (
    id INTEGER PRIMARY KEY, price_lo INTEGER, price_hi INTEGER, min_order INTEGER,
    export INTEGER NOT NULL, business INTEGER NOT NULL, published INTEGER NOT NULL,
    qf REAL NOT NULL, size TEXT, prov TEXT, reg TEXT, dist TEXT, pband TEXT, oband TEXT
);
CREATE VIRTUAL TABLE IF NOT EXISTS product_fts USING fts5(name, kw, descr);
CREATE TABLE IF NOT EXISTS product_cat (slug TEXT, id INTEGER, PRIMARY KEY (slug, id))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS product_cert (kind TEXT, id INTEGER, PRIMARY KEY (kind, id))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS product_cluster (cluster INTEGER, id INTEGER,
    PRIMARY KEY (cluster, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS vocabulary (word TEXT PRIMARY KEY, n INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS product_size ON product (size);
CREATE INDEX IF NOT EXISTS product_prov ON product (prov);
CREATE INDEX IF NOT EXISTS product_reg ON product (reg);
CREATE INDEX IF NOT EXISTS product_dist ON product (dist);
CREATE INDEX IF NOT EXISTS product_business ON product (business);
CREATE INDEX IF NOT EXISTS product_published ON product (published);
CREATE INDEX IF NOT EXISTS product_price ON product (price_lo);
CREATE INDEX IF NOT EXISTS product_cat_id ON product_cat (id);
CREATE INDEX IF NOT EXISTS product_cert_id ON product_cert (id);
CREATE INDEX IF NOT EXISTS product_cluster_id ON product_cluster (id);
"""
BM25 = "bm25(product_fts, {})".format(", ".join(str(w) for w in FIELD_WEIGHTS.values()))
SIDE = {"category": ("product_cat", "slug"), "certificate": ("product_cert", "kind")}


class SqliteEngine(BaseEngine):
    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA busy_timeout=30000")
        self.db.execute("PRAGMA cache_size=-65536")
        self.db.executescript(SCHEMA + INDEXES)
        self.lock = threading.Lock()
        self._version = -1
        self._synonyms_value = Synonyms()
        self._vocabulary_value = Vocabulary()
        self._refresh()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
            self._version = -1  # data_version counts other connections' commits only

    # --- shared state ----------------------------------------------------------------------

    def _refresh(self) -> None:
        with self.lock:
            version = self.db.execute("PRAGMA data_version").fetchone()[0]
            if version == self._version:
                return
            self._version = version
            found = self.db.execute("SELECT value FROM setting WHERE key = 'synonyms'").fetchone()
            self._synonyms_value = Synonyms(json.loads(found[0]) if found else [])
            counts = dict(self.db.execute("SELECT word, n FROM vocabulary"))
            self._vocabulary_value = Vocabulary(counts)

    def _synonyms(self) -> Synonyms:
        return self._synonyms_value

    def _vocabulary(self) -> Vocabulary:
        return self._vocabulary_value

    def set_synonyms(self, groups: Iterable[Iterable[str]]) -> None:
        value = json.dumps(Synonyms(groups).groups, ensure_ascii=False)
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO setting VALUES ('synonyms', ?)", (value,))
        self._synonyms_value = Synonyms(json.loads(value))

    # --- writing ---------------------------------------------------------------------------

    def _delete_ids(self, db: sqlite3.Connection, ids: list[int]) -> None:
        for table in ("product", "product_cat", "product_cert", "product_cluster"):
            db.executemany(f"DELETE FROM {table} WHERE id = ?", [(i,) for i in ids])
        db.executemany("DELETE FROM product_fts WHERE rowid = ?", [(i,) for i in ids])

    def _insert(self, db: sqlite3.Connection, docs: Iterable[ProductDoc]) -> Vocabulary:
        learned = Vocabulary()
        batch: list[dict[str, Any]] = []
        words: list[frozenset[str]] = []

        def flush() -> None:
            db.executemany(
                f"INSERT INTO product VALUES ({', '.join(':' + c for c in COLUMNS)})",
                batch,
            )
            db.executemany(
                "INSERT INTO product_fts (rowid, name, kw, descr) VALUES (:id, :name, :kw, :descr)",
                batch,
            )
            db.executemany(
                "INSERT INTO product_cat VALUES (?, ?)",
                [(s, r["id"]) for r in batch for s in r["cats"]],
            )
            db.executemany(
                "INSERT INTO product_cert VALUES (?, ?)",
                [(k, r["id"]) for r in batch for k in r["certs"]],
            )
            db.executemany(
                "INSERT INTO product_cluster VALUES (?, ?)",
                [(c, r["id"]) for r in batch for c in r["clusters"]],
            )
            learned.add(words)
            batch.clear()
            words.clear()

        for d in docs:
            p = prepare(d)
            batch.append(row(p))
            words.append(p.words)
            if len(batch) >= BATCH:
                flush()
        flush()
        return learned

    def _learn(self, db: sqlite3.Connection, learned: Vocabulary) -> None:
        db.executemany(
            "INSERT INTO vocabulary VALUES (?, ?) "
            "ON CONFLICT (word) DO UPDATE SET n = n + excluded.n",
            learned.counts.items(),
        )

    def index(self, docs: Iterable[ProductDoc]) -> None:
        docs = list(docs)
        if not docs:
            return
        with self._write() as db:
            self._delete_ids(db, [d.id for d in docs])
            self._learn(db, self._insert(db, docs))

    def delete(self, ids: Iterable[int]) -> None:
        with self._write() as db:
            self._delete_ids(db, list(ids))

    def _replace_all(self, docs: Iterable[ProductDoc]) -> None:
        with self._write() as db:
            for table in ("product", "product_fts", "product_cat", "product_cert"):
                db.execute(f"DELETE FROM {table}")
            db.execute("DELETE FROM product_cluster")
            db.execute("DELETE FROM vocabulary")
            self._learn(db, self._insert(db, docs))
            db.execute("INSERT INTO product_fts (product_fts) VALUES ('optimize')")

    def count(self) -> int:
        with self.lock:
            return int(self.db.execute("SELECT count(*) FROM product").fetchone()[0])

    # --- reading ---------------------------------------------------------------------------

    def _where(self, q: SearchQuery, plan: TextPlan) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if plan.groups:
            where.append("p.id IN (SELECT rowid FROM product_fts WHERE product_fts MATCH ?)")
            params.append(text_expression(plan, and_="AND", or_="OR", quote=True))
        if q.categories:
            marks = ", ".join("?" * len(q.categories))
            where.append(f"p.id IN (SELECT id FROM product_cat WHERE slug IN ({marks}))")
            params += q.categories
        if q.region:
            where.append(f"p.{region_column(q.region)} = ?")
            params.append(q.region)
        for kind in q.certificates:
            where.append("p.id IN (SELECT id FROM product_cert WHERE kind = ?)")
            params.append(kind)
        if q.size_classes:
            where.append(f"p.size IN ({', '.join('?' * len(q.size_classes))})")
            params += q.size_classes
        if q.price_max is not None:
            where.append("p.price_lo <= ?")
            params.append(q.price_max)
        if q.price_min is not None:
            where.append("p.price_hi >= ?")
            params.append(q.price_min)
        if q.min_order_max is not None:
            where.append("p.min_order <= ?")
            params.append(q.min_order_max)
        if q.export_ready is not None:
            where.append("p.export = ?")
            params.append(int(q.export_ready))
        if q.business_id is not None:
            where.append("p.business = ?")
            params.append(q.business_id)
        if q.cluster_id is not None:
            where.append("p.id IN (SELECT id FROM product_cluster WHERE cluster = ?)")
            params.append(q.cluster_id)
        return where, params

    def _ids(self, query: SearchQuery, plan: TextPlan) -> tuple[int, list[int]]:
        where, params = self._where(query, plan)
        if plan.groups and query.sort == "relevance":
            # rank inside FTS5: the text match drives the join
            filters = where[1:]
            sql = (
                "SELECT p.id FROM product_fts JOIN product p ON p.id = product_fts.rowid "
                "WHERE product_fts MATCH ?"
                + "".join(f" AND {w}" for w in filters)
                + f" ORDER BY {BM25} * p.qf LIMIT ? OFFSET ?"
            )
        else:
            order = {
                "relevance": "p.qf DESC, p.published DESC",
                "newest": "p.published DESC",
                "price_asc": "p.price_lo IS NULL, p.price_lo ASC",
                "price_desc": "p.price_lo IS NULL, p.price_lo DESC",
            }[query.sort]
            clause = " WHERE " + " AND ".join(where) if where else ""
            sql = f"SELECT p.id FROM product p{clause} ORDER BY {order} LIMIT ? OFFSET ?"
        clause = " WHERE " + " AND ".join(where) if where else ""
        with self.lock:
            ids = [r[0] for r in self.db.execute(sql, [*params, query.limit, query.offset])]
            total = self.db.execute(
                f"SELECT count(*) FROM product p{clause}",
                params,
            ).fetchone()[0]
        return int(total), ids

    def _facets(
        self, query: SearchQuery, plan: TextPlan, names: list[str]
    ) -> dict[str, dict[str, int]]:
        where, params = self._where(query, plan)
        clause = " WHERE " + " AND ".join(where) if where else ""
        facets: dict[str, dict[str, int]] = {}
        with self.lock:
            for name in names:
                if name in SIDE:
                    table, column = SIDE[name]
                    sql = (
                        f"SELECT s.{column}, count(*) FROM {table} s "
                        f"JOIN product p ON p.id = s.id{clause} GROUP BY s.{column}"
                    )
                else:
                    column = {
                        "province": "prov",
                        "regency": "reg",
                        "district": "dist",
                        "size_class": "size",
                        "price_band": "pband",
                        "min_order_band": "oband",
                        "export_ready": "export",
                    }[name]
                    sql = f"SELECT p.{column}, count(*) FROM product p{clause} GROUP BY 1"
                facets[name] = counted(name, self.db.execute(sql, params))
        return facets
