"""The public catalog search: the page's parameters as a ``SearchQuery``, the engine's
answer as products with labelled facets and the links that add or remove a filter."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from naikkelas.catalog import indexing
from naikkelas.catalog.models import Category, Product
from naikkelas.catalog.selectors.products import products_by_ids
from naikkelas.core.models import Region
from naikkelas.registry.models import CertificateKind, SizeClass

PAGE_SIZE = 20
MAX_PAGE = 50  # 1,000 results are enough to browse; narrow the search for more
FACETS = (
    "category",
    "province",
    "regency",
    "district",
    "certificate",
    "size_class",
    "price_band",
    "min_order_band",
    "export_ready",
)
REGION_FACETS = {0: "province", 1: "regency", 2: "district"}  # by the chosen region's level
# the query parameter that filters by each facet of the page (``Params.parse``'s names)
FACET_PARAMETERS = {
    "category": "kategori",
    "region": "wilayah",
    "certificate": "sertifikat",
    "size_class": "skala",
    "price": "harga",
    "min_order": "pesanan",
    "export": "ekspor",
}
CERTIFICATES = ("halal", "pirt", "bpom", "sni", "brand")
SORT_LABELS = {
    "relevance": gettext_noop("Most relevant"),
    "newest": gettext_noop("Newest"),
    "price_asc": gettext_noop("Lowest price"),
    "price_desc": gettext_noop("Highest price"),
}
SORTS = tuple(SORT_LABELS)
# price and minimum-order band keys, as the search package defines them (``bands.py``)
PRICE_KEYS = {"lt10k", "10k-25k", "25k-50k", "50k-100k", "100k-250k", "250k-1m", "1m-5m", "gte5m"}
ORDER_KEYS = {"1", "2-10", "11-50", "51-100", "101-500", "gt500"}


@dataclass
class Params:
    """What the page's query string asks for (Indonesian parameter names)."""

    q: str = ""
    category: str = ""
    region: str = ""
    certificates: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    price: str = ""
    order: str = ""
    export: bool = False
    sort: str = "relevance"
    page: int = 1

    @classmethod
    def parse(cls, data: Any) -> Params:
        def one(name: str, limit: int = 100) -> str:
            return " ".join(str(data.get(name, "")).split())[:limit]

        page = one("hal")
        sort = one("urut")
        return cls(
            q=one("q", 200),
            category=one("kategori", 80),
            region=one("wilayah", 13),
            certificates=tuple(
                sorted({c for c in data.getlist("sertifikat") if c in CERTIFICATES})
            ),
            sizes=tuple(sorted({s for s in data.getlist("skala") if s in SizeClass.values})),
            price=one("harga") if one("harga") in PRICE_KEYS else "",
            order=one("pesanan") if one("pesanan") in ORDER_KEYS else "",
            export=one("ekspor") == "1",
            sort=sort if sort in SORTS else "relevance",
            page=min(int(page), MAX_PAGE) if page.isdigit() and int(page) > 0 else 1,
        )

    def pairs(self) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(("q", self.q))
        if self.category:
            pairs.append(("kategori", self.category))
        if self.region:
            pairs.append(("wilayah", self.region))
        pairs += [("sertifikat", c) for c in self.certificates]
        pairs += [("skala", s) for s in self.sizes]
        if self.price:
            pairs.append(("harga", self.price))
        if self.order:
            pairs.append(("pesanan", self.order))
        if self.export:
            pairs.append(("ekspor", "1"))
        if self.sort != "relevance":
            pairs.append(("urut", self.sort))
        if self.page > 1:
            pairs.append(("hal", str(self.page)))
        return pairs

    def url(self, **changes: Any) -> str:
        """The query string with ``changes`` applied (back to page 1 unless a page is given)."""
        changes.setdefault("page", 1)
        return "?" + urlencode(replace(self, **changes).pairs())

    def query(self, fixed: dict[str, Any] | None = None) -> Any:
        from naikkelas.catalog.search import SearchQuery, min_order_band_max, price_band_bounds

        price_min, price_max = price_band_bounds(self.price) if self.price else (None, None)
        values: dict[str, Any] = {
            "text": self.q,
            "categories": (self.category,) if self.category else (),
            "region": self.region,
            "certificates": self.certificates,
            "size_classes": self.sizes,
            "price_min": price_min,
            "price_max": price_max,
            "min_order_max": min_order_band_max(self.order) if self.order else None,
            "export_ready": True if self.export else None,
            "sort": self.sort,
            "offset": (self.page - 1) * PAGE_SIZE,
            "limit": PAGE_SIZE,
        }
        values.update(fixed or {})
        values["facets"] = self.facets(values["region"])
        return SearchQuery(**values)

    @staticmethod
    def facets(region: str) -> tuple[str, ...]:
        """The facets the page shows: of the three region levels only the one below the
        chosen region (provinces, a province's regencies, a regency's districts)."""
        shown = region_facet(region)
        return tuple(f for f in FACETS if f not in REGION_FACETS.values() or f == shown)


