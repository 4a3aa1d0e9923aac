"""Benchmark: parse an n-row messy XLSX and report the time it took.

``bench_parse(100_000)`` returns figures (seconds, rows per second, outcomes); the
``naikkelas bench`` command prints them. Generating the file is timed apart from parsing.
"""

from __future__ import annotations

import io
import random
import time
from typing import Any

import openpyxl

from .engine import parse_workbook
from .readers import read_workbook
from .regions import RegionLike, RegionRecord

HEADER = [
    "NO",
    "NAMA USAHA",
    "NAMA PEMILIK",
    "L/P",
    "NO. HP/WA",
    "ALAMAT",
    "KEL.",
    "KEC.",
    "NIB",
    "JML TK",
    "OMZET/BLN",
    "MODAL",
    "BENTUK USAHA",
    "JENIS PRODUK",
    "KBLI",
]
_SYLLABLES = ("ba", "ja", "ka", "ma", "sa", "ta", "wa", "ri", "ngi", "lo", "su", "ra", "no")


def synthetic_regions(districts: int = 6, villages: int = 8) -> list[RegionRecord]:
    """A made-up area ``99.01`` (Kota Uji) with generated district and village names."""
    rng = random.Random(7)

    def word() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()

    records = [RegionRecord("99", None, "Uji", 1), RegionRecord("99.01", "99", "Kota Uji", 2)]
    for d in range(1, districts + 1):
        district = f"99.01.{d:02d}"
        records.append(RegionRecord(district, "99.01", f"{word()} {d}", 3))
        for w in range(1, villages + 1):
            records.append(RegionRecord(f"{district}.{1000 + w}", district, f"{word()} {w}", 4))
    return records


def messy_xlsx(n: int, regions: list[RegionRecord], seed: int = 0) -> bytes:
    """An XLSX with title rows, the header on row 4, n data rows in mixed formats,
    a blank row every 1,000 rows and a JUMLAH row at the bottom."""
    rng = random.Random(seed)
    villages = [r for r in regions if r.level == 4]
    districts = {r.code: r for r in regions if r.level == 3}
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Data IKM")
    sheet.append(["DATA INDUSTRI KECIL DAN MENENGAH"])
    sheet.append(["TAHUN 2025"])
    sheet.append([])
    sheet.append(HEADER)
    forms = ["Perorangan", "CV", "UD", "PT Perorangan", "Koperasi", "-"]
    products = ["Keripik, Peyek", "Batik tulis", "Sambal", "Mebel jati", "Jamu; Wedang uwuh"]
    for i in range(1, n + 1):
        if i % 1000 == 0:
            sheet.append([])
        village = rng.choice(villages)
        district = districts[village.parent_code or ""]
        number = rng.randrange(10**9, 10**10)
        phone: Any = rng.choice(
            (
                f"0812-{number % 10**4:04d}-{number // 10**4 % 10**4:04d}",
                float(f"81{number % 10**8:08d}"),
            )
        )
        omzet: Any = rng.choice(
            (f"Rp {number % 90 + 10}.000.000", f"{number % 9 + 1},5 jt", float(number % 10**8))
        )
        sheet.append(
            [
                i,
                f"UD {rng.choice(_SYLLABLES).upper()} JAYA {i}",
                f"  Bu  {rng.choice(_SYLLABLES).capitalize()}ni {i} ",
                rng.choice(("L", "P", "Laki-laki", "Perempuan")),
                phone,
                f"Jl. Mawar No. {i % 200}",
                rng.choice((village.name, f"Kel. {village.name}", village.name.upper())),
                rng.choice((district.name, f"Kec. {district.name}")),
                rng.choice((f"{9120000000000 + i}", float(9120000000000 + i))),
                rng.choice((rng.randrange(1, 20), f"{rng.randrange(1, 20)} orang")),
                omzet,
                rng.choice((f"{rng.randrange(1, 50)} jt", rng.randrange(10**6, 10**8))),
                rng.choice(forms),
                rng.choice(products),
                rng.choice(("10792", 10710.0, "13134 - Industri batik")),
            ]
        )
    sheet.append(["", "JUMLAH"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bench_parse(
    n: int = 100_000,
    *,
    regions: list[RegionLike] | None = None,
    area_code: str = "99.01",
    seed: int = 0,
) -> dict[str, Any]:
    """Generate an n-row messy XLSX, parse it, and return the figures."""
    region_records = [RegionRecord(*r) for r in regions] if regions else synthetic_regions()
    started = time.perf_counter()
    data = messy_xlsx(n, region_records, seed)
    generated = time.perf_counter()
    read_workbook(data, "bench.xlsx")
    read = time.perf_counter()
    cpu = time.process_time()
    result = parse_workbook(data, "bench.xlsx", regions=region_records, area_code=area_code)
    parsed = time.perf_counter()
    parse_cpu_s = time.process_time() - cpu
    parse_s = parsed - read
    return {
        "rows": n,
        "file_bytes": len(data),
        "generate_s": round(generated - started, 3),
        "read_s": round(read - generated, 3),
        "parse_s": round(parse_s, 3),  # wall clock: read + header + rows, all included
        "parse_cpu_s": round(parse_cpu_s, 3),  # CPU time of the same (less noisy)
        "rows_per_s": round(n / parse_s) if parse_s else None,
        "results": len(result.rows),
        "outcomes": result.counts(),
    }
