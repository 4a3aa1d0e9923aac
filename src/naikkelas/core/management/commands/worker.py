"""``naikkelas worker``: runs background tasks and reports a heartbeat for /healthz."""

from __future__ import annotations

import logging
import os
import socket
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from naikkelas.core.services import worker_heartbeat

HEARTBEAT_SECONDS = 15
logger = logging.getLogger(__name__)


def _beat(name: str, backend: str, started: object, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_SECONDS):
        try:
            worker_heartbeat(worker=name, backend=backend, started_at=started)
        except Exception:  # a missed beat shows as "stale" in /healthz; keep beating
            logger.exception("worker heartbeat failed")
        finally:
            close_old_connections()


class Command(BaseCommand):
    help = "Run the background worker (database queue by default, RQ when REDIS_URL is set)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="process the queued tasks, then stop"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        name = f"{socket.gethostname()}:{os.getpid()}"
        started = timezone.now()
        worker_heartbeat(worker=name, backend=backend, started_at=started)
        stop = threading.Event()
        thread = threading.Thread(target=_beat, args=(name, backend, started, stop), daemon=True)
        thread.start()
        try:
            if backend.endswith("RQBackend"):
                call_command("rqworker", "default", **({"burst": True} if options["batch"] else {}))
            else:
                call_command("db_worker", **({"batch": True} if options["batch"] else {}))
        finally:
            stop.set()
