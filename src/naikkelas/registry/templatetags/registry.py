"""Template helpers of the registry."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def _evidence_texts() -> dict[tuple[str, str], str]:
    # The duplicate detector explains in English (plain Python, no gettext); officers read
    # the same evidence in their language from its field and level.
    return {
        ("name", "exact"): _("same business name"),
        ("name", "close"): _("business names alike (%(sim)s)"),
        ("name", "similar"): _("business names alike (%(sim)s)"),
        ("name", "subset"): _("one business name (nearly) contains the other"),
        ("name", "weak"): _("business names only partly alike (%(sim)s)"),
        ("name", "different"): _("different business names (%(sim)s)"),
        ("owner", "exact"): _("same owner"),
        ("owner", "close"): _("owner names alike (%(sim)s)"),
        ("owner", "similar"): _("owner names alike (%(sim)s)"),
        ("owner", "subset"): _("one owner name contains the other"),
        ("owner", "different"): _("different owners (%(sim)s)"),
        ("owner", "missing"): _("owner missing on one side or both"),
        ("phone", "same"): _("same phone number"),
        ("phone", "differs"): _("phone numbers differ"),
        ("phone", "missing"): _("phone missing on one side or both"),
        ("nib", "same"): _("same NIB"),
        ("nib", "differs"): _("NIBs differ"),
        ("nib", "missing"): _("NIB missing on one side or both"),
        ("email", "same"): _("same email address"),
        ("email", "differs"): _("email addresses differ"),
        ("place", "same village"): _("same village"),
        ("place", "other village"): _("another village in the same district"),
        ("place", "same district"): _("same district (village missing on one side)"),
        ("place", "other district"): _("another district"),
        ("place", "missing"): _("region missing on one side or both"),
        ("address", "exact"): _("same address"),
        ("address", "close"): _("addresses alike (%(sim)s)"),
        ("address", "similar"): _("addresses alike (%(sim)s)"),
        ("address", "different"): _("different addresses (%(sim)s)"),
        ("address", "missing"): _("address missing on one side or both"),
    }


@register.filter
def evidence_text(pair: dict[str, Any]) -> str:
    """The stored evidence of a pair as one line in the active language."""
    texts = _evidence_texts()
    parts = []
    for item in pair.get("fields", []):
        template_text = texts.get((item.get("field"), item.get("level")))
        if template_text is None:
            if item.get("text"):
                parts.append(item["text"])
            continue
        similarity = item.get("similarity")
        parts.append(
            template_text % {"sim": f"{similarity:.2f}" if similarity is not None else "–"}
        )
    return "; ".join(parts) or pair.get("explanation", "")
