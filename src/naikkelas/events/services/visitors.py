"""Visitors: sessions with a quota, registration (online and at the door), QR tickets, and
check-in scans — idempotent, safe under concurrency, and correct when synced late.

Locks, always in this order: the slot (registration) or the ticket (scans), then the day's
occupancy row. A registration locks its slot, re-counts its tickets and writes; the
database refuses a slot with more tickets than places. A scan locks its ticket, returns
the stored answer when its idempotency key was seen before, else replays the ticket's
scans (``events/checkin.py``) and moves the day's occupancy by the difference."""

from __future__ import annotations

import datetime as dt
import hmac
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from naikkelas.core import sql
from naikkelas.core.audit import audit_record
from naikkelas.core.models import User
from naikkelas.core.phones import phone_to_e164
from naikkelas.events import checkin, tickets
from naikkelas.events.models import (
    DayOccupancy,
    Event,
    EventDay,
    EventFormat,
    Scan,
    ScanDirection,
    ScanOutcome,
    Ticket,
    TicketSource,
    VisitorSlot,
)
from naikkelas.events.services.events import require_on_event

# a phone's clock may run ahead; a scan "from the future" is taken as made now
CLOCK_SKEW = dt.timedelta(minutes=5)


def ticket_key() -> bytes:
    """The HMAC key of ticket signatures, derived from SECRET_KEY."""
    return salted_hmac("naikkelas.events.tickets", "ticket-signature").digest()


def ticket_payload(ticket: Ticket) -> str:
    return tickets.payload(ticket.code, ticket_key())


def ticket_signature(ticket: Ticket) -> str:
    return tickets.signature(ticket.code, ticket_key())


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _has_door(event: Event) -> bool:
    return event.format in (EventFormat.PHYSICAL, EventFormat.HYBRID)


# --- sessions -------------------------------------------------------------------------------


def occupancy_for_day(day: EventDay) -> DayOccupancy:
    """The day's occupancy row (made on first use, with the event's venue limit)."""
    with scopes_disabled():
        row = DayOccupancy.objects.filter(day=day).first()
        if row is not None:
            return row
        try:
            with transaction.atomic():
                return DayOccupancy.objects.create(
                    event_id=day.event_id, day=day, capacity=day.event.venue_capacity
                )
        except IntegrityError:
            return DayOccupancy.objects.get(day=day)


