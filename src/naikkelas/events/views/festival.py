"""A sale festival's public promo page (filter by area and category) and the page where a
merchant reports the day's transactions; the organisers see the festival's totals."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_scopes import scopes_disabled

from naikkelas.core.models import Organisation, Region
from naikkelas.core.views import org_view
from naikkelas.events.forms_floor import MerchantReportForm
from naikkelas.events.models import (
    PUBLIC_STATUSES,
    Event,
    EventDay,
    EventKind,
    FestivalMerchant,
    MerchantDailyReport,
    Promotion,
)
from naikkelas.events.services import festival as services


@require_GET
def promos(request: HttpRequest, slug: str) -> HttpResponse:
    with scopes_disabled():
        event = get_object_or_404(
            Event, slug=slug, status__in=PUBLIC_STATUSES, kind=EventKind.SALE_FESTIVAL
        )
        rows = (
            Promotion.objects.filter(event=event, is_active=True, merchant__is_active=True)
            .select_related("merchant__area", "merchant__category")
            .order_by("-discount_percent", "title", "id")
        )
        area = request.GET.get("wilayah", "")
        category = request.GET.get("kategori", "")
        if area:
            rows = rows.filter(merchant__area_id=area)
        if category:
            rows = rows.filter(merchant__category__slug=category)
        if request.GET.get("hari-ini"):
            today = timezone.localdate()
            rows = rows.filter(starts_on__lte=today, ends_on__gte=today)
        merchants = FestivalMerchant.objects.filter(event=event, is_active=True)
        areas = Region.objects.filter(
            code__in=merchants.values_list("area_id", flat=True)
        ).order_by("name")
        categories = {
            m.category.slug: m.category.label for m in merchants.select_related("category")
        }
        promotions = list(rows[:200])
    return render(
        request,
        "events/festival/promos.html",
        {
            "event": event,
            "promotions": promotions,
            "areas": areas,
            "categories": sorted(categories.items(), key=lambda item: item[1]),
            "chosen_area": area,
            "chosen_category": category,
        },
    )


def _days(event: Event) -> list[tuple[str, str]]:
    return [
        (d.isoformat(), date_format(d, "l, j F Y"))
        for d in EventDay.objects.filter(event=event)
        .order_by("date")
        .values_list("date", flat=True)
    ]


@login_required
def merchant_report(request: HttpRequest, merchant_id: int) -> HttpResponse:
    with scopes_disabled():
        merchant = get_object_or_404(
            FestivalMerchant.objects.select_related("event"), pk=merchant_id
        )
        if not services.can_report_for(request.user, merchant):
            raise PermissionDenied
        event = merchant.event
        form = MerchantReportForm(request.POST or None, days=_days(event))
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.merchant_report(
                    actor=request.user,
                    merchant=merchant,
                    date=dt.date.fromisoformat(data["date"]),
                    transactions=data["transactions"],
                    amount=data["amount"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("Report saved."))
                return redirect(request.path)
        reports = list(MerchantDailyReport.objects.filter(merchant=merchant).order_by("date"))
    return render(
        request,
        "events/festival/report.html",
        {"event": event, "merchant": merchant, "form": form, "reports": reports},
    )


@org_view("staff_events")
def festival_totals(
    request: HttpRequest, organisation: Organisation, event_id: int
) -> HttpResponse:
    event = get_object_or_404(Event, pk=event_id)
    per_day = list(
        MerchantDailyReport.objects.filter(event=event)
        .values("date")
        .annotate(amount=Sum("amount"), transactions=Sum("transactions"), merchants=Count("id"))
        .order_by("date")
    )
    per_merchant = list(
        FestivalMerchant.objects.filter(event=event)
        .annotate(amount=Sum("reports__amount"), transactions=Sum("reports__transactions"))
        .select_related("area", "category")
        .order_by("name")
    )
    total = {
        "amount": sum(row["amount"] or 0 for row in per_day),
        "transactions": sum(row["transactions"] or 0 for row in per_day),
    }
    return render(
        request,
        "events/festival/totals.html",
        {
            "organisation": organisation,
            "event": event,
            "per_day": per_day,
            "per_merchant": per_merchant,
            "total": total,
        },
    )


urlpatterns = [
    path("promo/<slug:slug>/", promos, name="promos"),
    path("acara-saya/festival/<int:merchant_id>/", merchant_report, name="merchant_report"),
    path("o/<slug:slug>/events/<int:event_id>/festival/", festival_totals, name="festival_totals"),
]
