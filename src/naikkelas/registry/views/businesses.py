"""The officer's registry pages: the coached businesses with filters and exports, one
business with its owners, certificates, channels and coaching, registering on an owner's
behalf, and the certificate wallet.

The section views (owners, certificates, channels, publishing) are shared with the owner's
pages (``views/owner.py``): each receives a :class:`Target` saying whose business it is
and where its pages live."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naikkelas.core.models import Organisation
from naikkelas.core.phones import phone_display
from naikkelas.core.views import org_view
from naikkelas.registry import exports, extensions
from naikkelas.registry.forms import (
    BusinessFilterForm,
    BusinessForm,
    CertificateForm,
    ChannelForm,
    CoachingForm,
    OfficerRegisterForm,
    OwnerForm,
    PublishForm,
)
from naikkelas.registry.models import (
    Business,
    BusinessSource,
    BusinessStatus,
    Certificate,
    CertificateKind,
    OnlineChannel,
    SizeClass,
)
from naikkelas.registry.selectors import businesses as selectors
from naikkelas.registry.services import businesses as services

PAGE_SIZE = 50


@dataclass
class Target:
    """A business being looked at or edited, by an officer or by its owner."""

    business: Business
    base: str  # the path of its page; sections live under it
    organisation: Organisation | None = None
    show_nik: bool = False
    can_edit: bool = False

    @property
    def is_officer(self) -> bool:
        return self.organisation is not None


def add_errors(form: Any, exc: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Copy a service's errors onto the form fields they are about."""
    rename = rename or {}
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            name = rename.get(name, name)
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


# --- the list and its exports ----------------------------------------------------------------


def _filters(
    request: HttpRequest, organisation: Organisation
) -> tuple[BusinessFilterForm, selectors.BusinessFilters]:
    form = BusinessFilterForm(
        request.GET or None, programs=selectors.business_programs(organisation)
    )
    return form, selectors.BusinessFilters.from_mapping(form.filters())


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


@dataclass
class ListRow:
    """One line of the list, as text: 50 of them render in a few milliseconds (the
    template only prints; labels, links and phone numbers are worked out here once)."""

    url: str
    name: str
    nib: str
    status: str  # empty when active
    owner: str
    phone: str
    village: str
    district: str
    size: str
    women_led: bool
    certificates: list[str]
    program: str


def _phone(e164: str) -> str:
    """``+6281234567890`` -> ``0812-3456-7890`` as core's ``phone`` filter writes it,
    without parsing the usual Indonesian mobile number."""
    national = "0" + e164[3:]
    if e164.startswith("+628") and national.isdigit() and len(national) >= 10:
        return f"{national[:4]}-{national[4:8]}-{national[8:]}"
    return phone_display(e164)


def _list_rows(businesses: list[Business], organisation: Organisation) -> list[ListRow]:
    marker = 987654321
    link = reverse("registry:business_detail", args=[organisation.slug, marker])
    sizes = dict(SizeClass.choices)
    statuses = dict(BusinessStatus.choices)
    kinds = dict(CertificateKind.choices)
    rows = []
    for business in businesses:
        owner = next(iter(selectors.owners_of(business)), None)
        village = business.village
        rows.append(
            ListRow(
                url=link.replace(str(marker), str(business.pk)),
                name=business.name,
                nib=business.nib or "",
                status=statuses[business.status]
                if business.status != BusinessStatus.ACTIVE
                else "",
                owner=owner.name if owner else "",
                phone=_phone(owner.phone) if owner and owner.phone else "",
                village=village.name if village else "",
                district=village.parent.name if village and village.parent else "",
                size=str(sizes.get(business.size_class, business.size_class)),
                women_led=business.women_led,
                certificates=[str(kinds[c.kind]) for c in selectors.certificates_of(business)],
                program=" ".join(r.program for r in getattr(business, "coaching_here", [])),
            )
        )
    return rows


