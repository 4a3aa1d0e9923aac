"""Sales and leads through the API: an exhibitor's owner, or the organisers' officers and
event staff, record a day's sales; corrections keep their history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django_scopes import scopes_disabled
from ninja import Field, Router, Schema, Status

from naikkelas.core.api import AUTH
from naikkelas.events.models import Exhibitor, SaleEntry, SaleRevision
from naikkelas.events.services import sales as services

router = Router(tags=["events: sales"])


class SaleIn(Schema):
    date: dt.date
    amount: int = Field(description="Whole rupiah")
    transactions: int
    buyer_kind: str = Field("consumer", description="consumer, reseller, business, export")
    product_id: int | None = None
    note: str = ""


class CorrectionIn(SaleIn):
    reason: str = Field(description="Why the numbers change (kept in the history)")


class RevisionOut(Schema):
    changed_by: str
    changed_at: dt.datetime
    reason: str
    before: dict[str, Any]
    after: dict[str, Any]


class SaleOut(Schema):
    id: int
    exhibitor_id: int
    date: dt.date
    amount: int
    transactions: int
    buyer_kind: str
    product_id: int | None
    note: str
    is_void: bool
    revisions: list[RevisionOut]


def _out(entry: SaleEntry) -> SaleOut:
    with scopes_disabled():
        revisions = list(SaleRevision.objects.filter(entry=entry).order_by("changed_at", "id"))
    return SaleOut(
        id=entry.pk,
        exhibitor_id=entry.exhibitor_id,
        date=entry.date,
        amount=entry.amount,
        transactions=entry.transactions,
        buyer_kind=entry.buyer_kind,
        product_id=entry.product_id,
        note=entry.note,
        is_void=entry.is_void,
        revisions=[
            RevisionOut(
                changed_by=r.changed_by_label,
                changed_at=r.changed_at,
                reason=r.reason,
                before=r.before,
                after=r.after,
            )
            for r in revisions
        ],
    )


def _exhibitor(request: HttpRequest, exhibitor_id: int) -> Exhibitor:
    with scopes_disabled():
        exhibitor = get_object_or_404(Exhibitor, pk=exhibitor_id)
    if not services.can_record_sales(request.auth, exhibitor):
        raise PermissionDenied
    return exhibitor


def _data(payload: SaleIn) -> services.SaleData:
    return services.SaleData(
        date=payload.date,
        amount=payload.amount,
        transactions=payload.transactions,
        buyer_kind=payload.buyer_kind,
        product_id=payload.product_id,
        note=payload.note,
    )


@router.get("/exhibitors/{int:exhibitor_id}/sales", response=list[SaleOut], auth=AUTH)
def sales(request: HttpRequest, exhibitor_id: int) -> list[SaleOut]:
    exhibitor = _exhibitor(request, exhibitor_id)
    with scopes_disabled():
        entries = list(SaleEntry.objects.filter(exhibitor=exhibitor).order_by("date", "id"))
    return [_out(e) for e in entries]


@router.post("/exhibitors/{int:exhibitor_id}/sales", response={201: SaleOut}, auth=AUTH)
def sale_record(request: HttpRequest, exhibitor_id: int, payload: SaleIn) -> Any:
    exhibitor = _exhibitor(request, exhibitor_id)
    entry = services.sale_record(actor=request.auth, exhibitor=exhibitor, data=_data(payload))
    return Status(201, _out(entry))


@router.put("/sales/{int:sale_id}", response=SaleOut, auth=AUTH)
def sale_correct(request: HttpRequest, sale_id: int, payload: CorrectionIn) -> SaleOut:
    with scopes_disabled():
        entry = get_object_or_404(SaleEntry, pk=sale_id)
    _exhibitor(request, entry.exhibitor_id)
    entry = services.sale_correct(
        actor=request.auth, entry=entry, data=_data(payload), reason=payload.reason
    )
    return _out(entry)


class VoidIn(Schema):
    reason: str


@router.post("/sales/{int:sale_id}/void", response=SaleOut, auth=AUTH)
def sale_void(request: HttpRequest, sale_id: int, payload: VoidIn) -> SaleOut:
    with scopes_disabled():
        entry = get_object_or_404(SaleEntry, pk=sale_id)
    _exhibitor(request, entry.exhibitor_id)
    return _out(services.sale_void(actor=request.auth, entry=entry, reason=payload.reason))


class LeadIn(Schema):
    date: dt.date
    name: str
    contact: str = ""
    interest: str = ""
    buyer_kind: str = "consumer"
    estimated_value: int | None = None


class LeadOut(Schema):
    id: int
    date: dt.date
    name: str


@router.post("/exhibitors/{int:exhibitor_id}/leads", response={201: LeadOut}, auth=AUTH)
def lead_record(request: HttpRequest, exhibitor_id: int, payload: LeadIn) -> Any:
    exhibitor = _exhibitor(request, exhibitor_id)
    lead = services.lead_record(
        actor=request.auth,
        exhibitor=exhibitor,
        data=services.LeadData(**payload.dict()),
    )
    return Status(201, LeadOut(id=lead.pk, date=lead.date, name=lead.name))
