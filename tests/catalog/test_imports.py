"""The product import: outcomes, reasons, permissions, re-import, result file, CLI."""

import io
import json

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django_scopes import scopes_disabled

from naikkelas.catalog.models import Product, ProductImportRow, ProductStatus
from naikkelas.catalog.services import imports as services
from naikkelas.core.models import AuditEntry
from naikkelas.registry.models import Business
from tests.factories.catalog import created
from tests.factories.registry import register

pytestmark = pytest.mark.django_db

NIB = "9120001234567"
HEADER = [
    "NO",
    "NIB",
    "NAMA USAHA",
    "NAMA PRODUK",
    "KATEGORI/JENIS",
    "HARGA",
    "SATUAN",
    "MIN. ORDER",
    "BERAT",
    "KODE HS",
    "STATUS",
]


def xlsx(rows, title="Produk") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def business(owner, surakarta):
    from naikkelas.registry.models import BusinessOwner

    business = register(surakarta, nib=NIB)
    BusinessOwner.objects.filter(business=business).update(user=owner)
    return business


def officer_job(officer, surakarta, rows, filename="produk.xlsx"):
    return services.product_import_upload(
        actor=officer, organisation=surakarta, data=xlsx([HEADER, *rows]), filename=filename
    )


def run(job):
    services.product_import_run(job=job)
    job.refresh_from_db()
    return {
        row.row_number: (row.outcome, [m["id"] for m in row.messages], row.product_id)
        for row in ProductImportRow.objects.filter(job=job)
    }


def row(number, name="Keripik Tempe", **cells):
    values = {
        "nib": NIB,
        "business": "Keripik Tempe Bu Sri",
        "category": "Makanan ringan",
        "price": "25rb",
        "unit": "bungkus",
        "min_order": 10,
        "weight": "250 gr",
        "hs": "200520",
        "status": "",
        **cells,
    }
    return [
        number,
        values["nib"],
        values["business"],
        name,
        values["category"],
        values["price"],
        values["unit"],
        values["min_order"],
        values["weight"],
        values["hs"],
        values["status"],
    ]


def test_an_officer_imports_products_for_a_coached_business(officer, surakarta, business):
    job = officer_job(
        officer,
        surakarta,
        [
            row(1, "Keripik Tempe", status="TAYANG"),
            row(2, "Keripik Bayam", price="20.000 - 30.000", hs=""),
            [None] * 11,
            [None, None, "JUMLAH", None, None, None, None, None, None, None, None],
        ],
    )
    outcomes = run(job)
    tempe = Product.objects.get(name="Keripik Tempe")
    bayam = Product.objects.get(name="Keripik Bayam")
    assert outcomes == {
        2: ("created", ["Ditampilkan di katalog."], tempe.pk),
        3: ("created", [], bayam.pk),
        4: ("skipped", ["Baris kosong"], None),
        5: ("skipped", ["Baris jumlah/total"], None),
    }
    assert (tempe.business, tempe.status, tempe.source) == (business, "published", "import")
    assert (tempe.price_min, tempe.price_max, tempe.unit, tempe.min_order) == (
        25_000,
        25_000,
        "pack",
        10,
    )
    assert (tempe.weight_grams, tempe.hs_code, tempe.created_by) == (250, "200520", officer)
    assert (bayam.status, bayam.price_min, bayam.price_max) == ("draft", 20_000, 30_000)
    assert job.counts == {"created": 2, "updated": 0, "rejected": 0, "skipped": 2}
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="product.create").count() == 2
        assert AuditEntry.objects.filter(action="product_import.run").count() == 1


def test_importing_the_same_file_again_creates_nothing_new(officer, surakarta, business):
    rows = [row(1, "Keripik Tempe"), row(2, "Keripik Bayam")]
    run(officer_job(officer, surakarta, rows))
    again = officer_job(officer, surakarta, rows)
    outcomes = run(again)
    assert Product.objects.count() == 2
    assert [(o[0], o[1]) for o in outcomes.values()] == [
        ("updated", ["Data sudah sama; tidak ada yang diubah."]),
        ("updated", ["Data sudah sama; tidak ada yang diubah."]),
    ]
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="product.update").count() == 0


def test_the_same_name_written_differently_updates_the_product(officer, surakarta, business, owner):
    product = created(business, actor=owner, name="Keripik Tempe", price_min=20_000)
    outcomes = run(officer_job(officer, surakarta, [row(1, "KERIPIK  tempe.", price="25.000")]))
    assert outcomes == {
        2: (
            "updated",
            ["Diperbarui: nama, harga, satuan, minimal order, berat, kode HS."],
            product.pk,
        )
    }
    product.refresh_from_db()
    assert (product.price_min, product.name, product.status) == (
        25_000,
        "KERIPIK tempe.",
        "published",
    )


