"""PostgreSQL tsvector/GIN with ts_rank (``postgresql://user@host:port/db?schema=search``):
the server-tier engine every web process on every machine reads at once.

The tables live in their own schema (``search`` unless ``?schema=`` says otherwise) of the
given database, which may be the site's database. The text columns hold the analysed terms
and a generated ``tsvector`` weighs them (name A; keywords, category and business B;
description D) with the ``simple`` configuration: stemming is ours, the same as every
engine's. Each search reads a version number (one small query) and, when another
process changed synonyms or the vocabulary, reads them again.
"""

from __future__ import annotations

import io
import json
import re
import threading
from collections.abc import Iterable
from typing import Any

import psycopg

from naikkelas.catalog.search.analysis import Synonyms
from naikkelas.catalog.search.base import BaseEngine
from naikkelas.catalog.search.documents import prepare
from naikkelas.catalog.search.engines.common import counted, region_column, row, text_expression
from naikkelas.catalog.search.plan import TextPlan
from naikkelas.catalog.search.ranking import FIELD_WEIGHTS
from naikkelas.catalog.search.types import ProductDoc, SearchQuery
from naikkelas.catalog.search.typos import Vocabulary

BATCH = 20_000
# ts_rank's weights of D, C, B, A: description, (unused), keywords, name
_top = max(FIELD_WEIGHTS.values())
RANK_WEIGHTS = "{{{:.3f}, 0, {:.3f}, 1}}".format(
    FIELD_WEIGHTS["desc"] / _top, FIELD_WEIGHTS["kw"] / _top
)
COLUMNS = (
    "id", "name", "kw", "descr", "price_lo", "price_hi", "min_order", "export",
    "business", "published", "qf", "size", "prov", "reg", "dist", "pband", "oband", "cats",
    "certs", "clusters",
)  # fmt: skip
SCHEMA = """
CREATE TABLE IF NOT EXISTS product (
    id bigint PRIMARY KEY, name text NOT NULL, kw text NOT NULL, descr text NOT NULL,
    doc tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', name), 'A') || setweight(to_tsvector('simple', kw), 'B')
        || setweight(to_tsvector('simple', descr), 'D')) STORED,
    price_lo bigint, price_hi bigint, min_order integer NOT NULL, export boolean NOT NULL,
    business bigint NOT NULL, published bigint NOT NULL, qf real NOT NULL, size text,
    prov text, reg text, dist text, pband text, oband text,
    cats text[] NOT NULL, certs text[] NOT NULL, clusters bigint[] NOT NULL
);
CREATE TABLE IF NOT EXISTS vocabulary (word text PRIMARY KEY, n integer NOT NULL);
CREATE TABLE IF NOT EXISTS setting (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO setting VALUES ('version', '0') ON CONFLICT DO NOTHING;
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS product_doc ON product USING gin (doc);
CREATE INDEX IF NOT EXISTS product_cats ON product USING gin (cats);
CREATE INDEX IF NOT EXISTS product_certs ON product USING gin (certs);
CREATE INDEX IF NOT EXISTS product_clusters ON product USING gin (clusters);
CREATE INDEX IF NOT EXISTS product_size ON product (size);
CREATE INDEX IF NOT EXISTS product_prov ON product (prov);
CREATE INDEX IF NOT EXISTS product_reg ON product (reg);
CREATE INDEX IF NOT EXISTS product_dist ON product (dist);
CREATE INDEX IF NOT EXISTS product_business ON product (business);
CREATE INDEX IF NOT EXISTS product_published ON product (published);
CREATE INDEX IF NOT EXISTS product_price ON product (price_lo);
"""
_INDEX_NAMES = re.findall(r"EXISTS (\w+) ON", INDEXES)
FACET_SQL = {
    "category": "unnest(p.cats)",
    "certificate": "unnest(p.certs)",
    "province": "p.prov",
    "regency": "p.reg",
    "district": "p.dist",
    "size_class": "p.size",
    "price_band": "p.pband",
    "min_order_band": "p.oband",
    "export_ready": "p.export",
}
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, list):
        inner = ",".join(f'"{v}"' if isinstance(v, str) else str(v) for v in value)
        return "{" + inner + "}"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


