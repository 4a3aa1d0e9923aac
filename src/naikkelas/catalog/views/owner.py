"""The owner's product pages, made for a phone, under the owner's business pages
(``/usaha-saya/<business>/products/``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from naikkelas.catalog.selectors import products as product_selectors
from naikkelas.catalog.services.products import can_moderate
from naikkelas.catalog.views import manage
from naikkelas.registry.selectors import businesses as business_selectors


def _shop(request: HttpRequest, business_id: int) -> manage.Shop:
    business = business_selectors.business_for_owner(request.user, business_id)
    return manage.Shop(
        business=business,
        base=reverse("catalog:owner_products", args=[business.pk]),
        back=reverse("registry:owner_business", args=[business.pk]),
        can_edit=True,
        can_moderate=can_moderate(request.user, business),
    )


@login_required
def owner_products(request: HttpRequest, business_id: int) -> HttpResponse:
    return manage.product_list(request, _shop(request, business_id))


@login_required
def owner_product_add(request: HttpRequest, business_id: int) -> HttpResponse:
    return manage.product_add(request, _shop(request, business_id))


@login_required
def owner_product_edit(request: HttpRequest, business_id: int, product_id: int) -> HttpResponse:
    return manage.product_edit(request, _shop(request, business_id), product_id)


@require_POST
@login_required
def owner_product_photo_add(
    request: HttpRequest, business_id: int, product_id: int
) -> HttpResponse:
    return manage.product_photo_add(request, _shop(request, business_id), product_id)


@require_POST
@login_required
def owner_product_photo(
    request: HttpRequest, business_id: int, product_id: int, photo_id: int
) -> HttpResponse:
    return manage.product_photo_action(request, _shop(request, business_id), product_id, photo_id)


@require_POST
@login_required
def owner_product_status(request: HttpRequest, business_id: int, product_id: int) -> HttpResponse:
    return manage.product_status(request, _shop(request, business_id), product_id)


@login_required
def hs_suggest(request: HttpRequest) -> HttpResponse:
    """The HS code suggestions for a product being edited (an htmx partial)."""
    suggestions = product_selectors.hs_suggestions(
        request.GET.get("name", "")[:200],
        request.GET.get("description", "")[:2000],
        request.GET.get("category", "")[:80],
    )
    return render(request, "catalog/partials/hs_suggestions.html", {"suggestions": suggestions})


B = "usaha-saya/<int:business_id>/products/"
P = B + "<int:product_id>/"
urlpatterns = [
    path("katalog/hs-suggest/", hs_suggest, name="hs_suggest"),
    path(B, owner_products, name="owner_products"),
    path(B + "add/", owner_product_add, name="owner_product_add"),
    path(P, owner_product_edit, name="owner_product_edit"),
    path(P + "photos/", owner_product_photo_add, name="owner_product_photo_add"),
    path(P + "photos/<int:photo_id>/", owner_product_photo, name="owner_product_photo"),
    path(P + "status/", owner_product_status, name="owner_product_status"),
]
