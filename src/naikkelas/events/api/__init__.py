"""Events endpoints under /api/v1/events/: each module contributes a ``router``."""

from __future__ import annotations

import importlib

from ninja import Router

router = Router(tags=["events"])

for area in ["events", "applications", "booths"]:
    try:
        module = importlib.import_module(f"naikkelas.events.api.{area}")
    except ModuleNotFoundError as exc:
        if exc.name != f"naikkelas.events.api.{area}":
            raise
        continue
    router.add_router("/", module.router)
