"""Reading the official region list (plain Python, no Django).

The CSVs in ``data/`` are the Kemendagri codes as published; this module turns them into
plain rows ready to store, and normalises names for searching."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

FILES = (
    # (file, level, parent column, kind column or fixed kind)
    ("wilayah_provinces.csv", 1, None, "provinsi"),
    ("wilayah_regencies.csv", 2, "province_code", None),
    ("wilayah_districts.csv", 3, "regency_code", "kecamatan"),
    ("wilayah_villages.csv", 4, "district_code", None),
)

_PREFIX = re.compile(
    r"^(provinsi|prov\.?|kabupaten|kab\.?|kota|kecamatan|kec\.?|kelurahan|kel\.?|desa|ds\.?)\s+",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True, slots=True)
class RegionRow:
    code: str
    name: str
    level: int
    kind: str
    parent_code: str | None


def search_key(name: str) -> str:
    """Lower case, the kind word dropped, punctuation folded: "Kec. Laweyan" -> "laweyan"."""
    text = name.strip().lower()
    text = _PREFIX.sub("", text)
    return _SPACES.sub(" ", text).strip()


def read_regions(data_dir: Path = DATA_DIR) -> Iterator[RegionRow]:
    """Every region, parents before children."""
    for filename, level, parent_column, fixed_kind in FILES:
        with (data_dir / filename).open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                kind = fixed_kind or row["type"]
                yield RegionRow(
                    code=row["code"],
                    name=row["name"].strip(),
                    level=level,
                    kind=kind,
                    parent_code=row[parent_column] if parent_column else None,
                )


def expected_counts(data_dir: Path = DATA_DIR) -> dict[int, int]:
    counts: dict[int, int] = {}
    for filename, level, _parent, _kind in FILES:
        with (data_dir / filename).open(newline="", encoding="utf-8") as handle:
            counts[level] = sum(1 for _ in csv.DictReader(handle))
    return counts
