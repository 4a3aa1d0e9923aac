"""``naikkelas manage rebuild_search_index``: replace the catalog search index with every
public product (after a restore, a change of SEARCH_URL or of the analysis)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from naikkelas.catalog import indexing


class Command(BaseCommand):
    help = "Rebuild the catalog search index from the database."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        count = indexing.rebuild()
        self.stdout.write(
            f"Indexed {count:,} public products into {settings.SEARCH_URL} "
            f"in {time.perf_counter() - started:.1f} s"
        )
