"""Writes of the core app: one function per use case, each its own transaction, each audited."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from naikkelas.core import regions as region_data
from naikkelas.core.audit import audit_record, snapshot
from naikkelas.core.models import (
    ApiToken,
    Invitation,
    Language,
    Membership,
    Organisation,
    OrganisationKind,
    Region,
    RegionLevel,
    Role,
    User,
    WorkerHeartbeat,
)
from naikkelas.core.permissions import forget_roles, has_role, remember_roles
from naikkelas.core.phones import phone_to_e164
from naikkelas.core.sql import columns, fetch

INVITATION_DAYS = 14
API_TOKEN_PREFIX = "nk_"

# --- regions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionsLoadResult:
    loaded: bool
    total: int
    seconds: float


def regions_load(*, using: str = "default", force: bool = False) -> RegionsLoadResult:
    """Load the official region list when the table does not hold it all (idempotent)."""
    started = time.perf_counter()
    expected = region_data.expected_counts()
    manager = Region.objects.using(using)
    if not force and manager.count() == sum(expected.values()):
        return RegionsLoadResult(False, sum(expected.values()), time.perf_counter() - started)
    # 91,599 rows of reference data: COPY on PostgreSQL, executemany on SQLite, instead of
    # the ORM's per-object SQL compilation (7 s -> under 2 s); the rows are shipped CSV.
    table = Region._meta.db_table
    columns = ["code", "name", "level", "kind", "parent_id", "search_name"]
    connection = connections[using]
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    # table and column names are ours; the values go as parameters
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})"  # noqa: S608
    with transaction.atomic(using=using):
        existing = set(manager.values_list("code", flat=True))
        rows = [
            (
                row.code,
                row.name,
                row.level,
                row.kind,
                row.parent_code,
                region_data.search_key(row.name),
            )
            for row in region_data.read_regions()
            if row.code not in existing
        ]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for values in rows:
                        copy.write_row(values)
            else:
                for offset in range(0, len(rows), 10_000):
                    cursor.executemany(sql, rows[offset : offset + 10_000])
    return RegionsLoadResult(True, manager.count(), time.perf_counter() - started)


# --- people -----------------------------------------------------------------------------


def normalise_login(login: str) -> tuple[str | None, str | None]:
    """Split what a person typed in the login box into (email, phone)."""
    text = (login or "").strip()
    if "@" in text:
        return text.lower(), None
    return None, phone_to_e164(text)


def user_create(
    *,
    name: str,
    password: str | None,
    email: str | None = None,
    phone: str | None = None,
    language: str = Language.INDONESIAN,
    actor: User | None = None,
) -> User:
    email = (email or "").strip().lower() or None
    phone_e164 = None
    if phone:
        phone_e164 = phone_to_e164(phone)
        if phone_e164 is None:
            raise ValidationError(
                {"phone": _("'%(phone)s' is not a valid phone number.") % {"phone": phone}}
            )
    if not email and not phone_e164:
        raise ValidationError(_("Give an email address or a phone number."))
    clash = Q()
    if email:
        clash |= Q(email__iexact=email)
    if phone_e164:
        clash |= Q(phone=phone_e164)
    if User.objects.filter(clash).exists():
        raise ValidationError(_("Someone is already registered with this email or phone."))
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, phone=phone_e164, password=password, name=name.strip(), language=language
        )
        audit_record(
            actor=actor or user,
            action="user.create",
            obj=user,
            after=snapshot(user, ["name", "email", "phone", "language"]),
        )
    return user


def user_update_profile(*, user: User, name: str, phone: str | None) -> User:
    """A person changes their own name and phone number (E.164, unique)."""
    phone_e164 = None
    if phone:
        phone_e164 = phone_to_e164(phone)
        if phone_e164 is None:
            raise ValidationError(
                {"phone": _("'%(phone)s' is not a valid phone number.") % {"phone": phone}}
            )
        if User.objects.filter(phone=phone_e164).exclude(pk=user.pk).exists():
            raise ValidationError(
                {"phone": _("Someone is already registered with this email or phone.")}
            )
    if not phone_e164 and not user.email:
        raise ValidationError({"phone": _("Give an email address or a phone number.")})
    if not name.strip():
        raise ValidationError({"name": _("Give your name.")})
    with transaction.atomic():
        before = snapshot(user, ["name", "phone"])
        user.name, user.phone = " ".join(name.split()), phone_e164
        user.save(update_fields=["name", "phone"])
        audit_record(
            actor=user,
            action="user.update",
            obj=user,
            before=before,
            after=snapshot(user, ["name", "phone"]),
        )
    return user


def user_set_language(*, user: User, language: str) -> None:
    if language not in Language.values:
        raise ValidationError(_("Unknown language."))
    if user.language == language:
        return
    with transaction.atomic():
        before = snapshot(user, ["language"])
        user.language = language
        user.save(update_fields=["language"])
        audit_record(
            actor=user,
            action="user.language",
            obj=user,
            before=before,
            after=snapshot(user, ["language"]),
        )


# --- organisations ----------------------------------------------------------------------

ORGANISATION_FIELDS = [
    "name",
    "kind",
    "region",
    "description",
    "email",
    "phone",
    "website",
    "address",
    "is_active",
]


def _check_org_region(region: Region) -> None:
    if region.level not in (RegionLevel.PROVINCE, RegionLevel.REGENCY):
        raise ValidationError(
            {
                "region": _("An organisation serves a province or a regency/city, not %(region)s.")
                % {"region": region.label}
            }
        )


def organisation_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    region: Region,
    slug: str | None = None,
    admin: User | None = None,
    **fields: str,
) -> Organisation:
    if kind not in OrganisationKind.values:
        raise ValidationError({"kind": _("Unknown kind of organisation.")})
    _check_org_region(region)
    slug = slug or slugify(name)[:60]
    with transaction.atomic():
        if Organisation.objects.filter(slug=slug).exists():
            raise ValidationError(
                {"slug": _("The short name '%(slug)s' is taken.") % {"slug": slug}}
            )
        organisation = Organisation.objects.create(
            slug=slug, name=name, kind=kind, region=region, **fields
        )
        audit_record(
            actor=actor,
            action="organisation.create",
            obj=organisation,
            organisation=organisation,
            after=snapshot(organisation, ["slug", *ORGANISATION_FIELDS]),
        )
        if admin is not None:
            with scopes_disabled():
                membership = Membership.objects.create(
                    organisation=organisation, user=admin, role=Role.ADMIN
                )
            audit_record(
                actor=actor,
                action="membership.grant",
                obj=membership,
                organisation=organisation,
                after={"user": admin.pk, "role": Role.ADMIN},
            )
    return organisation


def organisation_update(
    *, actor: User, organisation: Organisation, **fields: object
) -> Organisation:
    if not has_role(actor, organisation, Role.ADMIN):
        raise PermissionDenied
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "region" in fields:
        _check_org_region(fields["region"])  # type: ignore[arg-type]
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = snapshot(organisation, ORGANISATION_FIELDS)
        for key, value in fields.items():
            setattr(organisation, key, value)
        organisation.full_clean()
        organisation.save()
        audit_record(
            actor=actor,
            action="organisation.update",
            obj=organisation,
            organisation=organisation,
            before=before,
            after=snapshot(organisation, ORGANISATION_FIELDS),
        )
    return organisation


# --- memberships and invitations ----------------------------------------------------------


def _require_admin(actor: User, organisation: Organisation) -> None:
    if not has_role(actor, organisation, Role.ADMIN):
        raise PermissionDenied(
            _("Only an administrator of %(org)s may do this.") % {"org": organisation.name}
        )


def membership_grant(
    *, actor: User | None, organisation: Organisation, user: User, role: str
) -> Membership:
    if actor is not None:
        _require_admin(actor, organisation)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    with transaction.atomic(), scopes_disabled():
        membership, created = Membership.objects.get_or_create(
            organisation=organisation, user=user, role=role
        )
        if created:
            audit_record(
                actor=actor,
                action="membership.grant",
                obj=membership,
                organisation=organisation,
                after={"user": user.pk, "role": role},
            )
    forget_roles(user)
    return membership


def membership_revoke(*, actor: User, organisation: Organisation, user: User, role: str) -> None:
    _require_admin(actor, organisation)
    with transaction.atomic(), scopes_disabled():
        # Changes to one organisation's roles are serialised on its row, so two admins
        # removing each other at once cannot leave it with none.
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        membership = Membership.objects.filter(
            organisation=organisation, user=user, role=role
        ).first()
        if membership is None:
            return
        if role == Role.ADMIN:
            admins = Membership.objects.filter(organisation=organisation, role=Role.ADMIN)
            if admins.count() <= 1:
                raise ValidationError(_("An organisation keeps at least one administrator."))
        audit_record(
            actor=actor,
            action="membership.revoke",
            obj=membership,
            organisation=organisation,
            before={"user": user.pk, "role": role},
        )
        membership.delete()
    forget_roles(user)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(
    *, actor: User, organisation: Organisation, email: str, role: str
) -> tuple[Invitation, str]:
    """Invite ``email`` to ``organisation`` with ``role``; returns the invitation and the
    secret token for the link (mailed by a background task)."""
    _require_admin(actor, organisation)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    email = email.strip().lower()
    token = secrets.token_urlsafe(32)
    with transaction.atomic(), scopes_disabled():
        already = Membership.objects.filter(
            organisation=organisation, user__email__iexact=email, role=role
        ).exists()
        if already:
            raise ValidationError(
                {"email": _("%(email)s already has this role.") % {"email": email}}
            )
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            token_hash=_token_hash(token),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        audit_record(
            actor=actor,
            action="invitation.create",
            obj=invitation,
            organisation=organisation,
            after={"email": email, "role": role},
        )
        from naikkelas.core.tasks import invitation_send

        transaction.on_commit(lambda: invitation_send.enqueue(invitation.pk, token))
    return invitation, token


def invitation_get(token: str) -> Invitation | None:
    with scopes_disabled():
        return (
            Invitation.objects.select_related("organisation", "invited_by")
            .filter(token_hash=_token_hash(token))
            .first()
        )


def invitation_accept(*, token: str, user: User) -> Membership:
    """Accept an invitation; safe when the same link is clicked twice at once."""
    with transaction.atomic(), scopes_disabled():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("organisation")
            .filter(token_hash=_token_hash(token))
            .first()
        )
        if invitation is None or not invitation.is_open:
            raise ValidationError(_("This invitation is no longer valid. Ask for a new one."))
        if user.email is None or user.email.lower() != invitation.email:
            raise ValidationError(
                _("This invitation is for %(email)s. Log in with that address.")
                % {"email": invitation.email}
            )
        try:
            with transaction.atomic():
                membership, _created = Membership.objects.get_or_create(
                    organisation=invitation.organisation, user=user, role=invitation.role
                )
        except IntegrityError:
            membership = Membership.objects.get(
                organisation=invitation.organisation, user=user, role=invitation.role
            )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit_record(
            actor=user,
            action="invitation.accept",
            obj=invitation,
            organisation=invitation.organisation,
            after={"user": user.pk, "role": invitation.role},
        )
    return membership


def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    _require_admin(actor, invitation.organisation)
    with transaction.atomic(), scopes_disabled():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.revoked_at or invitation.accepted_at:
            return
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="invitation.revoke",
            obj=invitation,
            organisation=invitation.organisation,
            before={"email": invitation.email},
        )


# --- API tokens -------------------------------------------------------------------------


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip()[:100] or "API",
            prefix=secret[:10],
            key_hash=_token_hash(secret),
        )
        audit_record(
            actor=user,
            action="api_token.create",
            obj=token,
            after={"name": token.name, "prefix": token.prefix},
        )
    return token, secret


def api_token_revoke(*, user: User, token_id: int) -> None:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(user=user, pk=token_id).first()
        if token is None or token.revoked_at:
            return
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=user,
            action="api_token.revoke",
            obj=token,
            before={"name": token.name, "prefix": token.prefix},
        )


def api_token_authenticate(secret: str) -> User | None:
    """The active person a live token belongs to, or None.

    Every API call asks, so it is one hand-written query that reads the person with the
    token's id and last use and their memberships (one row each; the ORM queries it
    replaces cost three times as much to build as to run; decision 0034). The last use is
    written at most every five minutes."""
    if not secret.startswith(API_TOKEN_PREFIX):
        return None
    sql = (
        f"SELECT {columns(User, 'u')}, t.id, t.last_used_at, m.organisation_id, m.role "  # noqa: S608 - names from the models, values bound
        f"FROM {ApiToken._meta.db_table} t JOIN {User._meta.db_table} u ON u.id = t.user_id "
        f"LEFT JOIN {Membership._meta.db_table} m ON m.user_id = u.id "
        "WHERE t.key_hash = %s AND t.revoked_at IS NULL AND u.is_active = %s"
    )
    rows = fetch(User, sql, [_token_hash(secret), True])
    if not rows:
        return None
    user, (token_id, used, _org, _role) = rows[0]
    remember_roles(user, [(org, role) for _user, (_id, _used, org, role) in rows])
    if isinstance(used, str):  # SQLite hands a column outside the model back as text
        used = datetime.fromisoformat(used)
    if used is not None and timezone.is_naive(used):  # stored in UTC
        used = used.replace(tzinfo=UTC)
    now = timezone.now()
    if used is None or now - used > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    return user


# --- worker -----------------------------------------------------------------------------


def worker_heartbeat(*, worker: str, backend: str, started_at: datetime) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker=worker, defaults={"backend": backend, "last_seen": now, "started_at": started_at}
    )
    # workers that stopped a day ago are gone, not "stale"
    WorkerHeartbeat.objects.filter(last_seen__lt=now - timedelta(days=1)).delete()