def test_a_row_repeating_an_earlier_one_updates_what_it_created(officer, surakarta, business):
    outcomes = run(
        officer_job(
            officer, surakarta, [row(1, "Keripik Tempe"), row(2, "keripik tempe", price="30rb")]
        )
    )
    product = Product.objects.get()
    assert outcomes[3] == (
        "updated",
        ["Produk yang sama dengan baris 2 berkas ini: baris ini memperbaruinya."],
        product.pk,
    )
    assert product.price_min == 30_000


REASONS = [
    (
        {"category": "Keripikan"},
        "Kategori 'Keripikan' tidak dikenal; yang terdekat: ",
    ),
    ({"price": "mahal"}, "Harga 'mahal' bukan jumlah rupiah yang dikenali"),
    ({"price": "-5.000"}, "Harga '-5.000' tidak boleh negatif"),
    ({"min_order": -3}, "Minimal order '-3' tidak boleh negatif"),
    ({"hs": "20052"}, "Kode HS '20052' harus 6 angka, misalnya 200520"),
    ({"hs": "123456"}, "Kode HS '123456' tidak ada dalam daftar HS 2022"),
    (
        {"unit": "ikat"},
        "Satuan 'ikat' tidak dikenali; pakai salah satu: pcs, pak, dus, botol, "
        "toples, kg, gram, liter, meter, lembar, set, pasang, lusin",
    ),
    (
        {"nib": "9999999999999"},
        "Tidak ada usaha dengan NIB 9999999999999 di data induk: periksa nomornya, atau daftarkan "
        "usahanya dulu.",
    ),
    ({"nib": "12345"}, "NIB '12345' harus 13 angka, tertulis 5 angka"),
]


@pytest.mark.parametrize(("cells", "reason"), REASONS)
def test_each_rejection_reason(officer, surakarta, business, cells, reason):
    outcomes = run(officer_job(officer, surakarta, [row(1, **cells)]))
    outcome, messages, product_id = outcomes[2]
    assert (outcome, product_id) == ("rejected", None)
    assert messages[0].startswith(reason)
    if "yang terdekat" not in reason:
        assert messages[0] == reason
    assert Product.objects.count() == 0


def test_an_unknown_category_names_the_nearest(officer, surakarta, business):
    outcomes = run(officer_job(officer, surakarta, [row(1, category="Keripik")]))
    message = outcomes[2][1][0]
    assert message.startswith(
        "Kategori 'Keripik' tidak dikenal; yang terdekat: Kuliner › Makanan ringan, "
    )
    assert message.count("›") == 3


def test_an_officer_imports_only_into_coached_businesses(officer, surakarta, kediri):
    stranger = register(
        kediri, name="Batik Kediri", nib="3571000000001", village_code="35.71.01.1001"
    )
    outcomes = run(officer_job(officer, surakarta, [row(1, nib="3571000000001")]))
    assert outcomes[2] == (
        "rejected",
        [
            f"Usaha #{stranger.pk} “Batik Kediri” bukan binaan Dinas Tenaga Kerja dan "
            "Perindustrian Kota Surakarta: hanya usaha binaannya yang dapat diberi produk "
            "lewat impor ini."
        ],
        None,
    )
    assert Product.objects.count() == 0


def test_a_business_by_its_registry_id_and_name_or_by_phone(officer, surakarta, business):
    header = ["ID USAHA", "NAMA USAHA", "NO HP", "NAMA PRODUK", "KATEGORI"]
    rows = [
        [business.pk, "Keripik Tempe Bu Sri", None, "Keripik Tempe", "Makanan ringan"],
        [business.pk, "Batik Lain", None, "Keripik Bayam", "Makanan ringan"],
        [None, None, "0812-3456-7890", "Keripik Jamur", "Makanan ringan"],
        [None, None, None, "Keripik Paru", "Makanan ringan"],
    ]
    job = services.product_import_upload(
        actor=officer, organisation=surakarta, data=xlsx([header, *rows]), filename="p.xlsx"
    )
    outcomes = run(job)
    assert [o[0] for o in outcomes.values()] == ["created", "rejected", "created", "rejected"]
    assert outcomes[3][1] == [
        f"ID data induk {business.pk} adalah usaha “Keripik Tempe Bu Sri”, bukan “Batik Lain”: "
        "periksa ID-nya."
    ]
    assert outcomes[5][1] == [
        "Baris ini tidak menyebut pemilik produknya: isi NIB usaha, atau ID data induk beserta "
        "nama usahanya, atau nomor HP pemilik."
    ]


