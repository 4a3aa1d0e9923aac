"""The spreadsheet import end to end through its services: outcomes, messages, re-import,
a crash half-way and its resumption, the result file, mapping templates."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.db import connection
from django_scopes import scope, scopes_disabled

from naikkelas.core.models import AuditEntry, Role
from naikkelas.registry.models import (
    Business,
    CoachingRelation,
    DuplicateCluster,
    ImportJob,
    ImportRow,
    ImportStatus,
    MappingTemplate,
)
from naikkelas.registry.services import imports as services
from naikkelas.registry.sizeclass import MILIAR
from tests.factories import member
from tests.factories.registry import register

pytestmark = pytest.mark.django_db

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
    "JML TK",
    "OMZET/BLN",
]
ROWS = [
    # row 5: new
    [1, "Keripik Tempe Bu Sri", "Sri Wahyuningsih", "P", "0812-3456-7890", "Jl. Dr. Rajiman 12",
     "Laweyan", "Kec. Laweyan", "9120001234567", 3, "Rp 5.000.000"],
    # row 6: the NIB of a business Surakarta coaches: updated
    [2, "Batik Sekar Arum", "Joko Santoso", "L", 81298765432.0, "Jl. Sidoluhur 7",
     "Kel. Sondakan", "laweyan", 9120007654321.0, "4 orang", "5 jt"],
    # row 7: blank
    [],
    # row 8: a district of another city: rejected
    [3, "Soto Seger Pak Min", "Slamet Riyadi", "L", "+62 813 1111 2222", "Jl. Slamet Riyadi 1",
     "Kerten", "Kartasura", None, 2, "1.500.000"],
    # row 9: row 5 again: a duplicate within the file
    [4, "Keripik Tempe Bu Sri", "Ibu Sri Wahyuningsih", "P", "081234567890", "Jl. Dr. Rajiman 12",
     "LAWEYAN", "Laweyan", None, 3, 5000000],
    # row 10: already in the registry, coached by nobody: duplicate, now coached
    [5, "Serabi Notosuman", "Ibu Lidya Wati", "P", "0813-2900-1122", "Jl. Moh. Yamin 28",
     "Penumping", "Laweyan", None, 6, "Rp 20 jt"],
    # row 11: a bad NIB: rejected
    [6, "Mebel Jati Makmur", "Agus Susilo", "L", "0815-6789-0001", "Jl. Jajar 3", "Jajar",
     "Laweyan", "12345", 5, "Rp 10.000.000"],
]  # fmt: skip


def messy_xlsx(rows=ROWS, *, title: str = "DATA IKM BINAAN KOTA SURAKARTA") -> bytes:
    """Title rows over merged cells, the header on row 4, data from row 5, a total row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "IKM 2025"
    sheet.append([title])
    sheet.merge_cells("A1:K1")
    sheet.append(["Keadaan 31 Desember 2025"])
    sheet.merge_cells("A2:K2")
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    sheet.append([None, "JUMLAH", None, None, None, None, None, None, None, 23, None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER, name="Dewi Lestari")


@pytest.fixture
def registry(surakarta):
    """A business Surakarta coaches (NIB 9120007654321) and one nobody coaches."""
    coached = register(
        surakarta,
        name="Batik Sekar Arum",
        owner="Joko Santoso",
        gender="male",
        phone="081298765432",
        village_code="33.72.01.1008",
        nib="9120007654321",
        annual_sales=30_000_000,
    )
    uncoached = register(
        None,
        name="Serabi Notosuman",
        owner="Lidya Wati",
        phone="0813-2900-1122",
        village_code="33.72.01.1005",
    )
    return coached, uncoached


def upload(officer, organisation, data=None, filename="data ikm.xlsx"):
    return services.import_upload(
        actor=officer, organisation=organisation, data=data or messy_xlsx(), filename=filename
    )


def rows_of(job):
    return {
        row.row_number: (
            row.outcome,
            row.business_id,
            row.duplicate_of_id,
            [m["id"] for m in row.messages],
        )
        for row in ImportRow.objects.filter(job=job)
    }


def test_upload_suggests_the_mapping_with_confidence(officer, surakarta):
    job = upload(officer, surakarta)
    assert job.area_code == "33.72"
    assert len(job.sha256) == 64
    (sheet,) = job.mapping["sheets"]
    assert sheet["header_row"] == 4
    fields = {
        column["header"]: (column["field"], column["confidence"]) for column in sheet["columns"]
    }
    assert fields["NAMA USAHA"] == ("name", 1.0)
    assert fields["KEC."] == ("district", 1.0)
    assert fields["OMZET/BLN"] == ("monthly_sales", 1.0)
    with scope(organisation=surakarta):
        assert AuditEntry.objects.filter(action="import.upload").count() == 1


def test_upload_refuses_other_files(officer, surakarta):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        upload(officer, surakarta, data=b"MZ\x90\x00", filename="virus.exe")
    assert error.value.message_dict == {
        "file": ["Unggah berkas XLSX, XLS, ODS atau CSV (berkas ini «virus.exe»)."]
    }
    with pytest.raises(ValidationError):
        upload(officer, surakarta, data=b"x" * (20 * 1024 * 1024 + 1), filename="big.csv")


def test_every_row_ends_with_one_outcome_and_an_indonesian_reason(officer, surakarta, registry):
    coached, uncoached = registry
    job = upload(officer, surakarta)
    services.import_run(job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.counts == {"created": 1, "updated": 1, "duplicate": 2, "rejected": 2, "skipped": 2}
    assert (job.total_rows, job.processed_rows) == (8, 8)
    rows = rows_of(job)
    new = Business.objects.get(name="Keripik Tempe Bu Sri")
    assert rows[5] == ("created", new.pk, None, [])
    assert rows[6] == ("updated", coached.pk, None, ["Diperbarui: Alamat, Omzet per tahun."])
    assert rows[7] == ("skipped", None, None, ["Baris kosong"])
    assert rows[8] == (
        "rejected",
        None,
        None,
        ["Kecamatan 'Kartasura' tidak ada di Kota Surakarta (ada di Kabupaten Sukoharjo)"],
    )
    assert rows[9] == (
        "duplicate",
        None,
        new.pk,
        ["Usaha yang sama dengan baris 5 di berkas ini; tidak dibuat dua kali."],
    )
    outcome, business_id, duplicate_of, messages = rows[10]
    assert (outcome, business_id, duplicate_of) == ("duplicate", None, uncoached.pk)
    assert messages[0].startswith(
        f"Tampaknya sama dengan usaha #{uncoached.pk} «Serabi Notosuman» "
        "yang sudah terdaftar (skor "
    )
    assert messages[1] == f"Kini menjadi binaan {surakarta.name}."
    assert rows[11] == ("rejected", None, None, ["NIB '12345' harus 13 angka, tertulis 5 angka"])
    assert rows[12] == ("skipped", None, None, ["Baris jumlah/total"])

    # the created business: normalised, in its village, coached, sized
    assert (new.village_id, new.district_code, new.source) == (
        "33.72.01.1002",
        "33.72.01",
        "import",
    )
    assert (new.nib, new.annual_sales, new.size_class, new.women_led) == (
        "9120001234567",
        60_000_000,
        "micro",
        True,
    )
    assert new.extra == {"monthly_sales": 5_000_000, "workforce_total": 3}
    owner = new.owners.get()
    assert (owner.name, owner.phone, owner.gender) == (
        "Sri Wahyuningsih",
        "+6281234567890",
        "female",
    )
    coached.refresh_from_db()
    assert (coached.annual_sales, coached.address) == (60_000_000, "Jl. Sidoluhur 7")
    assert coached.updated_by == officer
    with scopes_disabled():
        assert set(
            CoachingRelation.objects.filter(organisation=surakarta).values_list(
                "business", flat=True
            )
        ) == {
            new.pk,
            coached.pk,
            uncoached.pk,
        }
    with scope(organisation=surakarta):
        update = AuditEntry.objects.get(action="business.update", object_id=str(coached.pk))
        assert update.changes["annual_sales"] == [30_000_000, 60_000_000]
        run = AuditEntry.objects.get(action="import.run")
        assert run.actor == officer
        assert run.changes["filename"] == "data ikm.xlsx"
        assert run.changes["counts"] == job.counts


def test_importing_the_same_file_again_creates_nothing_new(officer, surakarta, registry):
    first = upload(officer, surakarta)
    services.import_run(job=first)
    businesses = Business.objects.count()
    second = upload(officer, surakarta)
    services.import_run(job=second)
    second.refresh_from_db()
    assert Business.objects.count() == businesses
    assert second.counts == {
        "created": 0,
        "updated": 2,
        "duplicate": 2,
        "rejected": 2,
        "skipped": 2,
    }
    rows = rows_of(second)
    created = Business.objects.get(name="Keripik Tempe Bu Sri")
    # the same NIB, coached by Surakarta since the first import: updated, with no change
    assert rows[5] == ("updated", created.pk, None, ["Data sudah sama; tidak ada yang diubah."])
    assert rows[6][3] == ["Data sudah sama; tidak ada yang diubah."]
    assert rows[9][:3] == ("duplicate", None, created.pk)
    # already coached: no coaching added this time; its new values already wait for review
    cluster = DuplicateCluster.objects.get()
    assert rows[10][3][1:] == [
        f"Nilai yang sama sudah menunggu ditinjau (kemungkinan duplikat #{cluster.pk})."
    ]


def _fail_on_insert(name: str):
    """A database trigger that refuses one business: a crash inside storage."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE TRIGGER refuse_one BEFORE INSERT ON registry_business "
                f"WHEN NEW.name = '{name}' BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION refuse_one() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.name = '{name}' THEN RAISE EXCEPTION 'disk full'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_one BEFORE INSERT ON registry_business "
                "FOR EACH ROW EXECUTE FUNCTION refuse_one()"
            )


def _allow_again():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER refuse_one")
        else:
            cursor.execute("DROP TRIGGER refuse_one ON registry_business")
            cursor.execute("DROP FUNCTION refuse_one()")


def test_a_crash_half_way_leaves_a_resumable_import(officer, surakarta, registry):
    names = [
        "Gudeg Yu Djum",
        "Sablon Kaos Prima",
        "Gamelan Tentrem",
        "Lampu Hias Kencana",
        "Jamu Gendong Mbok Sarmi",
        "Wayang Kulit Sukasman",
    ]
    owners = ["Djumilah", "Hendra Wijaya", "Sarwono", "Tutik Handayani", "Sarmi", "Sukasman"]
    rows = [
        [n + 1, names[n], owners[n], "L", f"0812-7{n}{n}0-{n:04d}", "Jl. Baru", "Pajang",
         "Laweyan", None, 1, "Rp 1.000.000"]
        for n in range(6)
    ]  # fmt: skip
    # row 8 (the first of the second batch of three): the database refuses it
    job = upload(officer, surakarta, data=messy_xlsx(rows))
    _fail_on_insert("Lampu Hias Kencana")
    with pytest.raises(Exception, match="disk full"):
        services.import_run(job=job, batch_size=3)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "disk full" in job.error
    # the first batch (rows 5-7) is stored whole, the second not at all
    assert sorted(ImportRow.objects.filter(job=job).values_list("row_number", flat=True)) == [
        5,
        6,
        7,
    ]
    assert Business.objects.filter(name__in=names).count() == 3
    assert job.processed_rows == 3

    _allow_again()
    services.import_run(job=job, batch_size=3)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.counts == {"created": 6, "updated": 0, "duplicate": 0, "rejected": 0, "skipped": 1}
    assert ImportRow.objects.filter(job=job).count() == 7
    assert Business.objects.filter(name__in=names).count() == 6
    assert sorted(
        ImportRow.objects.filter(job=job, outcome="created").values_list("row_number", flat=True)
    ) == [5, 6, 7, 8, 9, 10]


def test_result_file_holds_the_original_rows_with_outcome_and_reason(officer, surakarta, registry):
    job = upload(officer, surakarta)
    services.import_run(job=job)
    job.refresh_from_db()
    data = services.import_result_file(job=job)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "DATA IKM BINAAN KOTA SURAKARTA"
    assert values[3][-2:] == ("Hasil", "Keterangan") or values[3][-2:] == ["Hasil", "Keterangan"]
    assert values[4][1] == "Keripik Tempe Bu Sri"
    assert values[4][-2:] == ["Dibuat", None] or values[4][-2:] == ["Dibuat", ""]
    assert values[7][-2:] == [
        "Ditolak",
        "Kecamatan 'Kartasura' tidak ada di Kota Surakarta (ada di Kabupaten Sukoharjo)",
    ]
    assert values[10][-2:] == ["Ditolak", "NIB '12345' harus 13 angka, tertulis 5 angka"]
    assert values[11][1] == "JUMLAH"
    assert values[11][-2:] == ["Dilewati", "Baris jumlah/total"]
    job.refresh_from_db()
    assert job.result_file.name.endswith(".xlsx")


def test_mapping_template_is_saved_and_reused(officer, surakarta, registry):
    job = upload(officer, surakarta)
    mapping = services.current_mapping(job)
    assert mapping["NAMA USAHA"] == "name"
    mapping["ALAMAT"] = None  # leave the address out
    template = services.mapping_template_save(
        actor=officer, organisation=surakarta, name="Data IKM bidang", mapping=mapping
    )
    with scopes_disabled():
        assert MappingTemplate.objects.get().mapping["ALAMAT"] is None
    later = upload(officer, surakarta)
    services.import_template_apply(actor=officer, job=later, name=template.name)
    later.refresh_from_db()
    assert later.mapping["template"] == "Data IKM bidang"
    services.import_run(job=later)
    created = Business.objects.get(name="Keripik Tempe Bu Sri")
    assert created.address == ""
    with scopes_disabled():
        assert ImportJob.objects.get(pk=later.pk).counts["created"] == 1


def test_preview_writes_no_business(officer, surakarta, registry):
    job = upload(officer, surakarta)
    before = Business.objects.count()
    plan = services.import_preview(actor=officer, job=job)
    assert plan.counts() == {
        "created": 1,
        "updated": 1,
        "duplicate": 2,
        "rejected": 2,
        "skipped": 2,
    }
    assert Business.objects.count() == before
    assert ImportRow.objects.count() == 0
    job.refresh_from_db()
    assert (job.status, job.total_rows) == (ImportStatus.PREVIEWED, 8)
    assert job.preview["counts"] == plan.counts()
    assert [(row["row_number"], row["outcome"]) for row in job.preview["rows"]] == [
        (5, "created"), (6, "updated"), (7, "skipped"), (8, "rejected"), (9, "duplicate"),
        (10, "duplicate"), (11, "rejected"), (12, "skipped"),
    ]  # fmt: skip
    assert job.preview["rows"][4] == {
        "sheet": "IKM 2025",
        "row_number": 9,
        "outcome": "duplicate",
        "name": "Keripik Tempe Bu Sri",
        "messages": [
            {
                "code": "duplicate_in_file",
                "id": "Usaha yang sama dengan baris 5 di berkas ini; tidak dibuat dua kali.",
                "en": "Same business as row 5 of this file; not created twice.",
            }
        ],
    }


def test_the_plan_reports_its_progress_step_by_step(officer, surakarta, registry):
    job = upload(officer, surakarta)
    seen = []
    services.import_plan(
        organisation=surakarta,
        data=messy_xlsx(),
        filename=job.filename,
        area_code=job.area_code,
        progress=lambda stage, percent: seen.append((stage, percent)),
    )
    assert seen == [
        ("read", 0),
        ("parse", 2),
        ("parse", 34),  # the 8 rows below the header, of the sheet's 12
        ("registry", 50),
        ("link", 58),
        ("decide", 92),
    ]


def test_amounts_too_large_for_the_database_are_rejected(officer, surakarta):
    rows = [[1, "Toko Besar Sekali", "Budi", "L", None, None, "Pajang", "Laweyan", None, 1, 10**19]]
    job = upload(officer, surakarta, data=messy_xlsx(rows))
    services.import_run(job=job)
    assert rows_of(job)[5][0] == "rejected"
    assert Business.objects.count() == 0
    assert 2 * MILIAR  # sizes are covered by test_sizeclass


def test_a_kbli_code_unknown_to_kbli_2020_is_kept_in_the_notes(officer, surakarta):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["NO", "NAMA USAHA", "NAMA PEMILIK", "KEL.", "KEC.", "KBLI"])
    sheet.append([1, "Toko Roti Sari", "Budi Santoso", "Pajang", "Laweyan", "04123"])
    sheet.append([2, "Keripik Tempe Bu Sri", "Sri Wahyuni", "Pajang", "Laweyan", "10792"])
    buffer = io.BytesIO()
    book.save(buffer)
    job = upload(officer, surakarta, data=buffer.getvalue(), filename="kbli.xlsx")
    services.import_run(job=job)
    found = rows_of(job)
    assert found[2][0] == "created"
    assert found[2][3] == ["KBLI 04123 bukan kode KBLI 2020; disimpan di catatan."]
    unknown = Business.objects.get(name="Toko Roti Sari")
    assert (unknown.kbli_section, unknown.kbli_division, unknown.extra["kbli"]) == ("", "", "04123")
    known = Business.objects.get(name="Keripik Tempe Bu Sri")
    assert (known.kbli_section, known.kbli_division) == ("C", "10")
