"""Factories for the catalog."""

from __future__ import annotations

import io

from PIL import Image

from naikkelas.catalog.models import Category, Product, ProductStatus
from naikkelas.catalog.services.products import ProductData, product_create
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


def created(business, *, actor=None, publish=True, **fields):
    """A product added through the service, as its owner would."""
    fields.setdefault("name", "Keripik Tempe Sagu")
    fields.setdefault("category", "kuliner-makanan-ringan")
    return product_create(
        actor=actor, business=business, data=ProductData(**fields), publish=publish
    )


def jpeg(width=800, height=600, color=(200, 120, 40), exif=None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (width, height), color)
    if exif is not None:
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return out.getvalue()
