import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from naikkelas.core.models import Role
from naikkelas.registry.exports import HEADERS
from naikkelas.registry.models import CoachingRelation
from naikkelas.registry.services.businesses import certificate_save
from naikkelas.registry.sizeclass import MILIAR
from tests.factories import member
from tests.factories.registry import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER)


@pytest.fixture
def businesses(surakarta, kediri, officer):
    batik = register(
        surakarta,
        actor=officer,
        name="Batik Laweyan Sari",
        owner="Siti Aminah",
        phone="0812-1111-2222",
        village_code="33.72.01.1002",
        kbli="13",
        nib="1234567890123",
        capital=750_000_000,
        annual_sales=3 * MILIAR,
        workforce_men=2,
        workforce_women=9,
        product_types="batik tulis",
    )
    certificate_save(actor=officer, business=batik, kind="halal")
    certificate_save(actor=officer, business=batik, kind="brand")
    with scopes_disabled():
        CoachingRelation.objects.filter(business=batik).update(
            program="Kelas Ekspor 2025", since=dt.date(2024, 2, 1)
        )
    register(
        surakarta,
        actor=officer,
        name="Bengkel Las Joko",
        owner="Joko",
        gender="male",
        phone="0814-3333-4444",
        village_code="33.72.02.1001",
    )
    register(kediri, name="Tenun Ikat Bandar", village_code="35.71.01.1001")
    return batik


def test_xlsx_export_holds_the_filtered_list_with_indonesian_headers(
    client, surakarta, officer, businesses
):
    client.force_login(officer)
    response = client.get(f"/o/{surakarta.slug}/registry/export/xlsx/", {"region": "33.72.01"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="pelaku-usaha-')
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(HEADERS)
    assert len(rows) == 2  # Bengkel (Serengan) and Kediri's business are filtered out
    row = dict(zip(HEADERS, rows[1], strict=True))
    assert row == {
        "No": 1,
        "ID": businesses.pk,
        "Nama usaha": "Batik Laweyan Sari",
        "Bentuk usaha": "Perorangan",
        "NIB": "1234567890123",
        "Nama pemilik": "Siti Aminah",
        "Jenis kelamin pemilik": "Perempuan",
        "No. HP/WA": "+6281211112222",
        "WhatsApp": "Ya",
        "Email": None,
        "Alamat": None,
        "Desa/Kelurahan": "Laweyan",
        "Kecamatan": "Laweyan",
        "Kabupaten/Kota": "Kota Surakarta",
        "Kode wilayah": "33.72.01.1002",
        "Sektor (KBLI)": "C — Industri Pengolahan",
        "Golongan pokok KBLI": "13",
        "Jenis produk": "batik tulis",
        "TK laki-laki": 2,
        "TK perempuan": 9,
        "Modal usaha (Rp)": 750_000_000,
        "Omzet tahunan (Rp)": 3_000_000_000,
        "Skala usaha": "Kecil",
        "Dipimpin perempuan": "Ya",
        "Sertifikat": "Halal, Merek/HKI",
        "Program pembinaan": "Kelas Ekspor 2025",
        "Binaan sejak": dt.datetime(2024, 2, 1),
        "Status": "Aktif",
        "Terdaftar": dt.datetime.combine(timezone.localdate(), dt.time()),
    }
    assert isinstance(row["Omzet tahunan (Rp)"], int)


def test_csv_export_is_utf8_with_bom_and_every_page(client, surakarta, officer, businesses):
    for n in range(60):
        register(surakarta, name=f"Usaha Ke-{n:02d} Café", phone="")
    client.force_login(officer)
    response = client.get(f"/o/{surakarta.slug}/registry/export/csv/", {"sort": "name"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    assert len(rows) == 1 + 62  # more than one page of the list
    first = dict(zip(HEADERS, rows[1], strict=True))
    assert (first["Nama usaha"], first["No. HP/WA"], first["Omzet tahunan (Rp)"]) == (
        "Batik Laweyan Sari",
        "+6281211112222",
        "3000000000",
    )
    assert (first["Binaan sejak"], first["Kabupaten/Kota"]) == ("2024-02-01", "Kota Surakarta")
    assert rows[3][2] == "Usaha Ke-00 Café"


def test_export_is_scoped_to_the_organisation(client, kediri, businesses):
    officer = member(kediri, Role.OFFICER)
    client.force_login(officer)
    response = client.get("/o/kadin-kediri/registry/export/csv/")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == ["Tenun Ikat Bandar"]
    assert client.get("/o/disnakerperin-surakarta/registry/export/csv/").status_code == 404


def test_unknown_export_format_is_not_found(client, surakarta, officer):
    client.force_login(officer)
    assert client.get(f"/o/{surakarta.slug}/registry/export/pdf/").status_code == 404
