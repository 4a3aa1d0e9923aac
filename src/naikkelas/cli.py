"""The ``naikkelas`` command.

``naikkelas demo`` / ``serve`` / ``worker`` / ``bench`` / ``import`` / ``export`` are
management commands of the project; ``naikkelas manage …`` reaches every other Django
command (``naikkelas manage migrate``, ``naikkelas manage check --deploy``)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naikkelas.settings")
    from django.core.management import execute_from_command_line

    args = argv[1:]
    if args and args[0] == "manage":
        args = args[1:]
    if not args:
        args = ["help"]
    execute_from_command_line(["naikkelas", *args])


if __name__ == "__main__":
    main()
