"""Benchmarks of the registry (``naikkelas bench import|dedupe|registry-list``); each area
keeps its benchmark in ``naikkelas.registry.benchmarks.<area>`` with a ``BENCHES`` dict."""

from __future__ import annotations

import importlib
from typing import Any

BENCHES: dict[str, Any] = {}
for area in ["imports", "dedupe", "listing"]:
    try:
        module = importlib.import_module(f"naikkelas.registry.benchmarks.{area}")
    except ModuleNotFoundError as exc:
        if exc.name != f"naikkelas.registry.benchmarks.{area}":
            raise
        continue
    BENCHES.update(module.BENCHES)
