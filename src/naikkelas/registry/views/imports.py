"""Pages of the spreadsheet import: upload, column mapping, dry-run preview, progress,
result (with the result file to download)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from naikkelas.core.models import Organisation
from naikkelas.core.views import org_view
from naikkelas.registry.importing.mapping import NUMBERING
from naikkelas.registry.importing.problems import FIELD_LABELS
from naikkelas.registry.models import ImportStatus, RowOutcome
from naikkelas.registry.selectors import imports as selectors
from naikkelas.registry.services import imports as services

PERMISSION = "manage_registry"


def _lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


def _field_label(target: str | None, lang: str) -> str:
    if not target:
        return _("ignore")
    if target == NUMBERING:
        return _("running number")
    labels = FIELD_LABELS.get(target)
    return (labels[0] if lang == "id" else labels[1]) if labels else target


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


@org_view(PERMISSION)
def import_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The organisation's imports and the upload form."""
    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors.append(_("Choose a file to upload."))
        elif upload.size and upload.size > services.MAX_UPLOAD_BYTES:
            errors.append(_("The file is larger than 20 MB."))
        else:
            try:
                job = services.import_upload(
                    actor=request.user,
                    organisation=organisation,
                    data=upload.read(),
                    filename=upload.name or "",
                )
            except ValidationError as exc:
                errors += _errors(exc)
            else:
                return redirect("registry:import_mapping", slug=organisation.slug, job_id=job.pk)
    page = Paginator(selectors.import_jobs(organisation), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/imports/list.html",
        {"organisation": organisation, "page": page, "errors": errors},
        status=422 if errors else 200,
    )


def _mapping_from_post(request: HttpRequest, job: Any) -> dict[str, str | None]:
    mapping: dict[str, str | None] = {}
    for sheet_index, sheet in enumerate(job.mapping.get("sheets", [])):
        for column in sheet["columns"]:
            key = f"map-{sheet_index}-{column['index']}"
            if key in request.POST:
                mapping[column["header"]] = request.POST[key] or None
    return mapping


@org_view(PERMISSION)
def import_mapping(request: HttpRequest, organisation: Organisation, job_id: int) -> HttpResponse:
    """The column-mapping step: suggested field and confidence per column, editable;
    save the mapping as a template, or apply a saved one."""
    job = selectors.import_job_get(organisation, job_id)
    if job.status not in services.EDITABLE:
        return redirect("registry:import_detail", slug=organisation.slug, job_id=job.pk)
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "apply":
                services.import_template_apply(
                    actor=request.user, job=job, name=request.POST.get("template", "")
                )
                messages.success(request, _("Template applied."))
                return redirect("registry:import_mapping", slug=organisation.slug, job_id=job.pk)
            mapping = _mapping_from_post(request, job)
            name = request.POST.get("template_name", "").strip()
            if name:
                services.mapping_template_save(
                    actor=request.user, organisation=organisation, name=name, mapping=mapping
                )
                messages.success(request, _("Template “%(name)s” saved.") % {"name": name})
            services.import_mapping_set(actor=request.user, job=job, mapping=mapping, template=name)
            services.import_preview_start(actor=request.user, job=job)
        except ValidationError as exc:
            errors += _errors(exc)
        else:
            return redirect("registry:import_preview", slug=organisation.slug, job_id=job.pk)
    lang = _lang()
    current = services.current_mapping(job)
    choices = [("", _field_label(None, lang))] + [
        (target, _field_label(target, lang)) for target in services.TARGETS
    ]
    sheets = []
    for sheet_index, sheet in enumerate(job.mapping.get("sheets", [])):
        columns = []
        for column in sheet["columns"]:
            chosen = current.get(column["header"], "notes")
            columns.append(
                {
                    **column,
                    "name": f"map-{sheet_index}-{column['index']}",
                    "chosen": chosen or "",
                    "suggested_label": _field_label(column["field"], lang),
                    "percent": round(100 * column["confidence"]),
                }
            )
        sheets.append({**sheet, "columns": columns})
    return render(
        request,
        "registry/imports/mapping.html",
        {
            "organisation": organisation,
            "job": job,
            "sheets": sheets,
            "choices": choices,
            "templates": selectors.mapping_templates(organisation),
            "errors": errors,
        },
    )


def _rendered(messages_: list[dict[str, str]], lang: str) -> list[str]:
    return [item.get(lang) or item.get("id", "") for item in messages_]


@org_view(PERMISSION)
def import_preview(request: HttpRequest, organisation: Organisation, job_id: int) -> HttpResponse:
    """The dry run: its progress while the worker computes it, then the counts per outcome
    and the first rows; POST starts the import."""
    job = selectors.import_job_get(organisation, job_id)
    if request.method == "POST":
        services.import_start(actor=request.user, job=job)
        return redirect("registry:import_detail", slug=organisation.slug, job_id=job.pk)
    if job.status not in services.EDITABLE:
        return redirect("registry:import_detail", slug=organisation.slug, job_id=job.pk)
    context: dict[str, Any] = {"organisation": organisation, "job": job}
    if job.status == ImportStatus.PREVIEWED:
        lang = _lang()
        labels = dict(RowOutcome.choices)
        preview = job.preview
        counts = preview.get("counts", {})
        context.update(
            rows=[
                {
                    **row,
                    "outcome_label": labels[row["outcome"]],
                    "messages": _rendered(row["messages"], lang),
                }
                for row in preview.get("rows", [])
            ],
            counts=[(value, labels[value], counts.get(value, 0)) for value in RowOutcome.values],
            total=preview.get("total", 0),
            notes=_rendered(preview.get("notes", []), lang),
            several_sheets=preview.get("several_sheets", False),
        )
    else:
        context.update(_preview_progress_context(organisation, job))
    return render(request, "registry/imports/preview.html", context)


