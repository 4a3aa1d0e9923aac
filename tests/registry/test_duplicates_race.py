"""Two officers merging the same pair at the same instant: one merge wins (PostgreSQL)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from naikkelas.core.models import AuditEntry, Role
from naikkelas.registry.models import Business, BusinessMerge, DuplicateCluster
from naikkelas.registry.services.duplicates import business_merge, duplicates_find
from tests.core.test_races import race
from tests.factories import member
from tests.registry.test_duplicates_services import make_scenario

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_merges_of_the_same_pair_do_not_both_succeed(surakarta):
    officers = [member(surakarta, Role.OFFICER) for _ in range(4)]
    office, own, _catering, _workshop = make_scenario(surakarta, officers[0])
    duplicates_find(organisation=surakarta)
    cluster = DuplicateCluster.objects.get()
    # two merge one way, two the other way round
    pairs = [(office, own), (own, office), (office, own), (own, office)]

    outcomes = race(
        4,
        lambda i: business_merge(
            actor=officers[i], survivor=pairs[i][0], merged=pairs[i][1], cluster=cluster
        ),
    )

    assert sorted(kind for kind, _ in outcomes) == ["error", "error", "error", "ok"]
    assert all(isinstance(exc, ValidationError) for kind, exc in outcomes if kind == "error")
    assert BusinessMerge.objects.count() == 1
    assert (
        Business.objects.filter(pk__in=[office.pk, own.pk], merged_into__isnull=True).count() == 1
    )
    with scope(organisation=surakarta):
        assert AuditEntry.objects.filter(action="business.merge").count() == 1
    cluster.refresh_from_db()
    assert cluster.status == "merged"
