#!/usr/bin/env python3
"""Refresh the Indonesian catalogue from the source, fill it, compile it (developers' tool).

    .venv/bin/python tools/i18n_update.py [DRAFTS_DIR]

1. ``makemessages -l id`` over the package (needs GNU gettext's xgettext, a developer tool;
   users and CI only need the committed .mo files);
2. fills empty or fuzzy entries from the JSON files in DRAFTS_DIR (default
   ``locale-drafts/``; each ``{"English msgid": "Indonesian text"}``; git ignores the folder),
   clearing fuzzy guesses that no draft confirms;
3. compiles the .mo with Babel and lists what is still untranslated.

Several people may run it at once: it holds a lock on the catalogue while it works.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "naikkelas"
PO = PACKAGE / "locale" / "id" / "LC_MESSAGES" / "django.po"


def main() -> int:
    drafts_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "locale-drafts"
    drafts: dict[str, str] = {}
    for path in sorted(drafts_dir.glob("*.json")) if drafts_dir.exists() else []:
        drafts.update(json.loads(path.read_text(encoding="utf-8")))
    lock_path = PO.with_suffix(".lock")
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "naikkelas.settings"}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "naikkelas",
                "makemessages",
                "-l",
                "id",
                "--no-location",
                "--no-obsolete",
                "--ignore",
                "static/*",
            ],
            cwd=PACKAGE,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        from babel.messages.pofile import read_po, write_po

        with PO.open("rb") as handle:
            catalogue = read_po(handle, locale="id")
        missing = []
        for message in catalogue:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            if key in drafts:
                value = drafts[key]
                if message.pluralizable and isinstance(value, str):
                    value = [value]  # Indonesian has one plural form
                message.string = tuple(value) if message.pluralizable else value
                message.flags.discard("fuzzy")
            elif message.fuzzy:
                message.string = ""
                message.flags.discard("fuzzy")
                message.previous_id = []
            if not message.string or (message.pluralizable and not any(message.string)):
                missing.append(key)
        catalogue.fuzzy = False
        with PO.open("wb") as handle:
            write_po(handle, catalogue, width=100, include_previous=False)
        subprocess.run(
            [sys.executable, "-m", "naikkelas", "manage", "compilemessages_babel"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if missing:
        print(f"{len(missing)} untranslated:")
        for key in missing:
            print("  " + json.dumps(key, ensure_ascii=False))
        return 1
    print(f"catalogue complete: {len(catalogue) - 1} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
