"""The catalog's pages: each module of ``views`` contributes its ``urlpatterns``."""

from __future__ import annotations

import importlib

app_name = "catalog"

AREAS = ["public", "owner", "officer", "collections", "imports", "synonyms"]

urlpatterns: list = []
for area in AREAS:
    try:
        module = importlib.import_module(f"naikkelas.catalog.views.{area}")
    except ModuleNotFoundError as exc:
        if exc.name != f"naikkelas.catalog.views.{area}":
            raise
        continue
    urlpatterns += module.urlpatterns
