"""Catalog endpoints under /api/v1/catalog/: each module contributes a ``router``."""

from __future__ import annotations

import importlib

from ninja import Router

router = Router(tags=["catalog"])

for area in ["categories", "products", "search", "collections"]:
    try:
        module = importlib.import_module(f"naikkelas.catalog.api.{area}")
    except ModuleNotFoundError as exc:
        if exc.name != f"naikkelas.catalog.api.{area}":
            raise
        continue
    router.add_router("/", module.router)
