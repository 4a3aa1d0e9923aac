"""Reads of the core app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django_scopes import scopes_disabled

from naikkelas.core.models import (
    AuditEntry,
    Invitation,
    Membership,
    Organisation,
    Region,
    RegionLevel,
    Role,
    User,
    WorkerHeartbeat,
)
from naikkelas.core.regions import search_key


@dataclass(frozen=True)
class OrganisationRoles:
    organisation: Organisation
    roles: list[str]

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles]


def organisations_for_user(user: User) -> list[OrganisationRoles]:
    """The organisations a person belongs to, with their roles (one query)."""
    if not user.is_authenticated:
        return []
    with scopes_disabled():
        rows = (
            Membership.objects.filter(user=user, organisation__is_active=True)
            .select_related("organisation", "organisation__region")
            .order_by("organisation__name", "role")
        )
        grouped: dict[int, OrganisationRoles] = {}
        for membership in rows:
            entry = grouped.setdefault(
                membership.organisation_id, OrganisationRoles(membership.organisation, [])
            )
            entry.roles.append(membership.role)
    return list(grouped.values())


def organisation_members(organisation: Organisation) -> list[tuple[User, list[str]]]:
    """Members with their roles; call inside ``scope(organisation=…)``."""
    members: dict[int, tuple[User, list[str]]] = {}
    for membership in (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__name", "role")
    ):
        members.setdefault(membership.user_id, (membership.user, []))[1].append(membership.role)
    return list(members.values())


def organisation_open_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    from django.utils import timezone

    return Invitation.objects.filter(
        organisation=organisation,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("invited_by")


def audit_entries(organisation: Organisation) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(organisation=organisation).select_related("object_type")


def region_search(
    query: str,
    *,
    level: int | None = None,
    levels: set[int] | None = None,
    within: str | None = None,
    limit: int = 10,
) -> list[Region]:
    """Regions whose name matches ``query``: exact names first, then names that start with
    it, then names that contain it; larger regions before smaller ones."""
    key = search_key(query)
    if len(key) < 2:
        return []
    qs = Region.objects.filter(search_name__contains=key)
    if level:
        qs = qs.filter(level=level)
    if levels:
        qs = qs.filter(level__in=sorted(levels))
    if within:
        qs = qs.filter(Q(code=within) | Q(code__startswith=within + "."))
    qs = qs.annotate(
        rank=Case(
            When(search_name=key, then=Value(0)),
            When(search_name__startswith=key, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("rank", "level", "search_name", "code")
    return list(qs.select_related("parent__parent__parent")[:limit])


def region_path_label(region: Region) -> str:
    """ "Kecamatan Laweyan, Kota Surakarta, Jawa Tengah"."""
    return ", ".join(
        [
            str(region.label),
            *(
                str(node.label) if node.level == RegionLevel.DISTRICT else node.name
                for node in region.ancestors()
            ),
        ]
    )


def region_children(code: str | None) -> QuerySet[Region]:
    if code:
        return Region.objects.filter(parent_id=code).order_by("name")
    return Region.objects.filter(level=1).order_by("name")


def worker_status(max_age_seconds: int = 60) -> dict[str, object]:
    from django.utils import timezone

    latest = WorkerHeartbeat.objects.order_by("-last_seen").first()
    if latest is None:
        return {"ok": False, "status": "absent", "last_seen": None}
    age = (timezone.now() - latest.last_seen).total_seconds()
    alive = WorkerHeartbeat.objects.filter(
        last_seen__gte=timezone.now() - timedelta(seconds=max_age_seconds)
    ).count()
    return {
        "ok": age <= max_age_seconds,
        "status": "running" if age <= max_age_seconds else "stale",
        "last_seen": latest.last_seen.isoformat(),
        "seconds_since": round(age, 1),
        "workers": alive,
        "backend": latest.backend,
    }
