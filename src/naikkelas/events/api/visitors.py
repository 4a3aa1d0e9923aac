"""Visitors through the API: sessions and registration (public), tickets, check-in with an
idempotency key, the sync of a phone's queued scans, and the live occupancy (event staff)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django_scopes import scopes_disabled
from ninja import Field, Router, Schema, Status

from naikkelas.core.api import AUTH
from naikkelas.core.permissions import roles_in
from naikkelas.core.sql import fetch
from naikkelas.events.models import (
    PUBLIC_STATUSES,
    DayOccupancy,
    Event,
    EventOrganiser,
    Ticket,
    VisitorSlot,
)
from naikkelas.events.services import visitors as services
from naikkelas.events.services.events import (
    can_on_event,
    event_organisation_ids,
    remember_organisers,
)

router = Router(tags=["events: visitors"])


# what a scan at the door reads of its event; the rest loads if something asks for it
_DOOR_FIELDS = ("id", "organisation_id", "venue_capacity")


def event_for(request: HttpRequest, event_id: int, permission: str, *, door: bool = False) -> Event:
    """The event, for a person holding ``permission`` in one of its organisers (404 for
    people outside them, 403 for members without the permission). ``door``: only the
    fields a scan reads, in a hand-written query (every scan asks; decision 0034)."""
    with scopes_disabled():
        if door:
            # the event with its organisers, one row each, the lead first
            sql = (
                f"SELECT {', '.join('e.' + name for name in _DOOR_FIELDS)}, "  # noqa: S608 - names from the models, the value bound
                f"o.organisation_id FROM {Event._meta.db_table} e "
                f"LEFT JOIN {EventOrganiser._meta.db_table} o ON o.event_id = e.id "
                "WHERE e.id = %s ORDER BY o.is_lead DESC, o.id"
            )
            rows = fetch(Event, sql, [event_id], fields=_DOOR_FIELDS)
            if not rows:
                raise Http404
            event = rows[0][0]
            remember_organisers(event, [org for _event, (org,) in rows if org is not None])
        else:
            event = get_object_or_404(Event.objects.select_related("organisation"), pk=event_id)
        if not any(roles_in(request.auth, pk) for pk in event_organisation_ids(event)):
            raise Http404
    if not can_on_event(request.auth, event, permission):
        raise PermissionDenied
    return event


class SlotOut(Schema):
    id: int
    date: dt.date
    label: str
    starts_at: dt.time | None
    ends_at: dt.time | None
    quota: int
    left: int


@router.get("/{int:event_id}/visitor-slots", response=list[SlotOut])
def slots(request: HttpRequest, event_id: int) -> list[SlotOut]:
    """Open sessions of a published event (anyone)."""
    with scopes_disabled():
        event = get_object_or_404(Event, pk=event_id, status__in=PUBLIC_STATUSES)
        rows = VisitorSlot.objects.filter(event=event, is_open=True).select_related("day")
        return [
            SlotOut(
                id=s.pk,
                date=s.day.date,
                label=s.label,
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                quota=s.quota,
                left=s.left,
            )
            for s in rows
        ]


class RegistrationIn(Schema):
    slot_id: int
    name: str
    phone: str = Field(description="As people write it: 0812-3456-7890 or +6281234567890")
    email: str = ""


class TicketOut(Schema):
    code: str = Field(description="Shown and typed as XXXXX-XXXXX")
    url: str = Field(description="The ticket page with its QR code")
    name: str
    phone: str
    date: dt.date
    slot_id: int | None
    source: str
    inside: bool
    entries: int
    created: bool = True


def _ticket_out(request: HttpRequest, ticket: Ticket, created: bool = True) -> TicketOut:
    from naikkelas.events.views.visitors import ticket_url

    return TicketOut(
        code=ticket.code_display,
        url=request.build_absolute_uri(ticket_url(ticket)),
        name=ticket.name,
        phone=ticket.phone,
        date=ticket.day.date,
        slot_id=ticket.slot_id,
        source=ticket.source,
        inside=ticket.inside,
        entries=ticket.entries,
        created=created,
    )


@router.post("/{int:event_id}/tickets", response={200: TicketOut, 201: TicketOut})
def register(request: HttpRequest, event_id: int, payload: RegistrationIn) -> Any:
    """Register a visitor (anyone; no account). A phone number registered before for the
    same day gets its first ticket back (200)."""
    with scopes_disabled():
        event = get_object_or_404(Event, pk=event_id)
    result = services.ticket_register(
        event=event,
        slot_id=payload.slot_id,
        name=payload.name,
        phone=payload.phone,
        email=payload.email,
    )
    return Status(
        201 if result.created else 200, _ticket_out(request, result.ticket, result.created)
    )


@router.get("/{int:event_id}/tickets", response=list[TicketOut], auth=AUTH)
def tickets(
    request: HttpRequest,
    event_id: int,
    date: dt.date | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[TicketOut]:
    """The event's tickets, newest first (event staff)."""
    event = event_for(request, event_id, "staff_events")
    with scopes_disabled():
        rows = Ticket.objects.filter(event=event).select_related("day")
        if date is not None:
            rows = rows.filter(day__date=date)
        return [_ticket_out(request, t) for t in rows[offset : offset + min(limit, 500)]]


