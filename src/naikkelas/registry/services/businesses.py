"""Registering and keeping businesses up to date: one function per use case, each its own
transaction, each audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from naikkelas.core.audit import audit_record, snapshot
from naikkelas.core.models import Organisation, Region, RegionLevel, User
from naikkelas.core.permissions import can
from naikkelas.core.phones import phone_to_e164
from naikkelas.registry import kbli, sizeclass
from naikkelas.registry.models import (
    Business,
    BusinessOwner,
    BusinessSource,
    Certificate,
    CertificateKind,
    ChannelKind,
    Cluster,
    CoachingRelation,
    Gender,
    LegalForm,
    OnlineChannel,
    SizeClassSnapshot,
)

BUSINESS_FIELDS = [
    "name",
    "legal_form",
    "nib",
    "status",
    "address",
    "village",
    "kbli_section",
    "kbli_division",
    "product_types",
    "workforce_men",
    "workforce_women",
    "capital",
    "capital_reported_on",
    "annual_sales",
    "sales_reported_on",
    "description",
    "is_public",
    "public_fields",
]
AUDITED_FIELDS = [*BUSINESS_FIELDS, "size_class", "size_basis", "women_led", "merged_into"]
OWNER_FIELDS = ["name", "gender", "phone", "whatsapp", "email", "nik", "is_primary", "user"]


@dataclass
class OwnerData:
    name: str
    gender: str = ""
    phone: str = ""
    whatsapp: bool = True
    email: str = ""
    nik: str = ""
    is_primary: bool = True
    user: User | None = None


@dataclass
class BusinessData:
    name: str
    legal_form: str = LegalForm.INDIVIDUAL
    nib: str | None = None
    address: str = ""
    village_code: str | None = None
    kbli: str = ""
    product_types: str = ""
    workforce_men: int | None = None
    workforce_women: int | None = None
    capital: int | None = None
    capital_reported_on: dt.date | None = None
    annual_sales: int | None = None
    sales_reported_on: dt.date | None = None
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


# --- validation -----------------------------------------------------------------------------


def clean_nib(value: str | None) -> str | None:
    text = "".join((value or "").split())
    if not text:
        return None
    if len(text) != 13 or not text.isdigit():
        raise ValidationError({"nib": _("NIB '%(nib)s' must be 13 digits.") % {"nib": value}})
    return text


def clean_village(code: str | None, *, area_code: str | None = None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code, level=RegionLevel.VILLAGE).first()
    if region is None:
        raise ValidationError({"village": _("'%(code)s' is not a village code.") % {"code": code}})
    if area_code and not (code == area_code or code.startswith(area_code + ".")):
        area = Region.objects.filter(code=area_code).first()
        raise ValidationError(
            {
                "village": _("%(village)s is not in %(area)s.")
                % {"village": region.label, "area": area.label if area else area_code}
            }
        )
    return region


def clean_money(value: int | None, field_name: str) -> int | None:
    if value is None:
        return None
    if value < 0:
        raise ValidationError({field_name: _("An amount in rupiah cannot be negative.")})
    return int(value)


def clean_count(value: int | None, field_name: str) -> int | None:
    if value is None:
        return None
    if value < 0:
        raise ValidationError({field_name: _("A number of workers cannot be negative.")})
    return int(value)


def clean_owner(data: OwnerData) -> OwnerData:
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["owner_name"] = _("Give the owner's name.")
    phone = ""
    if data.phone:
        phone = phone_to_e164(data.phone) or ""
        if not phone:
            errors["phone"] = _("'%(phone)s' is not a valid phone number.") % {"phone": data.phone}
    nik = "".join(data.nik.split())
    if nik and (len(nik) != 16 or not nik.isdigit()):
        errors["nik"] = _("NIK must be 16 digits.")
    if data.gender and data.gender not in Gender.values:
        errors["gender"] = _("Unknown gender.")
    if errors:
        raise ValidationError(errors)
    return OwnerData(
        name=" ".join(data.name.split()),
        gender=data.gender,
        phone=phone,
        whatsapp=data.whatsapp,
        email=data.email.strip().lower(),
        nik=nik,
        is_primary=data.is_primary,
        user=data.user,
    )


def _apply_region(business: Business) -> None:
    code = business.village_id or ""
    parts = code.split(".")
    business.province_code = parts[0] if code else ""
    business.regency_code = ".".join(parts[:2]) if len(parts) >= 2 else ""
    business.district_code = ".".join(parts[:3]) if len(parts) >= 3 else ""


def _apply_kbli(business: Business, code: str) -> None:
    code = (code or "").strip().upper()
    if not code:
        business.kbli_section, business.kbli_division = "", ""
        return
    section = kbli.section_of(code)
    if section is None:
        raise ValidationError({"kbli": _("'%(code)s' is not a KBLI 2020 code.") % {"code": code}})
    business.kbli_section = section
    business.kbli_division = code[:2] if code[:2].isdigit() else ""


def _refresh_derived(business: Business) -> str | None:
    """Size class and women-led flag from the stored values; returns the previous class
    when the class changed."""
    result = sizeclass.size_class(capital=business.capital, annual_sales=business.annual_sales)
    previous = business.size_class
    business.size_class = result.size
    business.size_basis = result.basis or ""
    if business.pk:
        business.women_led = business.owners.filter(is_primary=True, gender=Gender.FEMALE).exists()
    return previous if previous != result.size else None


def _snapshot_size(business: Business, previous: str) -> None:
    SizeClassSnapshot.objects.create(
        business=business,
        size_class=business.size_class,
        basis=business.size_basis,
        previous_class=previous,
        capital=business.capital,
        annual_sales=business.annual_sales,
    )


def _prefixed(part: str, values: dict[str, Any]) -> dict[str, Any]:
    """Audit values of a part of a business (an owner, a certificate…): ``part.field``."""
    return {f"{part}.{key}": value for key, value in values.items()}


# --- permissions ---------------------------------------------------------------------------


def can_edit_business(user: Any, business: Business) -> bool:
    """Its owner, or an officer of an organisation that coaches it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if BusinessOwner.objects.filter(business=business, user=user).exists():
        return True
    with scopes_disabled():
        organisations = Organisation.objects.filter(
            coached_businesses__business=business, coached_businesses__active=True
        )
        return any(can(user, organisation, "manage_registry") for organisation in organisations)