def test_an_owner_imports_into_their_own_business_only(owner, business, surakarta):
    other = register(surakarta, name="Batik Lain", nib="9120009999999", phone="0813-1111-2222")
    with pytest.raises(PermissionDenied):
        services.product_import_upload(
            actor=owner, business=other, data=xlsx([HEADER, row(1)]), filename="p.xlsx"
        )
    job = services.product_import_upload(
        actor=owner,
        business=business,
        data=xlsx([HEADER, row(1), row(2, "Keripik Bayam", nib="9120009999999")]),
        filename="p.xlsx",
    )
    outcomes = run(job)
    assert outcomes[2][0] == "created"
    assert outcomes[3] == (
        "rejected",
        [
            "Baris ini untuk usaha lain (NIB 9120009999999); Anda hanya dapat mengimpor produk "
            "“Keripik Tempe Bu Sri”."
        ],
        None,
    )
    assert list(Product.objects.values_list("business_id", flat=True)) == [business.pk]
    assert Business.objects.get(pk=other.pk).products.count() == 0


def test_another_office_cannot_import_for_the_organisation(other_officer, surakarta):
    with pytest.raises(PermissionDenied):
        services.product_import_upload(
            actor=other_officer, organisation=surakarta, data=xlsx([HEADER]), filename="p.xlsx"
        )


def test_a_hidden_product_stays_hidden_and_a_draft_is_published_when_the_file_says_so(
    officer, surakarta, business, owner
):
    from naikkelas.catalog.services.products import product_hide

    hidden = created(business, actor=owner, name="Keripik Tempe")
    product_hide(actor=officer, product=hidden, organisation=surakarta, reason="Foto buram.")
    draft = created(business, actor=owner, name="Keripik Bayam", publish=False)
    outcomes = run(
        officer_job(
            officer,
            surakarta,
            [row(1, "Keripik Tempe", status="tayang"), row(2, "Keripik Bayam", status="tayang")],
        )
    )
    assert outcomes[2][1][1] == (
        "Petugas menyembunyikan produk ini (Foto buram.): tetap tersembunyi; hanya petugas yang "
        "dapat menampilkannya lagi."
    )
    assert outcomes[3][1][1] == "Ditampilkan di katalog."
    hidden.refresh_from_db()
    draft.refresh_from_db()
    assert (hidden.status, draft.status) == (ProductStatus.HIDDEN, ProductStatus.PUBLISHED)


def test_the_dry_run_writes_nothing(officer, surakarta, business):
    job = officer_job(officer, surakarta, [row(1), row(2, category="Entah")])
    plan = services.product_import_preview(actor=officer, job=job)
    assert plan.counts() == {"created": 1, "updated": 0, "rejected": 1, "skipped": 0}
    assert Product.objects.count() == 0
    job.refresh_from_db()
    assert (job.status, job.preview["counts"]["created"]) == ("previewed", 1)


def test_the_result_file_has_the_original_rows_and_three_columns(officer, surakarta, business):
    job = officer_job(officer, surakarta, [row(1), row(2, category="Entah")])
    run(job)
    data = services.product_import_result_file(job=job)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    product = Product.objects.get()
    assert values[0] == [*HEADER, "Hasil", "Keterangan", "ID produk"]
    assert values[1][:4] == [1, NIB, "Keripik Tempe Bu Sri", "Keripik Tempe"]
    assert values[1][11:] == ["Dibuat", None, product.pk]
    assert values[2][11] == "Ditolak"
    assert values[2][12].startswith("Kategori 'Entah' tidak dikenal; yang terdekat: ")
    assert values[2][13] is None


def test_an_unreadable_or_headerless_file_is_refused(officer, surakarta):
    with pytest.raises(ValidationError) as error:
        services.product_import_upload(
            actor=officer,
            organisation=surakarta,
            data=xlsx([["A", "B"], [1, 2]]),
            filename="x.xlsx",
        )
    assert error.value.messages == [
        "Tidak ada lembar di berkas ini yang judul kolomnya kami kenali "
        "(NAMA PRODUK, KATEGORI, HARGA, …)."
    ]
    with pytest.raises(ValidationError):
        services.product_import_upload(
            actor=officer, organisation=surakarta, data=b"x", filename="x.pdf"
        )


def test_the_command_line_import_and_its_report(tmp_path, surakarta, business):
    path = tmp_path / "produk.xlsx"
    path.write_bytes(xlsx([HEADER, row(1), row(2, category="Entah")]))
    report = tmp_path / "out.json"
    call_command(
        "import",
        "products",
        str(path),
        organisation=surakarta.slug,
        dry_run=True,
        report=str(report),
    )
    dry = json.loads(report.read_text())
    assert Product.objects.count() == 0
    assert dry["dry_run"] is True
    assert dry["summary"] == {"created": 1, "updated": 0, "rejected": 1, "skipped": 0}
    call_command("import", "products", str(path), organisation=surakarta.slug, report=str(report))
    done = json.loads(report.read_text())
    product = Product.objects.get()
    assert done["rows"][0] == {
        "sheet": "Produk",
        "row": 2,
        "outcome": "created",
        "product_id": product.pk,
        "messages": [],
    }
    assert done["rows"][1]["outcome"] == "rejected"
    assert done["summary"] == {"created": 1, "updated": 0, "rejected": 1, "skipped": 0}
