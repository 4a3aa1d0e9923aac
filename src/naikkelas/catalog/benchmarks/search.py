"""``naikkelas bench search [--size N] [--engines tantivy,sqlite,postgres]``: the catalog's
search engines on N generated IKM products (default 1,000,000), and
``naikkelas bench stemmers``: Snowball Indonesian against Sastrawi on product words.

For each engine: the index build time (the products are generated once without indexing
first, and that time is taken off), the index size, 500 queries of 1–3 words with a
category filter (top 20 by relevance) timed inside the engine (p50/p95/p99), the same
with all nine facets counted, the speed-up over PostgreSQL ts_rank, the memory (RSS) of a
fresh process that opens the index and answers the 500 queries, and relevance on
generated labelled queries (nDCG@10; share of one-wrong-letter queries with a right
product in the top 3).

PostgreSQL runs when ``DATABASE_URL`` names a PostgreSQL database (schema
``search_bench``, dropped afterwards); the other engines use a temporary folder.
"""

from __future__ import annotations

import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from naikkelas.catalog.search import FACETS, SearchEngine, SearchQuery, open_engine
from naikkelas.catalog.search import generate as gen

DEFAULT_SIZE = 1_000_000
QUERIES = 500
FACET_QUERIES = 100
LABELLED = 300
POSTGRES_SCHEMA = "search_bench"


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def _ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)] * 1000


def _percentiles(values: list[float]) -> str:
    return ", ".join(f"p{q} {_ms(values, q / 100):.2f} ms" for q in (50, 95, 99))


def _queries(facets: tuple[str, ...] = ()) -> list[SearchQuery]:
    return [
        SearchQuery(text=q.text, categories=(q.category,), limit=20, facets=facets)
        for q in gen.bench_queries(QUERIES)
    ]


def _timed(engine: SearchEngine, queries: list[SearchQuery]) -> list[float]:
    for query in queries[:25]:  # warm up
        engine.search(query)
    times = []
    for query in queries:
        start = time.perf_counter()
        engine.search(query)
        times.append(time.perf_counter() - start)
    return times


def _ndcg(ranked: list[int], relevant: frozenset[int], k: int = 10) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, pid in enumerate(ranked[:k]) if pid in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def relevance(engine: SearchEngine, labelled: list[gen.LabelledQuery]) -> dict[str, float]:
    scores: dict[str, list[float]] = {"exact": [], "stemmed": [], "typo": []}
    top3: list[bool] = []
    for query in labelled:
        ids = engine.search(SearchQuery(text=query.text, limit=10)).ids
        scores[query.kind].append(_ndcg(ids, query.relevant))
        if query.kind == "typo":
            top3.append(any(pid in query.relevant for pid in ids[:3]))
    figures = {kind: statistics.fmean(v) for kind, v in scores.items() if v}
    figures["all"] = statistics.fmean(v for values in scores.values() for v in values)
    figures["typo_top3"] = sum(top3) / len(top3) if top3 else 0.0
    return figures