# --- use cases ----------------------------------------------------------------------------


def business_register(
    *,
    actor: User | None,
    data: BusinessData,
    owners: list[OwnerData],
    organisation: Organisation | None = None,
    source: str = BusinessSource.OFFICER,
    program: str = "",
) -> Business:
    """Register a business with its owners; coached by ``organisation`` when given."""
    if (
        organisation is not None
        and actor is not None
        and not can(actor, organisation, "manage_registry")
    ):
        raise PermissionDenied
    if not data.name.strip():
        raise ValidationError({"name": _("Give the business name.")})
    if data.legal_form not in LegalForm.values:
        raise ValidationError({"legal_form": _("Unknown legal form.")})
    cleaned_owners = [clean_owner(owner) for owner in owners]
    business = Business(
        name=" ".join(data.name.split()),
        legal_form=data.legal_form,
        nib=clean_nib(data.nib),
        address=data.address.strip(),
        village=clean_village(data.village_code),
        product_types=data.product_types.strip(),
        workforce_men=clean_count(data.workforce_men, "workforce_men"),
        workforce_women=clean_count(data.workforce_women, "workforce_women"),
        capital=clean_money(data.capital, "capital"),
        capital_reported_on=data.capital_reported_on,
        annual_sales=clean_money(data.annual_sales, "annual_sales"),
        sales_reported_on=data.sales_reported_on,
        description=data.description.strip(),
        source=source,
        extra=data.extra,
        created_by=actor,
        updated_by=actor,
    )
    if business.capital is not None and business.capital_reported_on is None:
        business.capital_reported_on = timezone.localdate()
    if business.annual_sales is not None and business.sales_reported_on is None:
        business.sales_reported_on = timezone.localdate()
    _apply_region(business)
    _apply_kbli(business, data.kbli)
    _refresh_derived(business)
    business.women_led = any(o.is_primary and o.gender == Gender.FEMALE for o in cleaned_owners)
    try:
        with transaction.atomic():
            business.save()
            for owner in cleaned_owners:
                BusinessOwner.objects.create(business=business, **owner.__dict__)
            if organisation is not None:
                CoachingRelation.objects.create(
                    business=business, organisation=organisation, program=program
                )
            _snapshot_size(business, "")
            audit_record(
                actor=actor,
                action="business.register",
                obj=business,
                organisation=organisation,
                after=snapshot(business, AUDITED_FIELDS),
            )
    except IntegrityError as exc:
        if business.nib and Business.objects.filter(nib=business.nib).exists():
            raise ValidationError(
                {"nib": _("NIB %(nib)s is already registered.") % {"nib": business.nib}}
            ) from exc
        raise
    return business


