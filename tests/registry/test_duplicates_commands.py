"""Finding duplicates from the command line, in the background, and the benchmark."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from naikkelas.core.models import Role
from naikkelas.registry.benchmarks.dedupe import BENCHES
from naikkelas.registry.models import DuplicateCluster
from naikkelas.registry.services.duplicates import duplicates_find_later
from tests.factories import member
from tests.registry.test_duplicates_services import make_scenario

pytestmark = pytest.mark.django_db


def test_the_command_finds_and_reports(surakarta):
    make_scenario(surakarta, member(surakarta, Role.OFFICER))
    out = StringIO()
    call_command("find_duplicates", "--organisation", surakarta.slug, stdout=out)
    assert out.getvalue().startswith(
        "4 businesses, 1 clusters found: 1 new, 0 updated, 0 unchanged, 0 dismissed before; "
    )
    out = StringIO()
    call_command("find_duplicates", stdout=out)
    assert "1 clusters found: 0 new, 0 updated, 1 unchanged" in out.getvalue()
    assert DuplicateCluster.objects.count() == 1


def test_the_background_task_stores_the_clusters(surakarta, immediate_tasks):
    make_scenario(surakarta, member(surakarta, Role.OFFICER))
    duplicates_find_later(organisation=surakarta)
    assert DuplicateCluster.objects.filter(status="open").count() == 1


def test_the_benchmark_prints_quality_and_times_on_a_small_set():
    figures = BENCHES["dedupe"]({"size": 2_000})
    assert figures["link_precision"] >= 0.98 and figures["link_recall"] >= 0.9
    assert figures["within_precision"] >= 0.98 and figures["within_recall"] >= 0.9
    assert set(figures) >= {"link_f1", "link_seconds", "within_f1", "within_seconds"}
