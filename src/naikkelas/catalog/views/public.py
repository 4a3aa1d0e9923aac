"""The public catalog (no login): search with facets, the product page with WhatsApp,
share and a QR code for a booth card, a business's storefront, cluster (sentra) and region
pages, curated collections, and the sitemap. Mobile first and light: product cards are
the search engine's ids rendered from one query, images are lazy with their size."""

from __future__ import annotations

import hashlib
import io
from typing import Any
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from naikkelas.catalog import indexing, richtext
from naikkelas.catalog.models import Product
from naikkelas.catalog.selectors import collections as collection_selectors
from naikkelas.catalog.selectors import products as selectors
from naikkelas.catalog.selectors.search import Params, region_labels, search_page
from naikkelas.catalog.templatetags.catalog import photo_url
from naikkelas.core.models import Region
from naikkelas.core.selectors import region_path_label
from naikkelas.registry.models import Business
from naikkelas.registry.selectors import businesses as business_selectors


def absolute(request: HttpRequest, url: str) -> str:
    return settings.SITE_URL + url if settings.SITE_URL else request.build_absolute_uri(url)


RESULTS_SECONDS = 300


def _search(
    request: HttpRequest, template: str, fixed: dict[str, Any] | None = None, **context: Any
) -> HttpResponse:
    """The search page: results and facets are rendered once per query, language and index
    version (``indexing.version``, bumped by every index update) and kept in the cache, so
    a popular search costs one cache read; the page around them (CSRF token, language
    switch) is rendered for each visitor."""
    params = Params.parse(request.GET)
    fixed_text = urlencode(sorted((fixed or {}).items()))
    ask = f"{request.LANGUAGE_CODE}:{request.path}:{urlencode(params.pairs())}:{fixed_text}"
    key = f"catalog:results:{indexing.version()}:{hashlib.sha256(ask.encode()).hexdigest()}"
    results = cache.get(key)
    if results is None:
        page = search_page(params, fixed)
        results = render_to_string(
            "catalog/partials/results.html",
            {
                "page": page,
                "params": params,
                "action": request.path,
                "hidden": [(k, v) for k, v in params.pairs() if k not in {"q", "hal"}],
            },
            request=request,
        )
        cache.set(key, results, RESULTS_SECONDS)
    results = mark_safe(results)  # noqa: S308 - rendered from our own template above
    return render(request, template, {"results": results, "params": params, **context})


@require_GET
def catalog_search(request: HttpRequest) -> HttpResponse:
    return _search(request, "catalog/public/search.html")


def whatsapp_link(product: Product, url: str) -> str:
    """``https://wa.me/<number>?text=…`` of the business's main owner, when on WhatsApp."""
    owners = sorted(product.business.owners.all(), key=lambda o: (not o.is_primary, o.pk))
    owner = next((o for o in owners if o.phone and o.whatsapp), None)
    if owner is None:
        return ""
    text = _("Hello, I am interested in %(name)s: %(url)s") % {"name": product.name, "url": url}
    return f"https://wa.me/{owner.phone.lstrip('+')}?text={quote(text)}"


@require_GET
def product_page(request: HttpRequest, slug: str) -> HttpResponse:
    product = selectors.public_product(slug)
    url = absolute(request, reverse("catalog:product", args=[product.slug]))
    business = product.business
    photos = list(product.photos.all())
    return render(
        request,
        "catalog/public/product.html",
        {
            "product": product,
            "business": business,
            "photos": photos,
            "url": url,
            "whatsapp": whatsapp_link(product, url),
            "region": region_path_label(business.village.parent) if business.village else "",
            "summary": richtext.plain(product.description)[:200],
            "image_url": absolute(request, photo_url(photos[0], "large")) if photos else "",
            "certificates": list(product.certificates.all()),
            "variants": list(product.variants.all()),
            "clusters": list(business.clusters.all()),
        },
    )


