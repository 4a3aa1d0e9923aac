"""Duplicate clusters under /api/v1/registry/: list an organisation's open clusters, one
cluster with its evidence, merge two of its records, dismiss it; for a cluster an import
found, merge each of its spreadsheet rows into the business or register it separately.
Scoped like core/api.py: another organisation's clusters do not exist for the caller (404)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django_scopes import scope
from ninja import Field, Router, Schema

from naikkelas.core.api import AUTH
from naikkelas.core.models import Organisation
from naikkelas.core.permissions import can, roles_of
from naikkelas.registry.models import (
    Business,
    ClusterOrigin,
    DuplicateCluster,
    DuplicateStatus,
    ImportRow,
    RowReview,
)
from naikkelas.registry.selectors import duplicates as selectors
from naikkelas.registry.services import duplicates as services

router = Router(tags=["duplicates"])


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(
        Organisation.objects.select_related("region"), slug=slug, is_active=True
    )
    if not roles_of(request.auth, organisation):
        raise Http404
    if not can(request.auth, organisation, "manage_registry"):
        raise PermissionDenied
    return organisation


class MemberOut(Schema):
    id: int
    name: str
    nib: str | None
    owner: str | None
    phone: str | None
    village_code: str | None
    village: str | None
    merged_into: int | None


class ClusterOut(Schema):
    id: int
    origin: str = Field(
        description="detection: businesses alike; import: one business and the spreadsheet "
        "rows an import linked to it (reviewed row by row: import_rows)"
    )
    status: str
    score: float
    found_at: datetime
    members: list[MemberOut]


class PairEvidenceOut(Schema):
    left: int
    right: int
    score: float
    weight: float
    explanation: str
    origin: str | None = None
    fields: list[dict[str, Any]]


class RowEvidenceOut(Schema):
    score: float
    weight: float
    explanation: str
    fields: list[dict[str, Any]]


class ImportRowOut(Schema):
    id: int
    import_id: int
    filename: str
    sheet: str
    row: int
    review: str = Field(description="open, merged or separate")
    business_id: int | None = Field(description="the business a row registered separately became")
    values: dict[str, list[Any]] = Field(description="field -> value(s) as the row has them")
    owner: dict[str, Any]
    evidence: RowEvidenceOut | None


class ClusterDetailOut(ClusterOut):
    evidence: list[PairEvidenceOut]
    import_rows: list[ImportRowOut] = []
    resolved_at: datetime | None


def _member(business: Business) -> MemberOut:
    owners = list(business.owners.all())
    owner = owners[0] if owners else None
    return MemberOut(
        id=business.pk,
        name=business.name,
        nib=business.nib,
        owner=owner.name if owner else None,
        phone=owner.phone or None if owner else None,
        village_code=business.village_id,
        village=str(business.village.label) if business.village else None,
        merged_into=business.merged_into_id,
    )


def _cluster(cluster: DuplicateCluster) -> dict[str, Any]:
    return {
        "id": cluster.pk,
        "origin": cluster.origin,
        "status": cluster.status,
        "score": cluster.score,
        "found_at": cluster.found_at,
        "members": [_member(business) for business in cluster.members.all()],
    }


@router.get(
    "/organisations/{slug}/duplicates",
    response=list[ClusterOut],
    auth=AUTH,
    summary="Clusters of possible duplicates in which the organisation coaches a business",
)
def duplicate_list(
    request: HttpRequest,
    slug: str,
    status: str = DuplicateStatus.OPEN,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    organisation = _organisation(request, slug)
    if status not in DuplicateStatus.values:
        status = DuplicateStatus.OPEN
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    with scope(organisation=organisation):
        clusters = selectors.duplicate_clusters(organisation, status=status).prefetch_related(
            "members__owners"
        )[offset : offset + limit]
        return [_cluster(cluster) for cluster in clusters]


def _import_row(row: ImportRow, business: Business | None) -> dict[str, Any]:
    evidence = None
    if business is not None and row.review == RowReview.OPEN:
        evidence = selectors.row_evidence(business, row)
    return {
        "id": row.pk,
        "import_id": row.job_id,
        "filename": row.job.filename,
        "sheet": row.sheet,
        "row": row.row_number,
        "review": row.review,
        "business_id": row.business_id,
        "values": {key: [str(v) if v is not None else None for v in values]
                   for key, values in services.row_values(row).items()},
        "owner": services.row_owner(row),
        "evidence": evidence,
    }  # fmt: skip


def _detail(organisation: Organisation, cluster_id: int) -> dict[str, Any]:
    cluster = selectors.duplicate_cluster(organisation, cluster_id)
    business = next(iter(cluster.members.all()), None)
    imported = cluster.origin == ClusterOrigin.IMPORT
    return {
        **_cluster(cluster),
        "evidence": [] if imported else cluster.evidence,
        "import_rows": [_import_row(row, business) for row in cluster.import_rows.all()],
        "resolved_at": cluster.resolved_at,
    }


@router.get("/organisations/{slug}/duplicates/{cluster_id}", response=ClusterDetailOut, auth=AUTH)
def duplicate_detail(request: HttpRequest, slug: str, cluster_id: int) -> dict[str, Any]:
    organisation = _organisation(request, slug)
    with scope(organisation=organisation):
        return _detail(organisation, cluster_id)


class MergeIn(Schema):
    survivor_id: int
    merged_id: int
    choices: dict[str, int] = {}


class MergeOut(Schema):
    survivor_id: int
    merged_id: int
    cluster: ClusterDetailOut


@router.post(
    "/organisations/{slug}/duplicates/{cluster_id}/merge",
    response=MergeOut,
    auth=AUTH,
    summary="Merge one record of the cluster into another; choices: field -> business id",
)
def duplicate_merge(
    request: HttpRequest, slug: str, cluster_id: int, payload: MergeIn
) -> dict[str, Any]:
    organisation = _organisation(request, slug)
    with scope(organisation=organisation):
        cluster = selectors.duplicate_cluster(organisation, cluster_id)
        members = selectors.cluster_records(cluster)
        if payload.survivor_id not in members or payload.merged_id not in members:
            raise Http404
        services.business_merge(
            actor=request.auth,
            survivor=members[payload.survivor_id],
            merged=members[payload.merged_id],
            cluster=cluster,
            choices=payload.choices,
        )
        return {
            "survivor_id": payload.survivor_id,
            "merged_id": payload.merged_id,
            "cluster": _detail(organisation, cluster_id),
        }


@router.post(
    "/organisations/{slug}/duplicates/{cluster_id}/dismiss",
    response=ClusterDetailOut,
    auth=AUTH,
    summary="Mark the cluster's records as different businesses",
)
def duplicate_dismiss(request: HttpRequest, slug: str, cluster_id: int) -> dict[str, Any]:
    organisation = _organisation(request, slug)
    with scope(organisation=organisation):
        cluster = selectors.duplicate_cluster(organisation, cluster_id)
        services.duplicate_dismiss(actor=request.auth, cluster=cluster)
        return _detail(organisation, cluster_id)


class RowMergeIn(Schema):
    choices: dict[str, str] = Field(
        {}, description='field -> "row" or "business" (default: the business\'s when it has one)'
    )


def _row(organisation: Organisation, cluster_id: int, row_id: int) -> ImportRow:
    cluster = selectors.duplicate_cluster(organisation, cluster_id)
    row = next((row for row in cluster.import_rows.all() if row.pk == row_id), None)
    if row is None:
        raise Http404
    return row


@router.post(
    "/organisations/{slug}/duplicates/{cluster_id}/rows/{row_id}/merge",
    response=ClusterDetailOut,
    auth=AUTH,
    summary="A spreadsheet row of an import cluster is its business: merge the chosen values",
)
def duplicate_row_merge(
    request: HttpRequest, slug: str, cluster_id: int, row_id: int, payload: RowMergeIn
) -> dict[str, Any]:
    organisation = _organisation(request, slug)
    with scope(organisation=organisation):
        row = _row(organisation, cluster_id, row_id)
        services.import_row_merge(actor=request.auth, row=row, choices=payload.choices)
        return _detail(organisation, cluster_id)


@router.post(
    "/organisations/{slug}/duplicates/{cluster_id}/rows/{row_id}/separate",
    response=ClusterDetailOut,
    auth=AUTH,
    summary="A spreadsheet row of an import cluster is another business: register it",
)
def duplicate_row_separate(
    request: HttpRequest, slug: str, cluster_id: int, row_id: int
) -> dict[str, Any]:
    organisation = _organisation(request, slug)
    with scope(organisation=organisation):
        row = _row(organisation, cluster_id, row_id)
        services.import_row_separate(actor=request.auth, row=row)
        return _detail(organisation, cluster_id)
