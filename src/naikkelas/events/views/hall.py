"""The online hall (*pameran daring*) of a published online or hybrid event: every
exhibitor's booth as a page with its products, browsable by category and zone, with a
WhatsApp button counted through a redirect. Open during and after the event days."""

from __future__ import annotations

from urllib.parse import quote

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_scopes import scopes_disabled

from naikkelas.catalog.models import Product, ProductStatus
from naikkelas.events.models import PUBLIC_STATUSES, Booth, Event, Exhibitor
from naikkelas.events.selectors.report import _exhibitor_categories
from naikkelas.events.services.sales import hall_count
from naikkelas.registry.models import BusinessOwner


def _hall_event(slug: str) -> Event:
    event = get_object_or_404(Event, slug=slug, status__in=PUBLIC_STATUSES)
    if not event.has_online_market:
        raise Http404
    return event


def _is_open(event: Event) -> bool:
    return event.starts_on is None or timezone.localdate() >= event.starts_on


def _exhibitors(event: Event) -> list[Exhibitor]:
    return list(
        Exhibitor.objects.filter(event=event, is_active=True)
        .select_related("business", "quota")
        .prefetch_related(Prefetch("booth", queryset=Booth.objects.all()))
        .order_by("display_name", "id")
    )


def _zone(exhibitor: Exhibitor) -> str:
    booth = getattr(exhibitor, "booth", None)
    return booth.zone if booth is not None else ""


@require_GET
def hall(request: HttpRequest, slug: str) -> HttpResponse:
    with scopes_disabled():
        event = _hall_event(slug)
        exhibitors = _exhibitors(event) if _is_open(event) else []
        categories = _exhibitor_categories(exhibitors)
    chosen_category = request.GET.get("kategori", "")
    chosen_zone = request.GET.get("zona", "")
    rows = [
        (e, categories.get(e.pk, ""), _zone(e))
        for e in exhibitors
        if (not chosen_category or categories.get(e.pk) == chosen_category)
        and (not chosen_zone or _zone(e) == chosen_zone)
    ]
    return render(
        request,
        "events/hall/hall.html",
        {
            "event": event,
            "open": _is_open(event),
            "rows": rows,
            "categories": sorted({c for c in categories.values() if c}),
            "zones": sorted({_zone(e) for e in exhibitors if _zone(e)}),
            "chosen_category": chosen_category,
            "chosen_zone": chosen_zone,
        },
    )


def _whatsapp(exhibitor: Exhibitor) -> str:
    owner = (
        BusinessOwner.objects.filter(business_id=exhibitor.business_id, whatsapp=True)
        .exclude(phone="")
        .order_by("-is_primary", "id")
        .first()
    )
    return owner.phone if owner else ""


@require_GET
def booth(request: HttpRequest, slug: str, exhibitor_id: int) -> HttpResponse:
    with scopes_disabled():
        event = _hall_event(slug)
        if not _is_open(event):
            raise Http404
        exhibitor = get_object_or_404(
            Exhibitor.objects.select_related("business", "application"),
            pk=exhibitor_id,
            event=event,
            is_active=True,
        )
        products = Product.objects.public().filter(business_id=exhibitor.business_id)
        if exhibitor.application_id:
            chosen = exhibitor.application.products.filter(status=ProductStatus.PUBLISHED)
            if chosen.exists():
                products = chosen
        products = products.select_related("category")[:24]
        phone = _whatsapp(exhibitor)
        hall_count(exhibitor=exhibitor, what="view")
        zone = _zone(exhibitor)
    return render(
        request,
        "events/hall/booth.html",
        {
            "event": event,
            "exhibitor": exhibitor,
            "products": products,
            "zone": zone,
            "has_whatsapp": bool(phone),
            "whatsapp_url": reverse("events:hall_whatsapp", args=[event.slug, exhibitor.pk]),
        },
    )


@require_GET
def whatsapp(request: HttpRequest, slug: str, exhibitor_id: int) -> HttpResponse:
    """Count the click, then send the visitor on to WhatsApp with a greeting."""
    with scopes_disabled():
        event = _hall_event(slug)
        exhibitor = get_object_or_404(Exhibitor, pk=exhibitor_id, event=event, is_active=True)
        phone = _whatsapp(exhibitor)
        if not phone:
            raise Http404
        hall_count(exhibitor=exhibitor, what="click")
    greeting = f"Halo {exhibitor.display_name}, saya melihat stan Anda di {event.title}."
    response = HttpResponseRedirect(f"https://wa.me/{phone.lstrip('+')}?text={quote(greeting)}")
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


urlpatterns = [
    path("pameran-daring/<slug:slug>/", hall, name="hall"),
    path("pameran-daring/<slug:slug>/stan/<int:exhibitor_id>/", booth, name="hall_booth"),
    path("pameran-daring/<slug:slug>/stan/<int:exhibitor_id>/wa/", whatsapp, name="hall_whatsapp"),
]