@require_GET
@cache_control(max_age=86400)
def product_qr(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """A QR code of the product page, for a booth card: SVG (prints sharp) or PNG."""
    product = selectors.public_product(slug)
    url = absolute(request, reverse("catalog:product", args=[product.slug]))
    qr = segno.make(url, error="m")
    if fmt == "svg":
        return HttpResponse(qr.svg_inline(scale=8, border=2), content_type="image/svg+xml")
    if fmt == "png":
        out = io.BytesIO()
        qr.save(out, kind="png", scale=8, border=2)
        return HttpResponse(out.getvalue(), content_type="image/png")
    raise Http404


@require_GET
def storefront(request: HttpRequest, business_id: int) -> HttpResponse:
    """A business's products; its profile details as far as the owner made them public."""
    business = (
        Business.objects.live()
        .filter(pk=business_id)
        .select_related("village__parent__parent__parent")
        .first()
    )
    if business is None or not Product.objects.public().filter(business=business).exists():
        raise Http404
    return _search(
        request,
        "catalog/public/storefront.html",
        {"business_id": business.pk},
        business=business,
        region=region_path_label(business.village.parent) if business.village else "",
    )


@require_GET
def cluster_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A sentra as a destination: its story, address and its members' products."""
    cluster = business_selectors.cluster_public(slug)
    return _search(
        request,
        "catalog/public/cluster.html",
        {"cluster_id": cluster.pk},
        cluster=cluster,
        region=region_path_label(cluster.region),
    )


@require_GET
def region_page(request: HttpRequest, code: str) -> HttpResponse:
    """ "Produk IKM Kota Surakarta": the catalog within a province, regency or district."""
    region = Region.objects.filter(code=code, level__lte=3).first()
    if region is None:
        raise Http404
    params = Params.parse(request.GET)
    if params.region and params.region.startswith(code + "."):
        fixed: dict[str, Any] = {}  # a narrower region chosen inside this one
    else:
        fixed = {"region": code}
    return _search(
        request,
        "catalog/public/region.html",
        fixed,
        region=region,
        region_name=region_labels([code])[code],
    )


@require_GET
def collection_page(request: HttpRequest, slug: str) -> HttpResponse:
    collection = collection_selectors.public_collection(slug)
    return render(
        request,
        "catalog/public/collection.html",
        {
            "collection": collection,
            "products": collection_selectors.public_collection_products(collection),
            "url": absolute(request, reverse("catalog:collection", args=[collection.slug])),
        },
    )


@require_GET
def collection_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalog/public/collections.html",
        {"collections": collection_selectors.public_collections()},
    )


SITEMAP_LIMIT = 50_000


@require_GET
@cache_control(max_age=3600)
def sitemap(request: HttpRequest) -> HttpResponse:
    """Products, storefronts, clusters, collections and regions with products (one file
    up to 50,000 addresses, as the sitemap protocol allows)."""
    base = settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")
    products = (
        Product.objects.public()
        .order_by("-updated_at")
        .values_list("slug", "updated_at")[:SITEMAP_LIMIT]
    )
    entries: list[tuple[str, Any]] = [(reverse("catalog:search"), None)]
    entries += [(reverse("catalog:product", args=[slug]), changed) for slug, changed in products]
    for business_id, changed in (
        Product.objects.public()
        .values("business_id")
        .annotate(changed=Max("updated_at"))
        .values_list("business_id", "changed")[:SITEMAP_LIMIT]
    ):
        entries.append((reverse("catalog:storefront", args=[business_id]), changed))
    regencies = Product.objects.public().values_list("business__regency_code", flat=True).distinct()
    entries += [(reverse("catalog:region", args=[code]), None) for code in regencies if code]
    entries += [
        (reverse("catalog:collection", args=[c.slug]), c.updated_at)
        for c in collection_selectors.public_collections()
    ]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    for url, changed in entries[:SITEMAP_LIMIT]:
        lastmod = f"<lastmod>{changed.date().isoformat()}</lastmod>" if changed else ""
        lines.append(f"<url><loc>{base}{url}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return HttpResponse("\n".join(lines), content_type="application/xml")


urlpatterns = [
    path("katalog/", catalog_search, name="search"),
    path("katalog/koleksi/", collection_list, name="collections"),
    path("katalog/koleksi/<slug:slug>/", collection_page, name="collection"),
    path("katalog/usaha/<int:business_id>/", storefront, name="storefront"),
    path("katalog/sentra/<slug:slug>/", cluster_page, name="cluster"),
    path("katalog/wilayah/<str:code>/", region_page, name="region"),
    path("produk/<slug:slug>/", product_page, name="product"),
    path("produk/<slug:slug>/qr.<str:fmt>", product_qr, name="product_qr"),
    path("sitemap.xml", sitemap, name="sitemap"),
]
