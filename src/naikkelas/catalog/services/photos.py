"""Product photos: add (checked by content, EXIF removed), describe, reorder, remove. The
WebP sizes are made in the background (``tasks.photos.photo_thumbnails``)."""

from __future__ import annotations

import uuid
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.catalog import indexing
from naikkelas.catalog import photos as photo_check
from naikkelas.catalog.models import Product, ProductPhoto
from naikkelas.catalog.services.products import _delete_files_on_commit, _require_edit
from naikkelas.core.audit import audit_record
from naikkelas.core.models import Organisation, User

MAX_PHOTOS = 8


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "")


def photo_error_message(error: photo_check.PhotoError) -> str:
    """What the person reads, in their language, with what to do about it."""
    p = error.params
    if error.code == "too_big" and p.get("size") is None:
        return _(
            "The photo is larger than %(limit)s MB. Send a smaller photo "
            "(most phones can share a photo in a smaller size)."
        ) % {"limit": _megabytes(int(p["limit"]))}  # type: ignore[call-overload]
    if error.code == "too_big":
        return _(
            "The photo is %(size)s MB; the limit is %(limit)s MB. Send a smaller photo "
            "(most phones can share a photo in a smaller size)."
        ) % {"size": _megabytes(int(p["size"])), "limit": _megabytes(int(p["limit"]))}  # type: ignore[call-overload]
    if error.code == "too_many_pixels":
        return _(
            "The photo has too many pixels (more than %(limit)s megapixels). Send a photo "
            "taken with a phone camera or shrink it first."
        ) % {"limit": int(p["limit"]) // 1_000_000}  # type: ignore[call-overload]
    if error.code == "too_small":
        return _(
            "The photo is %(width)d × %(height)d pixels; it needs at least %(limit)d pixels on "
            "each side to be clear in the catalog."
        ) % {"width": p["width"], "height": p["height"], "limit": p["limit"]}
    if error.code == "unsupported":
        return _("Photos in %(format)s format are not accepted. Send a JPG, PNG or WebP photo.") % {
            "format": p["format"]
        }
    if error.code == "broken":
        return _("The photo file is damaged and cannot be opened. Take or send it again.")
    return _("This file is not a photo. Send a JPG, PNG or WebP photo of the product.")


def photo_add(
    *,
    actor: User | None,
    product: Product,
    file: IO[bytes],
    alt_text: str = "",
    size: int | None = None,
    organisation: Organisation | None = None,
) -> ProductPhoto:
    """Store a checked photo of ``product``; its WebP sizes follow in the background."""
    if actor is not None:
        _require_edit(actor, product.business)
    if size is not None and size > photo_check.MAX_BYTES:
        # refused before reading it all
        raise ValidationError(
            {
                "photo": photo_error_message(
                    photo_check.PhotoError("too_big", size=size, limit=photo_check.MAX_BYTES)
                )
            }
        )
    data = file.read(photo_check.MAX_BYTES + 1)
    try:
        clean = photo_check.clean(data)
    except photo_check.PhotoError as exc:
        if exc.code == "too_big" and size is None:
            exc.params["size"] = None  # only read up to the limit: the real size is unknown
        raise ValidationError({"photo": photo_error_message(exc)}) from exc
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        count = product.photos.count()
        if count >= MAX_PHOTOS:
            raise ValidationError(
                {
                    "photo": _("A product has at most %(count)d photos. Remove one first.")
                    % {"count": MAX_PHOTOS}
                }
            )
        position = (product.photos.aggregate(m=Max("position"))["m"] or 0) + (1 if count else 0)
        photo = ProductPhoto(
            product=product,
            position=position,
            width=clean.width,
            height=clean.height,
            alt_text=" ".join(alt_text.split())[:200] or product.name,
        )
        photo.original.save(
            f"{uuid.uuid4().hex}.{clean.extension}", ContentFile(clean.data), save=False
        )
        photo.save()
        Product.objects.filter(pk=product.pk).update(updated_at=timezone.now(), updated_by=actor)
        audit_record(
            actor=actor,
            action="product.photo_add",
            obj=product,
            organisation=organisation,
            changes={"photo": [None, photo.original.name]},
        )
        photo_id = photo.pk
        transaction.on_commit(lambda: _queue_thumbnails(photo_id))
        indexing.queue_update([product.pk])
    return photo


def _queue_thumbnails(photo_id: int) -> None:
    from naikkelas.catalog.tasks.photos import photo_thumbnails

    photo_thumbnails.enqueue(photo_id)


def photo_update(
    *,
    actor: User,
    photo: ProductPhoto,
    alt_text: str,
    organisation: Organisation | None = None,
) -> ProductPhoto:
    _require_edit(actor, photo.product.business)
    with transaction.atomic():
        before = photo.alt_text
        photo.alt_text = " ".join(alt_text.split())[:200]
        photo.save(update_fields=["alt_text"])
        audit_record(
            actor=actor,
            action="product.photo_update",
            obj=photo.product,
            organisation=organisation,
            changes={"alt_text": [before, photo.alt_text]},
        )
    return photo


def photo_move(
    *, actor: User, photo: ProductPhoto, up: bool, organisation: Organisation | None = None
) -> None:
    """Swap a photo with its neighbour; the first photo is the product's cover."""
    product = photo.product
    _require_edit(actor, product.business)
    with transaction.atomic():
        Product.objects.select_for_update().get(pk=product.pk)
        ordered = list(product.photos.order_by("position", "id"))
        index = next(i for i, p in enumerate(ordered) if p.pk == photo.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(ordered):
            return
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered):
            if item.position != position:
                ProductPhoto.objects.filter(pk=item.pk).update(position=position)
        audit_record(
            actor=actor,
            action="product.photo_move",
            obj=product,
            organisation=organisation,
            changes={"photos": [None, [p.pk for p in ordered]]},
        )
        indexing.queue_update([product.pk])


def photo_delete(
    *, actor: User, photo: ProductPhoto, organisation: Organisation | None = None
) -> None:
    product = photo.product
    _require_edit(actor, product.business)
    files: list[Any] = [f for f in (photo.original, photo.thumb, photo.large) if f]
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="product.photo_delete",
            obj=product,
            organisation=organisation,
            changes={"photo": [photo.original.name, None]},
        )
        photo.delete()
        _delete_files_on_commit(files)
        indexing.queue_update([product.pk])
