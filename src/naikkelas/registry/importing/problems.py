"""Problems found while importing, and the catalogue that renders them.

A problem is plain data: a stable ``code``, the target ``field``, the original ``value``
as it stood in the cell, and ``params`` for the message. Its severity comes from the
catalogue, so that a code means the same thing everywhere:

- ``error``: the row is rejected, the officer fixes the cell and imports again;
- ``warning``: the row is imported, the officer is told what was guessed or left out;
- ``skip``: the row creates nothing (blank, total, repeated header, …);
- ``note``: about a sheet or the file, not a row.

``render(problem, lang="id")`` gives the text in Indonesian (the default) or English.
The Django layer may wrap these strings in gettext later; the codes stay stable.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal

Severity = Literal["error", "warning", "skip", "note"]
Lang = Literal["id", "en"]


@dataclass(slots=True)
class Problem:
    """One thing wrong with (or worth telling about) a cell, a row, a sheet or a file."""

    code: str
    field: str | None = None
    value: Any = None
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code][0]

    @property
    def is_error(self) -> bool:
        return CATALOGUE[self.code][0] == "error"


FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name": ("Nama usaha", "Business name"),
    "legal_form": ("Bentuk usaha", "Legal form"),
    "owner_name": ("Nama pemilik", "Owner name"),
    "owner_gender": ("Jenis kelamin pemilik", "Owner gender"),
    "phone": ("No. HP/WA", "Phone"),
    "email": ("Email", "Email"),
    "address": ("Alamat", "Address"),
    "village": ("Kelurahan/Desa", "Village"),
    "district": ("Kecamatan", "District"),
    "regency": ("Kabupaten/Kota", "Regency/city"),
    "nib": ("NIB", "NIB"),
    "nik": ("NIK", "NIK"),
    "workforce_total": ("Jumlah tenaga kerja", "Workforce"),
    "workforce_men": ("Tenaga kerja laki-laki", "Workforce (men)"),
    "workforce_women": ("Tenaga kerja perempuan", "Workforce (women)"),
    "monthly_sales": ("Omzet per bulan", "Monthly sales"),
    "annual_sales": ("Omzet per tahun", "Annual sales"),
    "capital": ("Modal/aset", "Capital/assets"),
    "product_types": ("Jenis produk", "Product types"),
    "kbli": ("KBLI", "KBLI"),
    "halal_number": ("No. sertifikat halal", "Halal certificate number"),
    "pirt_number": ("No. P-IRT", "P-IRT number"),
    "certificates": ("Sertifikat", "Certificates"),
    "notes": ("Catatan", "Notes"),
}

# code: (severity, Indonesian, English). Placeholders: {value} (the original cell value),
# {label} (the field's label in the language), and the problem's params.
CATALOGUE: dict[str, tuple[Severity, str, str]] = {
    # rows that create nothing
    "skip_blank": ("skip", "Baris kosong", "Blank row"),
    "skip_number_only": (
        "skip",
        "Baris hanya berisi nomor urut",
        "Row holds only a running number",
    ),
    "skip_total": ("skip", "Baris jumlah/total", "Total row"),
    "skip_repeated_header": ("skip", "Judul kolom berulang", "Repeated header row"),
    "skip_column_numbers": (
        "skip",
        "Baris nomor kolom (1, 2, 3, …)",
        "Column-number row (1, 2, 3, …)",
    ),
    "skip_footer": (
        "skip",
        "Keterangan di bawah tabel (setelah baris jumlah): {text}",
        "Footer below the table (after the total row): {text}",
    ),
    "skip_section": (
        "skip",
        "Judul kelompok, bukan data usaha: {text}",
        "Section heading, not a business: {text}",
    ),
    # sheets and files
    "sheet_no_header": (
        "note",
        "Lembar '{sheet}' dilewati: judul kolom tidak dikenali",
        "Sheet '{sheet}' ignored: no recognisable header",
    ),
    "sheet_empty": ("note", "Lembar '{sheet}' kosong", "Sheet '{sheet}' is empty"),
    "file_unreadable": (
        "note",
        "Berkas '{filename}' tidak dapat dibaca: {reason}",
        "File '{filename}' cannot be read: {reason}",
    ),
    "column_duplicate": (
        "note",
        "Lembar '{sheet}': kolom '{header}' juga berisi {label}; dipakai kolom '{kept}'",
        "Sheet '{sheet}': column '{header}' also holds {label}; column '{kept}' is used",
    ),
    # names
    "name_missing": ("error", "Nama usaha kosong", "Business name is empty"),
    "name_from_owner": (
        "warning",
        "Nama usaha kosong; dipakai nama pemilik '{owner}'",
        "Business name is empty; the owner's name '{owner}' is used",
    ),
    # contact
    "phone_invalid": (
        "error",
        "Nomor HP/telepon '{value}' tidak valid",
        "Phone number '{value}' is not valid",
    ),
    "phone_multiple": (
        "warning",
        "Ada beberapa nomor telepon; dipakai {phone}, sisanya disimpan di catatan",
        "Several phone numbers; {phone} is used, the others are kept in the notes",
    ),
    "email_invalid": ("error", "Email '{value}' tidak valid", "Email '{value}' is not valid"),
    # money
    "money_invalid": (
        "error",
        "{label} '{value}' bukan jumlah rupiah yang dikenali",
        "{label} '{value}' is not a rupiah amount",
    ),
    "money_negative": (
        "error",
        "{label} '{value}' tidak boleh negatif",
        "{label} '{value}' cannot be negative",
    ),
    # identity numbers
    "nib_invalid": (
        "error",
        "NIB '{value}' harus berupa 13 angka",
        "NIB '{value}' must be 13 digits",
    ),
    "nib_length": (
        "error",
        "NIB '{value}' harus 13 angka, tertulis {length} angka",
        "NIB '{value}' must have 13 digits, it has {length}",
    ),
    "nib_leading_zero_lost": (
        "error",
        "NIB '{value}' tersimpan sebagai angka sehingga angka 0 di depannya hilang; "
        "jadikan kolom NIB berformat teks lalu ketik ulang",
        "NIB '{value}' was stored as a number and lost its leading 0; "
        "format the NIB column as text and type it again",
    ),
    "nib_precision_lost": (
        "error",
        "NIB '{value}' tersimpan sebagai angka dan sebagian angkanya hilang; "
        "jadikan kolom NIB berformat teks lalu ketik ulang",
        "NIB '{value}' was stored as a number and lost digits; "
        "format the NIB column as text and type it again",
    ),
    "nik_invalid": (
        "error",
        "NIK '{value}' harus berupa 16 angka",
        "NIK '{value}' must be 16 digits",
    ),
    "nik_length": (
        "error",
        "NIK '{value}' harus 16 angka, tertulis {length} angka",
        "NIK '{value}' must have 16 digits, it has {length}",
    ),
    "nik_precision_lost": (
        "error",
        "NIK '{value}' tersimpan sebagai angka dan angka terakhirnya hilang; "
        "jadikan kolom NIK berformat teks lalu ketik ulang",
        "NIK '{value}' was stored as a number and lost its last digits; "
        "format the NIK column as text and type it again",
    ),
    # workforce
    "workforce_invalid": (
        "error",
        "{label} '{value}' bukan jumlah orang",
        "{label} '{value}' is not a head count",
    ),
    "workforce_negative": (
        "error",
        "{label} '{value}' tidak boleh negatif",
        "{label} '{value}' cannot be negative",
    ),
    "workforce_sum_mismatch": (
        "warning",
        "Jumlah tenaga kerja {total} tidak sama dengan laki-laki {men} + perempuan {women}",
        "Workforce {total} is not men {men} + women {women}",
    ),
    # other fields
    "gender_invalid": (
        "warning",
        "Jenis kelamin '{value}' tidak dikenali (pakai L atau P); dikosongkan",
        "Gender '{value}' not recognised (use L or P); left empty",
    ),
    "legal_form_unknown": (
        "warning",
        "Bentuk usaha '{value}' tidak dikenali; disimpan di catatan",
        "Legal form '{value}' not recognised; kept in the notes",
    ),
    "kbli_invalid": (
        "warning",
        "KBLI '{value}' bukan kode KBLI (2–5 angka); disimpan di catatan",
        "KBLI '{value}' is not a KBLI code (2–5 digits); kept in the notes",
    ),
    "certificate_without_number": (
        "warning",
        "{label}: '{value}' tanpa nomor sertifikat; disimpan di catatan",
        "{label}: '{value}' without a certificate number; kept in the notes",
    ),
    # regions
    "regency_not_in_area": (
        "error",
        "Kabupaten/kota '{value}' bukan {area}",
        "Regency/city '{value}' is not {area}",
    ),
    "district_not_in_area": (
        "error",
        "Kecamatan '{value}' tidak ada di {area}{elsewhere_id}",
        "District '{value}' is not in {area}{elsewhere_en}",
    ),
    "district_ambiguous": (
        "error",
        "Kecamatan '{value}' ada lebih dari satu di {area}: {candidates}",
        "District '{value}' is ambiguous in {area}: {candidates}",
    ),
    "district_guessed": (
        "warning",
        "Kecamatan '{value}' dibaca sebagai {match}",
        "District '{value}' read as {match}",
    ),
    "village_not_in_district": (
        "error",
        "Kelurahan/desa '{value}' tidak ada di Kecamatan {district}{elsewhere_id}",
        "Village '{value}' is not in {district} district{elsewhere_en}",
    ),
    "village_not_in_area": (
        "error",
        "Kelurahan/desa '{value}' tidak ada di {area}",
        "Village '{value}' is not in {area}",
    ),
    "village_ambiguous": (
        "error",
        "Kelurahan/desa '{value}' ada di beberapa kecamatan ({candidates}); isi kolom kecamatan",
        "Village '{value}' exists in several districts ({candidates}); fill in the district",
    ),
    "village_guessed": (
        "warning",
        "Kelurahan/desa '{value}' dibaca sebagai {match}",
        "Village '{value}' read as {match}",
    ),
}


def display_value(value: Any) -> str:
    """The cell value as an officer would recognise it (8123456789.0 → '8123456789')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, _dt.datetime | _dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text if len(text) <= 80 else text[:77] + "…"


