"""Visitors under concurrency on PostgreSQL: real threads, real connections, real locks."""

import pytest
from django_scopes import scopes_disabled

from naikkelas.events.concurrency import run_concurrently
from naikkelas.events.models import DayOccupancy, Scan, Ticket, VisitorSlot
from naikkelas.events.services.visitors import scan_record, ticket_register
from tests.factories.floor import event_on, slot_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(n, work, threads=32):
    """``work(i)`` for i in 0..n-1 from ``threads`` threads (each its own connection)
    released at the same instant; PostgreSQL allows 100 connections, not 1,000."""
    return run_concurrently(n, work, threads=threads)


def test_500_visitors_registering_at_once_for_the_last_100_places_get_100_tickets(surakarta):
    event = event_on(surakarta)
    slot = slot_for(event, quota=400)
    with scopes_disabled():
        for n in range(300):  # 300 of the 400 places are already taken
            ticket_register(
                event=event,
                slot_id=slot.pk,
                name=f"Awal {n}",
                phone=f"0812{n:08d}",
                send_email=False,
            )
    outcomes = race(
        500,
        lambda i: ticket_register(
            event=event,
            slot_id=slot.pk,
            name=f"Pengunjung {i}",
            phone=f"0813{i:08d}",
            send_email=False,
        ),
    )
    assert sum(1 for kind, _ in outcomes if kind == "ok") == 100
    with scopes_disabled():
        assert Ticket.objects.filter(slot=slot).count() == 400
        assert VisitorSlot.objects.get(pk=slot.pk).taken == 400


def test_1000_scans_of_500_tickets_each_sent_twice_at_once_make_500_entries(surakarta):
    event = event_on(surakarta, venue_capacity=1000)
    slot = slot_for(event, quota=500)
    with scopes_disabled():
        tickets = [
            ticket_register(
                event=event, slot_id=slot.pk, name=f"P {n}", phone=f"0812{n:08d}", send_email=False
            ).ticket
            for n in range(500)
        ]

    # each ticket twice: even tickets resend the same scan (same key), odd tickets are
    # scanned by two phones at once (two keys)
    def work(i):
        ticket = tickets[i // 2]
        key = f"k-{ticket.pk}" if (i // 2) % 2 == 0 else f"k-{ticket.pk}-{i % 2}"
        return scan_record(actor=None, event=event, code=ticket.code, key=key).outcome

    outcomes = race(1000, work)
    assert all(kind == "ok" for kind, _ in outcomes)
    assert sorted({result for _, result in outcomes}) == ["already_inside", "entry"]
    with scopes_disabled():
        assert Scan.objects.filter(outcome="entry").count() == 500
        assert Scan.objects.count() == 750
        occupancy = DayOccupancy.objects.get(event=event)
        assert (occupancy.inside, occupancy.entries) == (500, 500)
        assert Ticket.objects.filter(inside=True).count() == 500
