"""Background work on duplicates: look for them after an import or on an officer's request."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def find_duplicates_task(organisation_id: int | None = None) -> dict[str, Any]:
    """Run :func:`duplicates_find` for one organisation's area (or the whole registry)."""
    from naikkelas.core.models import Organisation
    from naikkelas.registry.services.duplicates import duplicates_find

    organisation = (
        Organisation.objects.get(pk=organisation_id) if organisation_id is not None else None
    )
    result = duplicates_find(organisation=organisation)
    return {
        "records": result.records,
        "found": result.found,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "dismissed_before": result.dismissed_before,
    }
