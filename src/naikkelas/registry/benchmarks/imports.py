"""``naikkelas bench import [--size N]``: import a messy N-row XLSX into a registry of N.

In a scratch database of the configured kind (SQLite file or PostgreSQL), a registry of N
generated businesses of Solo Raya (``dedupe.generate``) is stored first, not timed; then a
messy workbook of N rows — title rows, header on row 4, local phone and money formats,
blank rows, a total row, about 10 % of the rows businesses already in the registry (with
typos, titles, missing fields) — is imported by the same service the worker runs, timed by
phase: parse (read, header, normalise, validate), dedupe (registry load + linking), store
(bulk writes in batches, each in a transaction), total.
"""

from __future__ import annotations

import contextlib
import io
import random
import time
from collections.abc import Iterator
from typing import Any

import openpyxl
from django.conf import settings
from django.db import connection
from django_scopes import scopes_disabled

from naikkelas.core.models import Organisation
from naikkelas.registry.dedupe.generate import generate_link_dataset, load_villages
from naikkelas.registry.dedupe.records import BusinessRecord
from naikkelas.registry.models import Business, BusinessOwner, BusinessSource, CoachingRelation
from naikkelas.registry.services import imports as services

AREA = "33"  # Jawa Tengah: the bench organisation is a provincial office
HEADER = [
    "NO",
    "NAMA USAHA",
    "NAMA PEMILIK",
    "NO. HP/WA",
    "ALAMAT",
    "KEL.",
    "KEC.",
    "KAB/KOTA",
    "NIB",
    "JML TK",
    "OMZET/BLN",
]


@contextlib.contextmanager
def scratch_database() -> Iterator[str]:
    """A fresh, migrated database of the configured kind, dropped afterwards."""
    default = settings.DATABASES["default"]
    if default["ENGINE"].endswith("sqlite3"):
        default.setdefault("TEST", {})["NAME"] = str(settings.DATA_DIR / "bench-import.sqlite3")
    old_name = connection.settings_dict["NAME"]
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield name
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _local_phone(rng: random.Random, phone: str | None) -> Any:
    if not phone:
        return None
    national = "0" + phone[3:]
    shape = rng.random()
    if shape < 0.4:
        return f"{national[:4]}-{national[4:8]}-{national[8:]}"
    if shape < 0.6:
        return f"+62 {phone[3:6]} {phone[6:10]} {phone[10:]}"
    if shape < 0.8:
        return float(national)  # typed as a number: the leading 0 is lost
    return national


def _money(rng: random.Random) -> Any:
    amount = rng.randrange(1, 90) * 500_000
    shape = rng.random()
    if shape < 0.3:
        return f"Rp {amount:,}".replace(",", ".")
    if shape < 0.5:
        return f"{amount / 1_000_000:g} jt".replace(".", ",")
    if shape < 0.6:
        return f"{amount:,}".replace(",", ".") + ",00"
    return float(amount)


def messy_workbook(
    records: list[BusinessRecord], names: dict[str, tuple[str, str]], seed: int = 1
) -> bytes:
    """The batch records written the way offices write them."""
    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Data IKM")
    sheet.append(["DATA IKM BINAAN PROVINSI JAWA TENGAH"])
    sheet.append(["Keadaan Desember 2025"])
    sheet.append([])
    sheet.append(HEADER)
    for number, record in enumerate(records, start=1):
        if number % 1000 == 0:
            sheet.append([])
        district, regency = names.get(record.district_code or "", ("", ""))
        village = names.get(record.village_code or "", ("", ""))[0]
        sheet.append(
            [
                number,
                record.name,
                record.owner_name,
                _local_phone(rng, record.phone),
                record.address,
                rng.choice((village, f"Kel. {village}", village.upper())) if village else None,
                rng.choice((district, f"Kec. {district}", district.lower())),
                regency,
                rng.choice((record.nib, float(record.nib))) if record.nib else None,
                rng.choice((rng.randrange(1, 20), f"{rng.randrange(1, 20)} orang")),
                _money(rng),
            ]
        )
    sheet.append([None, "JUMLAH"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _store_registry(records: list[BusinessRecord], organisation: Organisation) -> None:
    seen: set[str] = set()
    businesses, owners = [], []
    for record in records:
        nib = record.nib if record.nib and record.nib not in seen else None
        if nib:
            seen.add(nib)
        village = record.village_code
        parts = (village or "").split(".")
        businesses.append(
            Business(
                name=record.name,
                nib=nib,
                address=record.address or "",
                village_id=village,
                province_code=parts[0] if village else "",
                regency_code=".".join(parts[:2]) if village else "",
                district_code=".".join(parts[:3]) if village else "",
                source=BusinessSource.OFFICER,
            )
        )
    Business.objects.bulk_create(businesses, batch_size=2000)
    coaching = []
    for index, (record, business) in enumerate(zip(records, businesses, strict=True)):
        if record.owner_name:
            owners.append(
                BusinessOwner(
                    business=business,
                    name=record.owner_name,
                    phone=record.phone or "",
                    email=record.email or "",
                )
            )
        if index % 2 == 0:  # half of the registry is already coached by the office
            coaching.append(CoachingRelation(business=business, organisation=organisation))
    BusinessOwner.objects.bulk_create(owners, batch_size=2000)
    with scopes_disabled():
        CoachingRelation.objects.bulk_create(coaching, batch_size=2000)


def _region_names() -> dict[str, tuple[str, str]]:
    """code -> (name, regency name) for the districts and villages of Solo Raya."""
    from naikkelas.core.models import Region

    names: dict[str, tuple[str, str]] = {}
    regencies = dict(
        Region.objects.filter(level=2, code__startswith=AREA).values_list("code", "name")
    )
    for code, name in Region.objects.filter(
        level__in=(3, 4), code__startswith=AREA + "."
    ).values_list("code", "name"):
        names[code] = (name, regencies.get(code[:5], ""))
    return names


def bench_import(options: dict[str, Any]) -> dict[str, Any]:
    size = options.get("size") or 100_000
    with scratch_database():
        setup = time.perf_counter()
        organisation = Organisation.objects.create(
            slug="bench-import",
            name="Dinas Bench Jawa Tengah",
            kind="dinas_industry",
            region_id=AREA,
        )
        registry, batch, _truth = generate_link_dataset(
            size, size, seed=20_251_201, villages=load_villages(), duplicate_rate=0.10
        )
        _store_registry(registry, organisation)
        data = messy_workbook(batch, _region_names())
        job = services.import_upload(
            actor=None, organisation=organisation, data=data, filename="bench.xlsx"
        )
        setup_s = time.perf_counter() - setup
        started = time.perf_counter()
        plan = services.import_run(job=job)
        total = time.perf_counter() - started
        job.refresh_from_db()
        timings = plan.timings
        figures = {
            "database": connection.vendor,
            "rows": size,
            "registry": len(registry),
            "file_bytes": len(data),
            "setup_s (not timed)": round(setup_s, 1),
            "parse_s": round(timings["parse_s"], 2),
            "dedupe_s": round(
                timings["nib_s"] + timings["registry_s"] + timings["link_s"] + timings["decide_s"],
                2,
            ),
            "  registry_load_s": round(timings["registry_s"], 2),
            "  link_s": round(timings["link_s"], 2),
            "store_s": round(timings["store_s"], 2),
            "total_s": round(total, 2),
            "rows_per_s": round(size / total),
            "outcomes": job.counts,
        }
        started = time.perf_counter()
        services.import_result_file(job=job)
        figures["result_file_s (apart)"] = round(time.perf_counter() - started, 2)
    return figures


BENCHES = {"import": bench_import}
