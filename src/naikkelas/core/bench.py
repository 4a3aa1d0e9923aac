"""Benchmarks of the core app (``naikkelas bench regions``)."""

from __future__ import annotations

import time
import uuid
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connections

from naikkelas.core.models import Region, RegionLevel
from naikkelas.core.services import regions_load


def _scratch_database() -> tuple[str, dict[str, Any], Any]:
    """A throw-away database of the same vendor as the configured one."""
    default = dict(settings.DATABASES["default"])
    name = f"naikkelas_bench_{uuid.uuid4().hex[:8]}"
    if default["ENGINE"].endswith("sqlite3"):
        path = settings.DATA_DIR / f"{name}.sqlite3"
        config = {**default, "NAME": str(path), "TEST": {}}

        def drop() -> None:
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)

        return name, config, drop
    with connections["default"].cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    config = {**default, "NAME": name, "TEST": {}}

    def drop_pg() -> None:
        connections["bench"].close()
        with connections["default"].cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return name, config, drop_pg


def bench_regions(options: dict[str, Any]) -> dict[str, Any]:
    """Load all 91,599 official regions into an empty table."""
    _name, config, drop = _scratch_database()
    connections.databases["bench"] = config
    try:
        call_command("migrate", "core", database="bench", verbosity=0)
        Region.objects.using("bench").filter(level=RegionLevel.VILLAGE).delete()
        Region.objects.using("bench").filter(level=RegionLevel.DISTRICT).delete()
        Region.objects.using("bench").filter(level=RegionLevel.REGENCY).delete()
        Region.objects.using("bench").all().delete()
        started = time.perf_counter()
        result = regions_load(using="bench")
        seconds = time.perf_counter() - started
        counts = {
            RegionLevel(level).name.lower(): Region.objects.using("bench")
            .filter(level=level)
            .count()
            for level in RegionLevel.values
        }
    finally:
        connections["bench"].close()
        drop()
        del connections.databases["bench"]
    return {
        "database": config["ENGINE"].rsplit(".", 1)[-1],
        "regions": result.total,
        **counts,
        "seconds": round(seconds, 2),
        "rows_per_second": round(result.total / seconds),
    }


BENCHES = {"regions": bench_regions}
