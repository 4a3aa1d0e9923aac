"""Smoke test of ``naikkelas bench registry-list`` at a tiny size: it loads, the pages and
the API answer, the query count does not depend on the rows, and the scratch database is
gone afterwards. Speed is measured by the benchmark itself, never asserted here."""

from __future__ import annotations

import pytest
from django.conf import settings

from naikkelas.registry.benchmarks.listing import BENCHES, bench_registry_list
from naikkelas.registry.models import Business


@pytest.mark.django_db(transaction=True)
def test_bench_registry_list_runs_at_a_tiny_size():
    before = Business.objects.count()
    figures = bench_registry_list({"size": 500, "requests": 12})
    assert (figures["businesses"], figures["owners"], figures["coaching_relations"]) == (
        500,
        500,
        561,
    )
    assert figures["certificates"] == 148
    for kind in ("page", "api"):
        assert figures[kind]["status"] == [200]
        assert figures[kind]["queries_constant"] is True
        assert figures[kind]["p50_ms"] > 0
    # the developer's (here: the test) database is untouched and the scratch one is gone
    assert Business.objects.count() == before
    assert not list(settings.DATA_DIR.glob("naikkelas_bench_*"))
    assert BENCHES["registry-list"] is bench_registry_list
