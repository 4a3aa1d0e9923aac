"""Find the header row of a messy sheet and map its columns to business fields.

Office spreadsheets put title rows (often merged cells) above the header, start the
table anywhere, number the rows (NO, No., #), split a header over two rows (TENAGA
KERJA over L and P) and name columns in many local ways. The header is the row, among
the first :data:`HEADER_SCAN_ROWS`, whose cells map to the most fields; each column gets
a suggested field with a confidence: exact synonym, keyword rule, then fuzzy match
(rapidfuzz) for typos. A saved template (header text → field) replaces the suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from .problems import Problem
from .readers import MergedRange, Sheet

FIELDS = (
    "name",
    "legal_form",
    "owner_name",
    "owner_gender",
    "phone",
    "email",
    "address",
    "village",
    "district",
    "regency",
    "nib",
    "nik",
    "workforce_total",
    "workforce_men",
    "workforce_women",
    "monthly_sales",
    "annual_sales",
    "capital",
    "product_types",
    "kbli",
    "halal_number",
    "pirt_number",
    "notes",
)
NUMBERING = "_number"  # the running-number column (NO, No., #): read, never stored
IGNORE = "_ignore"  # a column a template deliberately leaves out
CERTIFICATES = "certificates"  # a free "SERTIFIKAT" column, split into halal/P-IRT/notes
MAPPABLE = frozenset((*FIELDS, CERTIFICATES, NUMBERING, IGNORE))
MULTI_COLUMN_FIELDS = frozenset({"notes", IGNORE})

HEADER_SCAN_ROWS = 30
MIN_HEADER_FIELDS = 2  # distinct fields, one of them the business or owner name
MIN_CONFIDENCE = 0.6
FUZZY_CUTOFF = 85.0

_WORKFORCE_BASES = (
    "TK",
    "JML TK",
    "JUMLAH TK",
    "TENAGA KERJA",
    "JUMLAH TENAGA KERJA",
    "JML TENAGA KERJA",
    "KARYAWAN",
    "JUMLAH KARYAWAN",
    "JML KARYAWAN",
    "PEKERJA",
    "JUMLAH PEKERJA",
    "PENYERAPAN TENAGA KERJA",
)
_MEN = ("L", "LK", "LAKI LAKI", "LAKI", "PRIA")
_WOMEN = ("P", "PR", "PEREMPUAN", "WANITA")
_TOTAL = ("JML", "JUMLAH", "TOTAL", "L P", "L+P")
_MONTH = ("BLN", "BULAN", "PER BULAN", "PERBULAN", "PER BLN", "BULANAN", "SEBULAN")
_YEAR = ("THN", "TH", "TAHUN", "PER TAHUN", "PERTAHUN", "PER THN", "TAHUNAN", "SETAHUN")

# A sub-header cell (the row under the header) that qualifies the group header above it.
SUB_TOKENS = frozenset((*_MEN, *_WOMEN, *_TOTAL, *_MONTH, *_YEAR))


def _synonyms() -> dict[str, tuple[str, float]]:
    table: dict[str, tuple[str, float]] = {}

    def add(target: str, *names: str, confidence: float = 1.0) -> None:
        for name in names:
            table.setdefault(name, (target, confidence))

    add(NUMBERING, "#", "NO", "NO URUT", "NOMOR", "NOMOR URUT", "N0", "NMR")
    add(
        "name",
        "NAMA USAHA",
        "NAMA UMKM",
        "NAMA IKM",
        "NAMA UKM",
        "NAMA PERUSAHAAN",
        "NAMA BADAN USAHA",
        "NAMA TOKO",
        "NAMA UNIT USAHA",
        "NAMA USAHA IKM",
        "NAMA USAHA UMKM",
        "NAMA KELOMPOK",
        "NAMA KUB",
        "NAMA MEREK USAHA",
        "BUSINESS NAME",
        "NAMA TEMPAT USAHA",
    )
    add("name", "NAMA", "USAHA", "MEREK", "NAMA MEREK", confidence=0.7)
    add(
        "owner_name",
        "NAMA PEMILIK",
        "PEMILIK",
        "NAMA PEMILIK USAHA",
        "PEMILIK USAHA",
        "NAMA PENGUSAHA",
        "PENGUSAHA",
        "NAMA PELAKU USAHA",
        "PELAKU USAHA",
        "NAMA PENANGGUNG JAWAB",
        "PENANGGUNG JAWAB",
        "NAMA PJ",
        "OWNER",
        "NAMA OWNER",
        "PIMPINAN",
        "NAMA PIMPINAN",
        "NAMA KETUA",
        "NAMA PENGRAJIN",
        "NAMA PENGELOLA",
    )
    add("owner_name", "NAMA LENGKAP", confidence=0.8)
    add(
        "owner_gender",
        "JENIS KELAMIN",
        "JK",
        "L P",
        "P L",
        "GENDER",
        "KELAMIN",
        "JENIS KELAMIN L P",
        "JENIS KELAMIN PEMILIK",
        "SEX",
        "LK PR",
    )
    add(
        "phone",
        "NO HP WA",
        "NO HP",
        "NO WA",
        "HP",
        "WA",
        "HP WA",
        "NO HP TELP",
        "TELEPON",
        "TELP",
        "TLP",
        "NO TELP",
        "NO TLP",
        "NO TELEPON",
        "NOMOR HP",
        "NOMOR TELEPON",
        "NOMOR WA",
        "NOMOR HP WA",
        "NO TELP HP",
        "TELP HP",
        "KONTAK",
        "NO KONTAK",
        "NOMOR KONTAK",
        "WHATSAPP",
        "NO WHATSAPP",
        "HANDPHONE",
        "NO HANDPHONE",
        "PHONE",
        "TELEPON HP",
        "NO TELEPON HP",
        "CONTACT PERSON",
        "CP",
    )
    add("email", "EMAIL", "E MAIL", "ALAMAT EMAIL", "ALAMAT E MAIL", "SUREL", "SUREL EMAIL")
    add(
        "address",
        "ALAMAT",
        "ALAMAT USAHA",
        "ALAMAT LENGKAP",
        "ALAMAT RUMAH",
        "ALAMAT PRODUKSI",
        "ALAMAT TEMPAT USAHA",
        "ALAMAT LENGKAP USAHA",
        "JALAN",
        "ALAMAT JALAN",
        "ALAMAT JL",
        "LOKASI USAHA",
        "LOKASI",
        "DUSUN",
        "ALAMAT RT RW",
    )
    add(
        "village",
        "KEL",
        "KELURAHAN",
        "DESA",
        "DESA KELURAHAN",
        "KELURAHAN DESA",
        "KEL DESA",
        "DESA KEL",
        "DS",
        "KEL DS",
        "DS KEL",
    )
    add("district", "KEC", "KECAMATAN")
    add(
        "regency",
        "KAB KOTA",
        "KABUPATEN KOTA",
        "KOTA KABUPATEN",
        "KOTA KAB",
        "KOTA",
        "KABUPATEN",
        "KAB",
    )
    add(
        "nib",
        "NIB",
        "NO NIB",
        "NOMOR NIB",
        "NOMOR INDUK BERUSAHA",
        "NIB OSS",
        "NO INDUK BERUSAHA",
    )
    add(
        "nik",
        "NIK",
        "NO NIK",
        "NIK KTP",
        "NO KTP",
        "NOMOR KTP",
        "KTP",
        "NIK PEMILIK",
        "NOMOR INDUK KEPENDUDUKAN",
    )
    for base in _WORKFORCE_BASES:
        add("workforce_total", base, *(f"{base} {total}" for total in _TOTAL))
        add("workforce_men", *(f"{base} {men}" for men in _MEN))
        add("workforce_women", *(f"{base} {women}" for women in _WOMEN))
    for omzet in ("OMZET", "OMSET", "PENJUALAN", "OMZET PENJUALAN", "NILAI PENJUALAN"):
        add("monthly_sales", *(f"{omzet} {month}" for month in _MONTH))
        add("monthly_sales", *(f"{omzet} RATA RATA {month}" for month in _MONTH))
        add("annual_sales", *(f"{omzet} {year}" for year in _YEAR))
        add("annual_sales", *(f"{omzet} RATA RATA {year}" for year in _YEAR))
        add("annual_sales", omzet, confidence=0.6)
    add("annual_sales", "HASIL PENJUALAN TAHUNAN", "PENJUALAN TAHUNAN")
    add(
        "capital",
        "MODAL",
        "MODAL USAHA",
        "ASET",
        "ASSET",
        "ASET USAHA",
        "NILAI ASET",
        "MODAL ASET",
        "ASET MODAL",
        "KEKAYAAN BERSIH",
        "NILAI INVESTASI",
        "INVESTASI",
        "MODAL KERJA",
    )
    add(
        "legal_form",
        "BENTUK USAHA",
        "BADAN USAHA",
        "BENTUK BADAN USAHA",
        "STATUS BADAN USAHA",
        "BADAN HUKUM",
        "BENTUK BADAN HUKUM",
        "JENIS BADAN USAHA",
        "STATUS USAHA",
    )
    add(
        "product_types",
        "JENIS PRODUK",
        "PRODUK",
        "NAMA PRODUK",
        "PRODUK YANG DIHASILKAN",
        "PRODUK UNGGULAN",
        "KOMODITI",
        "KOMODITAS",
        "JENIS KOMODITI",
        "HASIL PRODUKSI",
    )
    add("product_types", "JENIS USAHA", "BIDANG USAHA", confidence=0.7)
    add(
        "kbli",
        "KBLI",
        "KODE KBLI",
        "NO KBLI",
        "KBLI 2020",
        "SEKTOR",
        "SEKTOR USAHA",
        "KLASIFIKASI USAHA",
    )
    add(
        "halal_number",
        "HALAL",
        "SERTIFIKAT HALAL",
        "NO HALAL",
        "NO SERTIFIKAT HALAL",
        "NOMOR SERTIFIKAT HALAL",
        "LABEL HALAL",
        "SH",
    )
    add(
        "pirt_number",
        "PIRT",
        "P IRT",
        "NO PIRT",
        "NO P IRT",
        "NOMOR PIRT",
        "NOMOR P IRT",
        "SPP IRT",
        "NO SPP IRT",
        "IZIN PIRT",
        "SERTIFIKAT PIRT",
    )
    add(
        CERTIFICATES,
        "SERTIFIKAT",
        "SERTIFIKASI",
        "SERTIFIKAT YANG DIMILIKI",
        "LEGALITAS",
        "LEGALITAS USAHA",
        "PERIZINAN",
        "IZIN USAHA",
        "SERTIFIKAT HALAL PIRT",
        "HALAL PIRT",
        "PIRT HALAL",
    )
    add("notes", "KETERANGAN", "KET", "CATATAN", "KETERANGAN LAIN", "INFO", "REMARKS")
    return table


SYNONYMS: dict[str, tuple[str, float]] = _synonyms()

# Tokens that add nothing to a header: currency and unit markers.
_NOISE = frozenset({"RP", "IDR", "ORANG", "ORG", "JIWA", "RUPIAH"})
_NON_ALNUM = re.compile(r"[^0-9A-Z+]+")


def normalise_header(text: Any) -> str:
    """``"No. HP/WA"`` → ``"NO HP WA"``; ``"OMZET/BLN (Rp)"`` → ``"OMZET BLN"``."""
    if text is None:
        return ""
    raw = str(text).strip()
    if raw == "#":
        return "#"
    words = _NON_ALNUM.sub(" ", raw.upper()).split()
    kept = [word for word in words if word not in _NOISE]
    return " ".join(kept or words)


def _keyword_rule(words: list[str]) -> str | None:
    tokens = set(words)
    joined = f" {' '.join(words)} "
    if "NIB" in tokens:
        return "nib"
    if tokens & {"NIK", "KTP"}:
        return "nik"
    if "EMAIL" in tokens or " E MAIL " in joined:
        return "email"
    if tokens & {"HP", "WA", "TELP", "TLP", "TELEPON", "WHATSAPP", "HANDPHONE"}:
        return "phone"
    if "KBLI" in tokens:
        return "kbli"
    has_halal, has_pirt = "HALAL" in tokens, "PIRT" in tokens or " P IRT " in joined
    if has_halal and has_pirt:
        return CERTIFICATES
    if has_halal:
        return "halal_number"
    if has_pirt:
        return "pirt_number"
    if tokens & {"TK", "KARYAWAN", "PEKERJA"} or " TENAGA KERJA " in joined:
        if tokens & {"L", "LK", "LAKI", "PRIA"} and not tokens & {"P", "PR"}:
            return "workforce_men"
        if tokens & {"P", "PR", "PEREMPUAN", "WANITA"} and not tokens & {"L", "LK"}:
            return "workforce_women"
        return "workforce_total"
    if tokens & {"OMZET", "OMSET", "PENJUALAN"}:
        if tokens & {"BLN", "BULAN", "PERBULAN", "BULANAN", "SEBULAN"}:
            return "monthly_sales"
        return "annual_sales"
    if tokens & {"MODAL", "ASET", "ASSET", "INVESTASI"}:
        return "capital"
    if tokens & {"KECAMATAN", "KEC"}:
        return "district"
    if tokens & {"KELURAHAN", "DESA", "KEL"}:
        return "village"
    if tokens & {"KABUPATEN", "KAB", "KOTA"}:
        return "regency"
    if "ALAMAT" in tokens:
        return "address"
    if tokens & {"PEMILIK", "PENGUSAHA", "PELAKU", "OWNER", "PENANGGUNG"}:
        return "owner_name"
    if "NAMA" in tokens and tokens & {"USAHA", "PERUSAHAAN", "UMKM", "IKM", "UKM", "TOKO"}:
        return "name"
    if "PRODUK" in tokens or "KOMODITI" in tokens:
        return "product_types"
    if "BENTUK" in tokens or ("BADAN" in tokens and "USAHA" in tokens):
        return "legal_form"
    if "KELAMIN" in tokens or "GENDER" in tokens:
        return "owner_gender"
    if tokens & {"KETERANGAN", "CATATAN"}:
        return "notes"
    if tokens & {"SERTIFIKAT", "SERTIFIKASI", "LEGALITAS"}:
        return CERTIFICATES
    return None


@dataclass(frozen=True, eq=False)
class FieldSet:
    """What a spreadsheet is imported into: its fields, the local header names of each
    (``SYNONYMS``), a keyword rule for the headers no synonym names, and the fields one of
    which a header row must have (the business's or the product's name)."""

    name: str
    fields: tuple[str, ...]
    synonyms: Mapping[str, tuple[str, float]]
    keyword_rule: Callable[[list[str]], str | None]
    key_fields: frozenset[str]
    extra_targets: frozenset[str] = frozenset()  # mappable besides the fields
    multi_column: frozenset[str] = frozenset({"notes", IGNORE})
    synonym_keys: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        keys = tuple(key for key in self.synonyms if len(key) >= 4)
        object.__setattr__(self, "synonym_keys", keys)

    @property
    def mappable(self) -> frozenset[str]:
        return frozenset((*self.fields, *self.extra_targets, NUMBERING, IGNORE))


BUSINESSES = FieldSet(
    name="businesses",
    fields=FIELDS,
    synonyms=SYNONYMS,
    keyword_rule=_keyword_rule,
    key_fields=frozenset({"name", "owner_name"}),
    extra_targets=frozenset({CERTIFICATES}),
)


def suggest_field(header: str, fieldset: FieldSet = BUSINESSES) -> tuple[str | None, float, str]:
    """``(field, confidence, method)`` for one header text; method is ``exact``,
    ``keyword``, ``fuzzy`` or ``none``."""
    return _suggest(header, fieldset)


@lru_cache(maxsize=8192)
def _suggest(header: str, fieldset: FieldSet) -> tuple[str | None, float, str]:
    key = normalise_header(header)
    if not key:
        return None, 0.0, "none"
    synonyms = fieldset.synonyms
    found = synonyms.get(key)
    if found:
        return found[0], found[1], "exact"
    rule = fieldset.keyword_rule(key.split())
    if rule:
        return rule, 0.8, "keyword"
    if len(key) >= 4:
        match = process.extractOne(
            key, fieldset.synonym_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
        )
        if match:
            target, confidence = synonyms[match[0]]
            return target, round(confidence * match[1] / 100 * 0.9, 2), "fuzzy"
    return None, 0.0, "none"


def column_letter(index: int) -> str:
    """0 → ``A``, 25 → ``Z``, 26 → ``AA``."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(slots=True)
