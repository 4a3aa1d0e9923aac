"""Reads of products: a business's products for its owner or officer, one product, the
public product page and lists. Query counts do not grow with the number of rows."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from naikkelas.catalog import hs_suggest
from naikkelas.catalog.models import Category, HsCode, Product, ProductPhoto
from naikkelas.registry.models import Business


def _photos() -> Prefetch[Any]:
    return Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "id"))


def business_products(business: Business) -> list[Product]:
    """Every product of a business, any status, newest change first, with photos."""
    return list(
        Product.objects.filter(business=business)
        .select_related("category")
        .prefetch_related(_photos())
        .order_by("-updated_at", "-id")
    )


def product_of_business(business: Business, product_id: int) -> Product:
    product = (
        Product.objects.filter(business=business, pk=product_id)
        .select_related("category", "business", "hidden_by", "updated_by")
        .prefetch_related(_photos(), "variants", "certificates")
        .first()
    )
    if product is None:
        raise Http404
    return product


def with_cards(queryset: QuerySet[Product]) -> QuerySet[Product]:
    """What a product card shows: category, business and its region, cover photo."""
    return queryset.select_related("category", "business").prefetch_related(_photos())


def public_product(slug: str) -> Product:
    product = (
        Product.objects.public()
        .filter(slug=slug)
        .select_related("category__parent", "business__village__parent__parent__parent")
        .prefetch_related(
            _photos(), "variants", "certificates", "business__owners", "business__clusters"
        )
        .first()
    )
    if product is None:
        raise Http404
    return product


# what a card (page, API, collection) shows of a product, and what says it is public
CARD_FIELDS = (
    "slug",
    "name",
    "price_min",
    "price_max",
    "unit",
    "min_order",
    "status",
    "business__name",
    "business__status",
    "business__merged_into_id",
    "category__slug",
    "category__name",
    "category__name_en",
    "category__parent_id",
)


def products_by_ids(ids: list[int]) -> list[Product]:
    """Public products in the order of ``ids`` (a search result page); gone ones skipped.

    Read by primary key alone and checked in Python: with ``public()``'s condition in the
    query, SQLite without statistics walked every published product by the status index
    (200 ms at a million) instead of looking the 20 ids up."""
    loaded = with_cards(Product.objects.filter(pk__in=ids).order_by()).only(*CARD_FIELDS)
    found = {p.pk: p for p in loaded if p.shown_publicly()}
    return [found[i] for i in ids if i in found]


def hs_suggestions(
    name: str, description: str = "", category_slug: str = ""
) -> list[dict[str, str]]:
    hint = ""
    if category_slug:
        hint = (
            Category.objects.filter(slug=category_slug).values_list("hs_hint", flat=True).first()
            or ""
        )
    suggestions = hs_suggest.suggest(name, description, hint)
    descriptions = dict(
        HsCode.objects.filter(code__in=[s.code for s in suggestions]).values_list(
            "code", "description"
        )
    )
    return [
        {"code": s.code, "keyword": s.keyword, "description": descriptions.get(s.code, "")}
        for s in suggestions
    ]
