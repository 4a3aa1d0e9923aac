#!/usr/bin/env python3
"""Set-up in one command on a machine with only Python >= 3.11 and git.

    python3 dev.py demo [--reset]     install NaikKelas and start the demo (SQLite)
    python3 dev.py test [pytest args] install the test dependencies and run the whole suite
    python3 dev.py lock               re-pin requirements.lock from pyproject.toml

Everything goes into ./.venv; nothing outside this folder is touched. Installs are
pinned by requirements.lock and skipped when nothing changed since the last run.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
LOCK = ROOT / "requirements.lock"


def say(message: str) -> None:
    print(f"[naikkelas] {message}", flush=True)


def run(*args: str | Path, **kwargs: object) -> None:
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def ensure_venv() -> None:
    if PYTHON.exists() and any(VENV.glob("lib*/python*/site-packages/pip")):
        return
    # none yet, or one whose creation was interrupted (no pip in it): made afresh
    say(f"creating the virtual environment in {VENV}")
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    except (subprocess.CalledProcessError, OSError) as exc:
        sys.exit(
            f"Could not create a virtual environment ({exc}). On Debian/Ubuntu install "
            "python3-venv first: sudo apt-get install python3-venv"
        )


def ensure_installed(extra: str | None) -> None:
    """Install the package (editable) with the pinned versions, once per change."""
    ensure_venv()
    digest = hashlib.sha256(
        LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes() + (extra or "").encode()
    ).hexdigest()
    stamp = VENV / f".installed-{extra or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    say("installing dependencies (first run takes a minute)")
    target = f".[{extra}]" if extra else "."
    run(
        PYTHON,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--constraint",
        LOCK,
        "--editable",
        target,
    )
    stamp.write_text(digest)


def cmd_demo(args: list[str]) -> None:
    ensure_installed(None)
    os.execv(str(PYTHON), [str(PYTHON), "-m", "naikkelas", "demo", *args])


def cmd_test(args: list[str]) -> None:
    ensure_installed("dev")
    env = dict(os.environ)
    # keep test runs away from the demo's data folder
    env.setdefault("NAIKKELAS_DATA_DIR", str(ROOT / "var" / "test"))
    result = subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env)
    sys.exit(result.returncode)


def cmd_lock(args: list[str]) -> None:
    ensure_installed("dev")
    run(
        BIN / "pip-compile",
        "--quiet",
        "--strip-extras",
        "--all-extras",
        "--no-emit-options",
        "--output-file",
        LOCK,
        "pyproject.toml",
        *args,
    )


if sys.version_info < (3, 11):  # noqa: UP036 - this script is what tells older Pythons
    sys.exit("NaikKelas needs Python 3.11 or newer; this is " + sys.version.split()[0])

COMMANDS = {"demo": cmd_demo, "test": cmd_test, "lock": cmd_lock}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        sys.exit(2)
    COMMANDS[sys.argv[1]](sys.argv[2:])