class ColumnMapping:
    index: int  # 0-based column index
    header: str  # header text as written (two-row headers joined: "TENAGA KERJA L")
    field: str | None  # a name in FIELDS, CERTIFICATES, NUMBERING, IGNORE, or None
    confidence: float  # 0..1
    method: str  # exact, keyword, fuzzy, template, duplicate or none

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(slots=True)
class HeaderLayout:
    """Where the header is, and how each column maps."""

    header_index: int  # index in sheet.rows of the (first) header row
    header_rows: int  # 1, or 2 when a sub-header row (L / P under TENAGA KERJA) follows
    columns: list[ColumnMapping]
    notes: list[Problem] = field(default_factory=list)

    @property
    def first_data_index(self) -> int:
        return self.header_index + self.header_rows

    def column_of(self, target: str) -> int | None:
        for column in self.columns:
            if column.field == target:
                return column.index
        return None


def _text(cell: Any) -> str:
    return " ".join(cell.split()) if isinstance(cell, str) else ""


def _row_score(
    cells: Sequence[Any], template: Mapping[str, str | None] | None, fieldset: FieldSet
) -> tuple[float, set[str]]:
    fields: dict[str, float] = {}
    for cell in cells:
        text = _text(cell)
        if not text:
            continue
        if template is not None:
            target = template.get(normalise_header(text))
            confidence = 1.0 if target else 0.0
        else:
            target, confidence, _ = suggest_field(text, fieldset)
        if target and target not in (NUMBERING, IGNORE) and confidence >= MIN_CONFIDENCE:
            fields[target] = max(fields.get(target, 0.0), confidence)
    return sum(fields.values()), set(fields)


