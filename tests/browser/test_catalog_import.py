"""An officer imports a product list for the office's coached businesses in a real browser."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from naikkelas.catalog.models import Product
from naikkelas.core.models import Role
from tests.factories import PASSWORD, member
from tests.factories.registry import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NIB = "9120001234567"


def product_workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Produk binaan"
    sheet.append(["DAFTAR PRODUK IKM BINAAN"])
    sheet.merge_cells("A1:G1")
    sheet.append([])
    sheet.append(["NO", "NIB", "NAMA PRODUK", "KATEGORI/JENIS", "HARGA", "SATUAN", "STATUS"])
    sheet.append([1, NIB, "Keripik Tempe Balado", "Makanan ringan", "25rb", "bungkus", "TAYANG"])
    sheet.append([2, NIB, "Sambal Bawang", "Kuliner - Bumbu", "30.000 - 45.000", "botol", None])
    sheet.append([3, NIB, "Rengginang", "Snack", "15.000", "pak", None])
    sheet.append([None, "JUMLAH", None, None, None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_officer_imports_products_and_downloads_the_result(
    browser, live_server, surakarta, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SEARCH_URL = f"tantivy://{tmp_path / 'search'}"
    settings.MEDIA_ROOT = tmp_path / "media"
    member(surakarta, Role.OFFICER, name="Dewi Lestari", email="dewi@contoh.test")
    business = register(surakarta, nib=NIB)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="id-ID", base_url=live_server.url,
        accept_downloads=True,
    )  # fmt: skip
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.set_default_timeout(20_000)

    page.goto("/login/")
    page.get_by_label("Email atau nomor HP").fill("dewi@contoh.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("nav-product-imports").click()
    expect(page.locator("h1")).to_have_text("Impor produk")

    source = tmp_path / "produk binaan.xlsx"
    source.write_bytes(product_workbook())
    page.get_by_label("Berkas spreadsheet").set_input_files(str(source))
    page.get_by_role("button", name="Unggah dan periksa kolom").click()

    expect(page.locator("h1")).to_have_text("Kolom mana berisi apa?")
    expect(page.get_by_text("Judul kolom ditemukan di baris 3.")).to_be_visible()
    expect(page.get_by_label("Impor kolom «NAMA PRODUK» sebagai")).to_have_value("name")
    expect(page.get_by_label("Impor kolom «NIB» sebagai")).to_have_value("business_nib")
    expect(page.get_by_label("Impor kolom «KATEGORI/JENIS» sebagai")).to_have_value("category")
    page.get_by_label("Impor kolom «STATUS» sebagai").select_option("")  # ignore it
    page.get_by_test_id("mapping-submit").click()

    expect(page.locator("h1")).to_have_text("Pratinjau: apa yang akan dilakukan impor")
    counts = page.get_by_test_id("preview-counts")
    expect(counts.locator("[data-outcome=created] .stat-value")).to_have_text("2")
    expect(counts.locator("[data-outcome=rejected] .stat-value")).to_have_text("1")
    expect(counts.locator("[data-outcome=skipped] .stat-value")).to_have_text("1")
    expect(page.locator("[data-row='6']")).to_contain_text(
        "Kategori 'Snack' tidak dikenal; yang terdekat: Kuliner › Makanan ringan"
    )
    assert Product.objects.count() == 0

    page.get_by_test_id("import-run").click()
    expect(page).to_have_url(re.compile(r"/catalog/imports/\d+/$"))
    expect(page.get_by_test_id("import-percent")).to_contain_text("100 %")
    results = page.get_by_test_id("result-counts")
    expect(results.locator("[data-outcome=created] .stat-value")).to_have_text("2")
    expect(page.get_by_test_id("result-rows")).to_contain_text("Produk binaan: 6")

    with page.expect_download() as download_info:
        page.get_by_test_id("result-download").click()
    download = download_info.value
    assert download.suggested_filename == "produk binaan-hasil.xlsx"
    with open(download.path(), "rb") as handle:
        sheet = openpyxl.load_workbook(io.BytesIO(handle.read())).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    tempe = Product.objects.get(name="Keripik Tempe Balado")
    assert rows[2][-3:] == ["Hasil", "Keterangan", "ID produk"]
    assert rows[3][2] == "Keripik Tempe Balado"
    assert rows[3][-3:] == ["Dibuat", None, tempe.pk]
    assert rows[5][-3][:7] == "Ditolak"
    assert rows[6][-3:] == ["Dilewati", "Baris jumlah/total", None]
    assert (tempe.business_id, tempe.status, tempe.price_min) == (business.pk, "draft", 25_000)
    context.close()
    assert errors == []
