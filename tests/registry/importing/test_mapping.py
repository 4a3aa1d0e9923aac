"""Header detection, column mapping (synonyms, keywords, fuzzy, templates) and rows."""

import pytest

from naikkelas.core.regions import DATA_DIR as REGION_DATA_DIR
from naikkelas.registry.importing import parse_workbook, render
from naikkelas.registry.importing.mapping import (
    column_letter,
    detect_header,
    normalise_header,
    normalise_template,
    suggest_field,
)
from naikkelas.registry.importing.readers import Row, Sheet
from naikkelas.registry.importing.regions import load_wilayah

DATA_DIR = REGION_DATA_DIR  # the copy shipped in the package
AREA = "33.72"


@pytest.fixture(scope="module")
def regions():
    return load_wilayah(DATA_DIR, [AREA])


def csv_result(lines, regions, **kwargs):
    data = ("\n".join(";".join(str(cell) for cell in line) for line in lines) + "\n").encode()
    return parse_workbook(data, "x.csv", regions=regions, area_code=AREA, **kwargs)


def sheet_of(*rows):
    return Sheet("S", [Row(number, list(cells)) for number, cells in enumerate(rows, start=1)])


# --- one header at a time -------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("NO", "_number"),
        ("No.", "_number"),
        ("#", "_number"),
        ("NAMA USAHA", "name"),
        ("NAMA PEMILIK", "owner_name"),
        ("PEMILIK", "owner_name"),
        ("JENIS KELAMIN", "owner_gender"),
        ("L/P", "owner_gender"),
        ("NO. HP/WA", "phone"),
        ("NO HP", "phone"),
        ("TELEPON", "phone"),
        ("WA", "phone"),
        ("EMAIL", "email"),
        ("E-mail", "email"),
        ("ALAMAT", "address"),
        ("KEL.", "village"),
        ("KELURAHAN", "village"),
        ("DESA", "village"),
        ("KEC.", "district"),
        ("KECAMATAN", "district"),
        ("KAB/KOTA", "regency"),
        ("NIB", "nib"),
        ("NIK", "nik"),
        ("JML TK", "workforce_total"),
        ("TENAGA KERJA", "workforce_total"),
        ("TK L", "workforce_men"),
        ("TENAGA KERJA PEREMPUAN", "workforce_women"),
        ("OMZET/BLN", "monthly_sales"),
        ("OMSET PER BULAN", "monthly_sales"),
        ("OMZET/TAHUN", "annual_sales"),
        ("MODAL", "capital"),
        ("ASET", "capital"),
        ("BENTUK USAHA", "legal_form"),
        ("BADAN USAHA", "legal_form"),
        ("JENIS PRODUK", "product_types"),
        ("PRODUK", "product_types"),
        ("KBLI", "kbli"),
        ("SEKTOR", "kbli"),
        ("SERTIFIKAT", "certificates"),
        ("HALAL", "halal_number"),
        ("PIRT", "pirt_number"),
        ("KETERANGAN", "notes"),
    ],
)
def test_synonyms_map_exactly(header, field):
    assert suggest_field(header) == (field, 1.0, "exact")


def test_normalise_header():
    assert normalise_header(" No. HP/WA ") == "NO HP WA"
    assert normalise_header("OMZET/BLN (Rp)") == "OMZET BLN"
    assert normalise_header("Tenaga\nKerja (orang)") == "TENAGA KERJA"


def test_plain_nama_and_omzet_are_low_confidence_guesses():
    assert suggest_field("NAMA") == ("name", 0.7, "exact")
    assert suggest_field("OMZET") == ("annual_sales", 0.6, "exact")


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Nomor Induk Berusaha (NIB)", "nib"),
        ("Alamat Lengkap Tempat Produksi", "address"),
        ("No. HP Pemilik", "phone"),
        ("Rata-rata Omzet Sebulan (Rp)", "monthly_sales"),
        ("Banyaknya Tenaga Kerja Pria", "workforce_men"),
        ("Sertifikat Halal dan PIRT", "certificates"),
    ],
)
def test_long_headers_map_by_keyword(header, field):
    assert suggest_field(header) == (field, 0.8, "keyword")


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("NAMA USAH", "name"),
        ("ALAMT", "address"),
        ("KECAMATN", "district"),
        ("PEMILK", "owner_name"),
    ],
)
def test_typos_map_by_fuzzy_match_with_lower_confidence(header, field):
    target, confidence, method = suggest_field(header)
    assert (target, method) == (field, "fuzzy")
    assert 0.6 < confidence < 0.9


