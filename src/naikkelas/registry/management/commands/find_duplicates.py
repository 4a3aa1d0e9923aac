"""``naikkelas manage find_duplicates [--organisation SLUG] [--background]``: look for
duplicate businesses and store the clusters officers review."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from naikkelas.core.models import Organisation
from naikkelas.registry.services.duplicates import duplicates_find, duplicates_find_later


class Command(BaseCommand):
    help = "Find duplicate businesses and store clusters to review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", help="only this organisation's area and coached businesses"
        )
        parser.add_argument(
            "--background", action="store_true", help="queue the work for the worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"no organisation {options['organisation']!r}")
        if options["background"]:
            duplicates_find_later(organisation=organisation)
            self.stdout.write("queued")
            return
        started = time.perf_counter()
        result = duplicates_find(organisation=organisation)
        self.stdout.write(
            f"{result.records} businesses, {result.found} clusters found: {result.created} new, "
            f"{result.updated} updated, {result.unchanged} unchanged, "
            f"{result.dismissed_before} dismissed before; "
            f"{time.perf_counter() - started:.1f} s"
        )
