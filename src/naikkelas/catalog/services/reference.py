"""Reference data of the catalog: HS codes and the starting category tree."""

from __future__ import annotations

from django.db import transaction

from naikkelas.catalog import hscodes, taxonomy
from naikkelas.catalog.models import Category, HsCode


def hs_codes_load(*, using: str = "default") -> int:
    """Load the HS 2022 list when the table does not hold it all; returns rows added."""
    manager = HsCode.objects.using(using)
    rows = list(hscodes.read_codes())
    if manager.count() == len(rows):
        return 0
    with transaction.atomic(using=using):
        existing = set(manager.values_list("code", flat=True))
        new = [
            HsCode(
                code=row.code,
                level=row.level,
                parent=row.parent,
                section=row.section,
                description=row.description,
            )
            for row in rows
            if row.code not in existing
        ]
        manager.bulk_create(new, batch_size=2_000)
    return len(new)


def categories_seed(*, using: str = "default") -> int:
    """Create the starting tree when there is no category at all; returns rows added."""
    manager = Category.objects.using(using)
    if manager.exists():
        return 0
    by_slug: dict[str, Category] = {}
    with transaction.atomic(using=using):
        for row in taxonomy.rows():
            category = Category(
                slug=row.slug,
                name=row.name,
                name_en=row.name_en,
                hs_hint=row.hs_hint,
                position=row.position,
                parent=by_slug[row.parent_slug] if row.parent_slug else None,
            )
            category.save(using=using)
            by_slug[row.slug] = category
    return len(by_slug)
