"""An organisation's curated collections (``/o/<slug>/catalog/collections/``): create,
describe, cover image, add public products found by search, order them, publish."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from naikkelas.catalog import indexing
from naikkelas.catalog.models import Product
from naikkelas.catalog.search import SearchQuery
from naikkelas.catalog.selectors import collections as selectors
from naikkelas.catalog.selectors.products import products_by_ids
from naikkelas.catalog.services import collections as services
from naikkelas.core.models import Organisation
from naikkelas.core.views import org_view


class CollectionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    cover_alt = forms.CharField(
        label=gettext_lazy("What the cover shows"), required=False, max_length=200
    )
    is_published = forms.BooleanField(label=gettext_lazy("Published (public page)"), required=False)


class CoverForm(forms.Form):
    cover = forms.FileField(
        label=gettext_lazy("Cover image"),
        help_text=gettext_lazy("JPG, PNG or WebP, at most 10 MB; a wide image fits best."),
    )


def _base(organisation: Organisation) -> str:
    return reverse("catalog:collections_manage", args=[organisation.slug])


@org_view("manage_catalog")
def collection_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = CollectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            collection = services.collection_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect(f"{_base(organisation)}{collection.pk}/")
    return render(
        request,
        "catalog/collections/list.html",
        {
            "organisation": organisation,
            "collections": selectors.organisation_collections(organisation),
            "form": form,
        },
    )


@org_view("manage_catalog")
def collection_edit(
    request: HttpRequest, organisation: Organisation, collection_id: int
) -> HttpResponse:
    collection = selectors.collection_of(organisation, collection_id)
    form = CollectionForm(
        request.POST or None,
        initial={
            "title": collection.title,
            "description": collection.description,
            "cover_alt": collection.cover_alt,
            "is_published": collection.is_published,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.collection_update(
                actor=request.user,  # type: ignore[arg-type]
                collection=collection,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{_base(organisation)}{collection.pk}/")
    q = " ".join(request.GET.get("q", "").split())[:100]
    found: list[Product] = []
    if q:
        result = indexing.search(SearchQuery(text=q, limit=20))
        found = products_by_ids(result.ids)
    items = selectors.collection_items(collection)
    in_collection = {item.product_id for item in items}
    return render(
        request,
        "catalog/collections/edit.html",
        {
            "organisation": organisation,
            "collection": collection,
            "form": form,
            "cover_form": CoverForm(),
            "items": items,
            "q": q,
            "found": [p for p in found if p.pk not in in_collection],
            "base": f"{_base(organisation)}{collection.pk}/",
        },
    )


@require_POST
@org_view("manage_catalog")
def collection_items(
    request: HttpRequest, organisation: Organisation, collection_id: int
) -> HttpResponse:
    collection = selectors.collection_of(organisation, collection_id)
    action = request.POST.get("action", "")
    try:
        product_id = int(request.POST.get("product", ""))
    except ValueError as exc:
        raise Http404 from exc
    try:
        if action == "add":
            product = Product.objects.public().filter(pk=product_id).first()
            if product is None:
                raise Http404
            services.collection_add_product(
                actor=request.user,  # type: ignore[arg-type]
                collection=collection,
                product=product,
            )
            messages.success(request, _("%(name)s is added.") % {"name": product.name})
        elif action in {"up", "down"}:
            services.collection_move(
                actor=request.user,  # type: ignore[arg-type]
                collection=collection,
                product_id=product_id,
                up=action == "up",
            )
        elif action == "remove":
            services.collection_remove_product(
                actor=request.user,  # type: ignore[arg-type]
                collection=collection,
                product_id=product_id,
            )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(f"{_base(organisation)}{collection.pk}/#items")


@require_POST
@org_view("manage_catalog")
def collection_cover(
    request: HttpRequest, organisation: Organisation, collection_id: int
) -> HttpResponse:
    collection = selectors.collection_of(organisation, collection_id)
    form = CoverForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["cover"]
        try:
            services.collection_set_cover(
                actor=request.user,  # type: ignore[arg-type]
                collection=collection,
                file=upload,
                size=upload.size,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The cover is saved."))
    return redirect(f"{_base(organisation)}{collection.pk}/")


C = "o/<slug:slug>/catalog/collections/"
urlpatterns = [
    path(C, collection_list, name="collections_manage"),
    path(C + "<int:collection_id>/", collection_edit, name="collection_edit"),
    path(C + "<int:collection_id>/items/", collection_items, name="collection_items"),
    path(C + "<int:collection_id>/cover/", collection_cover, name="collection_cover"),
]
