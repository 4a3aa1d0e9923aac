"""Pages of the product import: upload, column mapping, dry-run preview, progress, result.

The same pages serve an officer (``/o/<slug>/catalog/imports/``: products for the
businesses the organisation coaches) and an owner (``/usaha-saya/<business>/products/
import/``: products of that business); a :class:`Place` says which."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from naikkelas.catalog.importing import FIELD_LABELS
from naikkelas.catalog.models import (
    ProductImportJob,
    ProductImportOutcome,
    ProductImportRow,
    ProductImportStatus,
)
from naikkelas.catalog.services import imports as services
from naikkelas.core.models import Organisation
from naikkelas.core.views import org_view
from naikkelas.registry.importing.mapping import NUMBERING
from naikkelas.registry.models import Business
from naikkelas.registry.selectors import businesses as business_selectors


@dataclass
class Place:
    """Where an import happens: an organisation (officer) or a business (owner)."""

    organisation: Organisation | None = None
    business: Business | None = None

    @property
    def prefix(self) -> str:
        return "catalog:product_import" if self.organisation else "catalog:owner_product_import"

    def url(self, name: str, job: ProductImportJob | None = None) -> str:
        args: list[Any] = [self.organisation.slug if self.organisation else self.business.pk]  # type: ignore[union-attr]
        if job is not None:
            args.append(job.pk)
        return reverse(f"{self.prefix}_{name}", args=args)

    def jobs(self) -> QuerySet[ProductImportJob]:
        jobs = ProductImportJob.objects.select_related("uploaded_by")
        if self.organisation is not None:
            return jobs.filter(organisation=self.organisation)
        return jobs.filter(business=self.business, organisation__isnull=True)

    def job(self, job_id: int) -> ProductImportJob:
        job = self.jobs().select_related("organisation", "business").filter(pk=job_id).first()
        if job is None:
            raise Http404
        return job

    def context(self, **extra: Any) -> dict[str, Any]:
        urls = {"list": self.url("list")}
        job = extra.get("job")
        if job is not None:
            for name in ("detail", "mapping", "preview", "progress", "resume", "result"):
                urls[name] = self.url(name, job)
        if self.business is not None:
            urls["products"] = reverse("catalog:owner_products", args=[self.business.pk])
        return {
            "organisation": self.organisation,
            "business": self.business,
            "urls": urls,
            "officer": self.organisation is not None,
            **extra,
        }


def _lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


def _field_label(target: str | None, lang: str) -> str:
    if not target:
        return _("ignore")
    if target == NUMBERING:
        return _("running number")
    labels = FIELD_LABELS.get(target)
    return (labels[0] if lang == "id" else labels[1]) if labels else target


def _rendered(messages_: list[dict[str, str]], lang: str) -> list[str]:
    return [item.get(lang) or item.get("id", "") for item in messages_]


def _counts(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    labels = dict(ProductImportOutcome.choices)
    return [(value, labels[value], counts.get(value, 0)) for value in ProductImportOutcome.values]


# --- the pages, for either place ---------------------------------------------------------


def import_list(request: HttpRequest, place: Place) -> HttpResponse:
    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors.append(_("Choose a file to upload."))
        elif upload.size and upload.size > services.MAX_UPLOAD_BYTES:
            errors.append(_("The file is larger than 20 MB."))
        else:
            try:
                job = services.product_import_upload(
                    actor=request.user,  # type: ignore[arg-type]
                    organisation=place.organisation,
                    business=place.business if place.organisation is None else None,
                    data=upload.read(),
                    filename=upload.name or "",
                )
            except ValidationError as exc:
                errors += list(exc.messages)
            else:
                return redirect(place.url("mapping", job))
    page = Paginator(place.jobs(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/imports/list.html",
        place.context(page=page, errors=errors),
        status=422 if errors else 200,
    )


def _mapping_from_post(request: HttpRequest, job: ProductImportJob) -> dict[str, str | None]:
    mapping: dict[str, str | None] = {}
    for sheet_index, sheet in enumerate(job.mapping.get("sheets", [])):
        for column in sheet["columns"]:
            key = f"map-{sheet_index}-{column['index']}"
            if key in request.POST:
                mapping[column["header"]] = request.POST[key] or None
    return mapping


def import_mapping(request: HttpRequest, place: Place, job_id: int) -> HttpResponse:
    job = place.job(job_id)
    if job.status not in services.EDITABLE:
        return redirect(place.url("detail", job))
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.product_import_mapping_set(
                actor=request.user,  # type: ignore[arg-type]
                job=job,
                mapping=_mapping_from_post(request, job),
            )
            services.product_import_preview(actor=request.user, job=job)  # type: ignore[arg-type]
        except ValidationError as exc:
            errors += list(exc.messages)
        else:
            return redirect(place.url("preview", job))
    lang = _lang()
    current = services.current_mapping(job)
    choices = [("", _field_label(None, lang))] + [
        (target, _field_label(target, lang)) for target in services.TARGETS
    ]
    sheets = []
    for sheet_index, sheet in enumerate(job.mapping.get("sheets", [])):
        columns = []
        for column in sheet["columns"]:
            chosen = current.get(column["header"])
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
        "catalog/imports/mapping.html",
        place.context(job=job, sheets=sheets, choices=choices, errors=errors),
    )


def import_preview(request: HttpRequest, place: Place, job_id: int) -> HttpResponse:
    job = place.job(job_id)
    if request.method == "POST":
        services.product_import_start(actor=request.user, job=job)  # type: ignore[arg-type]
        return redirect(place.url("detail", job))
    if job.status != ProductImportStatus.PREVIEWED:
        return redirect(
            place.url("detail" if job.status not in services.EDITABLE else "mapping", job)
        )
    lang = _lang()
    labels = dict(ProductImportOutcome.choices)
    preview = job.preview
    return render(
        request,
        "catalog/imports/preview.html",
        place.context(
            job=job,
            rows=[
                {
                    **row,
                    "outcome_label": labels[row["outcome"]],
                    "messages": _rendered(row["messages"], lang),
                }
                for row in preview.get("rows", [])
            ],
            counts=_counts(preview.get("counts", {})),
            total=preview.get("total", 0),
            notes=_rendered(preview.get("notes", []), lang),
            several_sheets=preview.get("several_sheets", False),
        ),
    )


def _progress(place: Place, job: ProductImportJob, **extra: Any) -> dict[str, Any]:
    finished = job.status == ProductImportStatus.DONE
    return place.context(
        job=job,
        percent=100 if finished else job.progress_percent,
        polling=job.status in (ProductImportStatus.QUEUED, ProductImportStatus.RUNNING),
        **extra,
    )


def import_detail(request: HttpRequest, place: Place, job_id: int) -> HttpResponse:
    job = place.job(job_id)
    extra: dict[str, Any] = {}
    if job.status == ProductImportStatus.DONE:
        outcome = request.GET.get("outcome") or ProductImportOutcome.REJECTED
        rows = ProductImportRow.objects.filter(job=job, outcome=outcome).order_by(
            "sheet", "row_number"
        )
        page = Paginator(rows, 100).get_page(request.GET.get("page"))
        lang = _lang()
        extra = {
            "page": page,
            "rows": [
                {
                    "sheet": row.sheet,
                    "row_number": row.row_number,
                    "product_id": row.product_id,
                    "messages": _rendered(row.messages, lang),
                }
                for row in page
            ],
            "outcome": outcome,
            "outcome_label": dict(ProductImportOutcome.choices).get(outcome, ""),
            "counts": _counts(job.counts),
            "notes": _rendered(job.mapping.get("notes", []), lang),
        }
    return render(request, "catalog/imports/detail.html", _progress(place, job, **extra))


def import_progress(request: HttpRequest, place: Place, job_id: int) -> HttpResponse:
    job = place.job(job_id)
    context = _progress(place, job)
    response = render(request, "catalog/imports/partials/progress.html", context)
    if not context["polling"] and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


def import_resume(request: HttpRequest, place: Place, job_id: int) -> HttpResponse:
    job = place.job(job_id)
    services.product_import_start(actor=request.user, job=job)  # type: ignore[arg-type]
    return redirect(place.url("detail", job))


def import_result(request: HttpRequest, place: Place, job_id: int) -> HttpResponse:
    job = place.job(job_id)
    try:
        data = services.product_import_result_file(job=job)
    except ValidationError:
        return redirect(place.url("detail", job))
    stem = job.filename.rsplit(".", 1)[0] or "produk"
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{stem}-hasil.xlsx"
    )
    return response


# --- officer and owner entry points -------------------------------------------------------

PAGES = {
    "list": (import_list, "", None),
    "detail": (import_detail, "<int:job_id>/", None),
    "mapping": (import_mapping, "<int:job_id>/mapping/", None),
    "preview": (import_preview, "<int:job_id>/preview/", None),
    "progress": (import_progress, "<int:job_id>/progress/", require_GET),
    "resume": (import_resume, "<int:job_id>/resume/", require_POST),
    "result": (import_result, "<int:job_id>/result.xlsx", require_GET),
}


def _officer_view(page: Any) -> Any:
    def view(request: HttpRequest, organisation: Organisation, **kwargs: Any) -> HttpResponse:
        return page(request, Place(organisation=organisation), **kwargs)

    view.__name__ = f"officer_{page.__name__}"
    return org_view("manage_catalog")(view)


def _owner_view(page: Any) -> Any:
    @login_required
    def view(request: HttpRequest, business_id: int, **kwargs: Any) -> HttpResponse:
        business = business_selectors.business_for_owner(request.user, business_id)
        return page(request, Place(business=business), **kwargs)

    view.__name__ = f"owner_{page.__name__}"
    return view


OFFICER = "o/<slug:slug>/catalog/imports/"
OWNER = "usaha-saya/<int:business_id>/products/import/"

urlpatterns = []
for _name, (_page, _suffix, _method) in PAGES.items():
    _officer = _officer_view(_page)
    _owner = _owner_view(_page)
    if _method is not None:
        _officer, _owner = _method(_officer), _method(_owner)
    urlpatterns += [
        path(OFFICER + _suffix, _officer, name=f"product_import_{_name}"),
        path(OWNER + _suffix, _owner, name=f"owner_product_import_{_name}"),
    ]
