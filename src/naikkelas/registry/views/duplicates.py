"""Pages for duplicate businesses: the clusters to review, one cluster side by side, merge
and dismiss. Thin: check permission, call a selector or a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naikkelas.core.models import Organisation
from naikkelas.core.views import org_view
from naikkelas.registry.models import Business, ClusterOrigin, DuplicateStatus, RowReview
from naikkelas.registry.selectors import duplicates as selectors
from naikkelas.registry.services import duplicates as services


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@org_view("manage_registry")
def duplicate_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    status = request.GET.get("status", DuplicateStatus.OPEN)
    if status not in DuplicateStatus.values:
        status = DuplicateStatus.OPEN
    page = Paginator(selectors.duplicate_clusters(organisation, status=status), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "registry/duplicates/list.html",
        {
            "organisation": organisation,
            "page": page,
            "status": status,
            "statuses": DuplicateStatus.choices,
        },
    )


@require_POST
@org_view("manage_registry")
def duplicate_find(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    services.duplicates_find_later(organisation=organisation)
    messages.success(
        request, _("Looking for duplicates in the background; reload this page in a moment.")
    )
    return redirect("registry:duplicate_list", slug=organisation.slug)


def _pair(
    businesses: list[Business], survivor_id: int | None, other_id: int | None
) -> tuple[Business, Business]:
    by_id = {business.pk: business for business in businesses}
    survivor = by_id.get(survivor_id) if survivor_id else None
    survivor = survivor or selectors.default_survivor(businesses)
    others = [b for b in businesses if b.pk != survivor.pk]
    other = by_id.get(other_id) if other_id and other_id != survivor.pk else None
    return survivor, other or others[0]


@org_view("manage_registry")
def duplicate_detail(
    request: HttpRequest, organisation: Organisation, cluster_id: int
) -> HttpResponse:
    cluster = selectors.duplicate_cluster(organisation, cluster_id)
    businesses = selectors.cluster_businesses(cluster)
    if cluster.origin == ClusterOrigin.IMPORT:
        return _rows_detail(request, organisation, cluster, businesses)
    context = {
        "organisation": organisation,
        "cluster": cluster,
        "businesses": businesses,
        "merges": list(cluster.merges.all()),
    }
    if cluster.status == DuplicateStatus.OPEN and len(businesses) >= 2:
        survivor, other = _pair(
            businesses, _int(request.GET.get("survivor")), _int(request.GET.get("other"))
        )
        context["comparison"] = selectors.comparison(cluster, survivor, other)
    return render(request, "registry/duplicates/detail.html", context)


def _rows_detail(
    request: HttpRequest, organisation: Organisation, cluster: Any, businesses: list[Business]
) -> HttpResponse:
    """A cluster an import found: its business and the spreadsheet rows linked to it, one
    open row side by side with the business at a time."""
    rows = list(cluster.import_rows.all())
    waiting = [row for row in rows if row.review == RowReview.OPEN]
    chosen = next((row for row in waiting if row.pk == _int(request.GET.get("row"))), None)
    chosen = chosen or (waiting[0] if waiting else None)
    business = businesses[0] if businesses else None
    context: dict[str, Any] = {
        "organisation": organisation,
        "cluster": cluster,
        "business": business,
        "rows": rows,
        "waiting": waiting,
        "reviews": dict(RowReview.choices),
    }
    if chosen is not None and business is not None:
        context["comparison"] = selectors.row_comparison(business, chosen)
    return render(request, "registry/duplicates/rows.html", context)


def _error_text(exc: ValidationError | PermissionDenied) -> str:
    text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    return text or _("You do not have permission to do this.")


@require_POST
@org_view("manage_registry")
def duplicate_row_merge(
    request: HttpRequest, organisation: Organisation, cluster_id: int, row_id: int
) -> HttpResponse:
    cluster = selectors.duplicate_cluster(organisation, cluster_id)
    row = next((row for row in cluster.import_rows.all() if row.pk == row_id), None)
    if row is None:
        raise Http404
    choices = {
        key: request.POST[f"choice_{key}"]
        for key in services.MERGE_FIELDS
        if request.POST.get(f"choice_{key}") in ("business", "row")
    }
    try:
        business = services.import_row_merge(actor=request.user, row=row, choices=choices)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            _("Row %(row)s was merged into %(business)s; nothing was lost.")
            % {"row": row.row_number, "business": business.name},
        )
    return redirect("registry:duplicate_detail", slug=organisation.slug, cluster_id=cluster.pk)


@require_POST
@org_view("manage_registry")
def duplicate_row_separate(
    request: HttpRequest, organisation: Organisation, cluster_id: int, row_id: int
) -> HttpResponse:
    cluster = selectors.duplicate_cluster(organisation, cluster_id)
    row = next((row for row in cluster.import_rows.all() if row.pk == row_id), None)
    if row is None:
        raise Http404
    try:
        business = services.import_row_separate(actor=request.user, row=row)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            _("Row %(row)s is registered as another business: %(business)s.")
            % {"row": row.row_number, "business": business.name},
        )
    return redirect("registry:duplicate_detail", slug=organisation.slug, cluster_id=cluster.pk)


@require_POST
@org_view("manage_registry")
def duplicate_merge(
    request: HttpRequest, organisation: Organisation, cluster_id: int
) -> HttpResponse:
    cluster = selectors.duplicate_cluster(organisation, cluster_id)
    businesses = selectors.cluster_records(cluster)
    survivor = businesses.get(_int(request.POST.get("survivor")) or 0)
    merged = businesses.get(_int(request.POST.get("merged")) or 0)
    if survivor is None or merged is None:
        raise Http404
    choices = {}
    for key in services.MERGE_FIELDS:
        value = _int(request.POST.get(f"choice_{key}"))
        if value is not None:
            choices[key] = value
    try:
        services.business_merge(
            actor=request.user,
            survivor=survivor,
            merged=merged,
            cluster=cluster,
            choices=choices,
        )
    except (ValidationError, PermissionDenied) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text or _("You do not have permission to do this."))
        return redirect("registry:duplicate_detail", slug=organisation.slug, cluster_id=cluster.pk)
    messages.success(
        request,
        _("%(merged)s was merged into %(survivor)s; nothing was lost.")
        % {"merged": merged.name, "survivor": survivor.name},
    )
    return redirect("registry:duplicate_detail", slug=organisation.slug, cluster_id=cluster.pk)


@require_POST
@org_view("manage_registry")
def duplicate_dismiss(
    request: HttpRequest, organisation: Organisation, cluster_id: int
) -> HttpResponse:
    cluster = selectors.duplicate_cluster(organisation, cluster_id)
    try:
        services.duplicate_dismiss(actor=request.user, cluster=cluster)
    except (ValidationError, PermissionDenied) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text or _("You do not have permission to do this."))
        return redirect("registry:duplicate_detail", slug=organisation.slug, cluster_id=cluster.pk)
    messages.success(request, _("Marked as different businesses; they will not be proposed again."))
    return redirect("registry:duplicate_list", slug=organisation.slug)


D = "o/<slug:slug>/registry/duplicates/"
urlpatterns = [
    path(D, duplicate_list, name="duplicate_list"),
    path(D + "find/", duplicate_find, name="duplicate_find"),
    path(D + "<int:cluster_id>/", duplicate_detail, name="duplicate_detail"),
    path(D + "<int:cluster_id>/merge/", duplicate_merge, name="duplicate_merge"),
    path(D + "<int:cluster_id>/dismiss/", duplicate_dismiss, name="duplicate_dismiss"),
    path(
        D + "<int:cluster_id>/rows/<int:row_id>/merge/",
        duplicate_row_merge,
        name="duplicate_row_merge",
    ),
    path(
        D + "<int:cluster_id>/rows/<int:row_id>/separate/",
        duplicate_row_separate,
        name="duplicate_row_separate",
    ),
]