@org_view("view_reports")
def business_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Businesses coached by the organisation (officers, administrators and leaders)."""
    form, filters = _filters(request, organisation)
    page = selectors.business_page(
        organisation,
        filters,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
        number=_page_number(request.GET.get("page")),
        size=PAGE_SIZE,
    )
    query = request.GET.copy()
    for name in ("page", "after", "before"):
        query.pop(name, None)
    return render(
        request,
        "registry/businesses/list.html",
        {
            "organisation": organisation,
            "form": form,
            "page": page,
            "rows": _list_rows(page.object_list, organisation),
            "query": query.urlencode(),
            "filtered": selectors.is_filtered(filters),
            "requested_sort": filters.sort,
        },
    )


@org_view("view_reports")
def business_export(request: HttpRequest, organisation: Organisation, fmt: str) -> FileResponse:
    """The filtered list, every page, as XLSX or CSV."""
    if fmt not in {"xlsx", "csv"}:
        raise Http404
    _form, filters = _filters(request, organisation)
    businesses = selectors.business_list(organisation, filters)
    handle, content_type, filename = exports.export_businesses(businesses, fmt)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


@org_view("view_reports")
def certificate_wallet(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    certificates = selectors.certificates_expiring_for_organisation(organisation)
    return render(
        request,
        "registry/businesses/wallet.html",
        {
            "organisation": organisation,
            "certificates": certificates,
            "days": selectors.WALLET_DAYS,
        },
    )


# --- registering on an owner's behalf --------------------------------------------------------


@org_view("manage_registry")
def business_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = OfficerRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            business = services.business_register(
                actor=request.user,
                organisation=organisation,
                program=data["program"],
                source=BusinessSource.OFFICER,
                data=services.BusinessData(
                    name=data["name"],
                    legal_form=data["legal_form"],
                    nib=data["nib"],
                    address=data["address"],
                    village_code=data["village"].code if data["village"] else None,
                    kbli=data["kbli"],
                    product_types=data["product_types"],
                    workforce_men=data["workforce_men"],
                    workforce_women=data["workforce_women"],
                    capital=data["capital"],
                    annual_sales=data["annual_sales"],
                    description=data["description"],
                ),
                owners=[
                    services.OwnerData(
                        name=data["owner_name"],
                        gender=data["gender"],
                        phone=data["phone"],
                        whatsapp=data["whatsapp"],
                        email=data["email"] or "",
                        nik=data["nik"],
                    )
                ],
            )
            if data["since"]:
                services.coaching_update(
                    actor=request.user,
                    business=business,
                    organisation=organisation,
                    program=data["program"],
                    since=data["since"],
                )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": business.name})
            return redirect("registry:business_detail", organisation.slug, business.pk)
    return render(
        request,
        "registry/businesses/form.html",
        {
            "organisation": organisation,
            "form": form,
            "title": _("Register a business"),
            "back": reverse("registry:business_list", args=[organisation.slug]),
            "submit": _("Register"),
        },
    )


# --- one business, as seen by a coaching officer ----------------------------------------------


def _officer_target(request: HttpRequest, organisation: Organisation, business_id: int) -> Target:
    business = selectors.business_for_organisation(organisation, business_id)
    return Target(
        business=business,
        base=reverse("registry:business_detail", args=[organisation.slug, business.pk]),
        organisation=organisation,
        show_nik=True,
        can_edit="manage_registry" in getattr(request, "org_permissions", set()),
    )


def _require_edit(target: Target) -> None:
    if not target.can_edit:
        raise PermissionDenied


@org_view("view_reports")
def business_detail(
    request: HttpRequest, organisation: Organisation, business_id: int
) -> HttpResponse:
    target = _officer_target(request, organisation, business_id)
    return render_detail(request, target)


def render_detail(request: HttpRequest, target: Target, **extra: Any) -> HttpResponse:
    business = target.business
    relation = next(iter(getattr(business, "coaching_here", [])), None)
    return render(
        request,
        "registry/businesses/detail.html",
        {
            "organisation": target.organisation,
            "business": business,
            "target": target,
            "owners": list(business.owners.all()),
            "certificates": list(business.certificates.all()),
            "channels": list(business.channels.all()),
            "relation": relation,
            "missing": selectors.missing_sections(business),
            "today": timezone.localdate(),
            "coaching_form": CoachingForm(
                initial={"program": relation.program, "since": relation.since}
            )
            if relation and target.can_edit
            else None,
            "sections": extensions.sections_for(request, target),
            **extra,
        },
    )


def _section(
    request: HttpRequest,
    target: Target,
    form: Any,
    title: str,
    *,
    multipart: bool = False,
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        "registry/businesses/form.html",
        {
            "organisation": target.organisation,
            "business": target.business,
            "target": target,
            "form": form,
            "title": title,
            "back": target.base,
            "multipart": multipart,
            "submit": _("Save"),
            **extra,
        },
    )


def edit_business(request: HttpRequest, target: Target) -> HttpResponse:
    _require_edit(target)
    business = target.business
    form = BusinessForm(request.POST or None, initial=BusinessForm.initial_for(business))
    if request.method == "POST" and form.is_valid():
        try:
            services.business_update(
                actor=request.user,
                business=business,
                organisation=target.organisation,
                **form.update_kwargs(),
            )
        except ValidationError as exc:
            add_errors(form, exc, {"kbli": "kbli"})
        else:
            messages.success(request, _("Saved."))
            return redirect(target.base)
    return _section(request, target, form, _("Edit %(name)s") % {"name": business.name})


def edit_owner(request: HttpRequest, target: Target, owner_id: int | None = None) -> HttpResponse:
    _require_edit(target)
    owner = None
    if owner_id is not None:
        owner = next((o for o in target.business.owners.all() if o.pk == owner_id), None)
        if owner is None:
            raise Http404
    initial: dict[str, Any] = {
        "whatsapp": True,
        "is_primary": owner is None and not target.business.owners.all(),
    }
    if owner is not None:
        initial = {
            "name": owner.name,
            "gender": owner.gender,
            "phone": owner.phone,
            "whatsapp": owner.whatsapp,
            "email": owner.email,
            "nik": owner.nik if target.show_nik else "",
            "is_primary": owner.is_primary,
        }
    form = OwnerForm(
        request.POST or None,
        initial=initial,
        show_nik=target.show_nik,
        nik_masked=owner.nik_masked if owner else "",
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        nik = data["nik"]
        if owner is not None and not target.show_nik and not nik:
            nik = owner.nik  # an empty box keeps the NIK this person cannot see
        try:
            services.owner_save(
                actor=request.user,
                business=target.business,
                owner=owner,
                data=services.OwnerData(
                    name=data["name"],
                    gender=data["gender"],
                    phone=data["phone"],
                    whatsapp=data["whatsapp"],
                    email=data["email"] or "",
                    nik=nik,
                    is_primary=data["is_primary"],
                    user=owner.user if owner else None,
                ),
            )
        except ValidationError as exc:
            add_errors(form, exc, {"owner_name": "name"})
        else:
            messages.success(request, _("Saved."))
            return redirect(target.base)
    title = _("Owner") if owner else _("Add an owner")
    return _section(request, target, form, title)


def _certificate_of(target: Target, certificate_id: int) -> Certificate:
    certificate = next(
        (c for c in target.business.certificates.all() if c.pk == certificate_id), None
    )
    if certificate is None:
        raise Http404
    return certificate


def edit_certificate(
    request: HttpRequest, target: Target, certificate_id: int | None = None
) -> HttpResponse:
    _require_edit(target)
    certificate = _certificate_of(target, certificate_id) if certificate_id else None
    initial = {}
    if certificate is not None:
        initial = {
            "kind": certificate.kind,
            "number": certificate.number,
            "issuer": certificate.issuer,
            "issued_on": certificate.issued_on,
            "expires_on": certificate.expires_on,
        }
    form = CertificateForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.certificate_save(
                actor=request.user,
                business=target.business,
                certificate=certificate,
                kind=data["kind"],
                number=data["number"],
                issuer=data["issuer"],
                issued_on=data["issued_on"],
                expires_on=data["expires_on"],
                scan=data["scan"] or None,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(target.base)
    title = _("Certificate") if certificate else _("Add a certificate")
    return _section(request, target, form, title, multipart=True, certificate=certificate)


def delete_certificate(request: HttpRequest, target: Target, certificate_id: int) -> HttpResponse:
    _require_edit(target)
    services.certificate_delete(
        actor=request.user, certificate=_certificate_of(target, certificate_id)
    )
    messages.success(request, _("Certificate removed."))
    return redirect(target.base)


def certificate_scan(request: HttpRequest, target: Target, certificate_id: int) -> FileResponse:
    """The scan, only for those who may see the business's private details."""
    certificate = _certificate_of(target, certificate_id)
    if not certificate.scan:
        raise Http404
    name = certificate.scan.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(
        certificate.scan.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )


