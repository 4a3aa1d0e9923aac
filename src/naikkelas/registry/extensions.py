"""Places where later apps add to the registry's pages without the registry importing them
(the pipeline's one-way rule): a later app registers a callable in its ``AppConfig.ready``.

``BUSINESS_SECTIONS``: each callable receives ``(request, target)`` for the business page
(``views.businesses.Target``: the business, its base path, the organisation or None for the
owner, whether the person may edit) and returns ``None`` or a dict with ``template`` (a
template name) and whatever that template needs; the page includes it after the business's
own details."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

BUSINESS_SECTIONS: list[Callable[[Any, Any], dict[str, Any] | None]] = []


def business_section(func: Callable[[Any, Any], dict[str, Any] | None]) -> Callable[..., Any]:
    if func not in BUSINESS_SECTIONS:
        BUSINESS_SECTIONS.append(func)
    return func


def sections_for(request: Any, target: Any) -> list[dict[str, Any]]:
    return [section for func in BUSINESS_SECTIONS if (section := func(request, target))]
