"""The owner's pages, made for a phone: register a business with a short form (creating
an account by phone number when needed), see one's businesses with what is still missing
and the certificates about to expire, and keep each business up to date."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naikkelas.core.models import Language
from naikkelas.registry.forms import SelfRegisterForm
from naikkelas.registry.selectors import businesses as selectors
from naikkelas.registry.services import businesses as services
from naikkelas.registry.views.businesses import (
    Target,
    add_channel,
    add_errors,
    certificate_scan,
    delete_certificate,
    delete_channel,
    edit_business,
    edit_certificate,
    edit_owner,
    edit_publishing,
    render_detail,
)


def self_register(request: HttpRequest) -> HttpResponse:
    """The short form first; the rest of the profile can be completed later."""
    user = request.user if request.user.is_authenticated else None
    initial = {"owner_name": user.name, "phone": user.phone or ""} if user else {}
    form = SelfRegisterForm(request.POST or None, initial=initial, with_account=user is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in Language.values else "id"
        try:
            business, account = services.business_self_register(
                user=user,
                business_name=data["business_name"],
                owner_name=data["owner_name"],
                phone=data["phone"],
                village_code=data["village"].code,
                product_types=data["product_types"],
                password=data.get("password"),
                language=language,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if user is None:
                auth_login(request, account, backend="naikkelas.core.auth.EmailOrPhoneBackend")
            messages.success(
                request,
                _("%(name)s is registered. Complete the rest when you have time.")
                % {"name": business.name},
            )
            return redirect("registry:my_businesses")
    return render(request, "registry/owner/register.html", {"form": form})


@login_required
def my_businesses(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registry/owner/list.html",
        {
            "businesses": selectors.owner_businesses(request.user),
            "certificates": selectors.certificates_expiring_for_owner(request.user),
            "days": selectors.WALLET_DAYS,
        },
    )


def _owner_target(request: HttpRequest, business_id: int) -> Target:
    business = selectors.business_for_owner(request.user, business_id)
    return Target(
        business=business,
        base=reverse("registry:owner_business", args=[business.pk]),
        show_nik=selectors.can_see_nik(request.user, business),
        can_edit=True,
    )


@login_required
def owner_business(request: HttpRequest, business_id: int) -> HttpResponse:
    return render_detail(request, _owner_target(request, business_id))


@login_required
def owner_business_edit(request: HttpRequest, business_id: int) -> HttpResponse:
    return edit_business(request, _owner_target(request, business_id))


@login_required
def owner_business_owner_add(request: HttpRequest, business_id: int) -> HttpResponse:
    return edit_owner(request, _owner_target(request, business_id))


@login_required
def owner_business_owner_edit(
    request: HttpRequest, business_id: int, owner_id: int
) -> HttpResponse:
    return edit_owner(request, _owner_target(request, business_id), owner_id)


@login_required
def owner_business_certificate_add(request: HttpRequest, business_id: int) -> HttpResponse:
    return edit_certificate(request, _owner_target(request, business_id))


@login_required
def owner_business_certificate_edit(
    request: HttpRequest, business_id: int, certificate_id: int
) -> HttpResponse:
    return edit_certificate(request, _owner_target(request, business_id), certificate_id)


@require_POST
@login_required
def owner_business_certificate_delete(
    request: HttpRequest, business_id: int, certificate_id: int
) -> HttpResponse:
    return delete_certificate(request, _owner_target(request, business_id), certificate_id)


@login_required
def owner_business_certificate_scan(
    request: HttpRequest, business_id: int, certificate_id: int
) -> FileResponse:
    return certificate_scan(request, _owner_target(request, business_id), certificate_id)


@login_required
def owner_business_channel_add(request: HttpRequest, business_id: int) -> HttpResponse:
    return add_channel(request, _owner_target(request, business_id))


@require_POST
@login_required
def owner_business_channel_delete(
    request: HttpRequest, business_id: int, channel_id: int
) -> HttpResponse:
    return delete_channel(request, _owner_target(request, business_id), channel_id)


@login_required
def owner_business_publish(request: HttpRequest, business_id: int) -> HttpResponse:
    return edit_publishing(request, _owner_target(request, business_id))


B = "usaha-saya/<int:business_id>/"
urlpatterns = [
    path("usaha/daftar/", self_register, name="self_register"),
    path("usaha-saya/", my_businesses, name="my_businesses"),
    path(B, owner_business, name="owner_business"),
    path(B + "edit/", owner_business_edit, name="owner_business_edit"),
    path(B + "owners/add/", owner_business_owner_add, name="owner_business_owner_add"),
    path(B + "owners/<int:owner_id>/", owner_business_owner_edit, name="owner_business_owner_edit"),
    path(
        B + "certificates/add/",
        owner_business_certificate_add,
        name="owner_business_certificate_add",
    ),
    path(
        B + "certificates/<int:certificate_id>/",
        owner_business_certificate_edit,
        name="owner_business_certificate_edit",
    ),
    path(
        B + "certificates/<int:certificate_id>/delete/",
        owner_business_certificate_delete,
        name="owner_business_certificate_delete",
    ),
    path(
        B + "certificates/<int:certificate_id>/scan/",
        owner_business_certificate_scan,
        name="owner_business_certificate_scan",
    ),
    path(B + "channels/add/", owner_business_channel_add, name="owner_business_channel_add"),
    path(
        B + "channels/<int:channel_id>/delete/",
        owner_business_channel_delete,
        name="owner_business_channel_delete",
    ),
    path(B + "publish/", owner_business_publish, name="owner_business_publish"),
]