def _size_on_disk(path: Path) -> int:
    if path.is_file():
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _rss(url: str) -> str:
    """RSS of a fresh process that opened the index and answered the queries."""
    found = subprocess.run(
        [sys.executable, "-m", "naikkelas.catalog.benchmarks.search", "--rss", url],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.strip()


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _drop_postgres_schema(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"DROP SCHEMA IF EXISTS {POSTGRES_SCHEMA} CASCADE")


def _postgres_size(url: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        found = db.execute(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind = 'r'",
            (POSTGRES_SCHEMA,),
        ).fetchone()
    return int(found[0] or 0) if found else 0


def run(options: dict[str, Any]) -> dict[str, Any]:
    size = options.get("size") or DEFAULT_SIZE
    wanted = (options.get("engines") or "tantivy,sqlite,postgres").split(",")
    figures: dict[str, Any] = {"products": f"{size:,}", "load average (start)": _load()}
    generated = gen.Generated()
    start = time.perf_counter()
    for _doc in gen.products(size, concepts=generated):
        pass
    generation = time.perf_counter() - start
    figures["generation (not counted)"] = f"{generation:.1f} s"
    labelled = gen.labelled_queries(generated, LABELLED)
    queries = _queries()
    facet_queries = _queries(FACETS)[:FACET_QUERIES]
    work = Path(tempfile.mkdtemp(prefix="naikkelas-bench-search-"))
    p95: dict[str, float] = {}
    try:
        for kind in wanted:
            url, measure_size = _engine_url(kind, work)
            if url is None:
                figures[f"{kind}"] = "skipped (DATABASE_URL is not PostgreSQL)"
                continue
            engine = open_engine(url)
            start = time.perf_counter()
            engine.rebuild(gen.products(size))
            build = time.perf_counter() - start - generation
            figures[f"{kind} build"] = f"{build:.1f} s ({engine.count():,} products)"
            figures[f"{kind} index size"] = f"{measure_size() / 1e6:.0f} MB"
            times = _timed(engine, queries)
            p95[kind] = _ms(times, 0.95)
            figures[f"{kind} search top 20"] = _percentiles(times)
            figures[f"{kind} search + 9 facets"] = (
                _percentiles(_timed(engine, facet_queries)) + f" ({FACET_QUERIES} queries)"
            )
            scores = relevance(engine, labelled)
            figures[f"{kind} nDCG@10"] = (
                f"{scores['all']:.3f} (exact {scores['exact']:.3f}, stemmed "
                f"{scores['stemmed']:.3f}, typo {scores['typo']:.3f})"
            )
            figures[f"{kind} typo in top 3"] = f"{scores['typo_top3'] * 100:.1f} %"
            if kind != "postgres":
                figures[f"{kind} RSS with the index open"] = _rss(url)
            del engine
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if "postgres" in wanted and (pg := _postgres_url()):
            _drop_postgres_schema(pg)
    if "postgres" in p95:
        for kind, value in p95.items():
            if kind != "postgres":
                figures[f"{kind} speed-up over PostgreSQL (p95)"] = (
                    f"{p95['postgres'] / value:.1f}×"
                )
    figures["load average (end)"] = _load()
    return figures


def _engine_url(kind: str, work: Path) -> tuple[str | None, Callable[[], int]]:
    if kind == "tantivy":
        path = work / "tantivy"
        return f"tantivy://{path}", lambda: _size_on_disk(path)
    if kind == "sqlite":
        path = work / "search.sqlite3"
        return f"sqlite://{path}", lambda: _size_on_disk(path)
    if kind == "postgres":
        url = _postgres_url()
        if url is None:
            return None, lambda: 0
        _drop_postgres_schema(url)
        return f"{url}?schema={POSTGRES_SCHEMA}", lambda: _postgres_size(url)
    raise ValueError(f"unknown engine {kind!r}: tantivy, sqlite or postgres")


def stemmers(options: dict[str, Any]) -> dict[str, Any]:
    """Snowball Indonesian (PyStemmer), Sastrawi and our analyser on the product words."""
    import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    from naikkelas.catalog.search.analysis import stem
    from naikkelas.catalog.search.lexicon import STEM_EXCEPTIONS

    snowball = Stemmer.Stemmer("indonesian", 0)  # no cache: every word stemmed
    sastrawi = StemmerFactory().create_stemmer().delegatedStemmer  # no cache either
    vocabulary = sorted(gen.known_words() | set(STEM_EXCEPTIONS) | _derived_forms())
    rounds = options.get("size") or 20
    words = vocabulary * rounds
    start = time.perf_counter()
    for word in words:
        snowball.stemWord(word)
    snowball_s = time.perf_counter() - start
    sample = vocabulary[::5]  # Sastrawi is slow: a fifth of the words once, scaled
    start = time.perf_counter()
    for word in sample:
        sastrawi.stem(word)
    sastrawi_s = (time.perf_counter() - start) / len(sample) * len(words)
    disagree = [w for w in vocabulary if snowball.stemWord(w) != sastrawi.stem(w)]
    ours = [w for w in vocabulary if stem(w) != sastrawi.stem(w)]
    return {
        "words": f"{len(vocabulary)} product words × {rounds} rounds",
        "snowball (PyStemmer)": f"{len(words) / snowball_s:,.0f} words/s",
        "sastrawi": f"{len(words) / sastrawi_s:,.0f} words/s",
        "speed ratio": f"{sastrawi_s / snowball_s:.0f}×",
        "snowball differs from sastrawi": f"{len(disagree)} words, e.g. "
        + ", ".join(f"{w}→{snowball.stemWord(w)}" for w in disagree[:12]),
        "ours differs from sastrawi": f"{len(ours)} words: "
        + ", ".join(f"{w}→{stem(w)} (sastrawi {sastrawi.stem(w)})" for w in ours),
    }


def _derived_forms() -> set[str]:
    """Derived forms sellers write (tenunan, dianyam, …) of the generator's words."""
    bases = ("tenun", "anyam", "ukir", "tulis", "sulam", "bordir", "rajut", "lukis", "kemas",
             "olah", "warna", "jahit", "cetak", "goreng", "panggang", "asap", "rajin")  # fmt: skip
    found = set()
    for base in bases:
        found |= {f"{base}an", f"di{base}", f"{base}nya"}
    return found


BENCHES = {"search": run, "stemmers": stemmers}


def _rss_main(url: str) -> None:
    # the resident set now, read from /proc: the peak (ru_maxrss) of a child process may
    # still count the parent it was forked from
    engine = open_engine(url)
    for query in _queries():
        engine.search(query)
    for query in _queries(FACETS)[:FACET_QUERIES]:
        engine.search(query)
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    print(f"{pages * resource.getpagesize() / 2**20:.0f} MB after 600 queries")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--rss":
        _rss_main(sys.argv[2])
