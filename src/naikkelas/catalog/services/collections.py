"""Curated collections ("Produk Unggulan Solo"): an officer of an organisation assembles
public products in an order, with a cover image, and publishes the page."""

from __future__ import annotations

import uuid
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from naikkelas.catalog import photos as photo_check
from naikkelas.catalog.models import Collection, CollectionItem, Product
from naikkelas.catalog.services.photos import photo_error_message
from naikkelas.core.audit import audit_record, snapshot
from naikkelas.core.models import Organisation, User
from naikkelas.core.permissions import can

FIELDS = ["title", "description", "cover_alt", "is_published"]
MAX_ITEMS = 200


def _require(actor: User | None, organisation: Organisation) -> None:
    if actor is not None and not can(actor, organisation, "manage_catalog"):
        raise PermissionDenied


def _slug(title: str, exclude: int | None = None) -> str:
    base = slugify(title)[:100].strip("-") or "koleksi"
    with scopes_disabled():
        taken = set(
            Collection.objects.filter(slug__startswith=base)
            .exclude(pk=exclude or 0)
            .values_list("slug", flat=True)
        )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Give the collection a title.")})
    return title[:200]


def collection_create(
    *,
    actor: User | None,
    organisation: Organisation,
    title: str,
    description: str = "",
    slug: str = "",
) -> Collection:
    _require(actor, organisation)
    title = _clean_title(title)
    with transaction.atomic():
        collection = Collection(
            organisation=organisation,
            title=title,
            slug=slugify(slug)[:120] if slug else _slug(title),
            description=description.strip(),
            created_by=actor,
            updated_by=actor,
        )
        try:
            with transaction.atomic():
                collection.save()
        except IntegrityError as exc:
            raise ValidationError({"slug": _("This short name is taken.")}) from exc
        audit_record(
            actor=actor,
            action="collection.create",
            obj=collection,
            organisation=organisation,
            before={},
            after=snapshot(collection, FIELDS),
        )
    return collection


def collection_update(
    *,
    actor: User,
    collection: Collection,
    title: str,
    description: str = "",
    cover_alt: str = "",
    is_published: bool | None = None,
) -> Collection:
    _require(actor, collection.organisation)
    with transaction.atomic():
        collection = Collection.objects.select_for_update().get(pk=collection.pk)
        before = snapshot(collection, FIELDS)
        collection.title = _clean_title(title)
        collection.description = description.strip()
        collection.cover_alt = " ".join(cover_alt.split())[:200]
        if is_published is not None:
            collection.is_published = is_published
            if is_published and collection.published_at is None:
                collection.published_at = timezone.now()
        collection.updated_by = actor
        collection.save()
        audit_record(
            actor=actor,
            action="collection.update",
            obj=collection,
            organisation=collection.organisation,
            before=before,
            after=snapshot(collection, FIELDS),
        )
    return collection


def collection_set_cover(
    *, actor: User | None, collection: Collection, file: IO[bytes], size: int | None = None
) -> Collection:
    """A cover image, checked like a product photo, with a WebP copy for the page."""
    _require(actor, collection.organisation)
    if size is not None and size > photo_check.MAX_BYTES:
        error = photo_check.PhotoError("too_big", size=size, limit=photo_check.MAX_BYTES)
        raise ValidationError({"cover": photo_error_message(error)})
    try:
        clean = photo_check.clean(file.read(photo_check.MAX_BYTES + 1))
    except photo_check.PhotoError as exc:
        if exc.code == "too_big":
            exc.params["size"] = None
        raise ValidationError({"cover": photo_error_message(exc)}) from exc
    wide = photo_check.webp(clean.data, photo_check.LARGE_SIDE)
    name = uuid.uuid4().hex
    with transaction.atomic():
        collection = Collection.objects.select_for_update().get(pk=collection.pk)
        collection.cover.save(f"{name}.{clean.extension}", ContentFile(clean.data), save=False)
        collection.cover_thumb.save(f"{name}.webp", ContentFile(wide.data), save=False)
        collection.updated_by = actor
        collection.save()
        audit_record(
            actor=actor,
            action="collection.cover",
            obj=collection,
            organisation=collection.organisation,
            changes={"cover": [None, collection.cover.name]},
        )
    return collection


def collection_add_product(
    *, actor: User | None, collection: Collection, product: Product, note: str = ""
) -> CollectionItem:
    _require(actor, collection.organisation)
    if not Product.objects.public().filter(pk=product.pk).exists():
        raise ValidationError(
            {"product": _("Only products in the public catalog can join a collection.")}
        )
    with transaction.atomic():
        Collection.objects.select_for_update().get(pk=collection.pk)
        items = CollectionItem.objects.filter(collection=collection)
        if items.filter(product=product).exists():
            raise ValidationError(
                {"product": _("%(name)s is already in this collection.") % {"name": product.name}}
            )
        if items.count() >= MAX_ITEMS:
            raise ValidationError(
                {
                    "product": _("A collection holds at most %(count)d products.")
                    % {"count": MAX_ITEMS}
                }
            )
        position = (items.aggregate(m=Max("position"))["m"] or 0) + 1
        item = CollectionItem.objects.create(
            collection=collection, product=product, position=position, note=note[:200]
        )
        audit_record(
            actor=actor,
            action="collection.add",
            obj=collection,
            organisation=collection.organisation,
            changes={"product": [None, product.pk]},
        )
    return item


def collection_remove_product(*, actor: User, collection: Collection, product_id: int) -> None:
    _require(actor, collection.organisation)
    with transaction.atomic():
        deleted, _rows = CollectionItem.objects.filter(
            collection=collection, product_id=product_id
        ).delete()
        if deleted:
            audit_record(
                actor=actor,
                action="collection.remove",
                obj=collection,
                organisation=collection.organisation,
                changes={"product": [product_id, None]},
            )


def collection_move(*, actor: User, collection: Collection, product_id: int, up: bool) -> None:
    """Swap a product with its neighbour in the collection's order."""
    _require(actor, collection.organisation)
    with transaction.atomic():
        Collection.objects.select_for_update().get(pk=collection.pk)
        items = list(
            CollectionItem.objects.filter(collection=collection).order_by("position", "id")
        )
        index = next((i for i, item in enumerate(items) if item.product_id == product_id), None)
        if index is None:
            return
        other = index - 1 if up else index + 1
        if not 0 <= other < len(items):
            return
        items[index], items[other] = items[other], items[index]
        for position, item in enumerate(items, start=1):
            if item.position != position:
                CollectionItem.objects.filter(pk=item.pk).update(position=position)
        audit_record(
            actor=actor,
            action="collection.reorder",
            obj=collection,
            organisation=collection.organisation,
            changes={"order": [None, [item.product_id for item in items]]},
        )
