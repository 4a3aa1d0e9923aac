"""Visitors: registration against a quota, tickets, check-in scans (idempotent, offline,
conflicts between phones), walk-ins and the occupancy against the venue limit."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from naikkelas.core.models import AuditEntry, Role
from naikkelas.events import tickets
from naikkelas.events.models import DayOccupancy, EventStatus, Scan, Ticket, VisitorSlot
from naikkelas.events.selectors.report import event_report
from naikkelas.events.services.visitors import (
    QueuedScan,
    scan_record,
    scans_sync,
    slot_set_quota,
    ticket_cancel,
    ticket_key,
    ticket_payload,
    ticket_register,
    walk_in_register,
)
from tests.factories import member
from tests.factories.floor import day_of, event_on, slot_for

pytestmark = pytest.mark.django_db


def at(event, hour, minute=0, n=0):
    date = day_of(event, n).date
    return timezone.make_aware(dt.datetime.combine(date, dt.time(hour, minute)))


def register(event, slot, phone="0812-3456-7890", name="Dewi Lestari", email=""):
    return ticket_register(event=event, slot_id=slot.pk, name=name, phone=phone, email=email)


def occupancy(event, n=0):
    with scopes_disabled():
        return DayOccupancy.objects.get(day=day_of(event, n))


def test_registration_gives_a_ticket_and_takes_a_place(surakarta):
    event = event_on(surakarta)
    slot = slot_for(event, quota=2)
    registration = register(event, slot, phone="0812-3456-7890", name="  Dewi   Lestari ")
    ticket = registration.ticket
    assert registration.created is True
    assert (ticket.name, ticket.phone, ticket.source) == (
        "Dewi Lestari",
        "+6281234567890",
        "online",
    )
    assert len(ticket.code) == 10 and set(ticket.code) <= set(tickets.ALPHABET)
    with scopes_disabled():
        assert VisitorSlot.objects.get(pk=slot.pk).taken == 1
        assert AuditEntry.objects.filter(action="ticket.register").count() == 1


def test_the_same_phone_registering_twice_for_a_day_gets_its_first_ticket(surakarta):
    event = event_on(surakarta)
    slot = slot_for(event, quota=5)
    first = register(event, slot, phone="0812-3456-7890").ticket
    again = register(event, slot, phone="+62 812 3456 7890")
    assert again.created is False
    assert again.ticket.pk == first.pk
    with scopes_disabled():
        assert VisitorSlot.objects.get(pk=slot.pk).taken == 1


def test_registration_refuses_when_the_session_is_full(surakarta):
    event = event_on(surakarta)
    slot = slot_for(event, quota=1)
    register(event, slot, phone="0812-3456-7890")
    with pytest.raises(ValidationError) as error:
        register(event, slot, phone="0813-1111-2222")
    assert error.value.message_dict == {
        "slot": ["Sesi ini sudah penuh. Pilih sesi atau hari lain."]
    }
    with scopes_disabled():
        assert Ticket.objects.count() == 1


def test_the_database_refuses_more_tickets_than_places(surakarta):
    event = event_on(surakarta)
    slot = slot_for(event, quota=1)
    with scopes_disabled(), pytest.raises(IntegrityError), transaction.atomic():
        VisitorSlot.objects.filter(pk=slot.pk).update(taken=2)


def test_registration_needs_a_published_event_and_a_valid_phone(surakarta):
    event = event_on(surakarta)
    slot = slot_for(event)
    with pytest.raises(ValidationError) as error:
        register(event, slot, phone="12", name="")
    assert set(error.value.message_dict) == {"name", "phone"}
    draft = event_on(surakarta, title="Draft", status=EventStatus.PUBLISHED)
    draft_slot = slot_for(draft)
    from naikkelas.events.services.events import event_set_status

    event_set_status(actor=None, event=draft, status=EventStatus.DRAFT)
    draft.refresh_from_db()
    with pytest.raises(ValidationError):
        register(draft, draft_slot)


def test_a_ticket_is_mailed_with_its_qr_code(
    surakarta, immediate_tasks, django_capture_on_commit_callbacks
):
    event = event_on(surakarta)
    slot = slot_for(event)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = register(event, slot, email="Dewi@Contoh.test").ticket
    assert ticket.email == "dewi@contoh.test"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dewi@contoh.test"]
    assert ticket.code_display in message.body
    assert message.attachments[0][0] == f"tiket-{ticket.code_display}.png"
    assert message.attachments[0][1][:8] == b"\x89PNG\r\n\x1a\n"


def test_slot_quota_cannot_go_below_the_registered(surakarta):
    officer = member(surakarta, Role.OFFICER)
    event = event_on(surakarta)
    slot = slot_for(event, quota=3)
    register(event, slot, phone="0812-3456-7890")
    register(event, slot, phone="0813-1111-2222")
    with pytest.raises(ValidationError):
        slot_set_quota(actor=officer, slot=slot, quota=1)
    assert slot_set_quota(actor=officer, slot=slot, quota=2).quota == 2


def test_cancelling_a_ticket_frees_its_place(surakarta):
    event = event_on(surakarta)
    slot = slot_for(event, quota=1)
    ticket = register(event, slot).ticket
    ticket_cancel(actor=None, ticket=ticket)
    with scopes_disabled():
        assert VisitorSlot.objects.get(pk=slot.pk).taken == 0
    assert register(event, slot, phone="0813-1111-2222").created is True


# --- scans ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("evening_of_the_event_day")
def test_a_signed_qr_code_enters_and_exits(surakarta):
    staff = member(surakarta, Role.EVENT_STAFF)
    event = event_on(surakarta, venue_capacity=100)
    ticket = register(event, slot_for(event)).ticket
    entry = scan_record(
        actor=staff, event=event, code=ticket_payload(ticket), key="a1", scanned_at=at(event, 10)
    )
    assert (entry.outcome, entry.inside, entry.capacity) == ("entry", 1, 100)
    again = scan_record(
        actor=staff, event=event, code=ticket.code_display, key="a2", scanned_at=at(event, 10, 5)
    )
    assert again.outcome == "already_inside"
    leave = scan_record(
        actor=staff,
        event=event,
        code=ticket.code,
        direction="out",
        key="a3",
        scanned_at=at(event, 12),
    )
    assert (leave.outcome, leave.inside) == ("exit", 0)
    row = occupancy(event)
    assert (row.inside, row.peak, row.entries) == (0, 1, 1)
    assert row.peak_at == at(event, 10)


def test_a_forged_or_unknown_code_is_refused_without_a_scan(surakarta):
    event = event_on(surakarta)
    ticket = register(event, slot_for(event)).ticket
    forged = f"NKT1:{ticket.code}:0000000000000000"
    assert scan_record(actor=None, event=event, code=forged).outcome == "invalid"
    assert scan_record(actor=None, event=event, code="ABCDE-FGHJK").outcome == "unknown"
    assert scan_record(actor=None, event=event, code="hello").outcome == "invalid"
    with scopes_disabled():
        assert Scan.objects.count() == 0


def test_the_same_scan_sent_twice_counts_once(surakarta):
    event = event_on(surakarta)
    ticket = register(event, slot_for(event)).ticket
    first = scan_record(
        actor=None, event=event, code=ticket.code, key="k-1", scanned_at=at(event, 10)
    )
    second = scan_record(
        actor=None, event=event, code=ticket.code, key="k-1", scanned_at=at(event, 10)
    )
    assert (first.outcome, first.repeated) == ("entry", False)
    assert (second.outcome, second.repeated) == ("entry", True)
    with scopes_disabled():
        assert Scan.objects.count() == 1
    assert occupancy(event).entries == 1


def test_a_scan_key_cannot_be_reused_for_another_ticket(surakarta):
    event = event_on(surakarta)
    slot = slot_for(event)
    one = register(event, slot, phone="0812-3456-7890").ticket
    two = register(event, slot, phone="0813-1111-2222").ticket
    scan_record(actor=None, event=event, code=one.code, key="same")
    with pytest.raises(ValidationError):
        scan_record(actor=None, event=event, code=two.code, key="same")


def test_the_database_refuses_a_second_counted_entry_with_the_same_number(surakarta):
    event = event_on(surakarta)
    ticket = register(event, slot_for(event)).ticket
    scan_record(actor=None, event=event, code=ticket.code, key="k-1", scanned_at=at(event, 10))
    with scopes_disabled(), pytest.raises(IntegrityError), transaction.atomic():
        Scan.objects.create(
            event=event,
            ticket=ticket,
            day=ticket.day,
            key="k-2",
            direction="in",
            outcome="entry",
            seq=1,
            scanned_at=at(event, 11),
        )


def test_a_full_venue_refuses_live_entries_until_someone_leaves(surakarta):
    event = event_on(surakarta, venue_capacity=1)
    slot = slot_for(event)
    one = register(event, slot, phone="0812-3456-7890").ticket
    two = register(event, slot, phone="0813-1111-2222").ticket
    assert (
        scan_record(actor=None, event=event, code=one.code, scanned_at=at(event, 10)).outcome
        == "entry"
    )
    refused = scan_record(actor=None, event=event, code=two.code, scanned_at=at(event, 10, 1))
    assert (refused.outcome, refused.inside) == ("full", 1)
    with scopes_disabled():
        # the refused scan is kept as "full"; the ticket and the day are as before it
        kept = Ticket.objects.get(pk=two.pk)
        assert (kept.inside, kept.entries, kept.first_entry_at) == (False, 0, None)
        assert list(Scan.objects.filter(ticket=two).values_list("outcome", "seq")) == [
            ("full", None)
        ]
    assert (occupancy(event).inside, occupancy(event).entries) == (1, 1)
    scan_record(actor=None, event=event, code=one.code, direction="out", scanned_at=at(event, 11))
    assert (
        scan_record(actor=None, event=event, code=two.code, scanned_at=at(event, 11, 1)).outcome
        == "entry"
    )
    with scopes_disabled():
        assert Ticket.objects.get(pk=two.pk).entries == 1


def test_a_ticket_counts_its_scans_and_a_first_scan_reads_no_earlier_ones(surakarta):
    event = event_on(surakarta, venue_capacity=1)
    slot = slot_for(event)
    one = register(event, slot, phone="0812-3456-7890").ticket
    two = register(event, slot, phone="0813-1111-2222").ticket

    def scan(ticket, minute, direction="in"):
        with CaptureQueriesContext(connection) as captured:
            outcome = scan_record(
                actor=None,
                event=event,
                code=ticket.code,
                direction=direction,
                scanned_at=at(event, 10, minute),
            ).outcome
        reads = sum('FROM "events_scan"' in q["sql"] for q in captured.captured_queries)
        with scopes_disabled():
            return outcome, reads, Ticket.objects.get(pk=ticket.pk).scan_count

    assert scan(one, 0) == ("entry", 0, 1)
    assert scan(one, 1) == ("already_inside", 1, 2)
    assert scan(two, 2) == ("full", 0, 1)  # refused, still counted
    assert scan(two, 3) == ("full", 2, 2)  # read again when kept as refused
    assert scan(one, 4, "out") == ("exit", 1, 3)
    assert scan(two, 5) == ("entry", 1, 3)
    with scopes_disabled():
        assert Scan.objects.filter(ticket=two).count() == 3


def test_a_ticket_for_another_day_or_cancelled_does_not_enter(surakarta):
    event = event_on(surakarta, days=2)
    tomorrow = register(event, slot_for(event, n=1)).ticket
    assert (
        scan_record(actor=None, event=event, code=tomorrow.code, scanned_at=at(event, 10)).outcome
        == "wrong_day"
    )
    cancelled = register(event, slot_for(event, n=0), phone="0813-1111-2222").ticket
    ticket_cancel(actor=None, ticket=cancelled)
    assert (
        scan_record(actor=None, event=event, code=cancelled.code, scanned_at=at(event, 10)).outcome
        == "cancelled"
    )
    assert occupancy(event).inside == 0


@pytest.mark.usefixtures("evening_of_the_event_day")
def test_offline_scans_synced_late_and_twice_give_the_same_answer(surakarta):
    staff = member(surakarta, Role.EVENT_STAFF)
    event = event_on(surakarta)
    ticket = register(event, slot_for(event)).ticket
    # phone B was online and scanned the exit at 12:00; phone A scanned the entry at 10:00
    # while the hall's internet was down and syncs at 13:00
    online = scan_record(
        actor=staff,
        event=event,
        code=ticket.code,
        direction="out",
        key="b-1",
        device="phone-b",
        scanned_at=at(event, 12),
    )
    assert online.outcome == "not_inside"
    queued = [
        QueuedScan(
            key="a-1",
            code=ticket_payload(ticket),
            direction="in",
            scanned_at=at(event, 10),
            device="phone-a",
        )
    ]
    synced = scans_sync(actor=staff, event=event, scans=queued)
    assert synced[0].outcome == "entry"
    assert [(s.key, s.outcome) for s in synced[0].changed] == [("b-1", "exit")]
    with scopes_disabled():
        assert Scan.objects.get(key="b-1").replayed is True
        assert Ticket.objects.get(pk=ticket.pk).inside is False
    # the phone syncs the same queue again: nothing changes
    again = scans_sync(actor=staff, event=event, scans=queued)
    assert (again[0].outcome, again[0].repeated) == ("entry", True)
    row = occupancy(event)
    assert (row.inside, row.entries) == (0, 1)
    # the report replays the day's counted scans: the visitor was inside from 10 to 12
    day = event_report(event).visitors[0]
    assert (day.entries, day.visitors, day.peak, day.peak_at) == (1, 1, 1, at(event, 10))


@pytest.mark.usefixtures("evening_of_the_event_day")
def test_two_phones_scanning_one_ticket_offline_agree_whichever_syncs_first(surakarta):
    def run(order):
        event = event_on(surakarta, title=f"Expo {order}")
        ticket = register(event, slot_for(event)).ticket
        scans = {
            "a": QueuedScan(
                key=f"a-{order}",
                code=ticket.code,
                direction="in",
                scanned_at=at(event, 10, 0),
                device="phone-a",
            ),
            "b": QueuedScan(
                key=f"b-{order}",
                code=ticket.code,
                direction="in",
                scanned_at=at(event, 10, 0),
                device="phone-b",
            ),
        }
        for name in order:
            scans_sync(actor=None, event=event, scans=[scans[name]])
        with scopes_disabled():
            return {s.device: s.outcome for s in Scan.objects.filter(ticket=ticket)}, occupancy(
                event
            ).entries

    assert run("ab") == run("ba") == ({"phone-a": "entry", "phone-b": "already_inside"}, 1)


def test_an_offline_entry_past_the_venue_limit_counts_and_shows(surakarta):
    event = event_on(surakarta, venue_capacity=1)
    slot = slot_for(event)
    one = register(event, slot, phone="0812-3456-7890").ticket
    two = register(event, slot, phone="0813-1111-2222").ticket
    scan_record(actor=None, event=event, code=one.code, scanned_at=at(event, 10))
    late = scans_sync(
        actor=None,
        event=event,
        scans=[QueuedScan(key="x", code=two.code, direction="in", scanned_at=at(event, 10, 30))],
    )
    assert (late[0].outcome, late[0].inside, late[0].capacity) == ("entry", 2, 1)


def test_a_walk_in_is_registered_and_let_in(surakarta):
    staff = member(surakarta, Role.EVENT_STAFF)
    event = event_on(surakarta, venue_capacity=10)
    slot = slot_for(event, quota=1)
    register(event, slot)
    ticket, result = walk_in_register(
        actor=staff, event=event, day=day_of(event), name="Pak Joko", phone="0857-1234-5678"
    )
    assert (ticket.source, ticket.slot_id, result.outcome, result.inside) == (
        "walk_in",
        None,
        "entry",
        1,
    )
    with scopes_disabled():
        assert VisitorSlot.objects.get(pk=slot.pk).taken == 1  # the online quota is untouched


def test_check_in_needs_event_staff_of_an_organiser(surakarta, kediri):
    event = event_on(surakarta)
    ticket = register(event, slot_for(event)).ticket
    outsider = member(kediri, Role.EVENT_STAFF)
    leader = member(surakarta, Role.LEADER)
    for person in (outsider, leader):
        with pytest.raises(PermissionDenied):
            scan_record(actor=person, event=event, code=ticket.code)


def test_ticket_codes_read_as_people_type_them():
    key = b"k" * 32
    code = "K7QM2XPA9F"
    assert tickets.read("k7qm2-xpa9f", key) == (code, False)
    assert tickets.read(tickets.payload(code, key), key) == (code, True)
    assert tickets.normalise("K7QM2 XPA9F") == code
    assert tickets.normalise("0O1IL23456") == "0011123456"
    with pytest.raises(tickets.TicketCodeError):
        tickets.read(tickets.payload(code, b"other key"), key)
    assert ticket_key() == ticket_key()