def business_update(
    *,
    actor: User,
    business: Business,
    organisation: Organisation | None = None,
    kbli_code: str | None = None,
    **fields: Any,
) -> Business:
    """Change a business's details; a changed size class is kept as a dated snapshot."""
    if not can_edit_business(actor, business):
        raise PermissionDenied
    unknown = set(fields) - set(BUSINESS_FIELDS) - {"village_code"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        business = Business.objects.select_for_update().get(pk=business.pk)
        before = snapshot(business, AUDITED_FIELDS)
        if "village_code" in fields:
            business.village = clean_village(fields.pop("village_code"))
        if "nib" in fields:
            fields["nib"] = clean_nib(fields["nib"])
        for name in ("capital", "annual_sales"):
            if name in fields:
                fields[name] = clean_money(fields[name], name)
        for name in ("workforce_men", "workforce_women"):
            if name in fields:
                fields[name] = clean_count(fields[name], name)
        today = timezone.localdate()
        if "capital" in fields and fields["capital"] != business.capital:
            fields.setdefault("capital_reported_on", today)
        if "annual_sales" in fields and fields["annual_sales"] != business.annual_sales:
            fields.setdefault("sales_reported_on", today)
        for name, value in fields.items():
            setattr(business, name, value)
        if kbli_code is not None:
            _apply_kbli(business, kbli_code)
        _apply_region(business)
        previous = _refresh_derived(business)
        business.updated_by = actor
        try:
            with transaction.atomic():
                business.save()
        except IntegrityError as exc:
            raise ValidationError(
                {"nib": _("NIB %(nib)s is already registered.") % {"nib": business.nib}}
            ) from exc
        if previous is not None:
            _snapshot_size(business, previous)
        audit_record(
            actor=actor,
            action="business.update",
            obj=business,
            organisation=organisation,
            before=before,
            after=snapshot(business, AUDITED_FIELDS),
        )
    return business


def business_coach(
    *, actor: User | None, business: Business, organisation: Organisation, program: str = ""
) -> CoachingRelation:
    """Record that ``organisation`` coaches ``business`` (idempotent)."""
    if actor is not None and not can(actor, organisation, "manage_registry"):
        raise PermissionDenied
    with transaction.atomic(), scopes_disabled():
        relation, created = CoachingRelation.objects.get_or_create(
            business=business, organisation=organisation, defaults={"program": program}
        )
        if created:
            audit_record(
                actor=actor,
                action="business.coach",
                obj=business,
                organisation=organisation,
                after={"program": program},
            )
    return relation


def owner_save(
    *, actor: User, business: Business, data: OwnerData, owner: BusinessOwner | None = None
) -> BusinessOwner:
    if not can_edit_business(actor, business):
        raise PermissionDenied
    cleaned = clean_owner(data)
    with transaction.atomic():
        before = snapshot(owner, OWNER_FIELDS) if owner else {}
        if owner is None:
            owner = BusinessOwner(business=business)
        for name, value in cleaned.__dict__.items():
            setattr(owner, name, value)
        owner.save()
        business = Business.objects.select_for_update().get(pk=business.pk)
        _refresh_derived(business)
        business.save(update_fields=["women_led", "updated_at"])
        audit_record(
            actor=actor,
            action="business.owner",
            obj=business,
            before=_prefixed("owner", before),
            after=_prefixed("owner", snapshot(owner, OWNER_FIELDS)),
        )
    return owner


def certificate_save(
    *,
    actor: User,
    business: Business,
    kind: str,
    number: str = "",
    issuer: str = "",
    issued_on: dt.date | None = None,
    expires_on: dt.date | None = None,
    scan: Any = None,
    certificate: Certificate | None = None,
) -> Certificate:
    if not can_edit_business(actor, business):
        raise PermissionDenied
    if kind not in CertificateKind.values:
        raise ValidationError({"kind": _("Unknown kind of certificate.")})
    if issued_on and expires_on and expires_on < issued_on:
        raise ValidationError({"expires_on": _("The expiry date is before the issue date.")})
    scan = clean_scan(scan)
    fields = ["kind", "number", "issuer", "issued_on", "expires_on"]
    with transaction.atomic():
        before = snapshot(certificate, fields) if certificate else {}
        certificate = certificate or Certificate(business=business)
        if certificate.expires_on != expires_on:
            certificate.reminded_on = None  # a renewed certificate is reminded again
        certificate.kind, certificate.number, certificate.issuer = kind, number.strip(), issuer
        certificate.issued_on, certificate.expires_on = issued_on, expires_on
        if scan is not None:
            certificate.scan = scan
        certificate.save()
        audit_record(
            actor=actor,
            action="business.certificate",
            obj=business,
            before=_prefixed("certificate", before),
            after=_prefixed("certificate", snapshot(certificate, fields)),
        )
    return certificate


# --- scans, channels, coaching, publishing (pages and API) ----------------------------------

SCAN_MAX_BYTES = 5 * 1024 * 1024
# what the first bytes of the file must be, per allowed extension
_SCAN_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


def clean_scan(scan: Any) -> Any:
    """A certificate scan must be a PDF, JPEG or PNG of at most 5 MB, checked by its
    content (a renamed program is refused, whatever its name says)."""
    if scan is None:
        return None
    name = getattr(scan, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    size = getattr(scan, "size", None)
    if size is not None and size > SCAN_MAX_BYTES:
        raise ValidationError(
            {
                "scan": _("The scan is %(size)s MB; at most 5 MB is accepted.")
                % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ",")}
            }
        )
    signatures = _SCAN_SIGNATURES.get(extension)
    if signatures is None:
        raise ValidationError({"scan": _("Upload the scan as a PDF, JPEG or PNG file.")})
    scan.seek(0)
    head = scan.read(16)
    scan.seek(0)
    if not head.startswith(signatures):
        raise ValidationError(
            {
                "scan": _(
                    "'%(name)s' is not really a %(kind)s file. Upload the scan as a PDF, JPEG "
                    "or PNG file."
                )
                % {"name": name.rsplit("/", 1)[-1], "kind": extension.upper()}
            }
        )
    return scan


