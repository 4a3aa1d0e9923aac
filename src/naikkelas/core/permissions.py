"""Who may do what in an organisation. An administrator may do everything its members may."""

from __future__ import annotations

from typing import Any

from django.db import connection

from naikkelas.core.models import Membership, Organisation, Role

# What each role may do; views and API endpoints ask for a permission, never a role name.
PERMISSIONS: dict[str, set[str]] = {
    "view_dashboard": {Role.ADMIN, Role.OFFICER, Role.CURATOR, Role.EVENT_STAFF, Role.LEADER},
    "view_members": {Role.ADMIN, Role.OFFICER, Role.LEADER},
    "manage_members": {Role.ADMIN},
    "manage_organisation": {Role.ADMIN},
    "view_audit": {Role.ADMIN},
    "manage_registry": {Role.ADMIN, Role.OFFICER},
    "curate": {Role.ADMIN, Role.CURATOR},
    "manage_events": {Role.ADMIN, Role.OFFICER},
    "staff_events": {Role.ADMIN, Role.OFFICER, Role.EVENT_STAFF},
    "view_reports": {Role.ADMIN, Role.OFFICER, Role.LEADER},
    "manage_catalog": {Role.ADMIN, Role.OFFICER},
    "edit_synonyms": {Role.ADMIN, Role.OFFICER, Role.CURATOR},
}


def roles_of(user: Any, organisation: Organisation) -> set[str]:
    """The roles ``user`` holds in ``organisation`` (cached on the user for the request)."""
    return roles_in(user, organisation.pk)


def roles_in(user: Any, organisation_id: int) -> set[str]:
    """The roles ``user`` holds in the organisation with this id (no need to load it)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    cache: dict[int, set[str]] | None = getattr(user, "_naikkelas_roles", None)
    if cache is None:
        # asked by nearly every request: a hand-written query (a third of the ORM's cost)
        sql = f"SELECT organisation_id, role FROM {Membership._meta.db_table} WHERE user_id = %s"  # noqa: S608 - the table name from the model, the value bound
        with connection.cursor() as cursor:
            cursor.execute(sql, [user.pk])
            cache = remember_roles(user, cursor.fetchall())
    return cache.get(organisation_id, set())


def remember_roles(user: Any, rows: list[tuple[Any, Any]]) -> dict[int, set[str]]:
    """Keep ``user``'s memberships, read by the caller as (organisation id, role) rows
    (None, None for a person without any), for the rest of the request."""
    cache: dict[int, set[str]] = {}
    for org_id, role in rows:
        if org_id is not None:
            cache.setdefault(org_id, set()).add(role)
    user._naikkelas_roles = cache
    return cache


def forget_roles(user: Any) -> None:
    if hasattr(user, "_naikkelas_roles"):
        del user._naikkelas_roles


def has_role(user: Any, organisation: Organisation, *roles: str) -> bool:
    held = roles_of(user, organisation)
    return Role.ADMIN in held or bool(held.intersection(roles))


def permissions_of(user: Any, organisation: Organisation) -> set[str]:
    held = roles_of(user, organisation)
    return {name for name, roles in PERMISSIONS.items() if held & roles}


def can(user: Any, organisation: Organisation, permission: str) -> bool:
    return can_in(user, organisation.pk, permission)


def can_in(user: Any, organisation_id: int, permission: str) -> bool:
    return bool(roles_in(user, organisation_id) & PERMISSIONS[permission])
