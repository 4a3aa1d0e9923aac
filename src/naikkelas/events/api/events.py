"""Events through the API: the public list and page (with the calendar file), and an
organisation's events: list, create, one event, its days, its status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status

from naikkelas.core.api import AUTH, _organisation_for
from naikkelas.core.models import Organisation
from naikkelas.events import ics
from naikkelas.events.models import Event
from naikkelas.events.selectors import events as selectors
from naikkelas.events.services import events as services
from naikkelas.events.services.booths import plan_numbers

router = Router(tags=["events"])
MAX_LIMIT = 100


class DayOut(Schema):
    date: dt.date
    opens_at: dt.time
    closes_at: dt.time
    note: str


class QuotaOut(Schema):
    id: int
    label: str
    category: str | None = Field(description="Slug of a top-level catalog category")
    percent: int | None
    places: int | None


class CallOut(Schema):
    opens_at: dt.datetime
    closes_at: dt.datetime
    intro: str
    places: int | None
    max_products: int
    rules: dict[str, Any]
    score_weights: dict[str, int]
    questions: list[str]
    quotas: list[QuotaOut]


class EventOut(Schema):
    id: int
    slug: str
    title: str
    kind: str
    format: str
    status: str
    theme: str
    region_code: str
    region: str
    venue_name: str
    address: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    lead_organiser: str = Field(description="Slug of the lead organisation")
    url: str
    ics_url: str


class EventDetailOut(EventOut):
    description: str
    online_url: str
    venue_capacity: int | None
    sales_target: int | None = Field(description="Rupiah, whole number; null: no target")
    booth_capacity_percent: int | None
    booth_capacity_number: int | None
    booths_planned: int
    booths_usable: int
    contact_name: str
    organisers: list[str]
    days: list[DayOut]
    call: CallOut | None


class EventPage(Schema):
    count: int
    items: list[EventOut]


class PageQuery(Schema):
    q: str = ""
    status: str = ""
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


class EventIn(Schema):
    title: str
    kind: str = "expo"
    format: str = "physical"
    region_code: str
    theme: str = ""
    description: str = ""
    venue_name: str = ""
    address: str = ""
    online_url: str = ""
    venue_capacity: int | None = None
    sales_target: int | None = None
    booth_capacity_percent: int | None = None
    booth_capacity_number: int | None = None
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    co_organisers: list[str] = Field(default=[], description="Slugs of co-organisers")


class DayIn(Schema):
    date: dt.date
    opens_at: dt.time
    closes_at: dt.time
    note: str = ""


class StatusIn(Schema):
    status: str


def event_out(event: Event) -> dict[str, Any]:
    return {
        "id": event.pk,
        "slug": event.slug,
        "title": event.title,
        "kind": event.kind,
        "format": event.format,
        "status": event.status,
        "theme": event.theme,
        "region_code": event.region_id,
        "region": event.region.label,
        "venue_name": event.venue_name,
        "address": event.address,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "lead_organiser": event.organisation.slug,
        "url": reverse("events:public_event", args=[event.slug]),
        "ics_url": reverse("events:event_ics", args=[event.slug]),
    }


def event_detail_out(event: Event) -> dict[str, Any]:
    overview = selectors.event_overview(event)
    numbers = plan_numbers(event)
    call = overview["call"]
    return {
        **event_out(event),
        "description": event.description,
        "online_url": event.online_url,
        "venue_capacity": event.venue_capacity,
        "sales_target": event.sales_target,
        "booth_capacity_percent": event.booth_capacity_percent,
        "booth_capacity_number": event.booth_capacity_number,
        "booths_planned": numbers.planned,
        "booths_usable": numbers.allowed,
        "contact_name": event.contact_name,
        "organisers": [link.organisation.slug for link in overview["organisers"]],
        "days": [
            {"date": d.date, "opens_at": d.opens_at, "closes_at": d.closes_at, "note": d.note}
            for d in overview["days"]
        ],
        "call": None
        if call is None
        else {
            "opens_at": call.opens_at,
            "closes_at": call.closes_at,
            "intro": call.intro,
            "places": call.places,
            "max_products": call.max_products,
            "rules": call.rules,
            "score_weights": call.score_weights,
            "questions": call.questions,
            "quotas": [
                {
                    "id": q.pk,
                    "label": q.label,
                    "category": q.category.slug if q.category else None,
                    "percent": q.percent,
                    "places": q.places,
                }
                for q in overview["quotas"]
            ],
        },
    }


def event_of(organisation: Organisation, event_id: int) -> Event:
    """Inside the organisation's scope: one of the events it organises, or 404."""
    return get_object_or_404(Event.objects.select_related("organisation", "region"), pk=event_id)


