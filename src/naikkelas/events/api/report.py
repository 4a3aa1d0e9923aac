"""The event report through the API (``view_reports`` in an organiser)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from naikkelas.core.api import AUTH
from naikkelas.events.api.visitors import event_for
from naikkelas.events.selectors.report import event_report

router = Router(tags=["events: report"])


class RowOut(Schema):
    label: str
    count: int
    amount: int
    transactions: int


class DayOut(Schema):
    date: dt.date
    registered: int
    walk_ins: int
    visitors: int
    entries: int
    peak: int
    sales: int
    transactions: int


class ReportOut(Schema):
    event_id: int
    exhibitors: int
    women_led: int
    applied: int
    accepted: int
    applications: dict[str, int]
    visitors: int
    peak: int
    venue_capacity: int | None
    sales: int
    transactions: int
    sales_target: int | None
    leads: int
    hall_views: int
    hall_clicks: int
    days: list[DayOut]
    by_category: list[RowOut]
    by_region: list[RowOut]
    sales_by_category: list[RowOut]
    sales_by_buyer: list[RowOut]
    sales_by_exhibitor: list[RowOut]
    top_products: list[RowOut]
    merchants: int
    promotions: int
    festival_sales: int
    festival_transactions: int


@router.get("/{int:event_id}/report", response=ReportOut, auth=AUTH)
def report(request: HttpRequest, event_id: int) -> ReportOut:
    event = event_for(request, event_id, "view_reports")
    data = event_report(event)
    sales = {d.date: d for d in data.sales_days}

    def rows(items: list) -> list[RowOut]:
        return [RowOut(**r.__dict__) for r in items]

    return ReportOut(
        event_id=event.pk,
        exhibitors=data.exhibitors,
        women_led=data.women_led,
        applied=data.applied,
        accepted=data.accepted,
        applications=data.applications,
        visitors=data.visitors_total,
        peak=data.peak,
        venue_capacity=data.venue_capacity,
        sales=data.sales_total,
        transactions=data.transactions_total,
        sales_target=event.sales_target,
        leads=data.leads,
        hall_views=data.hall_views,
        hall_clicks=data.hall_clicks,
        days=[
            DayOut(
                date=v.date,
                registered=v.registered,
                walk_ins=v.walk_ins,
                visitors=v.visitors,
                entries=v.entries,
                peak=v.peak,
                sales=sales[v.date].amount,
                transactions=sales[v.date].transactions,
            )
            for v in data.visitors
        ],
        by_category=rows(data.by_category),
        by_region=rows(data.by_region),
        sales_by_category=rows(data.sales_by_category),
        sales_by_buyer=rows(data.sales_by_buyer),
        sales_by_exhibitor=rows(data.sales_by_exhibitor),
        top_products=rows(data.top_products),
        merchants=data.merchants,
        promotions=data.promotions,
        festival_sales=data.festival_total,
        festival_transactions=data.festival_transactions,
    )