def _is_sub_header(
    cells: Sequence[Any], header: Sequence[Any], merged_cols: set[int], fieldset: FieldSet
) -> bool:
    texts = [(index, _text(cell)) for index, cell in enumerate(cells) if not _blank_cell(cell)]
    if len(texts) < 2 or any(not text for _, text in texts):
        return False  # a number or other non-text value: a data row
    under_group = False
    for index, text in texts:
        key = normalise_header(text)
        parent = _text(header[index]) if index < len(header) else ""
        if key not in SUB_TOKENS:
            target, confidence, _ = suggest_field(text, fieldset)
            if target is None or confidence < 0.8:
                return False
        if not parent or index in merged_cols:
            under_group = True
    return under_group


def _blank_cell(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _merged_parents(merged: Iterable[MergedRange], row_index: int) -> dict[int, int]:
    """Column → first column of the horizontal merge it belongs to, on this row."""
    parents: dict[int, int] = {}
    for (first_row, first_col), (last_row, last_col) in merged:
        if first_row <= row_index <= last_row and last_col > first_col:
            for col in range(first_col, last_col + 1):
                parents[col] = first_col
    return parents


def _compose_headers(sheet: Sheet, index: int, two_rows: bool) -> list[str]:
    header = sheet.rows[index].cells
    sub = sheet.rows[index + 1].cells if two_rows else []
    width = max(len(header), len(sub))
    merge_parent = _merged_parents(sheet.merged, sheet.rows[index].number - 1)
    texts: list[str] = []
    group = ""
    for col in range(width):
        top = _text(header[col]) if col < len(header) else ""
        if not top and col in merge_parent:
            top = _text(header[merge_parent[col]])
        below = _text(sub[col]) if col < len(sub) else ""
        if top:
            group = top
        elif below and two_rows:
            top = group  # the group header (TENAGA KERJA) spans this column too
        if not below:
            texts.append(top)
        elif normalise_header(below) in SUB_TOKENS:
            texts.append(f"{top} {below}".strip())
        else:
            texts.append(below)
    return texts


def detect_header(
    sheet: Sheet,
    template: Mapping[str, str | None] | None = None,
    fieldset: FieldSet = BUSINESSES,
) -> HeaderLayout | None:
    """The header row and column mapping, or ``None`` when no row looks like a header.

    With a ``template`` (normalised header text → field, see :func:`normalise_template`)
    the header is the row matching most of its keys and only the template maps columns.
    """
    best: tuple[float, int] | None = None
    for index, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        score, fields = _row_score(row.cells, template, fieldset)
        if template is not None:
            targets = {v for v in template.values() if v not in (None, NUMBERING, IGNORE)}
            good = len(fields) >= min(2, len(targets)) and bool(fields)
        else:
            good = len(fields) >= MIN_HEADER_FIELDS and bool(fields & fieldset.key_fields)
        if good and (best is None or score > best[0]):
            best = (score, index)
    if best is None:
        return None
    index = best[1]
    two_rows = False
    if index + 1 < len(sheet.rows):
        merge_parent = _merged_parents(sheet.merged, sheet.rows[index].number - 1)
        two_rows = _is_sub_header(
            sheet.rows[index + 1].cells, sheet.rows[index].cells, set(merge_parent), fieldset
        )
    texts = _compose_headers(sheet, index, two_rows)
    columns = map_columns(texts, template, fieldset)
    notes = _resolve_duplicates(columns, sheet.name, fieldset)
    return HeaderLayout(index, 2 if two_rows else 1, columns, notes)


def normalise_template(
    mapping: Mapping[str, str | None], fieldset: FieldSet = BUSINESSES
) -> dict[str, str | None]:
    """A saved template, keys normalised like headers; ``None``/``""`` means ignore."""
    template: dict[str, str | None] = {}
    mappable = fieldset.mappable
    for header, target in mapping.items():
        target = target or IGNORE
        if target not in mappable:
            raise ValueError(f"unknown field {target!r} for column {header!r}")
        template[normalise_header(header)] = target
    return template


def map_columns(
    headers: Sequence[str],
    template: Mapping[str, str | None] | None = None,
    fieldset: FieldSet = BUSINESSES,
) -> list[ColumnMapping]:
    """A suggested (or templated) field for each header text, in column order."""
    columns: list[ColumnMapping] = []
    for index, header in enumerate(headers):
        if template is not None:
            target = template.get(normalise_header(header)) if header else None
            method = "template" if target else "none"
            columns.append(ColumnMapping(index, header, target, 1.0 if target else 0.0, method))
        else:
            target, confidence, method = suggest_field(header, fieldset)
            if confidence < MIN_CONFIDENCE:
                target, method = None, "none"
            columns.append(ColumnMapping(index, header, target, confidence, method))
    return columns


def _resolve_duplicates(
    columns: list[ColumnMapping], sheet_name: str, fieldset: FieldSet = BUSINESSES
) -> list[Problem]:
    """One column per field (except notes): the most confident wins, ties to the left."""
    notes: list[Problem] = []
    best: dict[str, ColumnMapping] = {}
    multi = fieldset.multi_column
    for column in columns:
        if column.field is None or column.field in multi:
            continue
        kept = best.get(column.field)
        if kept is None or column.confidence > kept.confidence:
            best[column.field] = column
    for column in columns:
        target = column.field
        if target is None or target in multi or best[target] is column:
            continue
        notes.append(
            Problem(
                "column_duplicate",
                target,
                column.header,
                {"sheet": sheet_name, "header": column.header, "kept": best[target].header},
            )
        )
        column.field, column.method = None, "duplicate"
    return notes
