"""Keeping the search index in step with the catalog (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def search_index_update(product_ids: list[int]) -> int:
    """Refresh these products in the search index; returns how many were (re)indexed."""
    from naikkelas.catalog import indexing

    return indexing.apply_update(product_ids)


@task()
def search_synonyms_update() -> int:
    """Give the engine the curators' synonym groups; returns how many groups."""
    from naikkelas.catalog import indexing

    return indexing.apply_synonyms()