def certificate_delete(*, actor: User, certificate: Certificate) -> None:
    business = certificate.business
    if not can_edit_business(actor, business):
        raise PermissionDenied
    fields = ["kind", "number", "issuer", "issued_on", "expires_on"]
    with transaction.atomic():
        before = snapshot(certificate, fields)
        certificate.delete()
        audit_record(
            actor=actor,
            action="business.certificate_delete",
            obj=business,
            before=_prefixed("certificate", before),
        )


def channel_save(
    *,
    actor: User,
    business: Business,
    kind: str,
    url: str,
    label: str = "",
    channel: OnlineChannel | None = None,
) -> OnlineChannel:
    """Add or change an online shop, account or website of a business."""
    if not can_edit_business(actor, business):
        raise PermissionDenied
    if kind not in ChannelKind.values:
        raise ValidationError({"kind": _("Unknown kind of channel.")})
    url = url.strip()
    if url and "://" not in url:
        url = "https://" + url
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise ValidationError(
            {"url": _("Give the full link, e.g. https://shopee.co.id/…")}
        ) from exc
    fields = ["kind", "label", "url"]
    with transaction.atomic():
        before = snapshot(channel, fields) if channel else {}
        channel = channel or OnlineChannel(business=business)
        channel.kind, channel.label, channel.url = kind, label.strip(), url
        channel.save()
        audit_record(
            actor=actor,
            action="business.channel",
            obj=business,
            before=_prefixed("channel", before),
            after=_prefixed("channel", snapshot(channel, fields)),
        )
    return channel


