"""Reads of the spreadsheet import: jobs, their rows, mapping templates."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django_scopes import scopes_disabled

from naikkelas.core.models import Organisation
from naikkelas.registry.models import ImportJob, ImportRow, MappingTemplate, RowOutcome


def import_jobs(organisation: Organisation) -> QuerySet[ImportJob]:
    """The organisation's imports, newest first."""
    with scopes_disabled():
        return ImportJob.objects.filter(organisation=organisation).select_related("uploaded_by")


def import_job_get(organisation: Organisation, job_id: int) -> ImportJob:
    """One import of the organisation; 404 for another organisation's."""
    with scopes_disabled():
        return get_object_or_404(
            ImportJob.objects.select_related("organisation", "uploaded_by"),
            pk=job_id,
            organisation=organisation,
        )


def import_rows(job: ImportJob, outcome: str | None = None) -> QuerySet[ImportRow]:
    rows = ImportRow.objects.filter(job=job).order_by("id")
    if outcome:
        if outcome not in RowOutcome.values:
            return rows.none()
        rows = rows.filter(outcome=outcome)
    return rows


def mapping_templates(organisation: Organisation) -> list[MappingTemplate]:
    with scopes_disabled():
        return list(MappingTemplate.objects.filter(organisation=organisation).order_by("name"))
