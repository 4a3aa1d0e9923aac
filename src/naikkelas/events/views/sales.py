"""Sales and leads of an exhibitor, day by day: the exhibitor's owner records them on a
phone, or an officer or the event staff for them; corrections keep their history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from naikkelas.catalog.models import Product
from naikkelas.core.models import Organisation
from naikkelas.core.views import org_view
from naikkelas.events.forms_floor import LeadForm, SaleForm
from naikkelas.events.models import Event, EventDay, Exhibitor, Lead, SaleEntry
from naikkelas.events.services import sales as services
from naikkelas.registry.models import BusinessOwner


def _add_errors(form: Any, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _days(event_id: int) -> list[tuple[str, str]]:
    return [
        (d.isoformat(), date_format(d, "l, j F Y"))
        for d in EventDay.objects.filter(event_id=event_id)
        .order_by("date")
        .values_list("date", flat=True)
    ]


def _sales_page(request: HttpRequest, exhibitor: Exhibitor, back: str) -> HttpResponse:
    """The one page for an exhibitor's sales, whoever records them."""
    if not services.can_record_sales(request.user, exhibitor):
        raise PermissionDenied
    with scopes_disabled():
        event = Event.objects.get(pk=exhibitor.event_id)
        days = _days(event.pk)
        products = list(
            Product.objects.filter(business_id=exhibitor.business_id)
            .order_by("name")
            .values_list("pk", "name")
        )
        editing = None
        if request.GET.get("ubah"):
            editing = get_object_or_404(SaleEntry, pk=request.GET["ubah"], exhibitor=exhibitor)
        initial: dict[str, Any] = {}
        if editing is not None:
            initial = {
                "date": editing.date.isoformat(),
                "amount": editing.amount,
                "transactions": editing.transactions,
                "buyer_kind": editing.buyer_kind,
                "product": editing.product_id or "",
                "note": editing.note,
            }
        kind = request.POST.get("form", "sale")
        sale_form = SaleForm(
            request.POST if request.method == "POST" and kind == "sale" else None,
            initial=initial,
            days=days,
            products=products,
            with_reason=editing is not None,
        )
        lead_form = LeadForm(
            request.POST if request.method == "POST" and kind == "lead" else None, days=days
        )
        if request.method == "POST" and kind == "sale" and sale_form.is_valid():
            data = sale_form.cleaned_data
            sale = services.SaleData(
                date=dt.date.fromisoformat(data["date"]),
                amount=data["amount"],
                transactions=data["transactions"],
                buyer_kind=data["buyer_kind"],
                product_id=data["product"] or None,
                note=data["note"],
            )
            try:
                if editing is not None:
                    services.sale_correct(
                        actor=request.user, entry=editing, data=sale, reason=data["reason"]
                    )
                    messages.success(request, _("The sale is corrected; the old numbers are kept."))
                else:
                    services.sale_record(actor=request.user, exhibitor=exhibitor, data=sale)
                    messages.success(request, _("Sales recorded."))
            except ValidationError as exc:
                _add_errors(sale_form, exc)
            else:
                return redirect(request.path)
        if request.method == "POST" and kind == "lead" and lead_form.is_valid():
            data = lead_form.cleaned_data
            try:
                services.lead_record(
                    actor=request.user,
                    exhibitor=exhibitor,
                    data=services.LeadData(
                        date=dt.date.fromisoformat(data["date"]),
                        name=data["name"],
                        contact=data["contact"],
                        interest=data["interest"],
                        buyer_kind=data["buyer_kind"],
                        estimated_value=data["estimated_value"],
                    ),
                )
            except ValidationError as exc:
                _add_errors(lead_form, exc)
            else:
                messages.success(request, _("Lead recorded."))
                return redirect(request.path)
        entries = list(
            SaleEntry.objects.filter(exhibitor=exhibitor)
            .select_related("product")
            .prefetch_related("revisions")
            .order_by("date", "id")
        )
        totals = SaleEntry.objects.filter(exhibitor=exhibitor, is_void=False).aggregate(
            amount=Sum("amount"), transactions=Sum("transactions")
        )
        leads = list(Lead.objects.filter(exhibitor=exhibitor).order_by("date", "id"))
    return render(
        request,
        "events/sales/sales.html",
        {
            "event": event,
            "exhibitor": exhibitor,
            "entries": entries,
            "totals": totals,
            "leads": leads,
            "sale_form": sale_form,
            "lead_form": lead_form,
            "editing": editing,
            "back": back,
        },
    )


@login_required
def my_sales(request: HttpRequest, exhibitor_id: int) -> HttpResponse:
    with scopes_disabled():
        exhibitor = get_object_or_404(Exhibitor, pk=exhibitor_id)
    return _sales_page(request, exhibitor, back="")


@login_required
def my_events(request: HttpRequest) -> HttpResponse:
    """The events the person's businesses exhibit at, with a link to record sales."""
    with scopes_disabled():
        businesses = BusinessOwner.objects.filter(user=request.user).values_list(
            "business_id", flat=True
        )
        exhibitors = list(
            Exhibitor.objects.filter(business_id__in=list(businesses), is_active=True)
            .select_related("event")
            .order_by("-event__starts_on", "id")
        )
    return render(request, "events/sales/my_events.html", {"exhibitors": exhibitors})


@org_view("staff_events")
def officer_sales(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    """The organisers' list of exhibitors with their sales so far."""
    event = get_object_or_404(Event, pk=event_id)
    totals = {
        row["exhibitor_id"]: row
        for row in SaleEntry.objects.filter(event=event, is_void=False)
        .values("exhibitor_id")
        .annotate(amount=Sum("amount"), transactions=Sum("transactions"))
    }
    exhibitors = [
        (e, totals.get(e.pk, {}))
        for e in Exhibitor.objects.filter(event=event, is_active=True).order_by("display_name")
    ]
    return render(
        request,
        "events/sales/officer.html",
        {"organisation": organisation, "event": event, "exhibitors": exhibitors},
    )


@org_view("staff_events")
def officer_exhibitor_sales(
    request: HttpRequest, organisation: Organisation, event_id: int, exhibitor_id: int
) -> HttpResponse:
    event = get_object_or_404(Event, pk=event_id)
    exhibitor = get_object_or_404(Exhibitor, pk=exhibitor_id, event=event)
    from django.urls import reverse

    return _sales_page(
        request, exhibitor, back=reverse("events:officer_sales", args=[organisation.slug, event.pk])
    )


urlpatterns = [
    path("acara-saya/pameran/", my_events, name="my_events"),
    path("acara-saya/pameran/<int:exhibitor_id>/penjualan/", my_sales, name="my_sales"),
    path("o/<slug:slug>/events/<int:event_id>/sales/", officer_sales, name="officer_sales"),
    path(
        "o/<slug:slug>/events/<int:event_id>/sales/<int:exhibitor_id>/",
        officer_exhibitor_sales,
        name="officer_exhibitor_sales",
    ),
]
