"""Reads of a sale festival: its merchants with their filters, a merchant's promotions, the
registry businesses an officer may add, and a person's own festival participation."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django_scopes import scopes_disabled

from naikkelas.catalog.models import Category
from naikkelas.core.models import Organisation, Region
from naikkelas.events.models import Event, FestivalMerchant, Promotion
from naikkelas.registry.models import Business


def festival_merchants(
    event: Event, *, area: str = "", category: str = "", kind: str = "", query: str = ""
) -> QuerySet[FestivalMerchant]:
    """The festival's merchants (withdrawn ones last), each with its number of shown
    promotions; ``area`` a district code, ``category`` a category slug, ``kind`` a
    ``MerchantKind``, ``query`` a part of the name."""
    with scopes_disabled():
        rows = (
            FestivalMerchant.objects.filter(event=event)
            .select_related("area", "category", "business")
            .annotate(
                promotion_count=Count(
                    "promotions", filter=Q(promotions__is_active=True), distinct=True
                ),
            )
            .order_by("-is_active", "name", "id")
        )
        if area:
            rows = rows.filter(area_id=area)
        if category:
            rows = rows.filter(category__slug=category)
        if kind:
            rows = rows.filter(kind=kind)
        if query.strip():
            rows = rows.filter(name__icontains=query.strip())
        return rows


def festival_filters(event: Event) -> dict[str, Any]:
    """The areas and categories the festival's merchants are in, for the filters."""
    with scopes_disabled():
        merchants = FestivalMerchant.objects.filter(event=event)
        areas = list(
            Region.objects.filter(code__in=merchants.values_list("area_id", flat=True)).order_by(
                "name"
            )
        )
        categories = list(
            Category.objects.filter(pk__in=merchants.values_list("category_id", flat=True))
        )
    return {
        "areas": [(a.code, str(a.label)) for a in areas],
        "categories": sorted(((c.slug, str(c.label)) for c in categories), key=lambda c: c[1]),
    }


def festival_merchant(event: Event, merchant_id: int) -> FestivalMerchant | None:
    with scopes_disabled():
        return (
            FestivalMerchant.objects.filter(event=event, pk=merchant_id)
            .select_related("area", "category", "business", "event")
            .first()
        )


def merchant_promotions(merchant: FestivalMerchant) -> list[Promotion]:
    """The merchant's promotions, those shown first, then by their first day."""
    with scopes_disabled():
        return list(
            Promotion.objects.filter(merchant=merchant).order_by("-is_active", "starts_on", "id")
        )


def merchant_promotion(merchant: FestivalMerchant, promotion_id: int) -> Promotion | None:
    with scopes_disabled():
        return Promotion.objects.filter(merchant=merchant, pk=promotion_id).first()


def addable_businesses(organisation: Organisation, query: str, limit: int = 20) -> list[Business]:
    """Live businesses ``organisation`` coaches (the registry it can see, decision 0008)
    whose name contains ``query`` or whose NIB is ``query``."""
    text = " ".join(query.split())
    if len(text) < 2:
        return []
    with scopes_disabled():
        return list(
            Business.objects.live()
            .coached_by(organisation)
            .filter(Q(name__icontains=text) | Q(nib=text))
            .exclude(status="closed")
            .distinct()
            .order_by("name", "pk")[:limit]
        )


def addable_business(organisation: Organisation, business_id: Any) -> Business | None:
    if not str(business_id or "").isdigit():
        return None
    with scopes_disabled():
        return (
            Business.objects.live()
            .coached_by(organisation)
            .filter(pk=int(business_id))
            .select_related("village")
            .first()
        )


def business_phone(business: Business) -> str:
    """The main owner's phone (E.164), for a merchant added from the registry."""
    with scopes_disabled():
        owner = business.owners.order_by("-is_primary", "pk").exclude(phone="").first()
    return owner.phone if owner is not None else ""


def own_festival_merchants(user: Any) -> list[FestivalMerchant]:
    """The festivals ``user`` takes part in as a merchant: as its contact person or as an
    owner of its registered business; the latest festival first."""
    if not getattr(user, "is_authenticated", False):
        return []
    with scopes_disabled():
        return list(
            FestivalMerchant.objects.filter(
                Q(contact_user=user) | Q(business__owners__user=user), is_active=True
            )
            .select_related("event", "area")
            .annotate(
                promotion_count=Count(
                    "promotions", filter=Q(promotions__is_active=True), distinct=True
                ),
            )
            .distinct()
            .order_by("-event__starts_on", "name", "id")
        )