def test_unknown_header_is_not_mapped():
    assert suggest_field("WARNA FAVORIT") == (None, 0.0, "none")


def test_column_letter():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A", "Z", "AA", "AB", "ZZ", "AAA"
    ]  # fmt: skip


# --- header rows ----------------------------------------------------------------------


def test_header_is_found_below_title_rows_not_on_the_first_row():
    sheet = sheet_of(
        ["REKAPITULASI DATA UMKM"],
        ["", "Kota Surakarta"],
        [],
        ["", "#", "Pemilik", "Nama Usaha", "Kecamatan"],
        ["", 1, "Ani", "Jamu Ani", "Jebres"],
    )
    layout = detect_header(sheet)
    assert layout.header_index == 3
    assert [c.field for c in layout.columns] == [None, "_number", "owner_name", "name", "district"]


def test_a_sheet_without_a_name_column_has_no_header():
    sheet = sheet_of(["Kecamatan", "Jumlah", "Omzet"], ["Laweyan", 3, 100])
    assert detect_header(sheet) is None


def test_two_row_header_without_merged_cells(regions):
    result = csv_result(
        [
            ["NO", "NAMA USAHA", "PEMILIK", "TENAGA KERJA", "", "", "OMZET", ""],
            ["", "", "", "L", "P", "JML", "PER BULAN", "PER TAHUN"],
            [1, "Keripik Tempe", "Ani", 2, 3, 5, "5 jt", "60 jt"],
        ],
        regions,
    )
    sheet = result.sheets[0]
    assert [(c.header, c.field) for c in sheet.columns[3:]] == [
        ("TENAGA KERJA L", "workforce_men"),
        ("TENAGA KERJA P", "workforce_women"),
        ("TENAGA KERJA JML", "workforce_total"),
        ("OMZET PER BULAN", "monthly_sales"),
        ("OMZET PER TAHUN", "annual_sales"),
    ]
    [row] = sheet.rows
    assert row.row_number == 3
    assert (row.record["monthly_sales"], row.record["annual_sales"]) == (5_000_000, 60_000_000)


def test_group_header_over_named_sub_columns(regions):
    result = csv_result(
        [
            ["NO", "NAMA USAHA", "PEMILIK", "ALAMAT", "", ""],
            ["", "", "", "JALAN", "KELURAHAN", "KECAMATAN"],
            [1, "Soto Pak Min", "Min", "Jl. Veteran 3", "Tipes", "Serengan"],
        ],
        regions,
    )
    record = result.rows[0].record
    assert (record["address"], record["village"], record["district"]) == (
        "Jl. Veteran 3",
        "33.72.02.1004",
        "33.72.02",
    )


# --- templates ------------------------------------------------------------------------


def test_template_maps_columns_the_office_named_its_own_way(regions):
    lines = [
        ["Urut", "Usaha", "Empunya", "Kontak", "Wilayah", "Warna"],
        [1, "Batik Kauman", "Rina", "0812 3456 7890", "Pasar Kliwon", "biru"],
    ]
    template = {
        "Urut": "_number",
        "Usaha": "name",
        "EMPUNYA": "owner_name",
        "kontak": "phone",
        "Wilayah": "district",
        "Warna": None,
    }
    result = csv_result(lines, regions, mapping=template)
    sheet = result.sheets[0]
    assert [c.method for c in sheet.columns] == ["template"] * 6
    [row] = sheet.rows
    assert row.outcome == "ok"
    assert (row.record["name"], row.record["phone"], row.record["district"]) == (
        "Batik Kauman",
        "+6281234567890",
        "33.72.03",
    )
    assert row.record["notes"] is None  # "Warna" is ignored on purpose


def test_template_with_an_unknown_field_is_refused():
    with pytest.raises(ValueError, match="favourite_colour"):
        normalise_template({"Warna": "favourite_colour"})


