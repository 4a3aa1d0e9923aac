"""Making the WebP sizes of a product photo in the background (django-tasks)."""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django_tasks import task

from naikkelas.catalog import photos
from naikkelas.catalog.models import ProductPhoto


@task()
def photo_thumbnails(photo_id: int) -> bool:
    """A 400 px and a 1200 px WebP of the photo; False when the photo is gone."""
    photo = ProductPhoto.objects.filter(pk=photo_id).first()
    if photo is None:
        return False
    with photo.original.open("rb") as handle:
        data = handle.read()
    thumb = photos.webp(data, photos.THUMB_SIDE)
    large = photos.webp(data, photos.LARGE_SIDE)
    name = uuid.uuid4().hex
    old = [f.name for f in (photo.thumb, photo.large) if f]
    photo.thumb.save(f"{name}.webp", ContentFile(thumb.data), save=False)
    photo.large.save(f"{name}.webp", ContentFile(large.data), save=False)
    photo.thumb_width, photo.thumb_height = thumb.width, thumb.height
    updated = ProductPhoto.objects.filter(pk=photo_id).update(
        thumb=photo.thumb.name,
        large=photo.large.name,
        thumb_width=thumb.width,
        thumb_height=thumb.height,
    )
    storage = photo.original.storage
    for stale in old if updated else [photo.thumb.name, photo.large.name]:
        storage.delete(stale)
    return bool(updated)
