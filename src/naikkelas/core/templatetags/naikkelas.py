"""Template filters for values as Indonesians read them."""

from __future__ import annotations

from django import template

from naikkelas.core.phones import phone_display

register = template.Library()


@register.filter
def phone(value: str | None) -> str:
    """``+6281234567890`` -> ``0812-3456-7890``."""
    return phone_display(value) if value else ""


@register.filter
def rupiah(value: int | None) -> str:
    """``5000000`` -> ``Rp5.000.000`` (integer rupiah, dots between thousands)."""
    if value is None:
        return "—"
    return "Rp" + f"{int(value):,}".replace(",", ".")
