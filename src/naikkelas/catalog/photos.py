"""Checking and resizing product photos (plain Python with Pillow, no Django).

A photo is judged by its content, never by its name or the browser's content type: Pillow
must recognise it as JPEG, PNG or WebP. Its pixel count is read from the header before any
pixel is decoded, so a decompression bomb (a small file that unpacks to gigabytes) is
refused without being unpacked. What is kept is re-encoded from the pixels: EXIF (camera,
GPS position, time) and every other metadata block are gone; the EXIF orientation is
applied first so the photo stands the right way up."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024  # 10 MB: a phone's full-size photo is 2-6 MB
MAX_PIXELS = 50_000_000  # 50 megapixels; larger is a bomb or not a product photo
MIN_SIDE = 200  # pixels; smaller is unusable in the catalog
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
THUMB_SIDE = 400
LARGE_SIDE = 1200

# Pillow's own guard raises for images over twice this; ours refuses earlier, with a message.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class PhotoError(Exception):
    """Why a photo is refused; ``code`` is one of: too_big, not_image, unsupported,
    too_many_pixels, too_small, broken."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    extension: str  # jpg, png or webp
    width: int
    height: int


def clean(data: bytes) -> CleanPhoto:
    """The photo re-encoded without metadata, or :class:`PhotoError`."""
    if len(data) > MAX_BYTES:
        raise PhotoError("too_big", size=len(data), limit=MAX_BYTES)
    try:
        image: Image.Image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError) as exc:
        raise PhotoError("not_image") from exc
    except Image.DecompressionBombError as exc:
        raise PhotoError("too_many_pixels", pixels=0, limit=MAX_PIXELS) from exc
    if image.format not in FORMATS:
        raise PhotoError("unsupported", format=image.format or "?")
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise PhotoError("too_many_pixels", pixels=width * height, limit=MAX_PIXELS)
    if min(width, height) < MIN_SIDE:
        raise PhotoError("too_small", width=width, height=height, limit=MIN_SIDE)
    fmt = image.format
    try:
        image.load()
        image = ImageOps.exif_transpose(image) or image
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise PhotoError("broken") from exc
    out = io.BytesIO()
    if fmt == "JPEG":
        if image.mode not in {"RGB", "L"}:
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, optimize=True)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=90)
    return CleanPhoto(out.getvalue(), FORMATS[fmt], image.width, image.height)


def webp(data: bytes, side: int, quality: int = 80) -> CleanPhoto:
    """A WebP copy whose longer side is at most ``side`` pixels."""
    image: Image.Image = Image.open(io.BytesIO(data))
    image.load()
    if image.mode not in {"RGB", "RGBA"}:
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "WEBP", quality=quality, method=4)
    return CleanPhoto(out.getvalue(), "webp", image.width, image.height)
