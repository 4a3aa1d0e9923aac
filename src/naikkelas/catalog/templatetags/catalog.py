"""Template helpers of the catalog: photos with their size (no layout shift, lazy), prices."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from naikkelas.core.templatetags.naikkelas import rupiah

register = template.Library()


def photo_url(photo: Any, size: str = "thumb") -> str:
    """The WebP size when it is made, else the (cleaned) original."""
    file = getattr(photo, size, None) or photo.original
    return file.url


@register.simple_tag
def photo_img(
    photo: Any, size: str = "thumb", box: int = 400, eager: bool = False, main: bool = False
) -> str:
    """``<img>`` with width and height (scaled to fit ``box`` pixels), lazy by default;
    ``main`` marks it as the schema.org image of the product."""
    width, height = photo.width or box, photo.height or box
    scale = min(1.0, box / max(width, height))
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" loading="{}" decoding="async"{}>',
        photo_url(photo, size),
        photo.alt_text,
        max(1, round(width * scale)),
        max(1, round(height * scale)),
        "eager" if eager else "lazy",
        mark_safe(' itemprop="image"') if main else "",
    )


@register.simple_tag
def price_range(product: Any) -> str:
    low, high = product.price_min, product.price_max
    if low is None and high is None:
        return _("price on request")
    if high is None or low == high:
        return rupiah(low if low is not None else high)
    return f"{rupiah(low)} – {rupiah(high)}"


@register.filter
def intcomma_id(value: int | None) -> str:
    """``12000`` -> ``12.000``."""
    return "" if value is None else f"{int(value):,}".replace(",", ".")