def test_columns_nobody_mapped_are_kept_in_the_notes(regions):
    result = csv_result(
        [["NO", "NAMA USAHA", "PEMILIK", "KATEGORI"], [1, "Jamu Ani", "Ani", "Mikro"]], regions
    )
    sheet = result.sheets[0]
    assert (sheet.columns[3].field, sheet.columns[3].method) == (None, "none")
    assert sheet.rows[0].record["notes"] == "KATEGORI: Mikro"


def test_second_column_for_the_same_field_is_reported_and_kept_in_notes(regions):
    result = csv_result(
        [
            ["NO", "NAMA USAHA", "PEMILIK", "NO HP", "NO WA"],
            [1, "Jamu Ani", "Ani", "0812 3456 7890", "0813 1111 2222"],
        ],
        regions,
    )
    [note] = result.notes
    assert note.code == "column_duplicate"
    assert render(note, "en") == (
        "Sheet 'x': column 'NO WA' also holds Phone; column 'NO HP' is used"
    )
    record = result.rows[0].record
    assert (record["phone"], record["notes"]) == ("+6281234567890", "NO WA: 0813 1111 2222")


# --- row classification ---------------------------------------------------------------

HEADER = ["NO", "NAMA USAHA", "PEMILIK", "JML TK", "OMZET/BLN"]


def outcomes(result):
    return [
        (row.row_number, row.outcome.value, row.reason.code if row.reason else None)
        for row in result.rows
    ]


def test_repeated_header_in_the_middle_is_skipped(regions):
    result = csv_result(
        [HEADER, [1, "Jamu Ani", "Ani", 2, "5 jt"], HEADER, [2, "Soto Min", "Min", 3, "6 jt"]],
        regions,
    )
    assert outcomes(result) == [
        (2, "ok", None),
        (3, "skipped", "skip_repeated_header"),
        (4, "ok", None),
    ]


def test_row_of_column_numbers_under_the_header_is_skipped(regions):
    result = csv_result(
        [HEADER, ["(1)", "(2)", "(3)", "(4)", "(5)"], [1, "Jamu Ani", "Ani", 2, "5 jt"]], regions
    )
    assert outcomes(result) == [(2, "skipped", "skip_column_numbers"), (3, "ok", None)]


def test_numbers_only_row_that_sums_the_columns_is_a_total(regions):
    result = csv_result(
        [
            HEADER,
            [1, "Jamu Ani", "Ani", 2, "5 jt"],
            [2, "Soto Min", "Min", 3, "6.000.000"],
            ["", "", "", 5, "11.000.000"],
        ],
        regions,
    )
    assert outcomes(result)[-1] == (4, "skipped", "skip_total")


def test_numbers_only_row_that_sums_nothing_is_rejected_not_hidden(regions):
    result = csv_result(
        [
            HEADER,
            [1, "Jamu Ani", "Ani", 2, "5 jt"],
            [2, "Soto Min", "Min", 3, "6 jt"],
            ["", "", "", 9, 7],
        ],
        regions,
    )
    row = result.rows[-1]
    assert (row.outcome, [p.code for p in row.problems]) == ("rejected", ["name_missing"])


@pytest.mark.parametrize("label", ["JUMLAH", "Jumlah", "TOTAL", "Jumlah Total"])
def test_total_label_in_any_column_is_a_total(regions, label):
    result = csv_result(
        [HEADER, [1, "Jamu Ani", "Ani", 2, "5 jt"], [label, "", "", 2, "5 jt"]], regions
    )
    assert outcomes(result)[-1] == (3, "skipped", "skip_total")


def test_signature_lines_after_the_total_are_a_footer(regions):
    result = csv_result(
        [
            HEADER,
            [1, "Jamu Ani", "Ani", 2, "5 jt"],
            ["", "JUMLAH", "", 2, "5 jt"],
            [],
            ["", "", "Surakarta, 5 Mei 2025"],
            ["", "", "Kepala Dinas", ""],
        ],
        regions,
    )
    assert outcomes(result)[1:] == [
        (3, "skipped", "skip_total"),
        (4, "skipped", "skip_blank"),
        (5, "skipped", "skip_footer"),
        (6, "skipped", "skip_footer"),
    ]
    assert render(result.rows[3].reason, "en") == (
        "Footer below the table (after the total row): Surakarta, 5 Mei 2025"
    )


