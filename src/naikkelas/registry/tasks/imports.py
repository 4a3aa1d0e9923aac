"""Background work of the spreadsheet import (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def import_run_task(job_id: int) -> None:
    """Run (or resume) an import job; its progress is on the job row."""
    from naikkelas.registry.services.imports import import_run_by_id

    import_run_by_id(job_id)


@task()
def import_preview_task(job_id: int, token: str) -> None:
    """Compute an import's dry run; its progress and result are on the job row."""
    from naikkelas.registry.services.imports import import_preview_by_id

    import_preview_by_id(job_id, token)
