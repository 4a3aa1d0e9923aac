"""An officer's product pages for the businesses the organisation coaches
(``/o/<slug>/registry/<business>/products/``), and hiding a product with a reason."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from naikkelas.catalog.views import manage
from naikkelas.core.models import Organisation
from naikkelas.core.views import org_view
from naikkelas.registry.selectors import businesses as business_selectors


def _shop(request: HttpRequest, organisation: Organisation, business_id: int) -> manage.Shop:
    business = business_selectors.business_for_organisation(organisation, business_id)
    allowed = "manage_catalog" in getattr(request, "org_permissions", set())
    return manage.Shop(
        business=business,
        base=reverse("catalog:officer_products", args=[organisation.slug, business.pk]),
        back=reverse("registry:business_detail", args=[organisation.slug, business.pk]),
        organisation=organisation,
        can_edit=allowed,
        can_moderate=allowed,
    )


@org_view("view_reports")
def officer_products(
    request: HttpRequest, organisation: Organisation, business_id: int
) -> HttpResponse:
    return manage.product_list(request, _shop(request, organisation, business_id))


@org_view("manage_catalog")
def officer_product_add(
    request: HttpRequest, organisation: Organisation, business_id: int
) -> HttpResponse:
    return manage.product_add(request, _shop(request, organisation, business_id))


@org_view("view_reports")
def officer_product_edit(
    request: HttpRequest, organisation: Organisation, business_id: int, product_id: int
) -> HttpResponse:
    return manage.product_edit(request, _shop(request, organisation, business_id), product_id)


@require_POST
@org_view("manage_catalog")
def officer_product_photo_add(
    request: HttpRequest, organisation: Organisation, business_id: int, product_id: int
) -> HttpResponse:
    return manage.product_photo_add(request, _shop(request, organisation, business_id), product_id)


@require_POST
@org_view("manage_catalog")
def officer_product_photo(
    request: HttpRequest,
    organisation: Organisation,
    business_id: int,
    product_id: int,
    photo_id: int,
) -> HttpResponse:
    return manage.product_photo_action(
        request, _shop(request, organisation, business_id), product_id, photo_id
    )


@require_POST
@org_view("manage_catalog")
def officer_product_status(
    request: HttpRequest, organisation: Organisation, business_id: int, product_id: int
) -> HttpResponse:
    return manage.product_status(request, _shop(request, organisation, business_id), product_id)


@org_view("manage_catalog")
def officer_product_hide(
    request: HttpRequest, organisation: Organisation, business_id: int, product_id: int
) -> HttpResponse:
    return manage.product_hide(request, _shop(request, organisation, business_id), product_id)


B = "o/<slug:slug>/registry/<int:business_id>/products/"
P = B + "<int:product_id>/"
urlpatterns = [
    path(B, officer_products, name="officer_products"),
    path(B + "add/", officer_product_add, name="officer_product_add"),
    path(P, officer_product_edit, name="officer_product_edit"),
    path(P + "photos/", officer_product_photo_add, name="officer_product_photo_add"),
    path(P + "photos/<int:photo_id>/", officer_product_photo, name="officer_product_photo"),
    path(P + "status/", officer_product_status, name="officer_product_status"),
    path(P + "hide/", officer_product_hide, name="officer_product_hide"),
]
