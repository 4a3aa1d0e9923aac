"""The Django side of catalog search (the engines are plain Python in ``catalog/search``).

- :func:`documents` turns products into ``ProductDoc`` (HTML stripped, region codes,
  certificates, clusters, size class, photo count) in a constant number of queries per batch;
- :func:`engine` opens the engine named by ``settings.SEARCH_URL`` once per process;
- :func:`queue_update` (called by every service that changes what a product's document
  holds) queues :func:`apply_update` on the job queue after the transaction commits, so
  the index follows within seconds; a product no longer public is deleted from it;
- :func:`rebuild` replaces the whole index (``naikkelas manage rebuild_search_index``).

Registry changes (a business renamed, moved, closed, merged; a certificate or cluster
changed) reach the index through the receivers in ``signals.py``, which queue the
business's products."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Prefetch

from naikkelas.catalog import richtext
from naikkelas.catalog.models import Category, Product, SearchChange, SynonymGroup

if TYPE_CHECKING:
    from naikkelas.catalog.search import ProductDoc, SearchEngine, SearchQuery, SearchResult

BATCH = 2_000
_lock = threading.Lock()
_engines: dict[str, SearchEngine] = {}


def engine() -> SearchEngine:
    """The engine of ``SEARCH_URL``, opened once per process (and per URL, for tests)."""
    url = settings.SEARCH_URL
    found = _engines.get(url)
    if found is None:
        with _lock:
            found = _engines.get(url)
            if found is None:
                from naikkelas.catalog.search import open_engine

                found = open_engine(url)
                _engines[url] = found
    return found


def available() -> bool:
    """Whether the search engines are installed (the ``catalog/search`` package)."""
    try:
        import naikkelas.catalog.search  # noqa: F401
    except ModuleNotFoundError:
        return False
    return True


VERSION_KEY = "catalog:index-version"


def version() -> int:
    """A number that changes whenever the index changes (keys of cached result pages)."""
    value = cache.get(VERSION_KEY)
    if value is None:
        value = 1
        cache.add(VERSION_KEY, value, None)
    return int(value)


def bump_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def search(query: SearchQuery) -> SearchResult:
    return engine().search(query)


def _category_paths() -> dict[int, tuple[str, ...]]:
    categories = {c.pk: c for c in Category.objects.all()}
    paths: dict[int, tuple[str, ...]] = {}
    for pk, category in categories.items():
        path = [category.slug]
        parent_id = category.parent_id
        seen = {pk}
        while parent_id is not None and parent_id not in seen:
            seen.add(parent_id)
            parent = categories[parent_id]
            path.insert(0, parent.slug)
            parent_id = parent.parent_id
        paths[pk] = tuple(path)
    return paths


def _public_queryset() -> Any:
    return (
        Product.objects.public()
        .select_related("business")
        .annotate(photo_total=Count("photos", distinct=True))
        .prefetch_related(
            "certificates",
            "variants",
            Prefetch("business__clusters"),
        )
        .order_by("pk")
    )


def document(product: Product, paths: dict[int, tuple[str, ...]]) -> ProductDoc:
    from naikkelas.catalog.search import ProductDoc

    business = product.business
    published = product.published_at or product.created_at
    curated = bool(getattr(product, "curated", False))
    return ProductDoc(
        id=product.pk,
        name=product.name,
        description=richtext.plain(product.description),
        category=paths[product.category_id][-1],
        category_path=paths[product.category_id],
        business_id=business.pk,
        business_name=business.name,
        province_code=business.province_code,
        regency_code=business.regency_code,
        district_code=business.district_code,
        cluster_ids=tuple(sorted(c.pk for c in business.clusters.all())),
        certificates=tuple(sorted({c.kind for c in product.certificates.all()})),
        size_class=business.size_class,
        price_min=product.price_min,
        price_max=product.price_max,
        min_order=product.min_order,
        export_ready=product.export_ready,
        photo_count=getattr(product, "photo_total", 0),
        curated=curated,
        published_at=published.timestamp() if published else 0.0,
        keywords=" ".join(
            [*(v.name for v in product.variants.all()), business.product_types, product.packaging]
        ).strip(),
    )


def documents(ids: Iterable[int] | None = None) -> Iterator[ProductDoc]:
    """The documents of the public products (all, or those among ``ids``), in batches.

    For all of them the public ids are read first (one pass over an index), then fetched
    by primary key batch by batch: "the next batch after id N" made SQLite walk every
    published product for each batch (half an hour for a million)."""
    paths = _category_paths()
    queryset = _public_queryset()
    if ids is None:
        id_list = list(Product.objects.public().order_by("pk").values_list("pk", flat=True))
    else:
        id_list = sorted(set(ids))
    for start in range(0, len(id_list), BATCH):
        for product in queryset.filter(pk__in=id_list[start : start + BATCH]):
            yield document(product, paths)


def queue_update(product_ids: Iterable[int]) -> None:
    """Note the change in the change log (in the caller's transaction) and, after it
    commits, refresh these products in the index through the job queue. Where every
    machine runs ``search_follow`` (``NAIKKELAS_SEARCH_FOLLOWER``), the followers apply the
    change log instead and no task is queued (decision 0022)."""
    ids = sorted(set(product_ids))
    if not ids:
        return
    SearchChange.objects.bulk_create(SearchChange(product_id=pk) for pk in ids)
    if settings.SEARCH_FOLLOWER:
        return

    def enqueue() -> None:
        from naikkelas.catalog.tasks.search import search_index_update

        search_index_update.enqueue(ids)

    transaction.on_commit(enqueue)


def apply_update(product_ids: list[int]) -> int:
    """Index the public ones among these products, delete the others. Returns how many
    were indexed."""
    if not available():
        return 0
    docs = list(documents(product_ids))
    public = {d.id for d in docs}
    gone = [pk for pk in product_ids if pk not in public]
    target = engine()
    if docs:
        target.index(docs)
    if gone:
        target.delete(gone)
    bump_version()
    return len(docs)


def synonym_groups() -> list[list[str]]:
    return [group.words for group in SynonymGroup.objects.all() if len(group.words) > 1]


def apply_synonyms() -> int:
    groups = synonym_groups()
    if not available():
        return 0
    engine().set_synonyms(groups)
    bump_version()
    return len(groups)


def rebuild() -> int:
    """Replace the whole index with the public products; returns how many."""
    if not available():
        return 0
    target = engine()
    target.set_synonyms(synonym_groups())
    target.rebuild(documents())
    bump_version()
    return target.count()


def documents_by_id(product_ids: list[int]) -> dict[int, ProductDoc | None]:
    """For the follower: each product's document, ``None`` when it is not public."""
    found = {doc.id: doc for doc in documents(product_ids)}
    return {pk: found.get(pk) for pk in product_ids}


def changes_after(position: int, limit: int) -> list[tuple[int, int]]:
    return list(
        SearchChange.objects.filter(pk__gt=position)
        .order_by("pk")
        .values_list("pk", "product_id")[:limit]
    )


def last_change() -> int:
    return SearchChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