class PostgresEngine(BaseEngine):
    def __init__(self, dsn: str, schema: str = "search") -> None:
        if not _SCHEMA_NAME.match(schema):
            raise ValueError(f"schema name {schema!r}: lower-case letters, digits and _")
        self.schema = schema
        self.db = psycopg.connect(dsn, autocommit=True)
        self.lock = threading.Lock()
        with self.lock:
            self.db.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            self.db.execute(f"SET search_path TO {schema}")
            with self.db.transaction():
                self.db.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (schema,))
                self.db.execute(SCHEMA)
                self.db.execute(INDEXES)
        self._version = ""
        self._synonyms_value = Synonyms()
        self._vocabulary_value = Vocabulary()
        self._refresh()

    # --- shared state ----------------------------------------------------------------------

    def _refresh(self) -> None:
        with self.lock:
            settings: dict[str, str] = dict(
                self.db.execute("SELECT key, value FROM setting").fetchall()
            )
            if settings["version"] == self._version:
                return
            self._version = settings["version"]
            self._synonyms_value = Synonyms(json.loads(settings.get("synonyms", "[]")))
            counts: dict[str, int] = dict(
                self.db.execute("SELECT word, n FROM vocabulary").fetchall()
            )
            self._vocabulary_value = Vocabulary(counts)

    def _changed(self, db: psycopg.Connection[Any]) -> None:
        db.execute("UPDATE setting SET value = (value::bigint + 1)::text WHERE key = 'version'")
        self._version = ""  # read again on the next search

    def _synonyms(self) -> Synonyms:
        return self._synonyms_value

    def _vocabulary(self) -> Vocabulary:
        return self._vocabulary_value

    def set_synonyms(self, groups: Iterable[Iterable[str]]) -> None:
        value = json.dumps(Synonyms(groups).groups, ensure_ascii=False)
        with self.lock, self.db.transaction():
            self.db.execute(
                "INSERT INTO setting VALUES ('synonyms', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (value,),
            )
            self._changed(self.db)

    # --- writing ---------------------------------------------------------------------------

    def _copy(self, docs: Iterable[ProductDoc]) -> Vocabulary:
        learned = Vocabulary()
        buffer = io.StringIO()
        words: list[frozenset[str]] = []

        def flush() -> None:
            with self.db.cursor().copy(f"COPY product ({', '.join(COLUMNS)}) FROM STDIN") as cp:
                cp.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
            learned.add(words)
            words.clear()

        for rows, d in enumerate(docs, 1):
            p = prepare(d)
            r = row(p)
            buffer.write("\t".join(_copy_value(r[c]) for c in COLUMNS) + "\n")
            words.append(p.words)
            if rows % BATCH == 0:
                flush()
        flush()
        return learned

    def _learn(self, learned: Vocabulary) -> None:
        with self.db.cursor() as cur:
            cur.executemany(
                "INSERT INTO vocabulary VALUES (%s, %s) "
                "ON CONFLICT (word) DO UPDATE SET n = vocabulary.n + excluded.n",
                list(learned.counts.items()),
            )

    def index(self, docs: Iterable[ProductDoc]) -> None:
        docs = list(docs)
        if not docs:
            return
        with self.lock, self.db.transaction():
            self.db.execute("DELETE FROM product WHERE id = ANY(%s)", ([d.id for d in docs],))
            self._learn(self._copy(docs))
            self._changed(self.db)

    def delete(self, ids: Iterable[int]) -> None:
        with self.lock, self.db.transaction():
            self.db.execute("DELETE FROM product WHERE id = ANY(%s)", (list(ids),))

    def _replace_all(self, docs: Iterable[ProductDoc]) -> None:
        with self.lock, self.db.transaction():
            self.db.execute("TRUNCATE product, vocabulary")
            for name in _INDEX_NAMES:  # loading first and indexing after is much faster
                self.db.execute(f"DROP INDEX IF EXISTS {name}")
            learned = self._copy(docs)
            self.db.execute("SET LOCAL maintenance_work_mem = '512MB'")
            self.db.execute(INDEXES)
            self._learn(learned)
            self._changed(self.db)
        with self.lock:
            self.db.execute("ANALYZE product")

    def count(self) -> int:
        with self.lock:
            found = self.db.execute("SELECT count(*) FROM product").fetchone()
        return int(found[0]) if found else 0

    # --- reading ---------------------------------------------------------------------------

    def _where(self, q: SearchQuery, plan: TextPlan) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if plan.groups:
            where.append("p.doc @@ to_tsquery('simple', %s)")
            params.append(text_expression(plan, and_="&", or_="|", quote=False))
        if q.categories:
            where.append("p.cats && %s::text[]")
            params.append(list(q.categories))
        if q.region:
            where.append(f"p.{region_column(q.region)} = %s")
            params.append(q.region)
        if q.certificates:
            where.append("p.certs @> %s::text[]")
            params.append(list(q.certificates))
        if q.size_classes:
            where.append("p.size = ANY(%s)")
            params.append(list(q.size_classes))
        for sql, value in (
            ("p.price_lo <= %s", q.price_max),
            ("p.price_hi >= %s", q.price_min),
            ("p.min_order <= %s", q.min_order_max),
            ("p.export = %s", q.export_ready),
            ("p.business = %s", q.business_id),
        ):
            if value is not None:
                where.append(sql)
                params.append(value)
        if q.cluster_id is not None:
            where.append("p.clusters @> ARRAY[%s]::bigint[]")
            params.append(q.cluster_id)
        return where, params

    def _ids(self, query: SearchQuery, plan: TextPlan) -> tuple[int, list[int]]:
        where, params = self._where(query, plan)
        clause = " WHERE " + " AND ".join(where) if where else ""
        order_params: list[Any] = []
        if plan.groups and query.sort == "relevance":
            order = f"ts_rank('{RANK_WEIGHTS}', p.doc, to_tsquery('simple', %s)) * p.qf DESC"
            order_params.append(params[0])
        else:
            order = {
                "relevance": "p.qf DESC, p.published DESC",
                "newest": "p.published DESC",
                "price_asc": "p.price_lo ASC NULLS LAST",
                "price_desc": "p.price_lo DESC NULLS LAST",
            }[query.sort]
        sql = f"SELECT p.id FROM product p{clause} ORDER BY {order} LIMIT %s OFFSET %s"
        with self.lock:
            ids = [
                r[0]
                for r in self.db.execute(
                    sql, [*params, *order_params, query.limit, query.offset]
                ).fetchall()
            ]
            found = self.db.execute(f"SELECT count(*) FROM product p{clause}", params).fetchone()
        return (int(found[0]) if found else 0), ids

    def _facets(
        self, query: SearchQuery, plan: TextPlan, names: list[str]
    ) -> dict[str, dict[str, int]]:
        where, params = self._where(query, plan)
        clause = " WHERE " + " AND ".join(where) if where else ""
        facets: dict[str, dict[str, int]] = {}
        with self.lock:
            for name in names:
                sql = f"SELECT {FACET_SQL[name]} AS v, count(*) FROM product p{clause} GROUP BY v"
                facets[name] = counted(name, self.db.execute(sql, params).fetchall())
        return facets
