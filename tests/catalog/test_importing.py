"""The product spreadsheet reader (plain Python): values, headers and rows."""

import io

import openpyxl
import pytest

from naikkelas.catalog import importing, taxonomy
from naikkelas.catalog.importing import (
    CategoryIndex,
    CategoryOption,
    Lookups,
    parse_hs,
    parse_price,
    parse_products,
    parse_quantity,
    parse_shelf_life,
    parse_status,
    parse_unit,
    parse_weight,
)
from naikkelas.registry.importing import Problem, suggest_field
from naikkelas.registry.importing.mapping import detect_header
from naikkelas.registry.importing.readers import read_workbook


def _index() -> CategoryIndex:
    names = {row.slug: row.name for row in taxonomy.rows()}
    return CategoryIndex(
        CategoryOption(row.slug, row.name, row.name_en, names.get(row.parent_slug or "", ""))
        for row in taxonomy.rows()
    )


LOOKUPS = Lookups(_index(), frozenset({"200520", "090111", "620462"}))


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Produk"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Rp 25.000", (25_000, 25_000)),
        ("25rb", (25_000, 25_000)),
        ("25.000 - 35.000", (25_000, 35_000)),
        ("Rp25rb-35rb", (25_000, 35_000)),
        ("25-35rb", (25_000, 35_000)),
        ("Rp 15.000,-", (15_000, 15_000)),
        ("12.500/pcs", (12_500, 12_500)),
        ("20.000 s/d 30.000", (20_000, 30_000)),
        (25000, (25_000, 25_000)),
        (None, (None, None)),
        ("-", (None, None)),
    ],
)
def test_prices_as_offices_write_them(cell, expected):
    assert parse_price(cell) == expected


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("-5.000", "money_negative"),
        ("mahal", "money_invalid"),
        ("35.000 - 25.000", "price_range_reversed"),
    ],
)
def test_bad_prices(cell, code):
    assert parse_price(cell) == Problem(code, "price", cell)


def test_weights_shelf_life_quantities_units_and_status():
    assert [parse_weight(c) for c in ("250 gr", "1,5 kg", "2 ons", 250, "1 kg")] == [
        250,
        1500,
        200,
        250,
        1000,
    ]
    assert [parse_shelf_life(c) for c in ("6 bulan", "1 tahun", 30, "2 minggu")] == [
        180,
        365,
        30,
        14,
    ]
    assert parse_quantity("1.000 pcs/bln", field="capacity_per_month") == 1000
    assert parse_quantity("10 pcs", field="min_order") == 10
    assert parse_quantity(-5, field="min_order") == Problem("quantity_negative", "min_order", -5)
    assert parse_quantity(0, field="min_order") == Problem("min_order_zero", "min_order", 0)
    assert [parse_unit(c) for c in ("Bungkus", "botol", "Pcs.", "lusin", "per pak")] == [
        "pack",
        "bottle",
        "pcs",
        "dozen",
        "pack",
    ]
    assert parse_unit("ikat") == Problem("unit_unknown", "unit", "ikat")
    assert [parse_status(c) for c in ("TAYANG", "draf", "Publish")] == [
        "published",
        "draft",
        "published",
    ]


def test_hs_codes_need_six_digits_of_the_hs_2022_list():
    known = LOOKUPS.hs_codes
    assert parse_hs("2005.20", known=known) == "200520"
    assert parse_hs(90111, known=known) == "090111"  # a number cell lost its leading 0
    assert parse_hs("20052", known=known) == Problem("hs_invalid", "hs_code", "20052")
    assert parse_hs("999999", known=known) == Problem("hs_unknown", "hs_code", "999999")


def test_a_category_by_any_of_its_names_and_the_nearest_when_unknown():
    index = LOOKUPS.categories
    assert index.resolve("Makanan Ringan") == "kuliner-makanan-ringan"
    assert index.resolve("KULINER - makanan ringan") == "kuliner-makanan-ringan"
    assert index.resolve("Fesyen/Batik") == "fesyen-batik"
    assert index.resolve("Snacks") == "kuliner-makanan-ringan"  # the English name
    problem = index.resolve("Keripik")
    assert isinstance(problem, Problem)
    assert importing.message(problem) == (
        "Kategori 'Keripik' tidak dikenal; yang terdekat: Kuliner › Makanan ringan, "
        + problem.params["suggestions"].split(", ", 1)[1]
    )
    assert problem.params["suggestions"].count("›") == 3


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("NAMA PRODUK", "name"),
        ("KATEGORI/JENIS", "category"),
        ("HARGA (Rp)", "price"),
        ("SATUAN", "unit"),
        ("MIN. ORDER", "min_order"),
        ("MOQ", "min_order"),
        ("KAPASITAS/BLN", "capacity_per_month"),
        ("BERAT (gr)", "weight_grams"),
        ("KEMASAN", "packaging"),
        ("MASA SIMPAN", "shelf_life_days"),
        ("KODE HS", "hs_code"),
        ("DESKRIPSI", "description"),
        ("STATUS", "status"),
        ("NIB", "business_nib"),
        ("ID USAHA", "business_id"),
        ("NAMA USAHA", "business_name"),
        ("No. HP/WA", "business_phone"),
    ],
)
def test_product_headers_map_to_product_fields(header, target):
    assert suggest_field(header, importing.PRODUCTS)[0] == target


