"""Reference data follows the schema: after ``migrate`` (and after a test flush) the HS
codes are loaded when missing and the category tree is seeded when the table is empty
(administrators edit it afterwards, so it is never re-seeded over their changes).

Registry changes that alter what a product's search document holds (the business's name,
region, size class, status or merge; a certificate; a cluster's members) queue the
business's products for re-indexing once the registry's transaction commits."""

from __future__ import annotations

from typing import Any


def load_reference_data(sender: Any, using: str = "default", verbosity: int = 1, **kwargs: Any):
    from naikkelas.catalog.services.reference import categories_seed, hs_codes_load

    loaded = hs_codes_load(using=using)
    seeded = categories_seed(using=using)
    if verbosity >= 1 and (loaded or seeded):
        print(f"  Loaded {loaded:,} HS codes and {seeded:,} product categories")


def category_changed(sender: Any, **kwargs: Any) -> None:
    from naikkelas.catalog.selectors.search import forget_category_labels

    forget_category_labels()


def _queue_businesses(business_ids: Any) -> None:
    from naikkelas.catalog import indexing
    from naikkelas.catalog.models import Product

    ids = [pk for pk in business_ids if pk is not None]
    if not ids:
        return
    indexing.queue_update(Product.objects.filter(business_id__in=ids).values_list("pk", flat=True))


def business_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _queue_businesses([instance.pk])


def certificate_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _queue_businesses([instance.business_id])


def synonyms_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    from django.conf import settings
    from django.db import transaction

    from naikkelas.catalog.models import SearchChange

    SearchChange.objects.create(product_id=0)  # 0: "the synonyms changed" (follow.py)
    if settings.SEARCH_FOLLOWER:
        return

    def enqueue() -> None:
        from naikkelas.catalog.tasks.search import search_synonyms_update

        search_synonyms_update.enqueue()

    transaction.on_commit(enqueue)


def cluster_members_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if reverse:  # business.clusters.add(...): the instance is the business
        _queue_businesses([instance.pk])
    elif action == "pre_clear":
        _queue_businesses(instance.members.values_list("pk", flat=True))
    else:
        _queue_businesses(pk_set or [])


def connect() -> None:
    """The products panel on the registry's business pages; the registry receivers."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from naikkelas.catalog.models import Category, SynonymGroup
    from naikkelas.catalog.views.manage import business_section
    from naikkelas.registry.extensions import business_section as register_section
    from naikkelas.registry.models import Business, Certificate, Cluster

    register_section(business_section)
    post_save.connect(business_saved, sender=Business, dispatch_uid="catalog.business")
    post_save.connect(certificate_changed, sender=Certificate, dispatch_uid="catalog.cert.save")
    post_delete.connect(certificate_changed, sender=Certificate, dispatch_uid="catalog.cert.del")
    post_save.connect(category_changed, sender=Category, dispatch_uid="catalog.category.save")
    post_delete.connect(category_changed, sender=Category, dispatch_uid="catalog.category.del")
    post_save.connect(synonyms_changed, sender=SynonymGroup, dispatch_uid="catalog.syn.save")
    post_delete.connect(synonyms_changed, sender=SynonymGroup, dispatch_uid="catalog.syn.del")
    m2m_changed.connect(
        cluster_members_changed, sender=Cluster.members.through, dispatch_uid="catalog.cluster"
    )
