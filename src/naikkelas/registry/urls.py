"""The registry's pages: each module of ``views`` contributes its ``urlpatterns``."""

from __future__ import annotations

import importlib

app_name = "registry"

AREAS = ["businesses", "owner", "public", "clusters", "imports", "duplicates"]

urlpatterns: list = []
for area in AREAS:
    try:
        module = importlib.import_module(f"naikkelas.registry.views.{area}")
    except ModuleNotFoundError as exc:
        if exc.name != f"naikkelas.registry.views.{area}":
            raise
        continue
    urlpatterns += module.urlpatterns
