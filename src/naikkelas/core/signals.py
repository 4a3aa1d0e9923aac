"""Reference data follows the schema: after ``migrate`` (and after a test flush) the
official region codes are loaded when they are missing."""

from __future__ import annotations

from typing import Any


def load_reference_data(sender: Any, using: str = "default", verbosity: int = 1, **kwargs: Any):
    from naikkelas.core.services import regions_load

    result = regions_load(using=using)
    if verbosity >= 1 and result.loaded:
        print(f"  Loaded {result.total:,} regions in {result.seconds:.1f} s")
