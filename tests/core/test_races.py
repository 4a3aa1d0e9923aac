"""Concurrency on PostgreSQL: real threads, real connections, real row locks."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_scopes import scopes_disabled

from naikkelas.core import services
from naikkelas.core.models import AuditEntry, Invitation, Membership, Role
from tests.factories import UserFactory, member

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(n, work):
    """Run ``work(i)`` in ``n`` threads released at the same instant; return the outcomes."""
    barrier = threading.Barrier(n)
    outcomes = [None] * n

    def run(i):
        try:
            barrier.wait()
            outcomes[i] = ("ok", work(i))
        except Exception as exc:
            outcomes[i] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_an_invitation_clicked_many_times_at_once_joins_once(surakarta):
    admin = member(surakarta, Role.ADMIN)
    budi = UserFactory(email="budi@contoh.test")
    _invitation, token = services.invitation_create(
        actor=admin, organisation=surakarta, email="budi@contoh.test", role=Role.OFFICER
    )
    outcomes = race(12, lambda i: services.invitation_accept(token=token, user=budi))
    assert sorted(kind for kind, _ in outcomes) == ["error"] * 11 + ["ok"]
    assert all(isinstance(exc, ValidationError) for kind, exc in outcomes if kind == "error")
    with scopes_disabled():
        assert Membership.objects.filter(user=budi).count() == 1
        assert Invitation.objects.get().accepted_by == budi
        assert AuditEntry.objects.filter(action="invitation.accept").count() == 1


def test_two_admins_removing_each_other_at_once_leave_one_admin(surakarta):
    first = member(surakarta, Role.ADMIN)
    second = member(surakarta, Role.ADMIN)
    pairs = [(first, second), (second, first)]
    outcomes = race(
        2,
        lambda i: services.membership_revoke(
            actor=pairs[i][0], organisation=surakarta, user=pairs[i][1], role=Role.ADMIN
        ),
    )
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"]
    with scopes_disabled():
        assert Membership.objects.filter(organisation=surakarta, role=Role.ADMIN).count() == 1
