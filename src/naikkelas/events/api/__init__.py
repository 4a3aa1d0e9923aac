"""Events endpoints under /api/v1/events/: each module contributes a ``router``."""

from __future__ import annotations

import importlib

from ninja import Router

router = Router(tags=["events"])

AREAS = ["events", "applications", "booths"]
# the floor: visitors and check-in, sales, the sale festival, the report
AREAS += ["visitors", "sales", "festival", "report"]

for area in AREAS:
    try:
        module = importlib.import_module(f"naikkelas.events.api.{area}")
    except ModuleNotFoundError as exc:
        if exc.name != f"naikkelas.events.api.{area}":
            raise
        continue
    router.add_router("/", module.router)
