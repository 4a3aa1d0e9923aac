"""A sale festival's public promo page (filter by area and category); the organisers'
pages for its merchants and their promotions and the festival's totals; the merchant's
own pages for its promotions and the day's transactions."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_scopes import scopes_disabled

from naikkelas.core.models import Organisation, Region
from naikkelas.core.phones import phone_display
from naikkelas.core.views import org_view
from naikkelas.events.forms_floor import (
    FestivalMerchantForm,
    MerchantReportForm,
    PromotionForm,
)
from naikkelas.events.models import (
    PUBLIC_STATUSES,
    Event,
    EventDay,
    EventKind,
    FestivalMerchant,
    MerchantDailyReport,
    MerchantKind,
    Promotion,
)
from naikkelas.events.selectors import festival as selectors
from naikkelas.events.services import festival as services
from naikkelas.events.views.events import add_errors, event_for


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
        {
            "event": event,
            "merchant": merchant,
            "form": form,
            "reports": reports,
            "promotions": selectors.merchant_promotions(merchant),
            "can_edit_promotions": services.can_edit_promotions(request.user, merchant),
        },
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


# --- the organisers: merchants and their promotions ------------------------------------------


def _festival(organisation: Organisation, event_id: int) -> Event:
    event = event_for(organisation, event_id)
    if event.kind != EventKind.SALE_FESTIVAL:
        raise Http404
    return event


def _merchant(event: Event, merchant_id: int) -> FestivalMerchant:
    merchant = selectors.festival_merchant(event, merchant_id)
    if merchant is None:
        raise Http404
    return merchant


def _merchant_data(form: FestivalMerchantForm, business_id: int | None) -> services.MerchantData:
    data = form.cleaned_data
    return services.MerchantData(
        name=data["name"],
        kind=data.get("kind") or MerchantKind.SME,
        category_id=data["category"],
        area_code=data["area"].code if data["area"] else "",
        address=data["address"],
        phone=data["phone"],
        business_id=business_id,
    )


@org_view("manage_events")
def merchant_list(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    event = _festival(organisation, event_id)
    chosen = {
        "area": request.GET.get("wilayah", ""),
        "category": request.GET.get("kategori", ""),
        "kind": request.GET.get("jenis", ""),
        "query": request.GET.get("q", ""),
    }
    rows = selectors.festival_merchants(event, **chosen)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "events/festival/merchants.html",
        {
            "organisation": organisation,
            "event": event,
            "page": page,
            "chosen": chosen,
            "kinds": MerchantKind.choices,
            **selectors.festival_filters(event),
        },
    )


@org_view("manage_events")
def merchant_new(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    """Add a merchant: a business the organisation coaches (searched by name or NIB) or a
    shop outside the registry."""
    event = _festival(organisation, event_id)
    business = selectors.addable_business(
        organisation, request.POST.get("business") or request.GET.get("usaha")
    )
    query = request.GET.get("q", "")
    initial: dict[str, object] = {"kind": MerchantKind.SME if business else MerchantKind.SHOP}
    if business is not None:
        initial.update(
            name=business.name,
            area=business.district_code,
            address=business.address,
            phone=phone_display(selectors.business_phone(business)),
        )
    form = FestivalMerchantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            merchant = services.merchant_add(
                actor=request.user,
                event=event,
                data=_merchant_data(form, business.pk if business else None),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s takes part. Add its promotions below.") % {"name": merchant.name},
            )
            return redirect("events:festival_merchant", organisation.slug, event.pk, merchant.pk)
    return render(
        request,
        "events/festival/merchant_new.html",
        {
            "organisation": organisation,
            "event": event,
            "form": form,
            "business": business,
            "query": query,
            "results": selectors.addable_businesses(organisation, query)
            if business is None
            else [],
        },
    )


@org_view("manage_events")
def merchant_detail(
    request: HttpRequest, organisation: Organisation, event_id: int, merchant_id: int
) -> HttpResponse:
    """A merchant: its details to correct, its promotions, withdraw or bring back."""
    event = _festival(organisation, event_id)
    merchant = _merchant(event, merchant_id)
    initial = {
        "name": merchant.name,
        "kind": merchant.kind,
        "category": merchant.category_id,
        "area": merchant.area_id,
        "address": merchant.address,
        "phone": phone_display(merchant.phone) if merchant.phone else "",
    }
    form = FestivalMerchantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.merchant_update(
                actor=request.user, merchant=merchant, data=_merchant_data(form, None)
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The merchant is saved."))
            return redirect(request.path)
    return render(
        request,
        "events/festival/merchant.html",
        {
            "organisation": organisation,
            "event": event,
            "merchant": merchant,
            "form": form,
            "promotions": selectors.merchant_promotions(merchant),
        },
    )


@org_view("manage_events")
@require_POST
def merchant_withdraw(
    request: HttpRequest, organisation: Organisation, event_id: int, merchant_id: int
) -> HttpResponse:
    event = _festival(organisation, event_id)
    merchant = _merchant(event, merchant_id)
    taking_part = request.POST.get("action") == "return"
    services.merchant_withdraw(actor=request.user, merchant=merchant, taking_part=taking_part)
    messages.success(
        request,
        _("%(name)s takes part again.") % {"name": merchant.name}
        if taking_part
        else _("%(name)s is withdrawn; its promotions are no longer shown.")
        % {"name": merchant.name},
    )
    return redirect("events:festival_merchant", organisation.slug, event.pk, merchant.pk)


def _promotion_page(
    request: HttpRequest,
    merchant: FestivalMerchant,
    promotion: Promotion | None,
    *,
    back: str,
    context: dict[str, object],
) -> HttpResponse:
    """Add or change one promotion, for the officers and for the merchant alike."""
    with scopes_disabled():
        event = Event.objects.get(pk=merchant.event_id)
    if promotion is not None:
        initial = {
            "title": promotion.title,
            "discount_percent": promotion.discount_percent,
            "discount_amount": promotion.discount_amount,
            "starts_on": promotion.starts_on,
            "ends_on": promotion.ends_on,
            "conditions": promotion.conditions,
        }
    else:
        initial = {"starts_on": event.starts_on, "ends_on": event.ends_on}
    form = PromotionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = services.PromotionData(**form.cleaned_data)
        try:
            if promotion is None:
                services.promotion_add(actor=request.user, merchant=merchant, data=data)
                messages.success(request, _("The promotion is on the promo page."))
            else:
                services.promotion_update(actor=request.user, promotion=promotion, data=data)
                messages.success(request, _("The promotion is saved."))
        except ValidationError as exc:
            add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(back)
    return render(
        request,
        "events/festival/promotion_form.html",
        {
            **context,
            "event": event,
            "merchant": merchant,
            "promotion": promotion,
            "form": form,
            "back": back,
        },
    )


@org_view("manage_events")
def promotion_new(
    request: HttpRequest, organisation: Organisation, event_id: int, merchant_id: int
) -> HttpResponse:
    event = _festival(organisation, event_id)
    merchant = _merchant(event, merchant_id)
    return _promotion_page(
        request,
        merchant,
        None,
        back=reverse("events:festival_merchant", args=[organisation.slug, event.pk, merchant.pk]),
        context={"organisation": organisation},
    )


@org_view("manage_events")
def promotion_edit(
    request: HttpRequest,
    organisation: Organisation,
    event_id: int,
    merchant_id: int,
    promotion_id: int,
) -> HttpResponse:
    event = _festival(organisation, event_id)
    merchant = _merchant(event, merchant_id)
    promotion = selectors.merchant_promotion(merchant, promotion_id)
    if promotion is None:
        raise Http404
    return _promotion_page(
        request,
        merchant,
        promotion,
        back=reverse("events:festival_merchant", args=[organisation.slug, event.pk, merchant.pk]),
        context={"organisation": organisation},
    )


@org_view("manage_events")
@require_POST
def promotion_end(
    request: HttpRequest,
    organisation: Organisation,
    event_id: int,
    merchant_id: int,
    promotion_id: int,
) -> HttpResponse:
    event = _festival(organisation, event_id)
    merchant = _merchant(event, merchant_id)
    promotion = selectors.merchant_promotion(merchant, promotion_id)
    if promotion is None:
        raise Http404
    services.promotion_end(actor=request.user, promotion=promotion)
    messages.success(request, _("The promotion has ended; it is no longer shown."))
    return redirect("events:festival_merchant", organisation.slug, event.pk, merchant.pk)


# --- the merchant: its own promotions --------------------------------------------------------


def _own_merchant(request: HttpRequest, merchant_id: int) -> FestivalMerchant:
    with scopes_disabled():
        merchant = get_object_or_404(FestivalMerchant, pk=merchant_id)
    if not services.can_edit_promotions(request.user, merchant):
        raise PermissionDenied
    return merchant


@login_required
def own_promotion_new(request: HttpRequest, merchant_id: int) -> HttpResponse:
    merchant = _own_merchant(request, merchant_id)
    return _promotion_page(
        request,
        merchant,
        None,
        back=reverse("events:merchant_report", args=[merchant.pk]),
        context={},
    )


@login_required
def own_promotion_edit(request: HttpRequest, merchant_id: int, promotion_id: int) -> HttpResponse:
    merchant = _own_merchant(request, merchant_id)
    promotion = selectors.merchant_promotion(merchant, promotion_id)
    if promotion is None:
        raise Http404
    return _promotion_page(
        request,
        merchant,
        promotion,
        back=reverse("events:merchant_report", args=[merchant.pk]),
        context={},
    )


@login_required
@require_POST
def own_promotion_end(request: HttpRequest, merchant_id: int, promotion_id: int) -> HttpResponse:
    merchant = _own_merchant(request, merchant_id)
    promotion = selectors.merchant_promotion(merchant, promotion_id)
    if promotion is None:
        raise Http404
    services.promotion_end(actor=request.user, promotion=promotion)
    messages.success(request, _("The promotion has ended; it is no longer shown."))
    return redirect("events:merchant_report", merchant.pk)


F = "o/<slug:slug>/events/<int:event_id>/festival/"
M = F + "merchants/<int:merchant_id>/"
OWN = "acara-saya/festival/<int:merchant_id>/"

urlpatterns = [
    path("promo/<slug:slug>/", promos, name="promos"),
    path("acara-saya/festival/<int:merchant_id>/", merchant_report, name="merchant_report"),
    path(F, festival_totals, name="festival_totals"),
    path(F + "merchants/", merchant_list, name="festival_merchants"),
    path(F + "merchants/new/", merchant_new, name="festival_merchant_new"),
    path(M, merchant_detail, name="festival_merchant"),
    path(M + "withdraw/", merchant_withdraw, name="festival_merchant_withdraw"),
    path(M + "promotions/new/", promotion_new, name="festival_promotion_new"),
    path(M + "promotions/<int:promotion_id>/", promotion_edit, name="festival_promotion"),
    path(M + "promotions/<int:promotion_id>/end/", promotion_end, name="festival_promotion_end"),
    path(OWN + "promosi/baru/", own_promotion_new, name="own_promotion_new"),
    path(OWN + "promosi/<int:promotion_id>/", own_promotion_edit, name="own_promotion"),
    path(OWN + "promosi/<int:promotion_id>/akhiri/", own_promotion_end, name="own_promotion_end"),
]
