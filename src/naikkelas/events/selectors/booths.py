"""Reads for the booth plan: the grid per zone, who still needs a booth, the categories
the allocation groups by, the rows of the printable plan."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from naikkelas.events.models import Booth, Event, Exhibitor
from naikkelas.events.printing import PlanBooth, PlanTexts
from naikkelas.events.services.booths import plan_numbers
from naikkelas.registry.models import Business

ADD_CHOICES = 500  # businesses offered in the "add an exhibitor" list


def booth_plan(event: Event) -> dict[str, Any]:
    with scopes_disabled():
        booths = list(
            Booth.objects.filter(event=event)
            .select_related("exhibitor")
            .order_by("zone", "row", "column", "code")
        )
        exhibitors = list(
            Exhibitor.objects.filter(event=event, is_active=True)
            .select_related("quota", "business")
            .order_by("display_name", "pk")
        )
        placed = {b.exhibitor_id for b in booths if b.exhibitor_id}
        existing = {e.business_id for e in exhibitors}
        addable = list(
            Business.objects.live()
            .filter(coaching__organisation__in=event.organisers.all(), coaching__active=True)
            .exclude(pk__in=existing)
            .distinct()
            .order_by("name", "pk")
            .values_list("pk", "name")[:ADD_CHOICES]
        )
    zones: dict[str, list[list[Booth | None]]] = {}
    grouped: dict[str, list[Booth]] = defaultdict(list)
    for booth in booths:
        grouped[booth.zone].append(booth)
    for zone, items in grouped.items():
        top = min(b.row for b in items)
        rows = max(b.row for b in items) - top + 1
        columns = max(b.column for b in items) + 1
        grid: list[list[Booth | None]] = [[None] * columns for _ in range(rows)]
        for booth in items:
            grid[booth.row - top][booth.column] = booth
        zones[zone] = grid
    return {
        "numbers": plan_numbers(event),
        "booths": booths,
        "zones": sorted(zones.items()),
        "exhibitors": exhibitors,
        "waiting": [e for e in exhibitors if e.pk not in placed],
        "free_booths": [b for b in booths if b.is_open and b.exhibitor_id is None],
        "addable": addable,
    }


def exhibitor_categories(event: Event) -> dict[int, tuple[str, str]]:
    """Exhibitor id → (category, sub-category) from the products it shows (the most
    common one), else its quota's name: what the automatic allocation groups by."""
    result: dict[int, tuple[str, str]] = {}
    with scopes_disabled():
        exhibitors = (
            Exhibitor.objects.filter(event=event, is_active=True)
            .select_related("quota", "application")
            .prefetch_related("application__products__category__parent")
        )
        for exhibitor in exhibitors:
            counts: Counter[tuple[str, str]] = Counter()
            if exhibitor.application is not None:
                for product in exhibitor.application.products.all():
                    category = product.category
                    top = category.parent or category
                    counts[(top.slug, category.slug)] += 1
            if counts:
                result[exhibitor.pk] = counts.most_common(1)[0][0]
            else:
                result[exhibitor.pk] = (exhibitor.quota.label if exhibitor.quota else "", "")
    return result


def catalog_link(business_id: int, base_url: str) -> str:
    """The exhibitor's page in the catalog (its public profile until the catalog's
    storefront exists)."""
    try:
        path = reverse("catalog:storefront", args=[business_id])
    except NoReverseMatch:
        path = reverse("registry:public_business", args=[business_id])
    return base_url.rstrip("/") + path


def printable_plan(event: Event, *, base_url: str) -> tuple[list[PlanBooth], PlanTexts]:
    numbers = plan_numbers(event)
    with scopes_disabled():
        booths = list(
            Booth.objects.filter(event=event)
            .select_related("exhibitor__quota")
            .order_by("zone", "row", "column", "code")
        )
    rows = [
        PlanBooth(
            code=b.code,
            zone=b.zone,
            column=b.column,
            row=b.row,
            size=b.size_label,
            is_open=b.is_open,
            has_power=b.has_power,
            has_water=b.has_water,
            exhibitor=b.exhibitor.display_name if b.exhibitor else "",
            category=b.exhibitor.quota.label if b.exhibitor and b.exhibitor.quota else "",
            link=catalog_link(b.exhibitor.business_id, base_url) if b.exhibitor else "",
            price=b.price,
        )
        for b in booths
    ]
    dates = ""
    if event.starts_on:
        dates = event.starts_on.strftime("%d-%m-%Y")
        if event.ends_on and event.ends_on != event.starts_on:
            dates += " – " + event.ends_on.strftime("%d-%m-%Y")
    power, water = _("electricity"), _("water")
    texts = PlanTexts(
        title=event.title,
        subtitle=" · ".join(
            x
            for x in (
                dates,
                event.venue_name,
                _("%(planned)s booths planned, %(allowed)s usable, %(taken)s taken")
                % {
                    "planned": numbers.planned,
                    "allowed": numbers.allowed,
                    "taken": numbers.taken,
                },
            )
            if x
        ),
        legend=_("Grey and crossed: closed under the capacity rule.")
        + f" {power[0].upper()}: {power}. {water[0].upper()}: {water}.",
        closed=_("closed"),
        free=_("free"),
        zone=_("Zone"),
        power=power[0].upper(),
        water=water[0].upper(),
        scan=_("Scan to see our products in the catalog."),
    )
    return rows, texts
