"""Booths and quotas under concurrency, on PostgreSQL: real threads, real connections,
real row locks.

200 allocations are released at one instant from 40 threads (5 each, back to back):
PostgreSQL here allows 100 connections, shared with other test runs, so one connection
per allocation would be refused by the server rather than by our code."""

import random
import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count
from django_scopes import scopes_disabled

from naikkelas.core.models import Role
from naikkelas.events.models import Application, ApplicationStatus, Booth, Exhibitor
from naikkelas.events.services.booths import booth_assign, booth_assign_next, booth_plan_generate
from naikkelas.events.services.calls import application_decide, application_respond
from tests.events.test_calls import QUOTAS, apply
from tests.factories import member
from tests.factories.events import make_event, open_call
from tests.factories.registry import register

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 40


def race_many(total, work, threads=THREADS):
    """Run ``work(i)`` for i in range(total) on ``threads`` threads released together."""
    barrier = threading.Barrier(threads)
    outcomes = [None] * total

    def run(worker):
        try:
            barrier.wait()
            for i in range(worker, total, threads):
                try:
                    outcomes[i] = ("ok", work(i))
                except Exception as exc:
                    outcomes[i] = ("error", exc)
        finally:
            connection.close()

    pool = [threading.Thread(target=run, args=(w,)) for w in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return outcomes


@pytest.fixture
def expo_with_booths(surakarta):
    """50 booths planned at a 50 % rule (25 open) and 200 exhibitors waiting for one.
    The exhibitors are written directly: the services would never let 200 in."""
    officer = member(surakarta, Role.OFFICER)
    event = make_event(surakarta, booth_capacity_percent=50)
    booth_plan_generate(actor=officer, event=event, zone="Hall", prefix="A", rows=5, columns=10)
    businesses = [register(name=f"Usaha {i:03d}", phone="") for i in range(200)]
    with scopes_disabled():
        exhibitors = Exhibitor.objects.bulk_create(
            Exhibitor(event=event, business=b, display_name=b.name) for b in businesses
        )
    return officer, event, exhibitors


def test_200_simultaneous_allocations_into_25_usable_booths_place_exactly_25(
    expo_with_booths,
):
    officer, event, exhibitors = expo_with_booths
    outcomes = race_many(
        200, lambda i: booth_assign_next(actor=officer, exhibitor=exhibitors[i]).code
    )
    kinds = Counter(kind for kind, _ in outcomes)
    assert kinds == {"ok": 25, "error": 175}
    assert all(isinstance(exc, ValidationError) for kind, exc in outcomes if kind == "error")
    codes = [code for kind, code in outcomes if kind == "ok"]
    assert len(set(codes)) == 25
    with scopes_disabled():
        booths = Booth.objects.filter(event=event)
        assert booths.filter(exhibitor__isnull=False).count() == 25
        assert booths.filter(exhibitor__isnull=False, is_open=False).count() == 0
        assert (
            booths.exclude(exhibitor=None)
            .values("exhibitor")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .count()
            == 0
        )


def test_200_simultaneous_manual_placements_never_share_a_booth(expo_with_booths):
    officer, event, exhibitors = expo_with_booths
    with scopes_disabled():
        booths = list(Booth.objects.filter(event=event).order_by("pk"))  # 25 open, 25 closed
    rng = random.Random(5)
    picks = [rng.choice(booths) for _ in range(200)]
    outcomes = race_many(
        200, lambda i: booth_assign(actor=officer, booth=picks[i], exhibitor=exhibitors[i]).code
    )
    wins = [code for kind, code in outcomes if kind == "ok"]
    open_picked = {b.code for b in picks if b.is_open}
    assert sorted(wins) == sorted(open_picked)  # every open booth picked once is won once
    with scopes_disabled():
        taken = Booth.objects.filter(event=event, exhibitor__isnull=False)
        assert taken.count() == len(open_picked)
        assert taken.filter(is_open=False).count() == 0


def test_simultaneous_accepts_never_overfill_a_quota(surakarta):
    officer = member(surakarta, Role.OFFICER)
    event = make_event(surakarta)
    open_call(event, actor=officer, places=10, quotas=QUOTAS)  # Fesyen: 3 places
    applications = [apply(event, f"Batik {i:02d}", "fesyen-batik")[1] for i in range(30)]
    outcomes = race_many(
        30,
        lambda i: (
            application_decide(actor=officer, application=applications[i], decision="accept").status
        ),
        threads=30,
    )
    assert Counter(kind for kind, _ in outcomes) == {"ok": 3, "error": 27}
    with scopes_disabled():
        assert Application.objects.filter(status=ApplicationStatus.ACCEPTED).count() == 3


def test_declines_racing_accepts_move_the_waitlist_up_without_overfilling(surakarta):
    """3 accepted fashion applicants decline while 20 officers' clicks try to accept the
    other fashion applicants: the quota of 3 holds, and each freed place goes either to a
    waitlisted applicant or to an accept, never to both."""
    officer = member(surakarta, Role.OFFICER)
    event = make_event(surakarta)
    open_call(event, actor=officer, places=10, quotas=QUOTAS)
    holders = [apply(event, f"Pemegang {i}", "fesyen-batik") for i in range(3)]
    waiting = [apply(event, f"Menunggu {i}", "fesyen-batik")[1] for i in range(5)]
    hopefuls = [apply(event, f"Berharap {i:02d}", "fesyen-batik")[1] for i in range(20)]
    for _owner, application in holders:
        application_decide(actor=officer, application=application, decision="accept")
    for application in waiting:
        application_decide(actor=officer, application=application, decision="waitlist")

    def work(i):
        if i < 3:
            owner, application = holders[i]
            return application_respond(actor=owner, application=application, confirm=False)
        return application_decide(actor=officer, application=hopefuls[i - 3], decision="accept")

    race_many(23, work, threads=23)
    with scopes_disabled():
        statuses = Counter(Application.objects.values_list("status", flat=True))
        accepted = Counter(
            name.split()[0]
            for name in Application.objects.filter(status="accepted").values_list(
                "business__name", flat=True
            )
        )
    assert statuses["declined"] == 3
    assert statuses["accepted"] == 3
    # the three freed places went to the waitlist or to an accept click, once each
    assert sum(accepted.values()) == 3
    assert set(accepted) <= {"Menunggu", "Berharap"}