def channel_delete(*, actor: User, channel: OnlineChannel) -> None:
    business = channel.business
    if not can_edit_business(actor, business):
        raise PermissionDenied
    with transaction.atomic():
        before = snapshot(channel, ["kind", "label", "url"])
        channel.delete()
        audit_record(
            actor=actor,
            action="business.channel_delete",
            obj=business,
            before=_prefixed("channel", before),
        )


def coaching_update(
    *,
    actor: User,
    business: Business,
    organisation: Organisation,
    program: str,
    since: dt.date | None = None,
    active: bool = True,
) -> CoachingRelation:
    """Change through which program and since when ``organisation`` coaches ``business``."""
    if not can(actor, organisation, "manage_registry"):
        raise PermissionDenied
    fields = ["program", "since", "active"]
    with transaction.atomic(), scopes_disabled():
        relation = CoachingRelation.objects.select_for_update().get(
            business=business, organisation=organisation
        )
        before = snapshot(relation, fields)
        relation.program = program.strip()
        if since is not None:
            relation.since = since
        relation.active = active
        relation.save()
        audit_record(
            actor=actor,
            action="business.coaching",
            obj=business,
            organisation=organisation,
            before=before,
            after=snapshot(relation, fields),
        )
    return relation


def coaching_end(*, actor: User, business: Business, organisation: Organisation) -> None:
    """``organisation`` stops coaching ``business``: it leaves the organisation's list (and
    its count). The business stays in the registry, with its owners, its history and the
    other organisations that coach it: a business is never deleted, it is closed
    (``status``) or merged. Audited with the relation as it was."""
    if not can(actor, organisation, "manage_registry"):
        raise PermissionDenied
    fields = ["program", "since", "active"]
    with transaction.atomic(), scopes_disabled():
        relation = CoachingRelation.objects.select_for_update().get(
            business=business, organisation=organisation
        )
        before = snapshot(relation, fields)
        relation.delete()
        audit_record(
            actor=actor,
            action="business.coaching_end",
            obj=business,
            organisation=organisation,
            before=before,
            after=dict.fromkeys(fields),
        )


# What an owner may publish on the public profile (the name always shows once public).
PUBLISHABLE_FIELDS = [
    "description",
    "product_types",
    "address",
    "region",
    "owner_name",
    "whatsapp",
    "email",
    "channels",
    "certificates",
    "sector",
    "size_class",
    "workforce",
    "clusters",
]


def business_set_public(
    *, actor: User, business: Business, is_public: bool, public_fields: list[str]
) -> Business:
    """The owner (or a coaching officer) chooses whether the profile is public and which
    details it shows."""
    unknown = sorted(set(public_fields) - set(PUBLISHABLE_FIELDS))
    if unknown:
        raise ValidationError(
            {"public_fields": _("Unknown details: %(names)s.") % {"names": ", ".join(unknown)}}
        )
    ordered = [name for name in PUBLISHABLE_FIELDS if name in public_fields]
    return business_update(
        actor=actor, business=business, is_public=is_public, public_fields=ordered
    )


# --- an owner registers on a phone -----------------------------------------------------------


