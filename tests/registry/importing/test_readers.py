"""Reading real-looking office files (XLSX, XLS, ODS, CSV) end to end.

The files are built here with openpyxl, xlwt (XLS) and odfpy (ODS), with the quirks
offices produce: title rows over merged cells, the header on row 4 with TENAGA KERJA
split into L / P underneath, a numbering column, blank rows, a JUMLAH row, several sheets,
CSV from Excel on Windows (cp1252, semicolons).
"""

import io

import openpyxl
import pytest
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from naikkelas.core.regions import DATA_DIR as REGION_DATA_DIR
from naikkelas.registry.importing import bench, parse_workbook, read_workbook, render
from naikkelas.registry.importing.readers import (
    UnreadableFileError,
    decode_text,
    detect_format,
    sniff_delimiter,
)
from naikkelas.registry.importing.regions import load_wilayah

DATA_DIR = REGION_DATA_DIR  # the copy shipped in the package
AREA = "33.72"  # Kota Surakarta


@pytest.fixture(scope="module")
def regions():
    return load_wilayah(DATA_DIR, [AREA, "33.11"])


def parse(data, filename, regions, **kwargs):
    return parse_workbook(data, filename, regions=regions, area_code=AREA, **kwargs)


# --- the messy XLSX -------------------------------------------------------------------

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
    "TENAGA KERJA",
    None,
    "OMZET/BLN",
    "KETERANGAN",
]


