"""Benchmarks of the catalog (``naikkelas bench search``); each area keeps its benchmark in
``naikkelas.catalog.benchmarks.<area>`` with a ``BENCHES`` dict."""

from __future__ import annotations

import importlib
from typing import Any

BENCHES: dict[str, Any] = {}
for area in ["search", "pages", "hs"]:
    try:
        module = importlib.import_module(f"naikkelas.catalog.benchmarks.{area}")
    except ModuleNotFoundError as exc:
        if exc.name != f"naikkelas.catalog.benchmarks.{area}":
            raise
        continue
    BENCHES.update(module.BENCHES)
