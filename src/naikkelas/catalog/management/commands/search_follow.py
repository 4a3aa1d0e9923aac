"""``naikkelas manage search_follow``: keep this machine's search index up to date from the
shared change log (server tier with several machines; decision 0022). Run one per machine
beside the web processes, with ``NAIKKELAS_SEARCH_FOLLOWER=1`` set everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from naikkelas.catalog import indexing
from naikkelas.catalog.search.follow import Follower


class Command(BaseCommand):
    help = "Apply the catalog's change log to this machine's search index, continuously."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="apply what is there and stop")
        parser.add_argument("--poll", type=float, default=1.0, help="seconds between reads")

    def handle(self, *args: Any, **options: Any) -> None:
        follower = Follower(
            engine=indexing.engine(),
            position_file=Path(settings.DATA_DIR) / "search-position.json",
            changes_after=indexing.changes_after,
            documents=indexing.documents_by_id,
            rebuild_documents=lambda: indexing.documents(),
            last_change=indexing.last_change,
            synonyms=indexing.synonym_groups,
        )
        if options["once"]:
            applied = 0
            while (count := follower.step()) > 0:
                applied += count
            self.stdout.write(f"Applied {applied:,} changes")
            return
        follower.run(poll_seconds=options["poll"])
