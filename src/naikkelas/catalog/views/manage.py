"""Product pages shared by owners (``views/owner.py``) and coaching officers
(``views/officer.py``): each view receives a :class:`Shop` saying whose products they are,
where their pages live and what the person may do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from naikkelas.catalog.forms import HideForm, PhotoForm, ProductForm
from naikkelas.catalog.models import ProductStatus
from naikkelas.catalog.selectors import products as selectors
from naikkelas.catalog.services import photos as photo_services
from naikkelas.catalog.services import products as services
from naikkelas.core.models import Organisation
from naikkelas.registry.models import Business


@dataclass
class Shop:
    """A business's products as seen by its owner or by a coaching officer."""

    business: Business
    base: str  # the product list's path; a product's pages live under it
    back: str  # the business page
    organisation: Organisation | None = None
    can_edit: bool = False
    can_moderate: bool = False

    @property
    def is_officer(self) -> bool:
        return self.organisation is not None


def add_errors(form: Any, exc: ValidationError) -> None:
    rename = {"reason": "reason", "certificates": "certificates"}
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            name = rename.get(name, name)
            if name == "variants":
                name = "variant_name_0"
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _require_edit(shop: Shop) -> None:
    if not shop.can_edit:
        raise PermissionDenied


def product_list(request: HttpRequest, shop: Shop) -> HttpResponse:
    return render(
        request,
        "catalog/manage/list.html",
        {
            "shop": shop,
            "business": shop.business,
            "organisation": shop.organisation,
            "products": selectors.business_products(shop.business),
        },
    )


def _form(request: HttpRequest, shop: Shop, **kwargs: Any) -> ProductForm:
    return ProductForm(
        request.POST or None,
        certificates=list(shop.business.certificates.all()),
        officer=shop.is_officer,
        **kwargs,
    )


def product_add(request: HttpRequest, shop: Shop) -> HttpResponse:
    _require_edit(shop)
    form = _form(request, shop)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(
                actor=request.user,  # type: ignore[arg-type]
                business=shop.business,
                data=form.data_for_service(),
                publish="publish" in request.POST,
                organisation=shop.organisation,
                source="officer" if shop.is_officer else "owner",
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is saved. Add a photo: products with photos are found first.")
                % {"name": product.name},
            )
            return redirect(f"{shop.base}{product.pk}/")
    return render(
        request,
        "catalog/manage/form.html",
        {"shop": shop, "business": shop.business, "organisation": shop.organisation, "form": form},
    )


def product_edit(request: HttpRequest, shop: Shop, product_id: int) -> HttpResponse:
    product = selectors.product_of_business(shop.business, product_id)
    form = _form(request, shop, initial=ProductForm.initial_for(product))
    if request.method == "POST":
        _require_edit(shop)
        if form.is_valid():
            try:
                services.product_update(
                    actor=request.user,  # type: ignore[arg-type]
                    product=product,
                    data=form.data_for_service(product),
                    organisation=shop.organisation,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(f"{shop.base}{product.pk}/")
    return render(
        request,
        "catalog/manage/form.html",
        {
            "shop": shop,
            "business": shop.business,
            "organisation": shop.organisation,
            "form": form,
            "product": product,
            "photos": list(product.photos.all()),
            "photo_form": PhotoForm(),
            "max_photos": photo_services.MAX_PHOTOS,
        },
    )


def product_photo_add(request: HttpRequest, shop: Shop, product_id: int) -> HttpResponse:
    _require_edit(shop)
    product = selectors.product_of_business(shop.business, product_id)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["photo"]
        try:
            photo_services.photo_add(
                actor=request.user,  # type: ignore[arg-type]
                product=product,
                file=upload,
                size=upload.size,
                alt_text=form.cleaned_data["alt_text"],
                organisation=shop.organisation,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The photo is added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(f"{shop.base}{product.pk}/#photos")


def product_photo_action(
    request: HttpRequest, shop: Shop, product_id: int, photo_id: int
) -> HttpResponse:
    _require_edit(shop)
    product = selectors.product_of_business(shop.business, product_id)
    photo = next((p for p in product.photos.all() if p.pk == photo_id), None)
    if photo is None:
        raise Http404
    photo.product = product
    action = request.POST.get("action")
    kwargs: dict[str, Any] = {
        "actor": request.user,
        "photo": photo,
        "organisation": shop.organisation,
    }
    if action in {"up", "down"}:
        photo_services.photo_move(up=action == "up", **kwargs)
    elif action == "delete":
        photo_services.photo_delete(**kwargs)
        messages.success(request, _("The photo is removed."))
    elif action == "alt":
        photo_services.photo_update(alt_text=request.POST.get("alt_text", ""), **kwargs)
        messages.success(request, _("Saved."))
    return redirect(f"{shop.base}{product.pk}/#photos")


def product_status(request: HttpRequest, shop: Shop, product_id: int) -> HttpResponse:
    _require_edit(shop)
    product = selectors.product_of_business(shop.business, product_id)
    action = request.POST.get("action")
    kwargs: dict[str, Any] = {
        "actor": request.user,
        "product": product,
        "organisation": shop.organisation,
    }
    try:
        if action == "publish":
            services.product_publish(**kwargs)
            messages.success(
                request, _("%(name)s is in the public catalog.") % {"name": product.name}
            )
        elif action == "unpublish":
            services.product_unpublish(**kwargs)
            messages.success(request, _("%(name)s is a draft again.") % {"name": product.name})
        elif action == "delete":
            services.product_delete(**kwargs)
            messages.success(request, _("%(name)s is deleted.") % {"name": product.name})
            return redirect(shop.base)
        elif action == "unhide" and shop.organisation is not None:
            services.product_unhide(
                actor=request.user,  # type: ignore[arg-type]
                product=product,
                organisation=shop.organisation,
            )
            messages.success(request, _("%(name)s is public again.") % {"name": product.name})
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You do not have permission to do this."))
    return redirect(f"{shop.base}{product.pk}/")


def product_hide(request: HttpRequest, shop: Shop, product_id: int) -> HttpResponse:
    if shop.organisation is None or not shop.can_moderate:
        raise PermissionDenied
    product = selectors.product_of_business(shop.business, product_id)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_hide(
                actor=request.user,  # type: ignore[arg-type]
                product=product,
                organisation=shop.organisation,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s is hidden from the public catalog.") % {"name": product.name}
            )
            return redirect(f"{shop.base}{product.pk}/")
    return render(
        request,
        "catalog/manage/hide.html",
        {
            "shop": shop,
            "business": shop.business,
            "organisation": shop.organisation,
            "product": product,
            "form": form,
        },
    )


STATUS_ACTIONS = {
    ProductStatus.DRAFT: ["publish", "delete"],
    ProductStatus.PUBLISHED: ["unpublish", "delete"],
    ProductStatus.HIDDEN: [],
}


def business_section(request: HttpRequest, target: Any) -> dict[str, Any] | None:
    """The products panel on the registry's business page (owner's and officer's)."""
    organisation = target.organisation
    if organisation is None:
        base = reverse("catalog:owner_products", args=[target.business.pk])
    else:
        base = reverse("catalog:officer_products", args=[organisation.slug, target.business.pk])
    products = selectors.business_products(target.business)
    return {
        "template": "catalog/manage/business_section.html",
        "products_base": base,
        "product_count": len(products),
        "published_count": sum(1 for p in products if p.status == ProductStatus.PUBLISHED),
        "products_preview": products[:3],
    }