def region_facet(region: str) -> str | None:
    """The region level a page counts below ``region`` (none below a district)."""
    return REGION_FACETS.get(region.count(".") + 1 if region else 0)


@dataclass
class FacetOption:
    label: str
    count: int
    url: str
    chosen: bool = False
    value: str = ""  # what the option's filter parameter takes (the API's clients use it)


@dataclass
class Facet:
    key: str
    title: str
    options: list[FacetOption] = field(default_factory=list)


@dataclass
class SearchPage:
    params: Params
    total: int
    products: list[Product]
    facets: list[Facet]
    chosen: list[tuple[str, str]]  # (label, url that removes it)
    corrected: str | None
    corrected_url: str
    pages: int
    previous_url: str
    next_url: str
    sorts: list[tuple[str, str, bool]]  # (url, label, chosen)


CATEGORY_LABELS_KEY = "catalog:category-labels:{}"  # by language


def _category_labels() -> dict[str, tuple[str, str | None]]:
    """slug -> (label in the active language, parent's slug), cached until a category
    changes (``forget_category_labels``): every search page needs the whole tree."""
    key = CATEGORY_LABELS_KEY.format(get_language() or settings.LANGUAGE_CODE)
    labels: dict[str, tuple[str, str | None]] | None = cache.get(key)
    if labels is None:
        labels = {
            c.slug: (str(c.label), c.parent.slug if c.parent else None)
            for c in Category.objects.select_related("parent")
        }
        cache.set(key, labels, 24 * 3600)
    return labels


def forget_category_labels() -> None:
    keys = [CATEGORY_LABELS_KEY.format(code) for code, _name in settings.LANGUAGES]
    try:
        with transaction.atomic():  # a savepoint: the first migrate seeds the categories
            cache.delete_many(keys)  # before the database cache's table exists
    except DatabaseError:
        pass