# --- public -----------------------------------------------------------------------------------


@router.get("/public", response=EventPage, summary="Published events (anyone)")
def public_list(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    rows = selectors.public_events(query=query.q.strip()[:100])
    return {
        "count": rows.count(),
        "items": [event_out(e) for e in rows[query.offset : query.offset + query.limit]],
    }


@router.get("/public/{event_slug}", response=EventDetailOut, summary="One published event")
def public_detail(request: HttpRequest, event_slug: str) -> dict[str, Any]:
    event = selectors.public_event(event_slug)
    if event is None:
        raise Http404
    return event_detail_out(event)


@router.get(
    "/public/{event_slug}/calendar.ics",
    summary="The event's days as an iCalendar file",
    response={200: None},
)
def public_calendar(request: HttpRequest, event_slug: str) -> HttpResponse:
    event = selectors.public_event(event_slug)
    if event is None:
        raise Http404
    overview = selectors.event_overview(event)
    body = ics.calendar(
        event,
        overview["days"],
        url=request.build_absolute_uri(reverse("events:public_event", args=[event.slug])),
        organisers=[link.organisation.name for link in overview["organisers"]],
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# --- an organisation's events -----------------------------------------------------------------


@router.get(
    "/organisations/{slug}/events",
    response=EventPage,
    auth=AUTH,
    summary="Events the organisation organises (lead or co-organiser)",
)
def event_list(request: HttpRequest, slug: str, query: Query[PageQuery]) -> dict[str, Any]:
    organisation = _organisation_for(request, slug, "manage_events")
    with scope(organisation=organisation):
        rows = selectors.events_of(organisation, status=query.status)
        if query.q:
            rows = rows.filter(title__icontains=query.q)
        return {
            "count": rows.count(),
            "items": [event_out(e) for e in rows[query.offset : query.offset + query.limit]],
        }


@router.post(
    "/organisations/{slug}/events",
    response={201: EventDetailOut},
    auth=AUTH,
    summary="Create a draft event (a joint one with co-organisers)",
)
def event_create(request: HttpRequest, slug: str, payload: EventIn) -> Status[Any]:
    organisation = _organisation_for(request, slug, "manage_events")
    data = payload.dict()
    co_slugs = data.pop("co_organisers")
    co = list(Organisation.objects.filter(slug__in=co_slugs, is_active=True))
    if len(co) != len(set(co_slugs)):
        raise Http404
    event = services.event_create(
        actor=request.auth,
        organisation=organisation,
        data=services.EventData(**data),
        co_organisers=co,
    )
    return Status(201, event_detail_out(event))


@router.get(
    "/organisations/{slug}/events/{event_id}",
    response=EventDetailOut,
    auth=AUTH,
    summary="One event of the organisation",
)
def event_detail(request: HttpRequest, slug: str, event_id: int) -> dict[str, Any]:
    organisation = _organisation_for(request, slug, "manage_events")
    with scope(organisation=organisation):
        event = event_of(organisation, event_id)
    return event_detail_out(event)


@router.put(
    "/organisations/{slug}/events/{event_id}/days",
    response=EventDetailOut,
    auth=AUTH,
    summary="Replace the event's days and opening hours",
)
def event_days(
    request: HttpRequest, slug: str, event_id: int, payload: list[DayIn]
) -> dict[str, Any]:
    organisation = _organisation_for(request, slug, "manage_events")
    with scope(organisation=organisation):
        event = event_of(organisation, event_id)
    services.event_set_days(
        actor=request.auth, event=event, days=[services.DayData(**d.dict()) for d in payload]
    )
    event.refresh_from_db()
    return event_detail_out(event)


@router.post(
    "/organisations/{slug}/events/{event_id}/status",
    response=EventDetailOut,
    auth=AUTH,
    summary="Move the event along draft → published → running → closed → reported",
)
def event_status(
    request: HttpRequest, slug: str, event_id: int, payload: StatusIn
) -> dict[str, Any]:
    organisation = _organisation_for(request, slug, "manage_events")
    with scope(organisation=organisation):
        event = event_of(organisation, event_id)
    event = services.event_set_status(actor=request.auth, event=event, status=payload.status)
    return event_detail_out(event)
