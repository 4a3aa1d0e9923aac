"""Reads of curated collections: an organisation's own (scoped) and the public ones."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django_scopes import scopes_disabled

from naikkelas.catalog.models import Collection, CollectionItem, Product
from naikkelas.catalog.selectors.products import with_cards
from naikkelas.core.models import Organisation


def organisation_collections(organisation: Organisation) -> QuerySet[Collection]:
    return (
        Collection.objects.filter(organisation=organisation)
        .annotate(product_count=Count("items"))
        .order_by("-updated_at")
    )


def collection_of(organisation: Organisation, collection_id: int) -> Collection:
    collection = Collection.objects.filter(organisation=organisation, pk=collection_id).first()
    if collection is None:
        raise Http404
    return collection


def collection_items(collection: Collection) -> list[CollectionItem]:
    return list(
        CollectionItem.objects.filter(collection=collection)
        .select_related("product__business", "product__category")
        .prefetch_related("product__photos")
        .order_by("position", "id")
    )


def public_collections() -> list[Collection]:
    with scopes_disabled():
        return list(
            Collection.objects.filter(is_published=True, organisation__is_active=True)
            .select_related("organisation")
            .annotate(
                product_count=Count(
                    "items",
                    filter=Q(items__product__status="published"),
                )
            )
            .order_by("-published_at", "title")
        )


def public_collection(slug: str) -> Collection:
    with scopes_disabled():
        collection = (
            Collection.objects.filter(slug=slug, is_published=True, organisation__is_active=True)
            .select_related("organisation")
            .first()
        )
    if collection is None:
        raise Http404
    return collection


def public_collection_products(collection: Collection) -> list[Product]:
    """The collection's public products in the curator's order (hidden ones drop out)."""
    with scopes_disabled():
        order = list(
            CollectionItem.objects.filter(collection=collection)
            .order_by("position", "id")
            .values_list("product_id", flat=True)
        )
    found = {p.pk: p for p in with_cards(Product.objects.public().filter(pk__in=order))}
    return [found[pk] for pk in order if pk in found]
