"""Benchmarks of the events app (``naikkelas bench events``); each area keeps its benchmark
in ``naikkelas.events.benchmarks.<area>`` with a ``BENCHES`` dict."""

from __future__ import annotations

import importlib
from typing import Any

BENCHES: dict[str, Any] = {}
for area in ["floor"]:
    try:
        module = importlib.import_module(f"naikkelas.events.benchmarks.{area}")
    except ModuleNotFoundError as exc:
        if exc.name != f"naikkelas.events.benchmarks.{area}":
            raise
        continue
    BENCHES.update(module.BENCHES)
