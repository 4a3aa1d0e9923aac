"""The catalog through the API: public search with facets, categories, public products and
collections; a business's products for its owners and coaching officers (create, change,
publish, delete). Errors come as ``{"detail": …}`` in the request's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from naikkelas.catalog.models import Category, Product, Unit
from naikkelas.catalog.selectors import collections as collection_selectors
from naikkelas.catalog.selectors import products as selectors
from naikkelas.catalog.selectors.search import FACET_PARAMETERS, Params, search_page
from naikkelas.catalog.services import products as services
from naikkelas.core.api import AUTH
from naikkelas.registry.models import Business

router = Router(tags=["catalog"])


# --- schemas ---------------------------------------------------------------------------------


class CategoryOut(Schema):
    slug: str
    name: str
    name_en: str
    parent: str | None
    hs_hint: str


class ProductCard(Schema):
    id: int
    slug: str
    name: str
    url: str
    category: str
    price_min: int | None
    price_max: int | None
    unit: str
    min_order: int | None
    business_id: int
    business_name: str
    photo: str | None


class VariantOut(Schema):
    name: str
    price: int


class ProductOut(ProductCard):
    description: str
    status: str
    hidden_reason: str
    capacity_per_month: int | None
    weight_grams: int | None
    packaging: str
    shelf_life_days: int | None
    hs_code: str
    export_ready: bool
    certificates: list[str]
    variants: list[VariantOut]
    updated_at: dt.datetime


class FacetValue(Schema):
    value: str = Field(description="the value to send in the facet's parameter to filter by it")
    label: str
    count: int
    chosen: bool


class FacetOut(Schema):
    key: str
    parameter: str = Field(description="the search parameter that filters by this facet")
    title: str
    options: list[FacetValue]


class SearchOut(Schema):
    total: int
    page: int
    pages: int
    corrected: str | None
    items: list[ProductCard]
    facets: list[FacetOut]


class SearchIn(Schema):
    q: str = ""
    kategori: str = ""
    wilayah: str = ""
    sertifikat: list[str] = []
    skala: list[str] = []
    harga: str = ""
    pesanan: str = ""
    ekspor: str = ""
    urut: str = "relevance"
    hal: int = 1


class VariantIn(Schema):
    name: str
    price: int


class ProductIn(Schema):
    name: str
    category: str
    description: str = ""
    price_min: int | None = None
    price_max: int | None = None
    variants: list[VariantIn] = []
    unit: str = Unit.PIECE
    min_order: int | None = None
    capacity_per_month: int | None = None
    weight_grams: int | None = None
    packaging: str = ""
    shelf_life_days: int | None = None
    hs_code: str = ""
    certificate_ids: list[int] = []
    export_ready: bool = False
    publish: bool = False


class CollectionOut(Schema):
    slug: str
    title: str
    description: str
    organisation: str
    url: str
    products: list[ProductCard] = []


# --- helpers ---------------------------------------------------------------------------------


def _url(name: str, *args: Any) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _card(product: Product) -> dict[str, Any]:
    photos = list(product.photos.all())
    cover = photos[0] if photos else None
    return {
        "id": product.pk,
        "slug": product.slug,
        "name": product.name,
        "url": _url("catalog:product", product.slug),
        "category": product.category.slug,
        "price_min": product.price_min,
        "price_max": product.price_max,
        "unit": product.unit,
        "min_order": product.min_order,
        "business_id": product.business_id,
        "business_name": product.business.name,
        "photo": settings.SITE_URL + (cover.thumb or cover.original).url if cover else None,
    }


def _detail(product: Product) -> dict[str, Any]:
    return {
        **_card(product),
        "description": product.description,
        "status": product.status,
        "hidden_reason": product.hidden_reason,
        "capacity_per_month": product.capacity_per_month,
        "weight_grams": product.weight_grams,
        "packaging": product.packaging,
        "shelf_life_days": product.shelf_life_days,
        "hs_code": product.hs_code,
        "export_ready": product.export_ready,
        "certificates": sorted({c.kind for c in product.certificates.all()}),
        "variants": [{"name": v.name, "price": v.price} for v in product.variants.all()],
        "updated_at": product.updated_at,
    }


def _business(request: HttpRequest, business_id: int) -> Business:
    """A business the caller may manage (owner or coaching officer), else 404."""
    business = Business.objects.live().filter(pk=business_id).first()
    if business is None or not services.can_edit_products(request.auth, business):
        raise Http404
    return business


def _product(request: HttpRequest, product_id: int) -> Product:
    product = Product.objects.select_related("business").filter(pk=product_id).first()
    if product is None or not services.can_edit_products(request.auth, product.business):
        raise Http404
    return selectors.product_of_business(product.business, product.pk)


def _data(payload: ProductIn) -> services.ProductData:
    values = payload.dict(exclude={"publish", "variants"})
    return services.ProductData(**values, variants=[(v.name, v.price) for v in payload.variants])


# --- public ----------------------------------------------------------------------------------


@router.get("/categories", response=list[CategoryOut], summary="The category tree")
def categories(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "slug": c.slug,
            "name": c.name,
            "name_en": c.name_en,
            "parent": c.parent.slug if c.parent else None,
            "hs_hint": c.hs_hint,
        }
        for c in Category.objects.filter(is_active=True).select_related("parent")
    ]


class _QueryDict(dict):  # type: ignore[type-arg]
    def getlist(self, key: str) -> list[str]:
        value = self.get(key, [])
        return list(value) if isinstance(value, list) else [value]


@router.get("/search", response=SearchOut, summary="Search the public catalog, with facets")
def search(request: HttpRequest, query: Query[SearchIn]) -> dict[str, Any]:
    params = Params.parse(_QueryDict(query.dict()))
    page = search_page(params)
    return {
        "total": page.total,
        "page": params.page,
        "pages": page.pages,
        "corrected": page.corrected,
        "items": [_card(p) for p in page.products],
        "facets": [
            {
                "key": f.key,
                "parameter": FACET_PARAMETERS[f.key],
                "title": f.title,
                "options": [
                    {"value": o.value, "label": o.label, "count": o.count, "chosen": o.chosen}
                    for o in f.options
                ],
            }
            for f in page.facets
        ],
    }


@router.get("/products/{slug}", response=ProductOut, summary="A public product")
def product_public(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _detail(selectors.public_product(slug))


@router.get("/collections", response=list[CollectionOut], summary="Published collections")
def collections(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "slug": c.slug,
            "title": c.title,
            "description": c.description,
            "organisation": c.organisation.name,
            "url": _url("catalog:collection", c.slug),
        }
        for c in collection_selectors.public_collections()
    ]


@router.get("/collections/{slug}", response=CollectionOut, summary="A published collection")
def collection(request: HttpRequest, slug: str) -> dict[str, Any]:
    found = collection_selectors.public_collection(slug)
    return {
        "slug": found.slug,
        "title": found.title,
        "description": found.description,
        "organisation": found.organisation.name,
        "url": _url("catalog:collection", found.slug),
        "products": [_card(p) for p in collection_selectors.public_collection_products(found)],
    }


# --- a business's products (owners, coaching officers) ----------------------------------------


@router.get(
    "/businesses/{business_id}/products",
    response=list[ProductOut],
    auth=AUTH,
    summary="Every product of a business, any status (its owners and coaching officers)",
)
def business_products(request: HttpRequest, business_id: int) -> list[dict[str, Any]]:
    business = _business(request, business_id)
    return [_detail(p) for p in selectors.business_products(business)]


@router.post(
    "/businesses/{business_id}/products",
    response={201: ProductOut},
    auth=AUTH,
    summary="Add a product (a draft unless publish is true)",
)
def product_create(request: HttpRequest, business_id: int, payload: ProductIn) -> Status[Any]:
    business = _business(request, business_id)
    product = services.product_create(
        actor=request.auth,  # type: ignore[arg-type]
        business=business,
        data=_data(payload),
        publish=payload.publish,
        source="api",
    )
    return Status(201, _detail(selectors.product_of_business(business, product.pk)))


@router.put("/items/{product_id}", response=ProductOut, auth=AUTH, summary="Change a product")
def product_update(request: HttpRequest, product_id: int, payload: ProductIn) -> dict[str, Any]:
    product = _product(request, product_id)
    services.product_update(actor=request.auth, product=product, data=_data(payload))  # type: ignore[arg-type]
    return _detail(selectors.product_of_business(product.business, product.pk))


@router.post(
    "/items/{product_id}/publish", response=ProductOut, auth=AUTH, summary="Publish a product"
)
def product_publish(request: HttpRequest, product_id: int) -> dict[str, Any]:
    product = _product(request, product_id)
    services.product_publish(actor=request.auth, product=product)  # type: ignore[arg-type]
    return _detail(selectors.product_of_business(product.business, product.pk))


@router.post(
    "/items/{product_id}/unpublish",
    response=ProductOut,
    auth=AUTH,
    summary="Back to draft",
)
def product_unpublish(request: HttpRequest, product_id: int) -> dict[str, Any]:
    product = _product(request, product_id)
    services.product_unpublish(actor=request.auth, product=product)  # type: ignore[arg-type]
    return _detail(selectors.product_of_business(product.business, product.pk))


@router.delete("/items/{product_id}", response={204: None}, auth=AUTH, summary="Delete")
def product_delete(request: HttpRequest, product_id: int) -> Status[None]:
    product = _product(request, product_id)
    services.product_delete(actor=request.auth, product=product)  # type: ignore[arg-type]
    return Status(204, None)