def slot_create(
    *,
    actor: User | None,
    event: Event,
    day: EventDay,
    label: str,
    quota: int,
    starts_at: dt.time | None = None,
    ends_at: dt.time | None = None,
) -> VisitorSlot:
    """A session visitors register for (a whole day when no times are given)."""
    if actor is not None:
        require_on_event(actor, event)
    errors: dict[str, str] = {}
    label = " ".join(label.split())
    if not label:
        errors["label"] = _("Give the session a name, e.g. 'Whole day' or 'Morning'.")
    if quota < 1:
        errors["quota"] = _("A session needs at least one place.")
    if day.event_id != event.pk:
        errors["day"] = _("This day is not a day of the event.")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("The session must end after it starts.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), scopes_disabled():
        if VisitorSlot.objects.filter(day=day, label=label).exists():
            raise ValidationError({"label": _("This day already has a session of that name.")})
        slot = VisitorSlot.objects.create(
            event=event, day=day, label=label, quota=quota, starts_at=starts_at, ends_at=ends_at
        )
        occupancy_for_day(day)
        audit_record(
            actor=actor,
            action="visitor_slot.create",
            obj=slot,
            organisation=event.organisation,
            after={"day": day.date.isoformat(), "label": label, "quota": quota},
        )
    return slot


def slot_set_quota(*, actor: User | None, slot: VisitorSlot, quota: int) -> VisitorSlot:
    with scopes_disabled():
        event = Event.objects.get(pk=slot.event_id)
    if actor is not None:
        require_on_event(actor, event)
    with transaction.atomic(), scopes_disabled():
        slot = VisitorSlot.objects.select_for_update().get(pk=slot.pk)
        if quota < slot.taken:
            raise ValidationError(
                {
                    "quota": _(
                        "%(taken)s visitors have already registered; the quota cannot be lower."
                    )
                    % {"taken": slot.taken}
                }
            )
        before = slot.quota
        slot.quota = quota
        slot.save(update_fields=["quota"])
        audit_record(
            actor=actor,
            action="visitor_slot.quota",
            obj=slot,
            organisation=event.organisation,
            changes={"quota": [before, quota]},
        )
    return slot


# --- registration -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Registration:
    ticket: Ticket
    created: bool  # False: this phone already had a ticket for the day


def _clean_visitor(name: str, phone: str, email: str) -> tuple[str, str, str]:
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    if not name:
        errors["name"] = _("Write your name.")
    e164 = phone_to_e164(phone) if phone.strip() else None
    if not e164:
        errors["phone"] = _("Write a phone number we can reach, e.g. 0812-3456-7890.")
    email = email.strip().lower()
    if email and ("@" not in email or "." not in email.rsplit("@", 1)[-1]):
        errors["email"] = _("This email address is not valid.")
    if errors:
        raise ValidationError(errors)
    return name, e164 or "", email


def _create_ticket(**values: Any) -> Ticket:
    """A ticket with a fresh code (a clash of 50 random bits is retried)."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Ticket.objects.create(code=tickets.new_code(), **values)
        except IntegrityError as exc:
            if "code" not in str(exc).lower():
                raise
    raise RuntimeError("no free ticket code after 5 tries")


def ticket_register(
    *,
    event: Event,
    slot_id: int,
    name: str,
    phone: str,
    email: str = "",
    today: dt.date | None = None,
    send_email: bool = True,
) -> Registration:
    """A visitor registers (no account): one ticket per phone number and day."""
    name, e164, email = _clean_visitor(name, phone, email)
    today = today or timezone.localdate()
    with transaction.atomic(), scopes_disabled():
        slot = (
            VisitorSlot.objects.select_for_update(of=("self",))
            .select_related("day")
            .filter(pk=slot_id, event=event)
            .first()
        )
        if slot is None or not event.is_public or not _has_door(event):
            raise ValidationError({"slot": _("Registration for this session is not open.")})
        if not slot.is_open:
            raise ValidationError({"slot": _("Registration for this session is closed.")})
        if slot.day.date < today:
            raise ValidationError({"slot": _("This day of the event is over.")})
        existing = Ticket.objects.filter(
            day=slot.day, phone=e164, is_cancelled=False, source=TicketSource.ONLINE
        ).first()
        if existing is not None:
            return Registration(existing, False)
        taken = Ticket.objects.filter(slot=slot, is_cancelled=False).count()
        if taken >= slot.quota:
            raise ValidationError(
                {"slot": _("This session is full. Choose another session or day.")}
            )
        ticket = _create_ticket(
            event=event,
            day=slot.day,
            slot=slot,
            name=name,
            phone=e164,
            email=email,
            source=TicketSource.ONLINE,
        )
        slot.taken = taken + 1
        slot.save(update_fields=["taken"])
        audit_record(
            actor=None,
            action="ticket.register",
            obj=ticket,
            organisation=event.organisation,
            after={"slot": slot.pk, "day": slot.day.date.isoformat()},
        )
        if send_email and email:
            from naikkelas.events.tasks_floor import ticket_send

            ticket_id = ticket.pk
            transaction.on_commit(lambda: ticket_send.enqueue(ticket_id))
    return Registration(ticket, True)


def ticket_cancel(*, actor: User | None, ticket: Ticket) -> Ticket:
    with scopes_disabled():
        event = Event.objects.get(pk=ticket.event_id)
    if actor is not None:
        require_on_event(actor, event, "staff_events")
    with transaction.atomic(), scopes_disabled():
        slot = (
            VisitorSlot.objects.select_for_update().get(pk=ticket.slot_id)
            if ticket.slot_id
            else None
        )
        ticket = Ticket.objects.select_for_update(of=("self",)).get(pk=ticket.pk)
        if ticket.is_cancelled:
            return ticket
        ticket.is_cancelled = True
        ticket.save(update_fields=["is_cancelled"])
        if slot is not None:
            slot.taken = Ticket.objects.filter(slot=slot, is_cancelled=False).count()
            slot.save(update_fields=["taken"])
        audit_record(
            actor=actor,
            action="ticket.cancel",
            obj=ticket,
            organisation=event.organisation,
            changes={"is_cancelled": [False, True]},
        )
    return ticket


# --- check-in ---------------------------------------------------------------------------------


@dataclass
class ScanResult:
    """What the phone shows after a scan."""

    outcome: str
    ticket: Ticket | None = None
    scan: Scan | None = None
    repeated: bool = False  # the same scan (idempotency key) was sent before
    inside: int = 0  # people inside on the ticket's day after this scan
    capacity: int | None = None
    changed: list[Scan] = field(default_factory=list)  # earlier scans a late one changed
    error: str = ""

    @property
    def counted(self) -> bool:
        return self.outcome in (ScanOutcome.ENTRY, ScanOutcome.EXIT)

    @property
    def label(self) -> str:
        if self.error:
            return self.error
        return str(ScanOutcome(self.outcome).label)


def _fixed_outcome(ticket: Ticket, direction: str, at: dt.datetime) -> str | None:
    if ticket.is_cancelled:
        return ScanOutcome.CANCELLED
    if _local_date(at) != ticket.day.date:
        return ScanOutcome.WRONG_DAY
    return None


# outcomes the replay may change; the others are decided once, on arrival
_REPLAYED = {
    ScanOutcome.ENTRY,
    ScanOutcome.EXIT,
    ScanOutcome.ALREADY_INSIDE,
    ScanOutcome.NOT_INSIDE,
}


def _replay(ticket: Ticket, scans: list[Scan]) -> checkin.Replay:
    return checkin.replay(
        [
            checkin.ScanIn(
                key=s.key,
                direction=s.direction,
                scanned_at=s.scanned_at,
                device=s.device,
                fixed=None if s.outcome in _REPLAYED or s.pk is None else s.outcome,
            )
            for s in scans
        ]
    )


def _occupancy_move(
    day_id: int, *, step: int, entries: int, at: dt.datetime, limit: bool
) -> tuple[int, int | None] | None:
    """Move the day's count by ``step``; with ``limit``, refuse to pass the venue limit.

    One ``UPDATE … RETURNING``: the row lock it takes lasts until the scan's transaction
    commits, so the caller makes it the last statement before the commit (every scan of a
    day queues on this row). Returns the day's (inside, capacity) after the move, or None
    when no row matched (the venue is full, or the day has no occupancy row yet)."""
    table = DayOccupancy._meta.db_table
    condition = ""
    if limit and step > 0:
        condition = " AND (capacity IS NULL OR inside <= capacity - %(step)s)"
    sql = (
        f"UPDATE {table} SET inside = inside + %(step)s, entries = entries + %(entries)s, "  # noqa: S608 - names from the model, values bound
        "peak = CASE WHEN inside + %(step)s > peak THEN inside + %(step)s ELSE peak END, "
        "peak_at = CASE WHEN inside + %(step)s > peak THEN %(at)s ELSE peak_at END "
        f"WHERE day_id = %(day)s{condition} RETURNING inside, capacity"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "step": step,
                "entries": entries,
                "at": connection.ops.adapt_datetimefield_value(at),
                "day": day_id,
            },
        )
        row = cursor.fetchone()
    return (int(row[0]), row[1]) if row else None


def _move_or_full(
    day: EventDay, *, step: int, entries: int, at: dt.datetime, limit: bool
) -> tuple[int, int | None] | None:
    moved = _occupancy_move(day.pk, step=step, entries=entries, at=at, limit=limit)
    if moved is not None:
        return moved
    if not DayOccupancy.objects.filter(day_id=day.pk).exists():
        occupancy_for_day(day)
        return _occupancy_move(day.pk, step=step, entries=entries, at=at, limit=limit)
    return None


def _answer(
    ticket: Ticket,
    scan: Scan,
    *,
    repeated: bool = False,
    changed: list[Scan] | None = None,
    counts: tuple[int, int | None] | None = None,
) -> ScanResult:
    if counts is None:
        occupancy = DayOccupancy.objects.filter(day_id=ticket.day_id).first()
        counts = (
            (occupancy.inside, occupancy.capacity)
            if occupancy
            else (0, ticket.event.venue_capacity)
        )
    return ScanResult(
        outcome=scan.outcome,
        ticket=ticket,
        scan=scan,
        repeated=repeated,
        inside=counts[0],
        capacity=counts[1],
        changed=changed or [],
    )


def scan_record(
    *,
    actor: User | None,
    event: Event,
    code: str,
    direction: str = ScanDirection.IN,
    key: str = "",
    device: str = "",
    scanned_at: dt.datetime | None = None,
    offline: bool = False,
) -> ScanResult:
    """Record one scan at the door (a QR payload or a typed code).

    Sent again with the same ``key``, it returns the stored answer and changes nothing. A
    live entry is refused when the venue is full; an entry made offline counts as it
    happened (the visitor is inside) and may pass the limit, which the page shows."""
    if actor is not None:
        require_on_event(actor, event, "staff_events")
    if direction not in ScanDirection.values:
        raise ValidationError({"direction": _("A scan is an entry or an exit.")})
    try:
        code, _signed = tickets.read(code, ticket_key())
    except tickets.TicketCodeError:
        return ScanResult(
            outcome="invalid", error=_("This is not a NaikKelas ticket code. Check the code.")
        )
    key = key.strip()[:64] or uuid.uuid4().hex
    now = timezone.now()
    at = scanned_at or now
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now + CLOCK_SKEW:
        at = now
    try:
        try:
            with transaction.atomic(), scopes_disabled():
                return _scan(actor, event, code, direction, key, device, at, offline)
        except _VenueFull:
            # undone entirely; kept as refused, in a transaction of its own
            with transaction.atomic(), scopes_disabled():
                return _scan(actor, event, code, direction, key, device, at, offline, full=True)
    except IntegrityError as exc:
        # the key was already used for another ticket: nothing was written
        with scopes_disabled():
            seen = Scan.objects.filter(key=key).select_related("ticket__day").first()
        if seen is None:
            raise
        if seen.ticket.code != code:
            raise ValidationError(
                {"key": _("This scan key was already used for another ticket.")}
            ) from exc
        with scopes_disabled():
            return _answer(seen.ticket, seen, repeated=True)


class _VenueFull(Exception):
    """The day's occupancy refused a live entry: the scan's transaction is undone."""


def _scan(
    actor: User | None,
    event: Event,
    code: str,
    direction: str,
    key: str,
    device: str,
    at: dt.datetime,
    offline: bool,
    full: bool = False,
) -> ScanResult:
    ticket = _locked_ticket(event, code)
    if ticket is None:
        return ScanResult(outcome="unknown", error=_("No ticket with this code for this event."))
    ticket.event = event
    earlier = list(Scan.objects.filter(ticket=ticket)) if ticket.scan_count else []
    seen = next((s for s in earlier if s.key == key), None)
    if seen is not None:
        return _answer(ticket, seen, repeated=True)
    scan = Scan(
        event=event,
        ticket=ticket,
        day=ticket.day,
        key=key,
        direction=direction,
        device=device.strip()[:64],
        scanned_at=at,
        was_offline=offline,
        staff=actor if actor is not None and actor.pk else None,
        outcome=_fixed_outcome(ticket, direction, at) or ScanOutcome.NOT_INSIDE,
    )
    if scan.outcome not in _REPLAYED:
        scan.save()
        _counted(ticket)
        return _answer(ticket, scan)
    result = _replay(ticket, [*earlier, scan])
    step = int(result.inside) - int(ticket.inside)
    entries = result.entries - ticket.entries
    if not (step or entries):
        changed = _apply_replay(ticket, earlier, scan, result)
        return _answer(ticket, scan, changed=changed)
    if full:
        # a first try found the venue full: the scan is refused, the ticket keeps its state
        scan.outcome = ScanOutcome.FULL
        scan.save()
        _counted(ticket)
        return _answer(ticket, scan)
    # The day's occupancy row is every scan's bottleneck: its lock is taken by the last
    # statement before the commit, after the scan and the ticket are written. When the
    # venue is full the whole transaction is undone and the scan kept as refused.
    changed = _apply_replay(ticket, earlier, scan, result)
    counts = _move_or_full(
        ticket.day, step=step, entries=entries, at=at, limit=step > 0 and not offline
    )
    if counts is None:
        raise _VenueFull
    return _answer(ticket, scan, changed=changed, counts=counts)


def _locked_ticket(event: Event, code: str) -> Ticket | None:
    """The event's ticket with ``code``, locked until the scan's transaction ends (on
    PostgreSQL; SQLite's IMMEDIATE transaction already holds the database), with its day's
    date. Every scan at the door starts here, so the query is written by hand: built by
    the ORM with the day it cost three times as much (decision 0034)."""
    lock = " FOR UPDATE OF t" if connection.features.has_select_for_update_of else ""
    query = (
        f"SELECT {sql.columns(Ticket, 't')}, d.date FROM {Ticket._meta.db_table} t "  # noqa: S608 - names from the models, values bound
        f"JOIN {EventDay._meta.db_table} d ON d.id = t.day_id "
        f"WHERE t.event_id = %s AND t.code = %s{lock}"
    )
    rows = sql.fetch(Ticket, query, [event.pk, code])
    if not rows:
        return None
    ticket, (date,) = rows[0]
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    # the day with its date; its other fields load if something asks for them
    ticket.day = EventDay.from_db(
        ticket._state.db, ["id", "event_id", "date"], [ticket.day_id, event.pk, date]
    )
    return ticket


def _apply_replay(
    ticket: Ticket, earlier: list[Scan], scan: Scan, result: checkin.Replay
) -> list[Scan]:
    """Write the replayed outcomes: the new scan, the earlier ones it changed, the ticket."""
    changed = [
        s
        for s in earlier
        if (s.outcome, s.seq) != (result.scans[s.key].outcome, result.scans[s.key].seq)
    ]
    if changed:
        # free the sequence numbers first: the unique constraint holds at every statement
        Scan.objects.filter(pk__in=[s.pk for s in changed]).update(seq=None)
    new = result.scans[scan.key]
    scan.outcome, scan.seq = new.outcome, new.seq
    # every counted scan passes here: statements written by hand (decision 0034)
    sql.insert(scan)
    for s in changed:
        out = result.scans[s.key]
        s.outcome, s.seq, s.replayed = out.outcome, out.seq, True
        s.save(update_fields=["outcome", "seq", "replayed"])
    ticket.inside = result.inside
    ticket.entries = result.entries
    ticket.first_entry_at = result.first_entry_at
    ticket.scan_count = len(earlier) + 1
    sql.update(ticket, ["inside", "entries", "first_entry_at", "scan_count"])
    return changed


def _counted(ticket: Ticket) -> None:
    """One more scan of ``ticket`` (kept without a replay: its state does not change)."""
    ticket.scan_count += 1
    Ticket.objects.filter(pk=ticket.pk).update(scan_count=F("scan_count") + 1)


@dataclass(frozen=True)
class QueuedScan:
    """A scan made on a phone, possibly offline, as it arrives in a sync."""

    key: str
    code: str
    direction: str
    scanned_at: dt.datetime | None
    device: str = ""
    offline: bool = True


def scans_sync(*, actor: User | None, event: Event, scans: list[QueuedScan]) -> list[ScanResult]:
    """Record a phone's queued scans, oldest first, each in its own transaction (one bad
    scan does not hold back the others). The answers come in the order the scans were
    given."""
    if actor is not None:
        require_on_event(actor, event, "staff_events")
    results: list[ScanResult] = [ScanResult(outcome="invalid")] * len(scans)
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    order = sorted(range(len(scans)), key=lambda i: (scans[i].scanned_at or epoch, scans[i].key))
    for index in order:
        queued = scans[index]
        try:
            results[index] = scan_record(
                actor=actor,
                event=event,
                code=queued.code,
                direction=queued.direction,
                key=queued.key,
                device=queued.device,
                scanned_at=queued.scanned_at,
                offline=queued.offline,
            )
        except ValidationError as exc:
            results[index] = ScanResult(outcome="invalid", error=" ".join(exc.messages))
    return results


def walk_in_register(
    *,
    actor: User | None,
    event: Event,
    day: EventDay,
    name: str,
    phone: str,
    email: str = "",
    key: str = "",
    device: str = "",
) -> tuple[Ticket, ScanResult]:
    """A visitor registered at the door by the staff and let in at once (the venue limit
    applies; the online quota does not)."""
    if actor is not None:
        require_on_event(actor, event, "staff_events")
    if day.event_id != event.pk:
        raise ValidationError({"day": _("This day is not a day of the event.")})
    name, e164, email = _clean_visitor(name, phone, email)
    with transaction.atomic(), scopes_disabled():
        ticket = _create_ticket(
            event=event,
            day=day,
            slot=None,
            name=name,
            phone=e164,
            email=email,
            source=TicketSource.WALK_IN,
            created_by=actor if actor is not None and actor.pk else None,
        )
        audit_record(
            actor=actor,
            action="ticket.walk_in",
            obj=ticket,
            organisation=event.organisation,
            after={"day": day.date.isoformat()},
        )
    result = scan_record(
        actor=actor,
        event=event,
        code=ticket.code,
        direction=ScanDirection.IN,
        key=key,
        device=device,
        scanned_at=timezone.now()
        if _local_date(timezone.now()) == day.date
        else timezone.make_aware(dt.datetime.combine(day.date, day.opens_at)),
    )
    return ticket, result


def ticket_signature_ok(ticket: Ticket, signature: str) -> bool:
    """Whether ``signature`` (from the ticket page's address) belongs to ``ticket``."""
    return hmac.compare_digest(signature.lower(), ticket_signature(ticket))
