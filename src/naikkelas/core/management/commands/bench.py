"""``naikkelas bench NAME``: benchmarks that print figures (docs/performance.md).

Each app lists its benchmarks in ``naikkelas.<app>.bench.BENCHES``."""

from __future__ import annotations

import importlib
import json
import os
import platform
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

APPS = [
    "core",
    "registry",
    "coaching",
    "catalog",
    "curation",
    "events",
    "matching",
    "trade",
    "insights",
]


def all_benches() -> dict[str, Any]:
    benches: dict[str, Any] = {}
    for app in APPS:
        try:
            module = importlib.import_module(f"naikkelas.{app}.bench")
        except ModuleNotFoundError as exc:
            if exc.name in (f"naikkelas.{app}", f"naikkelas.{app}.bench"):
                continue
            raise
        benches.update(getattr(module, "BENCHES", {}))
    return benches


class Command(BaseCommand):
    help = "Run a benchmark and print its figures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="which benchmark (list: naikkelas bench list)")
        parser.add_argument("--size", type=int, default=None, help="rows/records to generate")
        parser.add_argument(
            "--engines", default=None, help="search engines to compare (bench search)"
        )
        parser.add_argument("--json", action="store_true", help="print JSON only")

    def handle(self, *args: Any, **options: Any) -> None:
        benches = all_benches()
        if options["name"] == "list":
            for name in sorted(benches):
                self.stdout.write(name)
            return
        if options["name"] not in benches:
            raise CommandError(
                f"unknown benchmark {options['name']!r}; one of: {', '.join(sorted(benches))}"
            )
        figures = benches[options["name"]](options)
        figures = {
            "benchmark": options["name"],
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}",
            **figures,
        }
        if options["json"]:
            self.stdout.write(json.dumps(figures))
            return
        width = max(len(key) for key in figures)
        for key, value in figures.items():
            self.stdout.write(f"{key.ljust(width)}  {value}")
