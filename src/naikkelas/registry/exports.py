"""The officer's filtered business list as XLSX (openpyxl, write-only, streamed row by row)
or CSV (UTF-8 with a byte-order mark, so Excel opens it with the right letters).

Headers are Indonesian whatever the interface language: these files go into official
reports. Rupiah are whole numbers, phones are E.164 (+62…), regions are named."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from naikkelas.registry import kbli
from naikkelas.registry.models import (
    Business,
    BusinessStatus,
    CertificateKind,
    Gender,
    LegalForm,
)

HEADERS = [
    "No",
    "ID",
    "Nama usaha",
    "Bentuk usaha",
    "NIB",
    "Nama pemilik",
    "Jenis kelamin pemilik",
    "No. HP/WA",
    "WhatsApp",
    "Email",
    "Alamat",
    "Desa/Kelurahan",
    "Kecamatan",
    "Kabupaten/Kota",
    "Kode wilayah",
    "Sektor (KBLI)",
    "Golongan pokok KBLI",
    "Jenis produk",
    "TK laki-laki",
    "TK perempuan",
    "Modal usaha (Rp)",
    "Omzet tahunan (Rp)",
    "Skala usaha",
    "Dipimpin perempuan",
    "Sertifikat",
    "Program pembinaan",
    "Binaan sejak",
    "Status",
    "Terdaftar",
]
SIZE_NAMES = {
    "micro": "Mikro",
    "small": "Kecil",
    "medium": "Menengah",
    "large": "Besar",
    "unknown": "Belum diketahui",
}
STATUS_NAMES = {
    BusinessStatus.ACTIVE: "Aktif",
    BusinessStatus.DORMANT: "Tidak aktif sementara",
    BusinessStatus.CLOSED: "Tutup",
}
GENDER_NAMES = {Gender.FEMALE: "Perempuan", Gender.MALE: "Laki-laki"}
LEGAL_NAMES = {
    LegalForm.INDIVIDUAL: "Perorangan",
    LegalForm.COOPERATIVE: "Koperasi",
    LegalForm.GROUP: "Kelompok usaha",
    LegalForm.VILLAGE_ENTERPRISE: "BUMDes",
    LegalForm.FOUNDATION: "Yayasan",
}
CERTIFICATE_NAMES = {
    CertificateKind.HALAL: "Halal",
    CertificateKind.BRAND: "Merek/HKI",
    CertificateKind.OTHER: "Lainnya",
}


def _yes(value: bool) -> str:
    return "Ya" if value else "Tidak"


def export_row(number: int, business: Business) -> list[Any]:
    """One line of the export; ``business`` comes from ``selectors.business_list``."""
    owners = list(business.owners.all())
    owner = next((o for o in owners if o.is_primary), owners[0] if owners else None)
    village = business.village
    district = village.parent if village else None
    regency = district.parent if district else None
    relation = next(iter(getattr(business, "coaching_here", [])), None)
    certificates = sorted(
        {
            CERTIFICATE_NAMES.get(c.kind, str(c.get_kind_display()))
            for c in business.certificates.all()
        }
    )
    return [
        number,
        business.pk,
        business.name,
        LEGAL_NAMES.get(business.legal_form, business.legal_form.upper()),
        business.nib or "",
        owner.name if owner else "",
        GENDER_NAMES.get(owner.gender, "") if owner else "",
        owner.phone if owner else "",
        _yes(owner.whatsapp) if owner and owner.phone else "",
        owner.email if owner else "",
        business.address,
        village.name if village else "",
        district.name if district else "",
        regency.name if regency else "",
        business.village_id or "",
        f"{business.kbli_section} — {kbli.SECTIONS[business.kbli_section]}"
        if business.kbli_section in kbli.SECTIONS
        else "",
        business.kbli_division,
        business.product_types,
        business.workforce_men,
        business.workforce_women,
        business.capital,
        business.annual_sales,
        SIZE_NAMES.get(business.size_class, business.size_class),
        _yes(business.women_led),
        ", ".join(certificates),
        relation.program if relation else "",
        relation.since if relation else None,
        STATUS_NAMES.get(business.status, business.status),
        timezone.localtime(business.created_at).date(),
    ]


def rows(businesses: QuerySet[Business]) -> Iterator[list[Any]]:
    # chunked, prefetching per chunk: memory stays flat for hundreds of thousands of rows
    for number, business in enumerate(businesses.iterator(chunk_size=2000), start=1):
        yield export_row(number, business)


def write_xlsx(
    lines: Iterable[list[Any]], handle: BinaryIO, *, title: str = "Pelaku usaha"
) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for line in lines:
        cells = []
        for value in line:
            cell = WriteOnlyCell(sheet, value=value)
            if hasattr(value, "isoformat"):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(value, int) and value >= 1000:
                cell.number_format = "#,##0"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(handle)


def write_csv(lines: Iterable[list[Any]], handle: BinaryIO) -> None:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(HEADERS)
    for line in lines:
        writer.writerow(
            [
                "" if value is None else value.isoformat() if hasattr(value, "isoformat") else value
                for value in line
            ]
        )
    text.flush()
    text.detach()


def export_businesses(businesses: QuerySet[Business], fmt: str) -> tuple[BinaryIO, str, str]:
    """(file positioned at 0, content type, file name) of the export in ``fmt``."""
    # the response closes it once sent
    handle: BinaryIO = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # type: ignore[assignment]  # noqa: SIM115
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        write_xlsx(rows(businesses), handle)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        write_csv(rows(businesses), handle)
        content_type = "text/csv; charset=utf-8"
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    handle.seek(0)
    return handle, content_type, f"pelaku-usaha-{stamp}.{fmt}"
