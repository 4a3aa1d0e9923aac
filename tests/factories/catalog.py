"""Factories for the catalog."""

from __future__ import annotations

from naikkelas.catalog.models import Category, Product, ProductStatus
from tests.factories.registry import register


def product(
    business=None, *, name="Keripik Tempe Original", category="kuliner-makanan-ringan", **fields
):
    """A product stored as it is (the services are tested on their own)."""
    business = business or register()
    fields.setdefault("status", ProductStatus.PUBLISHED)
    fields.setdefault("slug", f"{name.lower().replace(' ', '-')}-{Product.objects.count() + 1}")
    return Product.objects.create(
        business=business, name=name, category=Category.objects.get(slug=category), **fields
    )
