"""Businesses through the API, scoped to an organisation the caller belongs to: the list
with the officer page's filters, one business, registering and changing one, its
certificates, the export and the certificate wallet."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import FileResponse, HttpRequest
from django_scopes import scope
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from naikkelas.core.api import AUTH, _organisation_for
from naikkelas.registry import exports
from naikkelas.registry.models import Business, BusinessOwner, Certificate
from naikkelas.registry.selectors import businesses as selectors
from naikkelas.registry.services import businesses as services

router = Router(tags=["registry"])
MAX_LIMIT = 200


# --- schemas ---------------------------------------------------------------------------------


class OwnerOut(Schema):
    id: int
    name: str
    gender: str
    phone: str
    whatsapp: bool
    email: str
    nik: str = Field(description="Full NIK: the caller's organisation coaches the business.")
    is_primary: bool


class CertificateOut(Schema):
    id: int
    business_id: int
    kind: str
    number: str
    issuer: str
    issued_on: dt.date | None
    expires_on: dt.date | None
    has_scan: bool


class ChannelOut(Schema):
    id: int
    kind: str
    label: str
    url: str


class BusinessOut(Schema):
    id: int
    name: str
    legal_form: str
    nib: str | None
    status: str
    village_code: str | None
    village: str | None
    district: str | None
    regency: str | None
    kbli_section: str
    kbli_division: str
    product_types: str
    workforce_men: int | None
    workforce_women: int | None
    capital: int | None = Field(description="Rupiah, whole number")
    annual_sales: int | None = Field(description="Rupiah, whole number")
    size_class: str
    size_basis: str
    women_led: bool
    owner_name: str | None
    owner_phone: str | None = Field(description="E.164, e.g. +6281234567890")
    certificates: list[str]
    program: str | None
    coached_since: dt.date | None
    created_at: dt.datetime


class BusinessDetailOut(BusinessOut):
    address: str
    description: str
    capital_reported_on: dt.date | None
    sales_reported_on: dt.date | None
    is_public: bool
    public_fields: list[str]
    owners: list[OwnerOut]
    certificate_list: list[CertificateOut]
    channels: list[ChannelOut]


class BusinessPage(Schema):
    count: int
    count_exact: bool = Field(
        True,
        description="false when there are more than `count` (a filtered list is counted "
        "up to 1,000)",
    )
    sort: str = Field(
        "name",
        description="the order used: the one asked for, except a search for a word "
        "thousands of businesses contain, which is newest first (counted up to 100)",
    )
    next_after: str | None = Field(
        None,
        description="pass as `after` for the next page (null on the last page); faster than "
        "`offset` deep in a long list",
    )
    items: list[BusinessOut]


class BusinessQuery(Schema):
    region: str | None = Field(None, description="Kemendagri code: province … village")
    kbli_section: str | None = None
    size_class: str | None = None
    certificate: str | None = Field(None, description="a certificate kind, e.g. halal")
    program: str | None = None
    status: str | None = None
    women_led: bool | None = None
    q: str | None = Field(None, description="name, owner, NIB or phone")
    sort: Literal["name", "newest", "size"] = "name"
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, description="rows to skip (ignored with `after`)")
    after: str = Field("", description="the `next_after` of the previous page")


class OwnerIn(Schema):
    name: str
    gender: str = ""
    phone: str = ""
    whatsapp: bool = True
    email: str = ""
    nik: str = ""
    is_primary: bool = True


class BusinessIn(Schema):
    name: str
    legal_form: str = "individual"
    nib: str | None = None
    address: str = ""
    village_code: str | None = None
    kbli: str = ""
    product_types: str = ""
    workforce_men: int | None = None
    workforce_women: int | None = None
    capital: int | None = None
    annual_sales: int | None = None
    description: str = ""
    owners: list[OwnerIn] = []
    program: str = ""


class BusinessPatch(Schema):
    name: str | None = None
    legal_form: str | None = None
    nib: str | None = None
    status: str | None = None
    address: str | None = None
    village_code: str | None = None
    kbli: str | None = None
    product_types: str | None = None
    workforce_men: int | None = None
    workforce_women: int | None = None
    capital: int | None = None
    annual_sales: int | None = None
    description: str | None = None
    is_public: bool | None = None
    public_fields: list[str] | None = None


class CertificateIn(Schema):
    kind: str
    number: str = ""
    issuer: str = ""
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None


# --- helpers ---------------------------------------------------------------------------------


def _business_out(business: Business) -> dict[str, Any]:
    owners = selectors.owners_of(business)
    owner = next((o for o in owners if o.is_primary), owners[0] if owners else None)
    village = business.village
    district = village.parent if village else None
    relation = next(iter(getattr(business, "coaching_here", [])), None)
    return {
        "id": business.pk,
        "name": business.name,
        "legal_form": business.legal_form,
        "nib": business.nib,
        "status": business.status,
        "village_code": business.village_id,
        "village": village.name if village else None,
        "district": district.name if district else None,
        "regency": district.parent.name if district and district.parent else None,
        "kbli_section": business.kbli_section,
        "kbli_division": business.kbli_division,
        "product_types": business.product_types,
        "workforce_men": business.workforce_men,
        "workforce_women": business.workforce_women,
        "capital": business.capital,
        "annual_sales": business.annual_sales,
        "size_class": business.size_class,
        "size_basis": business.size_basis,
        "women_led": business.women_led,
        "owner_name": owner.name if owner else None,
        "owner_phone": owner.phone or None if owner else None,
        "certificates": sorted({c.kind for c in selectors.certificates_of(business)}),
        "program": relation.program if relation else None,
        "coached_since": relation.since if relation else None,
        "created_at": business.created_at,
    }


def _certificate_out(certificate: Certificate) -> dict[str, Any]:
    return {
        "id": certificate.pk,
        "business_id": certificate.business_id,
        "kind": certificate.kind,
        "number": certificate.number,
        "issuer": certificate.issuer,
        "issued_on": certificate.issued_on,
        "expires_on": certificate.expires_on,
        "has_scan": bool(certificate.scan),
    }


def _owner_out(owner: BusinessOwner) -> dict[str, Any]:
    return {
        "id": owner.pk,
        "name": owner.name,
        "gender": owner.gender,
        "phone": owner.phone,
        "whatsapp": owner.whatsapp,
        "email": owner.email,
        "nik": owner.nik,
        "is_primary": owner.is_primary,
    }


def _detail_out(business: Business) -> dict[str, Any]:
    return {
        **_business_out(business),
        "address": business.address,
        "description": business.description,
        "capital_reported_on": business.capital_reported_on,
        "sales_reported_on": business.sales_reported_on,
        "is_public": business.is_public,
        "public_fields": business.public_fields,
        "owners": [_owner_out(o) for o in business.owners.all()],
        "certificate_list": [_certificate_out(c) for c in business.certificates.all()],
        "channels": [
            {"id": c.pk, "kind": c.kind, "label": c.label, "url": c.url}
            for c in business.channels.all()
        ],
    }


def _filters(query: BusinessQuery) -> selectors.BusinessFilters:
    return selectors.BusinessFilters.from_mapping(query.dict(exclude={"limit", "offset", "after"}))


# --- endpoints -------------------------------------------------------------------------------


@router.get(
    "/organisations/{slug}/businesses",
    response=BusinessPage,
    auth=AUTH,
    summary="Businesses the organisation coaches, filtered, sorted, a page at a time",
)
def business_list(request: HttpRequest, slug: str, query: Query[BusinessQuery]) -> dict[str, Any]:
    organisation = _organisation_for(request, slug, "view_reports")
    with scope(organisation=organisation):
        page = selectors.business_page(
            organisation,
            _filters(query),
            after=query.after,
            offset=query.offset,
            size=query.limit,
        )
        items = [_business_out(b) for b in page.object_list]
    return {
        "count": page.count,
        "count_exact": page.count_is_exact,
        "sort": page.sort,
        "next_after": page.next_cursor,
        "items": items,
    }


@router.post(
    "/organisations/{slug}/businesses",
    response={201: BusinessDetailOut},
    auth=AUTH,
    summary="Register a business (coached by the organisation) with its owners",
)
def business_create(request: HttpRequest, slug: str, payload: BusinessIn) -> Status[Any]:
    organisation = _organisation_for(request, slug, "manage_registry")
    data = payload.dict()
    owners = [services.OwnerData(**owner) for owner in data.pop("owners")]
    program = data.pop("program")
    business = services.business_register(
        actor=request.auth,
        organisation=organisation,
        program=program,
        data=services.BusinessData(**data),
        owners=owners,
    )
    with scope(organisation=organisation):
        return Status(
            201, _detail_out(selectors.business_for_organisation(organisation, business.pk))
        )


@router.get(
    "/organisations/{slug}/businesses/export",
    auth=AUTH,
    summary="The filtered list as an XLSX or CSV file (every page)",
    response={200: None},
)
def business_export(
    request: HttpRequest,
    slug: str,
    query: Query[BusinessQuery],
    format: Literal["xlsx", "csv"] = "xlsx",
) -> FileResponse:
    organisation = _organisation_for(request, slug, "view_reports")
    with scope(organisation=organisation):
        businesses = selectors.business_list(organisation, _filters(query))
        handle, content_type, filename = exports.export_businesses(businesses, format)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


@router.get(
    "/organisations/{slug}/businesses/{business_id}",
    response=BusinessDetailOut,
    auth=AUTH,
)
def business_detail(request: HttpRequest, slug: str, business_id: int) -> dict[str, Any]:
    organisation = _organisation_for(request, slug, "view_reports")
    with scope(organisation=organisation):
        return _detail_out(selectors.business_for_organisation(organisation, business_id))


@router.patch(
    "/organisations/{slug}/businesses/{business_id}",
    response=BusinessDetailOut,
    auth=AUTH,
    summary="Change some details; the size class follows the money",
)
def business_patch(
    request: HttpRequest, slug: str, business_id: int, payload: BusinessPatch
) -> dict[str, Any]:
    organisation = _organisation_for(request, slug, "manage_registry")
    with scope(organisation=organisation):
        business = selectors.business_for_organisation(organisation, business_id)
        changes = payload.dict(exclude_unset=True)
        kbli_code = changes.pop("kbli", None)
        public = {k: changes.pop(k) for k in ("is_public", "public_fields") if k in changes}
        if "public_fields" in public:
            services.business_set_public(
                actor=request.auth,
                business=business,
                is_public=public.get("is_public", business.is_public),
                public_fields=public["public_fields"] or [],
            )
        elif "is_public" in public:
            changes["is_public"] = public["is_public"]
        services.business_update(
            actor=request.auth,
            business=business,
            organisation=organisation,
            kbli_code=kbli_code,
            **changes,
        )
        return _detail_out(selectors.business_for_organisation(organisation, business_id))


@router.delete(
    "/organisations/{slug}/businesses/{business_id}",
    response={204: None},
    auth=AUTH,
    summary="The organisation stops coaching the business (it stays in the registry)",
)
def business_delete(request: HttpRequest, slug: str, business_id: int) -> Status[None]:
    organisation = _organisation_for(request, slug, "manage_registry")
    with scope(organisation=organisation):
        business = selectors.business_for_organisation(organisation, business_id)
        services.coaching_end(actor=request.auth, business=business, organisation=organisation)
    return Status(204, None)


@router.get(
    "/organisations/{slug}/businesses/{business_id}/certificates",
    response=list[CertificateOut],
    auth=AUTH,
)
def certificate_list(request: HttpRequest, slug: str, business_id: int) -> list[dict[str, Any]]:
    organisation = _organisation_for(request, slug, "view_reports")
    with scope(organisation=organisation):
        business = selectors.business_for_organisation(organisation, business_id)
        return [_certificate_out(c) for c in business.certificates.all()]


@router.post(
    "/organisations/{slug}/businesses/{business_id}/certificates",
    response={201: CertificateOut},
    auth=AUTH,
    summary="Add a certificate (multipart form; the scan is a PDF, JPEG or PNG of ≤ 5 MB)",
)
def certificate_create(
    request: HttpRequest,
    slug: str,
    business_id: int,
    payload: Form[CertificateIn],
    scan: File[UploadedFile] = None,  # type: ignore[assignment]
) -> Status[Any]:
    organisation = _organisation_for(request, slug, "manage_registry")
    with scope(organisation=organisation):
        business = selectors.business_for_organisation(organisation, business_id)
        certificate = services.certificate_save(
            actor=request.auth, business=business, scan=scan, **payload.dict()
        )
    return Status(201, _certificate_out(certificate))


@router.get(
    "/organisations/{slug}/certificates/expiring",
    response=list[CertificateOut],
    auth=AUTH,
    summary="Certificates of coached businesses expiring within `days` (default 60)",
)
def certificates_expiring(
    request: HttpRequest, slug: str, days: int = Query(selectors.WALLET_DAYS, ge=0, le=366)
) -> list[dict[str, Any]]:
    organisation = _organisation_for(request, slug, "view_reports")
    with scope(organisation=organisation):
        return [
            _certificate_out(c)
            for c in selectors.certificates_expiring_for_organisation(organisation, days=days)
        ]
