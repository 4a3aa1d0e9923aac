"""Import endpoints: upload (optionally a dry run), status and progress, rows, result file.
Scoped to an organisation like the core endpoints: another office's imports are 404."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from naikkelas.core.api import AUTH, _organisation_for
from naikkelas.registry.models import ImportJob, RowOutcome
from naikkelas.registry.selectors import imports as selectors
from naikkelas.registry.services import imports as services

router = Router(tags=["imports"])
PERMISSION = "manage_registry"


class ImportOut(Schema):
    id: int
    filename: str
    sha256: str
    area_code: str
    status: str
    total_rows: int
    processed_rows: int
    progress_percent: int = Field(
        description="of the import while it runs, of the dry run while status is previewing"
    )
    counts: dict[str, int] = Field(
        description="per outcome: of the dry run (status previewed) or of the import (done)"
    )
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str


class ImportRowOut(Schema):
    sheet: str
    row: int
    outcome: str
    business_id: int | None
    duplicate_of: int | None
    messages: list[str]


def _out(job: ImportJob) -> ImportOut:
    return ImportOut(
        id=job.pk,
        filename=job.filename,
        sha256=job.sha256,
        area_code=job.area_code,
        status=job.status,
        total_rows=job.total_rows,
        processed_rows=job.processed_rows,
        progress_percent=100
        if job.status == "done"
        else (job.preview or {}).get("percent", 0)
        if job.status == "previewing"
        else job.progress_percent,
        counts=job.counts or {},
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        error=job.error,
    )


@router.post(
    "/organisations/{slug}/imports",
    response={201: ImportOut},
    auth=AUTH,
    summary="Upload a spreadsheet of businesses; with dry_run, only count what would happen",
    description=(
        "Without dry_run the import is queued (status queued, then running, done). With "
        "dry_run the dry run is queued (status previewing): poll the import until its status "
        "is previewed, then read the counts, or start it with POST …/imports/{id}/start."
    ),
)
def import_create(
    request: HttpRequest,
    slug: str,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
) -> Status[Any]:
    organisation = _organisation_for(request, slug, PERMISSION)
    if file.size and file.size > services.MAX_UPLOAD_BYTES:
        raise HttpError(413, "The file is larger than 20 MB.")
    job = services.import_upload(
        actor=request.auth, organisation=organisation, data=file.read(), filename=file.name or ""
    )
    if dry_run:
        services.import_preview_start(actor=request.auth, job=job)
    else:
        services.import_start(actor=request.auth, job=job)
    job.refresh_from_db()
    return Status(201, _out(job))


@router.post(
    "/organisations/{slug}/imports/{job_id}/start",
    response=ImportOut,
    auth=AUTH,
    summary="Run an uploaded (or dry-run) import, or resume a failed one, in the background",
)
def import_start(request: HttpRequest, slug: str, job_id: int) -> ImportOut:
    organisation = _organisation_for(request, slug, PERMISSION)
    job = services.import_start(
        actor=request.auth, job=selectors.import_job_get(organisation, job_id)
    )
    job.refresh_from_db()
    return _out(job)


@router.get("/organisations/{slug}/imports/{job_id}", response=ImportOut, auth=AUTH)
def import_detail(request: HttpRequest, slug: str, job_id: int) -> ImportOut:
    organisation = _organisation_for(request, slug, PERMISSION)
    return _out(selectors.import_job_get(organisation, job_id))


@router.get(
    "/organisations/{slug}/imports/{job_id}/rows",
    response=list[ImportRowOut],
    auth=AUTH,
    summary="The outcome of each row (filter: outcome=created|updated|duplicate|rejected|skipped)",
)
def import_rows(
    request: HttpRequest,
    slug: str,
    job_id: int,
    outcome: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[ImportRowOut]:
    organisation = _organisation_for(request, slug, PERMISSION)
    job = selectors.import_job_get(organisation, job_id)
    if outcome and outcome not in RowOutcome.values:
        raise HttpError(422, f"outcome must be one of {', '.join(RowOutcome.values)}")
    limit, offset = max(1, min(limit, 1000)), max(0, offset)
    return [
        ImportRowOut(
            sheet=row.sheet,
            row=row.row_number,
            outcome=row.outcome,
            business_id=row.business_id,
            duplicate_of=row.duplicate_of_id,
            messages=[item.get("id", "") for item in row.messages],
        )
        for row in selectors.import_rows(job, outcome)[offset : offset + limit]
    ]


@router.get(
    "/organisations/{slug}/imports/{job_id}/result.xlsx",
    auth=AUTH,
    summary="The result file: the original rows plus the columns Hasil and Keterangan",
)
def import_result(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    organisation = _organisation_for(request, slug, PERMISSION)
    job = selectors.import_job_get(organisation, job_id)
    if job.status != "done":
        raise HttpError(409, "The import has not finished yet.")
    response = HttpResponse(
        services.import_result_file(job=job),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stem = job.filename.rsplit(".", 1)[0] or "impor"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{stem}-hasil.xlsx"
    )
    return response