def business_self_register(
    *,
    user: User | None,
    business_name: str,
    owner_name: str,
    phone: str,
    village_code: str | None,
    product_types: str = "",
    password: str | None = None,
    gender: str = "",
    language: str = "id",
) -> tuple[Business, User]:
    """The short form an owner fills in on a phone. Without an account, one is created for
    the phone number (with ``password``); the owner is linked to the account."""
    from naikkelas.core.services import user_create

    errors: dict[str, str] = {}
    if not business_name.strip():
        errors["business_name"] = _("Give the business name.")
    if not owner_name.strip():
        errors["owner_name"] = _("Give the owner's name.")
    phone_e164 = phone_to_e164(phone) if phone else None
    if not phone_e164:
        errors["phone"] = _("'%(phone)s' is not a valid phone number.") % {"phone": phone}
    if not village_code:
        errors["village"] = _("Choose the village or urban village (kelurahan).")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if user is None:
            if not password:
                raise ValidationError({"password": _("Choose a password.")})
            if User.objects.filter(phone=phone_e164).exists():
                raise ValidationError(
                    {
                        "phone": _(
                            "This phone number already has an account. Log in first, then "
                            "register the business."
                        )
                    }
                )
            user = user_create(
                name=owner_name, password=password, phone=phone_e164, language=language
            )
        business = business_register(
            actor=user,
            data=BusinessData(
                name=business_name, village_code=village_code, product_types=product_types
            ),
            owners=[OwnerData(name=owner_name, phone=phone_e164 or "", gender=gender, user=user)],
            source=BusinessSource.SELF,
        )
    return business, user


# --- certificate reminders -----------------------------------------------------------------


def certificate_mark_reminded(*, certificate_id: int, on: dt.date) -> bool:
    """Claim a certificate's reminder: True once, False if it was already sent."""
    return bool(
        Certificate.objects.filter(pk=certificate_id, reminded_on__isnull=True).update(
            reminded_on=on
        )
    )


# --- clusters (sentra) ---------------------------------------------------------------------

CLUSTER_FIELDS = ["name", "region", "address", "story", "coordinator", "coordinator_phone"]


def cluster_save(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    region: Region,
    address: str = "",
    story: str = "",
    coordinator: str = "",
    coordinator_phone: str = "",
    members: list[Business] | None = None,
    cluster: Cluster | None = None,
) -> Cluster:
    """Create or change a cluster (sentra); members must be businesses the organisation
    coaches."""
    if not can(actor, organisation, "manage_registry"):
        raise PermissionDenied
    if cluster is not None and cluster.organisation_id != organisation.pk:
        raise PermissionDenied
    if not name.strip():
        raise ValidationError({"name": _("Give the cluster's name.")})
    phone = ""
    if coordinator_phone.strip():
        phone = phone_to_e164(coordinator_phone) or ""
        if not phone:
            raise ValidationError(
                {
                    "coordinator_phone": _("'%(phone)s' is not a valid phone number.")
                    % {"phone": coordinator_phone}
                }
            )
    if members is not None:
        coached = set(
            Business.objects.filter(
                pk__in=[b.pk for b in members], coaching__organisation=organisation
            ).values_list("pk", flat=True)
        )
        if len(coached) != len({b.pk for b in members}):
            raise ValidationError(
                {"members": _("Only businesses your organisation coaches can be members.")}
            )
    with transaction.atomic():
        before = snapshot(cluster, CLUSTER_FIELDS) if cluster else {}
        before_members = sorted(cluster.members.values_list("pk", flat=True)) if cluster else []
        if cluster is None:
            cluster = Cluster(organisation=organisation, slug=_cluster_slug(name))
        cluster.name = " ".join(name.split())
        cluster.region = region
        cluster.address = address.strip()
        cluster.story = story.strip()
        cluster.coordinator = coordinator.strip()
        cluster.coordinator_phone = phone
        cluster.save()
        if members is not None:
            cluster.members.set(members)
        after = snapshot(cluster, CLUSTER_FIELDS)
        after["members"] = sorted(cluster.members.values_list("pk", flat=True))
        audit_record(
            actor=actor,
            action="cluster.save",
            obj=cluster,
            organisation=organisation,
            before={**before, "members": before_members} if before else {},
            after=after,
        )
    return cluster


def _cluster_slug(name: str) -> str:
    from django.utils.text import slugify

    base = (slugify(name) or "sentra")[:70]
    slug, n = base, 2
    while Cluster.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def cluster_delete(*, actor: User, cluster: Cluster) -> None:
    if not can(actor, cluster.organisation, "manage_registry"):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="cluster.delete",
            obj=cluster,
            organisation=cluster.organisation,
            before=snapshot(cluster, CLUSTER_FIELDS),
        )
        cluster.delete()