def test_group_heading_without_a_running_number_is_a_section(regions):
    result = csv_result(
        [HEADER, ["", "KECAMATAN LAWEYAN"], [1, "Jamu Ani", "Ani", 2, "5 jt"]], regions
    )
    assert outcomes(result) == [(2, "skipped", "skip_section"), (3, "ok", None)]


# --- record-level checks --------------------------------------------------------------


def test_missing_business_name_uses_the_owner_with_a_warning(regions):
    result = csv_result([HEADER, [1, "", "Bu Sri", 1, "1 jt"]], regions)
    row = result.rows[0]
    assert (row.outcome, row.record["name"]) == ("ok", "Bu Sri")
    assert render(row.warnings[0]) == "Nama usaha kosong; dipakai nama pemilik 'Bu Sri'"


def test_missing_business_and_owner_name_rejects_the_row(regions):
    result = csv_result([HEADER, [1, "", "", 1, "1 jt"]], regions)
    row = result.rows[0]
    assert row.outcome == "rejected"
    assert [render(p, "en") for p in row.errors] == ["Business name is empty"]


@pytest.mark.parametrize(
    ("cells", "code"),
    [
        (["0812", "1 jt", "1234567890123", 1], "phone_invalid"),
        (["0812 3456 7890", "banyak", "1234567890123", 1], "money_invalid"),
        (["0812 3456 7890", "-1 jt", "1234567890123", 1], "money_negative"),
        (["0812 3456 7890", "1 jt", "123456789", 1], "nib_length"),
        (["0812 3456 7890", "1 jt", "1,23457E+12", 1], "nib_precision_lost"),
        (["0812 3456 7890", "1 jt", "1234567890123", "banyak"], "workforce_invalid"),
        (["0812 3456 7890", "1 jt", "1234567890123", -2], "workforce_negative"),
    ],
)
def test_each_rejection_reason_rejects_the_row(regions, cells, code):
    header = ["NO", "NAMA USAHA", "NO HP", "OMZET/BLN", "NIB", "JML TK"]
    result = csv_result([header, [1, "Jamu Ani", *cells]], regions)
    row = result.rows[0]
    assert row.outcome == "rejected"
    assert [problem.code for problem in row.errors] == [code]


def test_warnings_do_not_reject_the_row(regions):
    header = ["NO", "NAMA USAHA", "L/P", "BENTUK USAHA", "KBLI", "HALAL"]
    result = csv_result([header, [1, "Jamu Ani", "X", "Bebas", "Makanan", "Ya"]], regions)
    row = result.rows[0]
    assert row.outcome == "ok"
    assert [p.code for p in row.warnings] == [
        "gender_invalid",
        "legal_form_unknown",
        "kbli_invalid",
        "certificate_without_number",
    ]
    assert row.record["notes"] == "BENTUK USAHA: Bebas\nKBLI: Makanan\nHALAL: Ya"


def test_workforce_total_from_men_and_women_and_mismatch_warning(regions):
    header = ["NO", "NAMA USAHA", "TK L", "TK P", "JML TK"]
    result = csv_result([header, [1, "A", 2, 3, ""], [2, "B", 2, 3, 4]], regions)
    first, second = result.rows
    assert first.record["workforce_total"] == 5
    assert second.outcome == "ok"
    assert render(second.warnings[0], "en") == "Workforce 4 is not men 2 + women 3"


def test_several_phone_numbers_in_one_cell(regions):
    header = ["NO", "NAMA USAHA", "PEMILIK", "NO HP"]
    result = csv_result(
        [header, [1, "Jamu Ani", "Ani", "0812 3456 7890 / 0813 1111 2222"]], regions
    )
    row = result.rows[0]
    assert row.record["phone"] == "+6281234567890"
    assert row.record["notes"] == "NO HP: 0813 1111 2222"
    assert [p.code for p in row.warnings] == ["phone_multiple"]


def test_free_certificate_column_fills_halal_and_pirt(regions):
    header = ["NO", "NAMA USAHA", "PEMILIK", "SERTIFIKAT"]
    cell = "Halal ID33110000123450121, P-IRT 2063372010001-25, SNI"
    result = csv_result([header, [1, "Jamu Ani", "Ani", cell]], regions)
    record = result.rows[0].record
    assert (record["halal_number"], record["pirt_number"], record["notes"]) == (
        "ID33110000123450121",
        "2063372010001-25",
        "SERTIFIKAT: SNI",
    )
