"""Smoke test of ``naikkelas bench search`` at a tiny size, and of the generator it uses.
Speed is measured by the benchmark itself, never asserted here."""

from __future__ import annotations

from naikkelas.catalog.benchmarks.search import BENCHES, run
from naikkelas.catalog.search import generate as gen


def test_the_generator_is_deterministic_and_labels_its_products():
    first = gen.Generated()
    docs = list(gen.products(50, concepts=first))
    assert docs == list(gen.products(50))
    assert [d.id for d in docs] == list(range(1, 51))
    assert sorted(i for ids in first.concepts.values() for i in ids) == list(range(1, 51))
    labelled = gen.labelled_queries(first, 30)
    assert [q.kind for q in labelled[:3]] == ["exact", "stemmed", "typo"]
    assert all(q.relevant for q in labelled)


def test_bench_search_runs_at_a_tiny_size():
    figures = run({"size": 300, "engines": "tantivy,sqlite"})
    assert figures["products"] == "300"
    for kind in ("tantivy", "sqlite"):
        assert figures[f"{kind} build"].endswith("(300 products)")
        assert figures[f"{kind} search top 20"].startswith("p50 ")
        assert figures[f"{kind} RSS with the index open"].endswith(" MB after 600 queries")
        assert float(figures[f"{kind} typo in top 3"].split()[0]) >= 90.0
    assert BENCHES["search"] is run


def test_the_api_bench_asks_distinct_searches_with_category_filters():
    from naikkelas.catalog.benchmarks.pages import BENCHES as PAGE_BENCHES
    from naikkelas.catalog.benchmarks.pages import _api_urls, bench_catalog_api

    urls = _api_urls()
    assert (len(urls), len(set(urls))) == (500, 500)
    assert all(url.startswith("q=") for url in urls)
    with_category = sum("kategori=" in url for url in urls)
    assert with_category == 358  # 70 % asked for, seeded: the same every run
    assert PAGE_BENCHES["catalog-api"] is bench_catalog_api