def test_the_business_mapping_is_unchanged_by_the_product_field_set():
    assert suggest_field("NAMA PRODUK") == ("product_types", 1.0, "exact")
    assert suggest_field("NAMA PRODUK", importing.PRODUCTS) == ("name", 1.0, "exact")


MESSY = [
    ["DAFTAR PRODUK IKM BINAAN"],
    ["Dinas Perindustrian Kota Surakarta, 2026"],
    [],
    ["NO", "NIB", "NAMA USAHA", "NAMA PRODUK", "KATEGORI/JENIS", "HARGA", "SATUAN", "MIN. ORDER"],
    [1, "1234567890123", "Keripik Bu Sri", "Keripik Tempe", "Makanan ringan", "25rb", "bks", 10],
    [2, "1234567890123", "Keripik Bu Sri", "Keripik Bayam", "Snack", "Rp 20.000", "bks", 5],
    [3, None, None, None, None, None, None, None],
    [None, None, None, None, None, "45.000", None, None],
    [None, None, "JUMLAH", None, None, None, None, None],
]


def test_a_messy_sheet_every_row_has_an_outcome():
    result = parse_products(xlsx(MESSY), "produk.xlsx", lookups=LOOKUPS)
    (sheet,) = result.sheets
    assert sheet.header_row == 4
    assert [(row.row_number, row.outcome.value) for row in sheet.rows] == [
        (5, "ok"),
        (6, "rejected"),
        (7, "skipped"),
        (8, "rejected"),
        (9, "skipped"),
    ]
    first = sheet.rows[0].record
    assert first is not None
    assert {k: first[k] for k in ("name", "category", "price_min", "unit", "min_order")} == {
        "name": "Keripik Tempe",
        "category": "kuliner-makanan-ringan",
        "price_min": 25_000,
        "unit": "pack",
        "min_order": 10,
    }
    assert first["business_nib"] == "1234567890123"
    assert [p.code for p in sheet.rows[1].problems] == ["category_unknown"]
    assert [p.code for p in sheet.rows[3].problems] == ["product_name_missing", "category_missing"]
    assert sheet.rows[4].reason == Problem("skip_total")


def test_the_header_needs_a_product_name_column():
    book = read_workbook(xlsx([["NIB", "HARGA", "SATUAN"], ["1", "2", "3"]]), "x.xlsx")
    assert detect_header(book.sheets[0], None, importing.PRODUCTS) is None


def test_a_csv_saved_by_excel_on_windows_semicolons_and_cp1252():
    text = (
        "No;Nama Produk;Kategori;Harga (Rp);Berat;Masa Simpan\r\n"
        "1;Keripik Tempe Pedas Manis;Makanan ringan;Rp 25.000;250 gr;6 bulan\r\n"
        "2;Kue Bolu Pandan;Kue dan roti;25.000 - 35.000;0,5 kg;7 hari\r\n"
        "3;Dodol Garut – asli;Manisan dan cokelat;30rb;;\r\n"
    )
    result = parse_products(text.encode("cp1252"), "produk.csv", lookups=LOOKUPS)
    assert (result.format, result.delimiter, result.encoding) == ("csv", ";", "cp1252")
    records = [row.record for row in result.rows]
    assert [(r["name"], r["price_min"], r["price_max"]) for r in records] == [
        ("Keripik Tempe Pedas Manis", 25_000, 25_000),
        ("Kue Bolu Pandan", 25_000, 35_000),
        ("Dodol Garut – asli", 30_000, 30_000),
    ]
    assert [(r["weight_grams"], r["shelf_life_days"]) for r in records] == [
        (250, 180),
        (500, 7),
        (None, None),
    ]
    assert [r["category"] for r in records] == [
        "kuliner-makanan-ringan",
        "kuliner-kue-roti",
        "kuliner-manisan-cokelat",
    ]
