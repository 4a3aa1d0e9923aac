"""Reference data follows the schema: after ``migrate`` (and after a test flush) the HS
codes are loaded when missing and the category tree is seeded when the table is empty
(administrators edit it afterwards, so it is never re-seeded over their changes)."""

from __future__ import annotations

from typing import Any


def load_reference_data(sender: Any, using: str = "default", verbosity: int = 1, **kwargs: Any):
    from naikkelas.catalog.services.reference import categories_seed, hs_codes_load

    loaded = hs_codes_load(using=using)
    seeded = categories_seed(using=using)
    if verbosity >= 1 and (loaded or seeded):
        print(f"  Loaded {loaded:,} HS codes and {seeded:,} product categories")


def connect() -> None:
    """Receivers of other apps' signals (index updates after registry changes)."""
