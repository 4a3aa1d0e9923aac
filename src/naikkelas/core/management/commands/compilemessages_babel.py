"""``naikkelas manage compilemessages_babel``: .po -> .mo without GNU gettext."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from naikkelas.core.i18n import catalogues, compile_catalogue


class Command(BaseCommand):
    help = "Compile the translation catalogues with Babel (no system gettext needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in catalogues(Path(locale_dir)):
                mo_path = po_path.with_suffix(".mo")
                mo_path.write_bytes(compile_catalogue(po_path))
                self.stdout.write(f"compiled {mo_path}")