def messy_xlsx() -> bytes:
    book = openpyxl.Workbook()
    data = book.active
    data.title = "Data IKM"
    data["A1"] = "DATA IKM BINAAN DINAS PERINDUSTRIAN"
    data.merge_cells("A1:M1")
    data["A2"] = "KOTA SURAKARTA TAHUN 2025"
    data.merge_cells("A2:M2")
    for col, text in enumerate(HEADER, start=1):  # row 3 stays blank, the header is row 4
        if text:
            data.cell(row=4, column=col, value=text)
    for cell in ("A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:E5", "F4:F5", "G4:G5", "H4:H5"):
        data.merge_cells(cell)
    data.merge_cells("J4:K4")
    data["J5"], data["K5"] = "L", "P"
    rows = {
        6: [1, "UD SUMBER REJEKI", "  sri   wahyuni ", "P", "0812-3456-7890",
            "Jl. Slamet Riyadi 10", "Kel. Pajang", "Kec. Laweyan", "1234567890123", 2, 3,
            "Rp 5.000.000", None],
        7: [2, "Batik Sekar", "Budi", "L", 8123456789.0, "Jl. Ir. Sutami 5", "JEBRES", "Jebres",
            1234567890124.0, 1, 0, "5,5 jt", "binaan 2024"],
        # row 8 blank, row 9 only its running number
        9: [3],
        10: [4, "Warung Kartasura", "Joko", "L", "12345", "Jl. Adi Sucipto", None, "Kartasura",
             None, 1, 1, 1000000, None],
        11: [None, "JUMLAH", None, None, None, None, None, None, None, 4, 4, 11500000, None],
    }  # fmt: skip
    for number, values in rows.items():
        for col, value in enumerate(values, start=1):
            if value is not None:
                data.cell(row=number, column=col, value=value)
    summary = book.create_sheet("Rekap")
    summary.append(["REKAP PER KECAMATAN"])
    summary.append(["Kecamatan", "Jumlah IKM"])
    summary.append(["Laweyan", 1])
    more = book.create_sheet("Tambahan")
    more.append(["Data tambahan dari kelurahan"])
    more.append(
        ["Nama Pemilik", "Nama UMKM", "Telepon", "Kecamatan", "Kelurahan", "OMSET PER BULAN"]
    )
    more.append(["Sri", "Sambal Bu Sri", "+62 813 1111 2222", "Banjarsari", "Manahan", "500 rb"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def messy(regions):
    return parse(messy_xlsx(), "data ikm.xlsx", regions)


def rows_by_number(sheet):
    return {row.row_number: row for row in sheet.rows}


def test_xlsx_reader_keeps_real_row_numbers_below_title_rows():
    book = read_workbook(messy_xlsx(), "data.xlsx")
    assert book.format == "xlsx"
    sheet = book.sheets[0]
    assert sheet.rows[0].number == 1
    assert sheet.rows[0].cells[0] == "DATA IKM BINAAN DINAS PERINDUSTRIAN"
    assert sheet.rows[3].number == 4
    assert sheet.rows[3].cells[:3] == ["NO", "NAMA USAHA", "NAMA PEMILIK"]


def test_xlsx_reader_reports_merged_cells():
    sheet = read_workbook(messy_xlsx(), "data.xlsx").sheets[0]
    assert ((0, 0), (0, 12)) in sheet.merged
    assert ((3, 9), (3, 10)) in sheet.merged


def test_xlsx_reader_reads_every_sheet_in_order():
    book = read_workbook(messy_xlsx(), "data.xlsx")
    assert [sheet.name for sheet in book.sheets] == ["Data IKM", "Rekap", "Tambahan"]


def test_header_found_on_row_4_below_merged_titles(messy):
    sheet = messy.sheets[0]
    assert sheet.header_row == 4
    fields = [column.field for column in sheet.columns]
    assert fields[:9] == [
        "_number",
        "name",
        "owner_name",
        "owner_gender",
        "phone",
        "address",
        "village",
        "district",
        "nib",
    ]


def test_two_row_header_splits_workforce_into_men_and_women(messy):
    columns = messy.sheets[0].columns
    assert (columns[9].header, columns[9].field) == ("TENAGA KERJA L", "workforce_men")
    assert (columns[10].header, columns[10].field) == ("TENAGA KERJA P", "workforce_women")
    assert (columns[11].header, columns[11].field) == ("OMZET/BLN", "monthly_sales")


def test_every_row_below_the_header_has_exactly_one_result(messy):
    sheet = messy.sheets[0]
    raw = read_workbook(messy_xlsx(), "data.xlsx").sheets[0]
    below_header = [row.number for row in raw.rows[5:]]  # header rows 4 and 5
    assert [row.row_number for row in sheet.rows] == below_header == [6, 7, 8, 9, 10, 11]
    assert sheet.data_rows == len(sheet.rows)


def test_first_data_row_is_normalised(messy):
    row = rows_by_number(messy.sheets[0])[6]
    assert row.outcome == "ok"
    assert row.problems == []
    assert row.record == {
        "name": "UD Sumber Rejeki",
        "legal_form": None,
        "owner_name": "sri wahyuni",
        "owner_gender": "female",
        "phone": "+6281234567890",
        "email": None,
        "address": "Jl. Slamet Riyadi 10",
        "village": "33.72.01.1001",
        "district": "33.72.01",
        "regency": "33.72",
        "nib": "1234567890123",
        "nik": None,
        "workforce_total": 5,
        "workforce_men": 2,
        "workforce_women": 3,
        "monthly_sales": 5_000_000,
        "annual_sales": None,
        "capital": None,
        "product_types": None,
        "kbli": None,
        "halal_number": None,
        "pirt_number": None,
        "notes": None,
    }


def test_number_cells_that_lost_digits_are_repaired(messy):
    row = rows_by_number(messy.sheets[0])[7]
    assert row.outcome == "ok"
    assert row.record["phone"] == "+628123456789"
    assert row.record["nib"] == "1234567890124"
    assert row.record["monthly_sales"] == 5_500_000
    assert row.record["village"] == "33.72.04.1010"
    assert row.record["notes"] == "KETERANGAN: binaan 2024"


def test_blank_row_is_skipped_with_a_reason(messy):
    row = rows_by_number(messy.sheets[0])[8]
    assert row.outcome == "skipped"
    assert row.record is None
    assert render(row.reason) == "Baris kosong"
    assert render(row.reason, "en") == "Blank row"


def test_row_with_only_its_running_number_is_skipped(messy):
    row = rows_by_number(messy.sheets[0])[9]
    assert (row.outcome, row.reason.code) == ("skipped", "skip_number_only")


def test_row_outside_the_area_with_a_bad_phone_is_rejected_with_both_reasons(messy):
    row = rows_by_number(messy.sheets[0])[10]
    assert row.outcome == "rejected"
    assert [render(problem) for problem in row.errors] == [
        "Nomor HP/telepon '12345' tidak valid",
        "Kecamatan 'Kartasura' tidak ada di Kota Surakarta (ada di Kabupaten Sukoharjo)",
    ]


def test_total_row_at_the_bottom_is_skipped(messy):
    row = rows_by_number(messy.sheets[0])[11]
    assert (row.outcome, row.reason.code) == ("skipped", "skip_total")


def test_sheet_without_a_header_is_ignored_with_a_note(messy):
    rekap = messy.sheets[1]
    assert rekap.name == "Rekap"
    assert not rekap.imported
    assert rekap.rows == []
    [note] = [n for n in messy.notes if n.code == "sheet_no_header"]
    assert render(note) == "Lembar 'Rekap' dilewati: judul kolom tidak dikenali"
    assert render(note, "en") == "Sheet 'Rekap' ignored: no recognisable header"


def test_second_data_sheet_with_other_columns_and_order_is_imported(messy):
    more = messy.sheets[2]
    assert more.header_row == 2
    [row] = more.rows
    assert (row.sheet, row.row_number, row.outcome) == ("Tambahan", 3, "ok")
    record = row.record
    assert (record["name"], record["owner_name"], record["phone"]) == (
        "Sambal Bu Sri",
        "Sri",
        "+6281311112222",
    )
    assert (record["district"], record["village"]) == ("33.72.05", "33.72.05.1011")
    assert record["monthly_sales"] == 500_000


def test_counts_cover_every_row(messy):
    assert messy.counts() == {"ok": 3, "rejected": 1, "skipped": 3}
    assert len(messy.rows) == 7


def test_suggested_mapping_can_be_saved_and_reused(messy, regions):
    template = messy.mapping
    assert template["NO. HP/WA"] == "phone"
    assert template["TENAGA KERJA L"] == "workforce_men"
    again = parse(messy_xlsx(), "data ikm.xlsx", regions, mapping=template)
    assert [r.record for r in again.rows] == [r.record for r in messy.rows]


# --- CSV ------------------------------------------------------------------------------


def test_csv_from_excel_on_windows_cp1252_semicolons(regions):
    text = (
        "DAFTAR UMKM KELURAHAN KAUMAN;;;;\r\n"
        ";;;;\r\n"
        "No.;Nama Usaha;Pemilik;No HP;Kecamatan;Omzet/Bln\r\n"
        "1;Café Kauman;Siti Nur’aini;0813-2222-3333;Pasar Kliwon;Rp 7.500.000,00\r\n"
    )
    data = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = parse(data, "umkm.csv", regions)
    assert (result.format, result.encoding, result.delimiter) == ("csv", "cp1252", ";")
    [row] = result.rows
    assert row.row_number == 4
    assert row.record["name"] == "Café Kauman"
    assert row.record["owner_name"] == "Siti Nur’aini"
    assert row.record["phone"] == "+6281322223333"
    assert row.record["district"] == "33.72.03"
    assert row.record["monthly_sales"] == 7_500_000


def test_csv_utf8_with_bom_and_commas(regions):
    data = (
        '\ufeffNO,NAMA USAHA,PEMILIK,WA,KEC.\n1,"Batik ""Sekar"", Solo",Rina,081234567890,Laweyan\n'
    )
    result = parse(data.encode("utf-8"), "x.csv", regions)
    assert (result.encoding, result.delimiter) == ("utf-8-sig", ",")
    assert result.rows[0].record["name"] == 'Batik "Sekar", Solo'
    assert result.sheets[0].columns[0].field == "_number"  # the BOM is not part of "NO"


def test_csv_utf8_without_bom_tab_separated(regions):
    data = (
        "NO\tNAMA USAHA\tPEMILIK\tNO HP\tKECAMATAN\n"
        "1\tGudeg Bu Tini\tTini\t081234567890\tSerengan\n"
    )
    result = parse(data.encode("utf-8"), "x.txt", regions)
    assert (result.encoding, result.delimiter) == ("utf-8", "\t")
    assert result.rows[0].record["district"] == "33.72.02"


def test_csv_pipe_separated_with_decimal_commas(regions):
    data = "NO|NAMA USAHA|PEMILIK|OMZET/BLN|MODAL\n1|Jamu Sehat|Ani|5,5 jt|1.500.000,50\n"
    result = parse(data.encode("utf-8"), "x.csv", regions)
    assert result.delimiter == "|"
    record = result.rows[0].record
    assert (record["monthly_sales"], record["capital"]) == (5_500_000, 1_500_001)


def test_sniff_delimiter_ignores_commas_inside_amounts():
    sample = "No;Nama;Omzet\n1;A;5,5 jt\n2;B, C;1,2 M\n"
    assert sniff_delimiter(sample) == ";"


def test_decode_text_encodings():
    assert decode_text("é".encode()) == ("é", "utf-8")
    assert decode_text(b"\xef\xbb\xbfx") == ("x", "utf-8-sig")
    assert decode_text("é–".encode("cp1252")) == ("é–", "cp1252")


# --- ODS and XLS ----------------------------------------------------------------------


def ods_bytes(rows) -> bytes:
    document = OpenDocumentSpreadsheet()
    table = Table(name="Data")
    for values in rows:
        row = TableRow()
        for value in values:
            if value is None:
                cell = TableCell()
            elif isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def test_ods_from_libreoffice(regions):
    data = ods_bytes(
        [
            ["DATA UMKM"],
            [],
            ["No", "Nama Usaha", "Nama Pemilik", "No. HP", "Kec.", "Kel.", "Jml TK"],
            [1, "Tahu Bakso", "Wati", 81234567890, "Jebres", "Mojosongo", 4],
        ]
    )
    assert detect_format(data, "data.ods") == "ods"
    result = parse(data, "data.ods", regions)
    assert result.format == "ods"
    [row] = result.rows
    assert row.row_number == 4
    assert row.outcome == "ok"
    record = row.record
    assert (record["phone"], record["village"], record["workforce_total"]) == (
        "+6281234567890",
        "33.72.04.1011",
        4,
    )


def xls_bytes() -> bytes:
    book = xlwt.Workbook()
    sheet = book.add_sheet("Sheet1")
    sheet.write_merge(0, 0, 0, 5, "DATA IKM 2019")
    header = ["NO", "NAMA USAHA", "PEMILIK", "TELEPON", "KECAMATAN", "NIB"]
    for col, text in enumerate(header):
        sheet.write(2, col, text)
    for col, value in enumerate([1, "Kerajinan Wayang", "Slamet", "0271-714222", "Serengan"]):
        sheet.write(3, col, value)
    sheet.write(3, 5, 1234567890123)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xls_from_old_excel(regions):
    data = xls_bytes()
    assert detect_format(data, "data.xls") == "xls"
    result = parse(data, "data.xls", regions)
    assert result.format == "xls"
    assert result.sheets[0].header_row == 3
    [row] = result.rows
    assert (row.row_number, row.outcome) == (4, "ok")
    assert (row.record["phone"], row.record["nib"]) == ("+62271714222", "1234567890123")


# --- files that cannot be read --------------------------------------------------------


def test_file_named_xlsx_that_is_not_a_spreadsheet(regions):
    result = parse(b"this is not a spreadsheet", "data.xlsx", regions)
    assert result.sheets == []
    [note] = result.notes
    assert note.code == "file_unreadable"
    assert render(note, "en") == "File 'data.xlsx' cannot be read: not a valid .xlsx file"


def test_damaged_xlsx(regions):
    result = parse(messy_xlsx()[:2000], "data.xlsx", regions)
    assert [note.code for note in result.notes] == ["file_unreadable"]


def test_reading_from_a_path(tmp_path, regions):
    path = tmp_path / "ikm.xlsx"
    path.write_bytes(messy_xlsx())
    result = parse_workbook(path, "ikm.xlsx", regions=regions, area_code=AREA)
    assert result.counts() == {"ok": 3, "rejected": 1, "skipped": 3}


def test_detect_format_refuses_a_binary_non_spreadsheet():
    with pytest.raises(UnreadableFileError):
        detect_format(b"\x00\x01\x02binary", "x.bin")


# --- the benchmark file ---------------------------------------------------------------


def test_benchmark_file_every_row_in_has_one_result_out():
    regions = bench.synthetic_regions()
    data = bench.messy_xlsx(2_500, regions, seed=1)
    raw = read_workbook(data, "bench.xlsx").sheets[0]
    result = parse_workbook(data, "bench.xlsx", regions=regions, area_code="99.01")
    sheet = result.sheets[0]
    assert sheet.header_row == 4
    assert [row.row_number for row in sheet.rows] == [row.number for row in raw.rows[4:]]
    # 2,500 businesses, a blank row after every 1,000 of them, the JUMLAH row
    assert result.counts() == {"ok": 2_500, "rejected": 0, "skipped": 3}


def test_bench_parse_returns_figures():
    figures = bench.bench_parse(300)
    assert figures["rows"] == 300
    assert figures["results"] == 301
    assert figures["outcomes"] == {"ok": 300, "rejected": 0, "skipped": 1}
    assert figures["parse_s"] > 0 and figures["rows_per_s"] > 0
