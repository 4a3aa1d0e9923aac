"""A sale festival through the API: its promotions (anyone, filterable by area and
category) and a merchant's daily report."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django_scopes import scopes_disabled
from ninja import Field, Router, Schema

from naikkelas.core.api import AUTH
from naikkelas.events.models import (
    PUBLIC_STATUSES,
    Event,
    EventKind,
    FestivalMerchant,
    Promotion,
)
from naikkelas.events.services import festival as services

router = Router(tags=["events: sale festival"])


class PromotionOut(Schema):
    id: int
    title: str
    discount_percent: int | None
    discount_amount: int | None = Field(description="Rupiah")
    starts_on: dt.date
    ends_on: dt.date
    conditions: str
    merchant: str
    merchant_kind: str
    area_code: str = Field(description="Kemendagri code of the district")
    area: str
    category: str = Field(description="Catalog category slug")
    phone: str = Field(description="E.164")


@router.get("/{int:event_id}/promotions", response=list[PromotionOut])
def promotions(
    request: HttpRequest,
    event_id: int,
    area: str | None = None,
    category: str | None = None,
    on: dt.date | None = None,
) -> list[PromotionOut]:
    """The festival's promotions (anyone): ``area`` a district code, ``category`` a
    catalog category slug, ``on`` a date the offer must be valid on."""
    with scopes_disabled():
        event = get_object_or_404(
            Event, pk=event_id, status__in=PUBLIC_STATUSES, kind=EventKind.SALE_FESTIVAL
        )
        rows = Promotion.objects.filter(
            event=event, is_active=True, merchant__is_active=True
        ).select_related("merchant__area", "merchant__category")
        if area:
            rows = rows.filter(merchant__area_id=area)
        if category:
            rows = rows.filter(merchant__category__slug=category)
        if on:
            rows = rows.filter(starts_on__lte=on, ends_on__gte=on)
        return [
            PromotionOut(
                id=p.pk,
                title=p.title,
                discount_percent=p.discount_percent,
                discount_amount=p.discount_amount,
                starts_on=p.starts_on,
                ends_on=p.ends_on,
                conditions=p.conditions,
                merchant=p.merchant.name,
                merchant_kind=p.merchant.kind,
                area_code=p.merchant.area_id,
                area=str(p.merchant.area.label),
                category=p.merchant.category.slug,
                phone=p.merchant.phone,
            )
            for p in rows[:500]
        ]


class ReportIn(Schema):
    date: dt.date
    transactions: int
    amount: int = Field(description="Rupiah")


class ReportOut(Schema):
    merchant_id: int
    date: dt.date
    transactions: int
    amount: int


@router.put("/merchants/{int:merchant_id}/reports", response=ReportOut, auth=AUTH)
def merchant_report(request: HttpRequest, merchant_id: int, payload: ReportIn) -> ReportOut:
    """A merchant's transactions of one day (a second report for the day replaces it)."""
    with scopes_disabled():
        merchant = get_object_or_404(FestivalMerchant, pk=merchant_id)
    if not services.can_report_for(request.auth, merchant):
        raise PermissionDenied
    report = services.merchant_report(
        actor=request.auth,
        merchant=merchant,
        date=payload.date,
        transactions=payload.transactions,
        amount=payload.amount,
    )
    return ReportOut(
        merchant_id=merchant.pk,
        date=report.date,
        transactions=report.transactions,
        amount=report.amount,
    )
