"""Registry endpoints under /api/v1/registry/: each module contributes a ``router``."""

from __future__ import annotations

import importlib

from ninja import Router

router = Router(tags=["registry"])

for area in ["businesses", "imports", "duplicates"]:
    try:
        module = importlib.import_module(f"naikkelas.registry.api.{area}")
    except ModuleNotFoundError as exc:
        if exc.name != f"naikkelas.registry.api.{area}":
            raise
        continue
    router.add_router("/", module.router)
