"""An officer imports the office's messy spreadsheet in a real browser."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from naikkelas.core.models import Role
from naikkelas.registry.models import Business, ImportJob
from naikkelas.registry.services import imports as services
from tests.factories import PASSWORD, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def messy_workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Binaan 2025"
    sheet.append(["DATA IKM BINAAN DISNAKERPERIN KOTA SURAKARTA"])
    sheet.merge_cells("A1:H1")
    sheet.append(["TAHUN ANGGARAN 2025"])
    sheet.merge_cells("A2:H2")
    sheet.append([])
    sheet.append(
        ["NO", "NAMA USAHA", "NAMA PEMILIK", "NO. HP/WA", "KEL.", "KEC.", "JML TK", "OMZET/BLN"]
    )
    sheet.append(
        [
            1,
            "Keripik Tempe Bu Sri",
            "Sri Wahyuningsih",
            "0812-3456-7890",
            "Laweyan",
            "Kec. Laweyan",
            3,
            "Rp 5.000.000",
        ]
    )
    sheet.append(
        [
            2,
            "Batik Sekar Arum",
            "Joko Santoso",
            81298765432,
            "Kel. Sondakan",
            "LAWEYAN",
            "4 orang",
            "5 jt",
        ]
    )
    sheet.append(
        [
            3,
            "Soto Seger Pak Min",
            "Slamet Riyadi",
            "+62 813 1111 2222",
            "Kerten",
            "Kartasura",
            2,
            "1.500.000",
        ]
    )
    sheet.append([None, "JUMLAH", None, None, None, None, 9, None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()  # fmt: skip


def test_officer_imports_a_messy_spreadsheet_and_downloads_the_result(
    browser, live_server, surakarta, settings, tmp_path
):
    # the dry run is queued and not run until the test plays the worker (below)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    member(surakarta, Role.OFFICER, name="Dewi Lestari", email="dewi@contoh.test")
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
    page.get_by_test_id("nav-imports").click()
    expect(page.locator("h1")).to_have_text("Impor data usaha")

    source = tmp_path / "data binaan.xlsx"
    source.write_bytes(messy_workbook())
    page.get_by_label("Berkas spreadsheet").set_input_files(str(source))
    page.get_by_role("button", name="Unggah dan periksa kolom").click()

    expect(page.locator("h1")).to_have_text("Kolom mana berisi apa?")
    expect(page.get_by_text("Judul kolom ditemukan di baris 4.")).to_be_visible()
    name_column = page.get_by_label("Impor kolom «NAMA USAHA» sebagai")
    expect(name_column).to_have_value("name")
    expect(page.get_by_label("Impor kolom «KEC.» sebagai")).to_have_value("district")
    page.get_by_label("Impor kolom «JML TK» sebagai").select_option("")  # ignore it
    page.get_by_label("Simpan pemetaan ini sebagai templat").fill("Binaan tahunan")
    page.get_by_test_id("mapping-submit").click()

    expect(page.locator("h1")).to_have_text("Pratinjau: apa yang akan dilakukan impor")
    expect(page.get_by_test_id("preview-percent")).to_have_text(
        "0 % · Menunggu proses latar belakang…"
    )
    with scopes_disabled():
        job = ImportJob.objects.get()
    services.import_preview_by_id(job.pk, job.preview["token"])  # the worker's turn
    # the page follows the progress and shows the preview when it is ready
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    counts = page.get_by_test_id("preview-counts")
    expect(counts.locator("[data-outcome=created] .stat-value")).to_have_text("2")
    expect(counts.locator("[data-outcome=rejected] .stat-value")).to_have_text("1")
    expect(counts.locator("[data-outcome=skipped] .stat-value")).to_have_text("1")
    expect(page.locator("[data-row='7']")).to_contain_text(
        "Kecamatan 'Kartasura' tidak ada di Kota Surakarta (ada di Kabupaten Sukoharjo)"
    )
    assert Business.objects.count() == 0

    page.get_by_test_id("import-run").click()
    expect(page).to_have_url(re.compile(r"/registry/imports/\d+/$"))
    expect(page.get_by_test_id("import-percent")).to_contain_text("100 %")
    expect(page.locator("#import-progress-bar")).to_have_attribute("value", "100")
    results = page.get_by_test_id("result-counts")
    expect(results.locator("[data-outcome=created] .stat-value")).to_have_text("2")
    expect(page.get_by_test_id("result-rows")).to_contain_text("Binaan 2025: 7")

    with page.expect_download() as download_info:
        page.get_by_test_id("result-download").click()
    download = download_info.value
    assert download.suggested_filename == "data binaan-hasil.xlsx"
    with open(download.path(), "rb") as handle:
        sheet = openpyxl.load_workbook(io.BytesIO(handle.read())).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[3][-2:] == ["Hasil", "Keterangan"]
    assert rows[4][1] == "Keripik Tempe Bu Sri"
    assert rows[4][-2:] == ["Dibuat", None]
    assert rows[6][-2:] == [
        "Ditolak",
        "Kecamatan 'Kartasura' tidak ada di Kota Surakarta (ada di Kabupaten Sukoharjo)",
    ]
    assert rows[7][-2:] == ["Dilewati", "Baris jumlah/total"]
    assert (
        Business.objects.filter(name__in=["Keripik Tempe Bu Sri", "Batik Sekar Arum"]).count() == 2
    )
    context.close()
    assert errors == []
