"""Background work of the product import (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def product_import_task(job_id: int) -> None:
    """Run (or resume) a product import; its progress is on the job row."""
    from naikkelas.catalog.services.imports import product_import_run_by_id

    product_import_run_by_id(job_id)
