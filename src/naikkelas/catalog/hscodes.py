"""Reading the HS 2022 list shipped in ``data/`` (plain Python, no Django)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class HsRow:
    code: str
    level: int
    parent: str
    section: str
    description: str


def read_codes(data_dir: Path = DATA_DIR) -> Iterator[HsRow]:
    with (data_dir / "hs2022_codes.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield HsRow(
                code=row["hscode"],
                level=int(row["level"]),
                parent=row["parent"],
                section=row["section"],
                description=row["description"].strip(),
            )


def read_sections(data_dir: Path = DATA_DIR) -> dict[str, str]:
    with (data_dir / "hs2022_sections.csv").open(newline="", encoding="utf-8") as handle:
        return {row["section"]: row["name"] for row in csv.DictReader(handle)}