def register(codes: dict[str, tuple[Severity, str, str]]) -> None:
    """Add another import's problem codes (the product import's) to the catalogue; a code
    already there must keep its meaning."""
    for code, entry in codes.items():
        if CATALOGUE.get(code, entry) != entry:
            raise ValueError(f"problem code {code!r} is already registered differently")
        CATALOGUE[code] = entry


def render(
    problem: Problem,
    lang: Lang = "id",
    field_labels: dict[str, tuple[str, str]] | None = None,
) -> str:
    """The problem as a sentence in Indonesian (``"id"``, default) or English (``"en"``);
    ``field_labels`` names the fields of another kind of import (default: businesses)."""
    _severity, text_id, text_en = CATALOGUE[problem.code]
    english = lang == "en"
    table = FIELD_LABELS if field_labels is None else field_labels
    labels = table.get(problem.field or "", (problem.field or "", problem.field or ""))
    context: dict[str, Any] = {"elsewhere_id": "", "elsewhere_en": ""}
    for key, val in problem.params.items():
        context[key] = ", ".join(map(str, val)) if isinstance(val, list | tuple) else val
    elsewhere = context.get("elsewhere")
    if elsewhere:
        context["elsewhere_id"] = f" (ada di {elsewhere})"
        context["elsewhere_en"] = f" (it is in {elsewhere})"
    context["value"] = display_value(problem.value)
    context["label"] = labels[1] if english else labels[0]
    return (text_en if english else text_id).format(**context)
