"""Core endpoints: regions (public), the person, their organisations, members, audit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django_scopes import scope
from ninja import Query, Router, Schema, Status
from ninja.security import APIKeyCookie, HttpBearer, django_auth

from naikkelas.core import selectors, services
from naikkelas.core.models import Organisation, Region, User
from naikkelas.core.permissions import can, roles_of


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = services.api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


# Pages use the session (with CSRF on writes); integrators use a personal token.
AUTH: list[Any] = [TokenAuth(), django_auth]
assert isinstance(django_auth, APIKeyCookie)

router = Router()


class RegionOut(Schema):
    code: str
    name: str
    label: str
    level: int
    kind: str
    parent_code: str | None
    path: str


def _region_out(region: Region) -> RegionOut:
    return RegionOut(
        code=region.code,
        name=region.name,
        label=str(region.label),
        level=region.level,
        kind=region.kind,
        parent_code=region.parent_id,
        path=selectors.region_path_label(region),
    )


class RegionQuery(Schema):
    q: str | None = None
    level: int | None = None
    within: str | None = None
    parent: str | None = None


@router.get(
    "/regions",
    response=list[RegionOut],
    tags=["regions"],
    auth=None,
    summary="Search regions (type 'laweyan') or list the children of one",
)
def regions(request: HttpRequest, filters: Query[RegionQuery]) -> list[RegionOut]:
    if filters.q:
        found = selectors.region_search(
            filters.q, level=filters.level, within=filters.within, limit=20
        )
    else:
        found = list(
            selectors.region_children(filters.parent).select_related("parent__parent__parent")
        )
    return [_region_out(region) for region in found]


@router.get("/regions/{code}", response=RegionOut, tags=["regions"], auth=None)
def region_detail(request: HttpRequest, code: str) -> RegionOut:
    return _region_out(
        get_object_or_404(Region.objects.select_related("parent__parent__parent"), code=code)
    )


class MeOut(Schema):
    id: int
    name: str
    email: str | None
    phone: str | None
    language: str


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    region_code: str
    region: str
    roles: list[str]


@router.get("/me", response=MeOut, tags=["people"], auth=AUTH)
def me(request: HttpRequest) -> Any:
    return request.auth


@router.get("/organisations", response=list[OrganisationOut], tags=["organisations"], auth=AUTH)
def my_organisations(request: HttpRequest) -> list[OrganisationOut]:
    return [
        OrganisationOut(
            slug=item.organisation.slug,
            name=item.organisation.name,
            kind=item.organisation.kind,
            region_code=item.organisation.region_id,
            region=item.organisation.region.name,
            roles=item.roles,
        )
        for item in selectors.organisations_for_user(request.auth)
    ]


def _organisation_for(request: HttpRequest, slug: str, permission: str) -> Organisation:
    organisation = get_object_or_404(
        Organisation.objects.select_related("region"), slug=slug, is_active=True
    )
    if not roles_of(request.auth, organisation):
        raise Http404
    if not can(request.auth, organisation, permission):
        raise PermissionDenied
    return organisation


class MemberOut(Schema):
    id: int
    name: str
    email: str | None
    roles: list[str]


@router.get(
    "/organisations/{slug}/members", response=list[MemberOut], tags=["organisations"], auth=AUTH
)
def members(request: HttpRequest, slug: str) -> list[MemberOut]:
    organisation = _organisation_for(request, slug, "view_members")
    with scope(organisation=organisation):
        return [
            MemberOut(id=user.pk, name=user.name, email=user.email, roles=roles)
            for user, roles in selectors.organisation_members(organisation)
        ]


class InvitationIn(Schema):
    email: str
    role: str


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    expires_at: datetime


@router.post(
    "/organisations/{slug}/invitations",
    response={201: InvitationOut},
    tags=["organisations"],
    auth=AUTH,
)
def invite(request: HttpRequest, slug: str, payload: InvitationIn) -> Status[Any]:
    organisation = _organisation_for(request, slug, "manage_members")
    invitation, _token = services.invitation_create(
        actor=request.auth, organisation=organisation, email=payload.email, role=payload.role
    )
    return Status(201, invitation)


class AuditOut(Schema):
    id: int
    at: datetime
    actor: str
    action: str
    object_type: str | None
    object_id: str
    object_repr: str
    changes: dict[str, Any]


@router.get(
    "/organisations/{slug}/audit",
    response=list[AuditOut],
    tags=["organisations"],
    auth=AUTH,
    summary="The audit log, newest first (administrators)",
)
def audit(request: HttpRequest, slug: str, limit: int = 50, offset: int = 0) -> list[AuditOut]:
    organisation = _organisation_for(request, slug, "view_audit")
    limit = max(1, min(limit, 200))
    offset = max(0, offset)
    with scope(organisation=organisation):
        return [
            AuditOut(
                id=entry.pk,
                at=entry.at,
                actor=entry.actor_label,
                action=entry.action,
                object_type=entry.object_type.model if entry.object_type else None,
                object_id=entry.object_id,
                object_repr=entry.object_repr,
                changes=entry.changes,
            )
            for entry in selectors.audit_entries(organisation)[offset : offset + limit]
        ]
