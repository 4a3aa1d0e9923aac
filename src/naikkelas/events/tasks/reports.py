"""Background work of the event report: its XLSX and PDF."""

from __future__ import annotations

from django_tasks import task


@task()
def report_export_task(export_id: int) -> None:
    from naikkelas.events.services.reports import report_export_run

    report_export_run(export_id)
