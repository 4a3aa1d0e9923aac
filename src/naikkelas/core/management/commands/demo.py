"""``naikkelas demo``: set up the embedded tier with the demo scenarios and serve it."""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from naikkelas.core.demo import DemoContext, demo_load_core

# Pipeline order (DESIGN.md); each app's demo.py adds its part of the scenarios.
PIPELINE = [
    "registry",
    "coaching",
    "catalog",
    "curation",
    "events",
    "matching",
    "trade",
    "insights",
]


def load_all() -> DemoContext:
    context = DemoContext()
    demo_load_core(context)
    for app in PIPELINE:
        try:
            module = importlib.import_module(f"naikkelas.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name in (f"naikkelas.{app}", f"naikkelas.{app}.demo"):
                continue
            raise
        module.load(context)
    return context


class Command(BaseCommand):
    help = "Create the embedded database, load the demo scenarios and serve on 127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="delete all data and start over")
        parser.add_argument("--no-serve", action="store_true", help="load the data, do not serve")
        parser.add_argument("--bind", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"]:
            self.stdout.write("Deleting all data…")
            call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        started = time.perf_counter()
        context = load_all()
        self.stdout.write(
            f"Demo data ready in {time.perf_counter() - started:.1f} s "
            f"({settings.DATABASES['default']['NAME']})."
        )
        self.stdout.write("\nDemo logins (password for all: naikkelas-demo):")
        width = max(len(login) for _what, login, _pw in context.logins)
        for what, login, _password in context.logins:
            self.stdout.write(f"  {login.ljust(width)}  {what}")
        if options["no_serve"]:
            return
        self.stdout.write(f"\nOpen http://{options['bind']}/  (Ctrl+C stops)\n")
        self._serve(options["bind"])

    def _serve(self, bind: str) -> None:
        python = sys.executable
        env = dict(os.environ)
        worker = subprocess.Popen([python, "-m", "naikkelas", "worker"], env=env)
        web = subprocess.Popen(
            [python, "-m", "naikkelas", "serve", "--bind", bind, "--workers", "2"], env=env
        )
        try:
            while web.poll() is None and worker.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for process in (web, worker):
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in (web, worker):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
