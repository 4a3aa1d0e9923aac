"""The booth plan through the API: booths with their exhibitors and the capacity numbers,
adding a block, choosing the open booths, placing exhibitors by hand or automatically."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django_scopes import scope, scopes_disabled
from ninja import Field, Router, Schema, Status

from naikkelas.core.api import AUTH, _organisation_for
from naikkelas.events.api.events import event_of
from naikkelas.events.models import Booth, Event, Exhibitor
from naikkelas.events.selectors import booths as selectors
from naikkelas.events.services import booths as services

router = Router(tags=["events"])


class BoothOut(Schema):
    id: int
    code: str
    zone: str
    width_cm: int
    depth_cm: int
    price: int = Field(description="Rupiah, whole number; 0: free")
    has_power: bool
    has_water: bool
    column: int
    row: int
    is_open: bool
    exhibitor_id: int | None
    exhibitor: str | None


class PlanOut(Schema):
    planned: int
    allowed: int = Field(description="Usable under the capacity rule")
    open: int
    taken: int
    booths: list[BoothOut]


class BlockIn(Schema):
    zone: str
    prefix: str
    rows: int = Field(1, ge=1, le=50)
    columns: int = Field(ge=1, le=50)
    first_row: int = Field(0, ge=0)
    width_cm: int = 300
    depth_cm: int = 300
    price: int = 0
    has_power: bool = False
    has_water: bool = False


class OpenIn(Schema):
    booth_ids: list[int]


class AssignIn(Schema):
    exhibitor_id: int
    booth_id: int | None = Field(None, description="Empty: the next free open booth")


class AllocationOut(Schema):
    placed: dict[str, str] = Field(description="Booth code → exhibitor name")
    unplaced: list[str]
    conflicts: list[list[str]] = Field(description="Neighbouring direct competitors (codes)")


def plan_out(event: Event) -> dict[str, Any]:
    numbers = services.plan_numbers(event)
    with scopes_disabled():
        booths = (
            Booth.objects.filter(event=event)
            .select_related("exhibitor")
            .order_by("zone", "row", "column", "code")
        )
        items = [
            {
                "id": b.pk,
                "code": b.code,
                "zone": b.zone,
                "width_cm": b.width_cm,
                "depth_cm": b.depth_cm,
                "price": b.price,
                "has_power": b.has_power,
                "has_water": b.has_water,
                "column": b.column,
                "row": b.row,
                "is_open": b.is_open,
                "exhibitor_id": b.exhibitor_id,
                "exhibitor": b.exhibitor.display_name if b.exhibitor else None,
            }
            for b in booths
        ]
    return {
        "planned": numbers.planned,
        "allowed": numbers.allowed,
        "open": numbers.open,
        "taken": numbers.taken,
        "booths": items,
    }


def _event(request: HttpRequest, slug: str, event_id: int) -> Event:
    organisation = _organisation_for(request, slug, "manage_events")
    with scope(organisation=organisation):
        return event_of(organisation, event_id)


P = "/organisations/{slug}/events/{event_id}/booths"


@router.get(P, response=PlanOut, auth=AUTH, summary="The booth plan and its numbers")
def booth_list(request: HttpRequest, slug: str, event_id: int) -> dict[str, Any]:
    return plan_out(_event(request, slug, event_id))


@router.post(
    P + "/blocks", response={201: PlanOut}, auth=AUTH, summary="Add a block of booths (a grid)"
)
def booth_block(request: HttpRequest, slug: str, event_id: int, payload: BlockIn) -> Status[Any]:
    event = _event(request, slug, event_id)
    services.booth_plan_generate(actor=request.auth, event=event, **payload.dict())
    return Status(201, plan_out(event))


@router.put(
    P + "/open",
    response=PlanOut,
    auth=AUTH,
    summary="Choose which booths stay open (at most the capacity rule allows)",
)
def booth_open(request: HttpRequest, slug: str, event_id: int, payload: OpenIn) -> dict[str, Any]:
    event = _event(request, slug, event_id)
    services.booths_set_open(actor=request.auth, event=event, open_ids=set(payload.booth_ids))
    return plan_out(event)


@router.post(
    P + "/assign",
    response=PlanOut,
    auth=AUTH,
    summary="Place an exhibitor in a booth (or the next free one)",
)
def booth_assign(
    request: HttpRequest, slug: str, event_id: int, payload: AssignIn
) -> dict[str, Any]:
    event = _event(request, slug, event_id)
    with scopes_disabled():
        exhibitor = get_object_or_404(Exhibitor, pk=payload.exhibitor_id, event=event)
        booth = (
            get_object_or_404(Booth, pk=payload.booth_id, event=event) if payload.booth_id else None
        )
    if booth is None:
        services.booth_assign_next(actor=request.auth, exhibitor=exhibitor)
    else:
        services.booth_assign(actor=request.auth, booth=booth, exhibitor=exhibitor)
    return plan_out(event)


@router.post(
    P + "/allocate",
    response=AllocationOut,
    auth=AUTH,
    summary="Place every exhibitor without a booth automatically",
)
def booth_allocate(request: HttpRequest, slug: str, event_id: int) -> dict[str, Any]:
    event = _event(request, slug, event_id)
    result = services.booths_allocate_auto(
        actor=request.auth, event=event, categories=selectors.exhibitor_categories(event)
    )
    with scopes_disabled():
        codes = dict(Booth.objects.filter(event=event).values_list("pk", "code"))
        names = dict(Exhibitor.objects.filter(event=event).values_list("pk", "display_name"))
    return {
        "placed": {codes[b]: names[e] for e, b in result.placed.items()},  # type: ignore[index]
        "unplaced": [names[e] for e in result.unplaced],  # type: ignore[index]
        "conflicts": [[codes[a], codes[b]] for a, b in result.conflicts],  # type: ignore[index]
    }