def _preview_progress_context(organisation: Organisation, job: Any) -> dict[str, Any]:
    preview = job.preview or {}
    stage = preview.get("stage", "")
    return {
        "organisation": organisation,
        "job": job,
        "percent": preview.get("percent", 0),
        "stage": stage,
        "stage_label": _preview_stage_label(stage),
        "error": preview.get("error", ""),
        "polling": job.status == ImportStatus.PREVIEWING,
    }


def _preview_stage_label(stage: str) -> str:
    return {
        "queued": _("Waiting for the worker…"),
        "read": _("Reading the file…"),
        "parse": _("Checking the rows…"),
        "registry": _("Loading the registry of the area…"),
        "link": _("Looking for businesses already in the registry and repeated rows…"),
        "decide": _("Deciding the outcome of each row…"),
    }.get(stage, "")


@require_POST
@org_view(PERMISSION)
def import_preview_start(
    request: HttpRequest, organisation: Organisation, job_id: int
) -> HttpResponse:
    """Prepare the dry run (again) in the background."""
    job = selectors.import_job_get(organisation, job_id)
    try:
        services.import_preview_start(actor=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("registry:import_detail", slug=organisation.slug, job_id=job.pk)
    return redirect("registry:import_preview", slug=organisation.slug, job_id=job.pk)


@require_GET
@org_view(PERMISSION)
def import_preview_progress(
    request: HttpRequest, organisation: Organisation, job_id: int
) -> HttpResponse:
    """The dry run's progress bar (htmx polls it every second); when the preview is ready
    (or failed) the page reloads."""
    job = selectors.import_job_get(organisation, job_id)
    context = _preview_progress_context(organisation, job)
    response = render(request, "registry/imports/partials/preview_progress.html", context)
    if not context["polling"] and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


def _progress_context(organisation: Organisation, job: Any) -> dict[str, Any]:
    finished = job.status == ImportStatus.DONE
    return {
        "organisation": organisation,
        "job": job,
        "percent": 100 if finished else job.progress_percent,
        "polling": job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
    }


@org_view(PERMISSION)
def import_detail(request: HttpRequest, organisation: Organisation, job_id: int) -> HttpResponse:
    """Progress while it runs; the counts, rejected rows and result file when done."""
    job = selectors.import_job_get(organisation, job_id)
    outcome = request.GET.get("outcome") or RowOutcome.REJECTED
    context = _progress_context(organisation, job)
    labels = dict(RowOutcome.choices)
    if job.status == ImportStatus.DONE:
        page = Paginator(selectors.import_rows(job, outcome), 100).get_page(request.GET.get("page"))
        lang = _lang()
        context.update(
            page=page,
            rows=[
                {
                    "sheet": row.sheet,
                    "row_number": row.row_number,
                    "business_id": row.business_id,
                    "duplicate_of_id": row.duplicate_of_id,
                    "messages": _rendered(row.messages, lang),
                }
                for row in page
            ],
            outcome=outcome,
            outcome_label=labels.get(outcome, ""),
            counts=[
                (value, labels[value], job.counts.get(value, 0)) for value in RowOutcome.values
            ],
        )
    return render(request, "registry/imports/detail.html", context)


@require_GET
@org_view(PERMISSION)
def import_progress(request: HttpRequest, organisation: Organisation, job_id: int) -> HttpResponse:
    """The progress bar (htmx polls it every second); a finished job reloads the page."""
    job = selectors.import_job_get(organisation, job_id)
    context = _progress_context(organisation, job)
    response = render(request, "registry/imports/partials/progress.html", context)
    if not context["polling"] and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_POST
@org_view(PERMISSION)
def import_resume(request: HttpRequest, organisation: Organisation, job_id: int) -> HttpResponse:
    """Queue a failed import again: rows already recorded are not redone."""
    job = selectors.import_job_get(organisation, job_id)
    services.import_start(actor=request.user, job=job)
    return redirect("registry:import_detail", slug=organisation.slug, job_id=job.pk)


@require_GET
@org_view(PERMISSION)
def import_result(request: HttpRequest, organisation: Organisation, job_id: int) -> HttpResponse:
    """The result file: the original rows plus the columns Hasil and Keterangan."""
    job = selectors.import_job_get(organisation, job_id)
    try:
        data = services.import_result_file(job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("registry:import_detail", slug=organisation.slug, job_id=job.pk)
    stem = job.filename.rsplit(".", 1)[0] or "impor"
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{stem}-hasil.xlsx"
    )
    return response


PREFIX = "o/<slug:slug>/registry/imports/"

urlpatterns = [
    path(PREFIX, import_list, name="import_list"),
    path(f"{PREFIX}<int:job_id>/", import_detail, name="import_detail"),
    path(f"{PREFIX}<int:job_id>/mapping/", import_mapping, name="import_mapping"),
    path(f"{PREFIX}<int:job_id>/preview/", import_preview, name="import_preview"),
    path(f"{PREFIX}<int:job_id>/preview/start/", import_preview_start, name="import_preview_start"),
    path(
        f"{PREFIX}<int:job_id>/preview/progress/",
        import_preview_progress,
        name="import_preview_progress",
    ),
    path(f"{PREFIX}<int:job_id>/progress/", import_progress, name="import_progress"),
    path(f"{PREFIX}<int:job_id>/resume/", import_resume, name="import_resume"),
    path(f"{PREFIX}<int:job_id>/result.xlsx", import_result, name="import_result"),
]