class ScanIn(Schema):
    code: str = Field(description="The QR payload (NKT1:…) or the typed code")
    direction: Literal["in", "out"] = "in"
    key: str = Field(description="Idempotency key: the same key is counted once", max_length=64)
    device: str = ""
    scanned_at: dt.datetime | None = Field(None, description="When the phone scanned (ISO 8601)")
    offline: bool = False


class ChangedOut(Schema):
    key: str
    outcome: str


class ScanOut(Schema):
    key: str
    outcome: str = Field(
        description="entry, exit, already_inside, not_inside, full, wrong_day, cancelled, "
        "invalid, unknown"
    )
    message: str
    counted: bool
    repeated: bool
    name: str | None
    code: str | None
    inside: int
    capacity: int | None
    changed: list[ChangedOut]


def _scan_out(key: str, result: services.ScanResult) -> ScanOut:
    ticket = result.ticket
    return ScanOut(
        key=result.scan.key if result.scan else key,
        outcome=result.outcome,
        message=result.label,
        counted=result.counted,
        repeated=result.repeated,
        name=ticket.name if ticket else None,
        code=ticket.code_display if ticket else None,
        inside=result.inside,
        capacity=result.capacity,
        changed=[ChangedOut(key=s.key, outcome=s.outcome) for s in result.changed],
    )


@router.post("/{int:event_id}/checkin", response=ScanOut, auth=AUTH, url_name="events_checkin")
def checkin(request: HttpRequest, event_id: int, payload: ScanIn) -> ScanOut:
    """One scan at the door (event staff). Sending the same ``key`` again returns the
    stored answer with ``repeated: true`` and counts nothing."""
    event = event_for(request, event_id, "staff_events", door=True)
    result = services.scan_record(
        actor=request.auth,
        event=event,
        code=payload.code,
        direction=payload.direction,
        key=payload.key,
        device=payload.device,
        scanned_at=payload.scanned_at,
        offline=payload.offline,
    )
    return _scan_out(payload.key, result)


class SyncIn(Schema):
    scans: list[ScanIn] = Field(max_length=500)


@router.post(
    "/{int:event_id}/checkin/sync",
    response=list[ScanOut],
    auth=AUTH,
    url_name="events_checkin_sync",
)
def checkin_sync(request: HttpRequest, event_id: int, payload: SyncIn) -> list[ScanOut]:
    """A phone's queued scans (made while offline), oldest first; one answer per scan."""
    event = event_for(request, event_id, "staff_events", door=True)
    queued = [
        services.QueuedScan(
            key=s.key,
            code=s.code,
            direction=s.direction,
            scanned_at=s.scanned_at,
            device=s.device,
            offline=s.offline,
        )
        for s in payload.scans
    ]
    results = services.scans_sync(actor=request.auth, event=event, scans=queued)
    return [_scan_out(q.key, r) for q, r in zip(queued, results, strict=True)]


class OccupancyOut(Schema):
    date: dt.date
    inside: int
    capacity: int | None
    peak: int
    entries: int


@router.get("/{int:event_id}/occupancy", response=list[OccupancyOut], auth=AUTH)
def occupancy(request: HttpRequest, event_id: int) -> list[OccupancyOut]:
    """Who is inside now, per day, against the venue limit (event staff)."""
    event = event_for(request, event_id, "staff_events")
    with scopes_disabled():
        rows = DayOccupancy.objects.filter(event=event).select_related("day").order_by("day__date")
        return [
            OccupancyOut(
                date=o.day.date,
                inside=o.inside,
                capacity=o.capacity,
                peak=o.peak,
                entries=o.entries,
            )
            for o in rows
        ]