def search_page(params: Params, fixed: dict[str, Any] | None = None) -> SearchPage:
    """Search and everything the page shows. ``fixed`` narrows the whole page (a business's
    storefront, a cluster, a region page) and its facets do not offer to undo it."""
    from naikkelas.catalog.search import (
        min_order_band_label,
        min_order_band_max,
        price_band_label,
    )

    fixed = fixed or {}
    result = indexing.search(params.query(fixed))
    products = products_by_ids(result.ids)
    categories = _category_labels()
    facets: list[Facet] = []

    counts = result.facets
    # categories: the roots, or the children of the chosen one (a drill-down)
    chosen_category = params.category or ""
    cat_options = []
    for slug, count in counts.get("category", {}).items():
        label, parent = categories.get(slug, (slug, None))
        if (chosen_category and parent == chosen_category) or (
            not chosen_category and parent is None
        ):
            cat_options.append(FacetOption(label, count, params.url(category=slug), value=slug))
    if cat_options:
        facets.append(Facet("category", _("Category"), cat_options))

    # regions: provinces, then regencies of the chosen province, then its districts
    region = params.region or fixed.get("region", "")
    shown_level = region_facet(region)
    if shown_level:
        codes = list(counts.get(shown_level, {}).items())
        if region:
            codes = [(code, n) for code, n in codes if code.startswith(region + ".")]
        labels = region_labels([c for c, _n in codes])
        options = [FacetOption(labels[c], n, params.url(region=c), value=c) for c, n in codes[:30]]
        if options:
            facets.append(Facet("region", _("Region"), options))

    cert_labels = dict(CertificateKind.choices)
    options = [
        FacetOption(
            str(cert_labels.get(kind, kind)),
            count,
            params.url(certificates=tuple(sorted(set(params.certificates) ^ {kind}))),
            kind in params.certificates,
            kind,
        )
        for kind, count in counts.get("certificate", {}).items()
        if kind in CERTIFICATES
    ]
    if options:
        facets.append(Facet("certificate", _("Certificate"), options))

    size_labels = dict(SizeClass.choices)
    options = [
        FacetOption(
            str(size_labels.get(size, size)),
            count,
            params.url(sizes=tuple(sorted(set(params.sizes) ^ {size}))),
            size in params.sizes,
            size,
        )
        for size, count in counts.get("size_class", {}).items()
        if size in size_labels
    ]
    if options:
        facets.append(Facet("size_class", _("Business size"), options))

    options = [
        FacetOption(
            price_band_label(key),
            count,
            params.url(price="" if params.price == key else key),
            params.price == key,
            key,
        )
        for key, count in counts.get("price_band", {}).items()
        if key in PRICE_KEYS
    ]
    if options:
        facets.append(Facet("price", _("Price"), options))

    options = [
        FacetOption(
            _("%(units)s units or fewer") % {"units": min_order_band_max(key)}
            if min_order_band_max(key) is not None
            else _("more than %(units)s units") % {"units": min_order_band_label(key).strip("> ")},
            count,
            params.url(order="" if params.order == key else key),
            params.order == key,
            key,
        )
        for key, count in counts.get("min_order_band", {}).items()
        if key in ORDER_KEYS
    ]
    if options:
        facets.append(Facet("min_order", _("Minimum order"), options))

    exportable = counts.get("export_ready", {}).get("true", 0)
    if exportable:
        facets.append(
            Facet(
                "export",
                _("Export"),
                [
                    FacetOption(
                        _("Export-ready"),
                        exportable,
                        params.url(export=not params.export),
                        params.export,
                        "1",
                    )
                ],
            )
        )

    chosen: list[tuple[str, str]] = []
    if params.category:
        chosen.append(
            (categories.get(params.category, (params.category, None))[0], params.url(category=""))
        )
    if params.region:
        chosen.append((region_labels([params.region])[params.region], params.url(region="")))
    for kind in params.certificates:
        chosen.append(
            (
                str(cert_labels.get(kind, kind)),
                params.url(certificates=tuple(c for c in params.certificates if c != kind)),
            )
        )
    for size in params.sizes:
        chosen.append(
            (
                str(size_labels.get(size, size)),
                params.url(sizes=tuple(s for s in params.sizes if s != size)),
            )
        )
    if params.price:
        chosen.append((price_band_label(params.price), params.url(price="")))
    if params.order:
        chosen.append(
            (
                _("minimum order up to %(units)s")
                % {"units": min_order_band_max(params.order) or "∞"},
                params.url(order=""),
            )
        )
    if params.export:
        chosen.append((_("Export-ready"), params.url(export=False)))

    pages = max(1, min(MAX_PAGE, -(-result.total // PAGE_SIZE)))
    return SearchPage(
        params=params,
        total=result.total,
        products=products,
        facets=facets,
        chosen=chosen,
        corrected=result.corrected,
        corrected_url=params.url(q=result.corrected) if result.corrected else "",
        pages=pages,
        previous_url=params.url(page=params.page - 1) if params.page > 1 else "",
        next_url=params.url(page=params.page + 1) if params.page < pages else "",
        sorts=[
            (params.url(sort=key), _(label), key == params.sort)
            for key, label in SORT_LABELS.items()
        ],
    )


def region_labels(codes: list[str]) -> dict[str, str]:
    """ "Jawa Tengah", "Kota Surakarta", "Kecamatan Laweyan" (unknown codes as they are)."""
    found = Region.objects.in_bulk(codes)
    return {
        code: (found[code].name if found[code].level == 1 else str(found[code].label))
        if code in found
        else code
        for code in codes
    }