def add_channel(request: HttpRequest, target: Target) -> HttpResponse:
    _require_edit(target)
    form = ChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.channel_save(actor=request.user, business=target.business, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(target.base)
    return _section(request, target, form, _("Add an online shop or account"))


def delete_channel(request: HttpRequest, target: Target, channel_id: int) -> HttpResponse:
    _require_edit(target)
    channel = get_object_or_404(OnlineChannel, pk=channel_id, business=target.business)
    services.channel_delete(actor=request.user, channel=channel)
    messages.success(request, _("Removed."))
    return redirect(target.base)


def edit_publishing(request: HttpRequest, target: Target) -> HttpResponse:
    _require_edit(target)
    business = target.business
    form = PublishForm(
        request.POST or None,
        initial={"is_public": business.is_public, "public_fields": business.public_fields},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.business_set_public(
                actor=request.user,
                business=business,
                is_public=form.cleaned_data["is_public"],
                public_fields=form.cleaned_data["public_fields"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(target.base)
    return _section(
        request,
        target,
        form,
        _("Public profile"),
        public_url=reverse("registry:public_business", args=[business.pk]),
    )


# --- officer wrappers of the sections --------------------------------------------------------


@org_view("manage_registry")
def business_edit(
    request: HttpRequest, organisation: Organisation, business_id: int
) -> HttpResponse:
    return edit_business(request, _officer_target(request, organisation, business_id))


@org_view("manage_registry")
def business_owner_add(
    request: HttpRequest, organisation: Organisation, business_id: int
) -> HttpResponse:
    return edit_owner(request, _officer_target(request, organisation, business_id))


@org_view("manage_registry")
def business_owner_edit(
    request: HttpRequest, organisation: Organisation, business_id: int, owner_id: int
) -> HttpResponse:
    return edit_owner(request, _officer_target(request, organisation, business_id), owner_id)


@org_view("manage_registry")
def business_certificate_add(
    request: HttpRequest, organisation: Organisation, business_id: int
) -> HttpResponse:
    return edit_certificate(request, _officer_target(request, organisation, business_id))


@org_view("manage_registry")
def business_certificate_edit(
    request: HttpRequest, organisation: Organisation, business_id: int, certificate_id: int
) -> HttpResponse:
    return edit_certificate(
        request, _officer_target(request, organisation, business_id), certificate_id
    )


@require_POST
@org_view("manage_registry")
def business_certificate_delete(
    request: HttpRequest, organisation: Organisation, business_id: int, certificate_id: int
) -> HttpResponse:
    return delete_certificate(
        request, _officer_target(request, organisation, business_id), certificate_id
    )


@org_view("view_reports")
def business_certificate_scan(
    request: HttpRequest, organisation: Organisation, business_id: int, certificate_id: int
) -> FileResponse:
    return certificate_scan(
        request, _officer_target(request, organisation, business_id), certificate_id
    )


@org_view("manage_registry")
def business_channel_add(
    request: HttpRequest, organisation: Organisation, business_id: int
) -> HttpResponse:
    return add_channel(request, _officer_target(request, organisation, business_id))


@require_POST
@org_view("manage_registry")
def business_channel_delete(
    request: HttpRequest, organisation: Organisation, business_id: int, channel_id: int
) -> HttpResponse:
    return delete_channel(request, _officer_target(request, organisation, business_id), channel_id)


@org_view("manage_registry")
def business_publish(
    request: HttpRequest, organisation: Organisation, business_id: int
) -> HttpResponse:
    return edit_publishing(request, _officer_target(request, organisation, business_id))


@require_POST
@org_view("manage_registry")
def business_coaching(
    request: HttpRequest, organisation: Organisation, business_id: int
) -> HttpResponse:
    target = _officer_target(request, organisation, business_id)
    form = CoachingForm(request.POST)
    if form.is_valid():
        services.coaching_update(
            actor=request.user,
            business=target.business,
            organisation=organisation,
            program=form.cleaned_data["program"],
            since=form.cleaned_data["since"],
        )
        messages.success(request, _("Saved."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(target.base)


B = "o/<slug:slug>/registry/<int:business_id>/"
urlpatterns = [
    path("o/<slug:slug>/registry/", business_list, name="business_list"),
    path("o/<slug:slug>/registry/export/<str:fmt>/", business_export, name="business_export"),
    path("o/<slug:slug>/registry/new/", business_create, name="business_create"),
    path("o/<slug:slug>/registry/certificates/", certificate_wallet, name="certificate_wallet"),
    path(B, business_detail, name="business_detail"),
    path(B + "edit/", business_edit, name="business_edit"),
    path(B + "owners/add/", business_owner_add, name="business_owner_add"),
    path(B + "owners/<int:owner_id>/", business_owner_edit, name="business_owner_edit"),
    path(B + "certificates/add/", business_certificate_add, name="business_certificate_add"),
    path(
        B + "certificates/<int:certificate_id>/",
        business_certificate_edit,
        name="business_certificate_edit",
    ),
    path(
        B + "certificates/<int:certificate_id>/delete/",
        business_certificate_delete,
        name="business_certificate_delete",
    ),
    path(
        B + "certificates/<int:certificate_id>/scan/",
        business_certificate_scan,
        name="business_certificate_scan",
    ),
    path(B + "channels/add/", business_channel_add, name="business_channel_add"),
    path(
        B + "channels/<int:channel_id>/delete/",
        business_channel_delete,
        name="business_channel_delete",
    ),
    path(B + "publish/", business_publish, name="business_publish"),
    path(B + "coaching/", business_coaching, name="business_coaching"),
]
