"""The import's pages, API and command line."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from naikkelas.core.models import Role
from naikkelas.core.services import api_token_create
from naikkelas.registry.models import Business, ImportJob, ImportStatus, MappingTemplate
from naikkelas.registry.services import imports as services
from tests.factories import member
from tests.registry.test_imports_services import messy_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER, name="Dewi Lestari")


def _url(name, organisation, **kwargs):
    return reverse(f"registry:{name}", kwargs={"slug": organisation.slug, **kwargs})


def test_officer_uploads_maps_previews_runs_and_downloads(
    client, officer, surakarta, immediate_tasks, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    response = client.post(
        _url("import_list", surakarta),
        {"file": SimpleUploadedFile("data.xlsx", messy_xlsx())},
    )
    with scopes_disabled():
        job = ImportJob.objects.get()
    assert response["Location"] == _url("import_mapping", surakarta, job_id=job.pk)

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'name="map-0-1"' in page.text  # NAMA USAHA, column B
    columns = {column["index"]: column for column in job.mapping["sheets"][0]["columns"]}
    form = {f"map-0-{index}": column["field"] or "notes" for index, column in columns.items()}
    form["map-0-5"] = ""  # ALAMAT: ignore
    form["template_name"] = "Format bidang IKM"
    # saving the mapping starts the dry run in the background
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("import_mapping", surakarta, job_id=job.pk), form)
    assert response["Location"] == _url("import_preview", surakarta, job_id=job.pk)
    with scopes_disabled():
        template = MappingTemplate.objects.get(organisation=surakarta)
    assert (template.name, template.mapping["ALAMAT"], template.mapping["KEC."]) == (
        "Format bidang IKM",
        None,
        "district",
    )

    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert "Kecamatan &#x27;Kartasura&#x27; tidak ada di Kota Surakarta" in preview.text
    assert Business.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("import_preview", surakarta, job_id=job.pk))
    assert response["Location"] == _url("import_detail", surakarta, job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.counts == {"created": 3, "updated": 0, "duplicate": 1, "rejected": 2, "skipped": 2}
    detail = client.get(response["Location"])
    assert 'value="100"' in detail.text
    assert "NIB &#x27;12345&#x27; harus 13 angka, tertulis 5 angka" in detail.text
    progress = client.get(_url("import_progress", surakarta, job_id=job.pk), HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true"
    download = client.get(_url("import_result", surakarta, job_id=job.pk))
    assert download["Content-Disposition"] == 'attachment; filename="data-hasil.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    assert [cell.value for cell in sheet[5]][-2:] == ["Dibuat", None]
    assert Business.objects.get(name="Keripik Tempe Bu Sri").address == ""


def _mapped(client, officer, surakarta):
    """An uploaded file whose mapping the officer saved: the dry run is queued, not run."""
    client.force_login(officer)
    job = services.import_upload(
        actor=officer, organisation=surakarta, data=messy_xlsx(), filename="a.xlsx"
    )
    form = {
        f"map-0-{column['index']}": column["field"] or "notes"
        for column in job.mapping["sheets"][0]["columns"]
    }
    client.post(_url("import_mapping", surakarta, job_id=job.pk), form)
    job.refresh_from_db()
    return job


def test_the_preview_is_prepared_in_the_background_with_progress(client, officer, surakarta):
    job = _mapped(client, officer, surakarta)
    assert (job.status, job.preview["stage"], job.preview["percent"]) == ("previewing", "queued", 0)

    page = client.get(_url("import_preview", surakarta, job_id=job.pk))
    assert page.status_code == 200
    assert 'data-testid="preview-progress"' in page.text
    assert 'hx-trigger="every 1s"' in page.text
    assert "Menunggu proses latar belakang…" in page.text
    assert 'data-testid="import-run"' not in page.text
    progress_url = _url("import_preview_progress", surakarta, job_id=job.pk)
    polling = client.get(progress_url, HTTP_HX_REQUEST="true")
    assert 'value="0"' in polling.text
    assert "HX-Refresh" not in polling

    services.import_preview_by_id(job.pk, job.preview["token"])  # what the worker runs
    done = client.get(progress_url, HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    page = client.get(_url("import_preview", surakarta, job_id=job.pk))
    assert 'data-testid="import-run"' in page.text
    assert "Kecamatan &#x27;Kartasura&#x27; tidak ada di Kota Surakarta" in page.text
    job.refresh_from_db()
    assert (job.status, job.total_rows, job.counts) == (
        "previewed",
        8,
        {"created": 3, "updated": 0, "duplicate": 1, "rejected": 2, "skipped": 2},
    )
    assert [row["row_number"] for row in job.preview["rows"]] == [5, 6, 7, 8, 9, 10, 11, 12]
    assert Business.objects.count() == 0


def test_a_preview_started_again_replaces_the_one_on_its_way(client, officer, surakarta):
    job = _mapped(client, officer, surakarta)
    first = job.preview["token"]
    client.post(_url("import_preview_start", surakarta, job_id=job.pk))
    job.refresh_from_db()
    second = job.preview["token"]
    assert second != first
    services.import_preview_by_id(job.pk, first)  # the older task finishes late
    job.refresh_from_db()
    assert (job.status, job.preview["token"], job.counts) == ("previewing", second, {})
    services.import_preview_by_id(job.pk, second)
    job.refresh_from_db()
    assert (job.status, job.counts["created"]) == ("previewed", 3)


def test_a_late_preview_does_not_undo_a_started_import(
    client, officer, surakarta, immediate_tasks, django_capture_on_commit_callbacks
):
    job = _mapped(client, officer, surakarta)
    token = job.preview["token"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("import_preview", surakarta, job_id=job.pk))
    services.import_preview_by_id(job.pk, token)
    job.refresh_from_db()
    assert (job.status, job.counts["created"]) == ("done", 3)
    assert Business.objects.count() == 3


def test_a_failed_preview_says_so_and_can_be_started_again(client, officer, surakarta):
    job = _mapped(client, officer, surakarta)
    job.file.delete(save=False)  # the stored file is gone: the dry run cannot read it
    with pytest.raises(FileNotFoundError):
        services.import_preview_by_id(job.pk, job.preview["token"])
    job.refresh_from_db()
    assert (job.status, job.preview["stage"]) == ("uploaded", "failed")
    page = client.get(_url("import_preview", surakarta, job_id=job.pk))
    assert "Pratinjau tidak dapat disiapkan. Belum ada yang disimpan." in page.text
    assert "FileNotFoundError" in page.text
    assert 'hx-trigger="every 1s"' not in page.text
    response = client.post(_url("import_preview_start", surakarta, job_id=job.pk))
    assert response["Location"] == _url("import_preview", surakarta, job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.preview["stage"]) == ("previewing", "queued")


def test_progress_partial_polls_while_running(client, officer, surakarta):
    client.force_login(officer)
    job = services.import_upload(
        actor=officer, organisation=surakarta, data=messy_xlsx(), filename="a.xlsx"
    )
    with scopes_disabled():
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.RUNNING, total_rows=8, processed_rows=2
        )
    response = client.get(_url("import_progress", surakarta, job_id=job.pk), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in response.text
    assert 'value="25"' in response.text
    assert "HX-Refresh" not in response


def test_another_office_cannot_see_the_imports(client, surakarta, kediri, officer):
    job = services.import_upload(
        actor=officer, organisation=surakarta, data=messy_xlsx(), filename="a.xlsx"
    )
    client.force_login(member(kediri, Role.OFFICER))
    assert client.get(_url("import_detail", surakarta, job_id=job.pk)).status_code == 404
    assert client.get(_url("import_list", surakarta)).status_code == 404
    # and through Kediri's own pages, Surakarta's job does not exist
    assert client.get(_url("import_detail", kediri, job_id=job.pk)).status_code == 404
    leader = member(surakarta, Role.LEADER)
    client.force_login(leader)
    assert client.get(_url("import_list", surakarta)).status_code == 403


def _bearer(user):
    _token, secret = api_token_create(user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_api_upload_dry_run_status_rows_and_result(
    client, officer, surakarta, immediate_tasks, django_capture_on_commit_callbacks
):
    headers = _bearer(officer)
    base = f"/api/v1/registry/organisations/{surakarta.slug}/imports"
    response = client.post(
        base,
        {"file": SimpleUploadedFile("data.xlsx", messy_xlsx()), "dry_run": "true"},
        **headers,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    # the dry run is queued; the worker computes it
    assert (body["status"], body["progress_percent"], body["counts"]) == ("previewing", 0, {})
    with scopes_disabled():
        token = ImportJob.objects.get().preview["token"]
    services.import_preview_by_id(body["id"], token)
    body = client.get(f"{base}/{body['id']}", **headers).json()
    assert (body["status"], body["total_rows"]) == ("previewed", 8)
    assert body["counts"] == {
        "created": 3,
        "updated": 0,
        "duplicate": 1,
        "rejected": 2,
        "skipped": 2,
    }
    assert Business.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"{base}/{body['id']}/start", **headers)
    assert started.status_code == 200
    assert client.get(f"{base}/{body['id']}", **headers).json()["counts"]["created"] == 3

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            base, {"file": SimpleUploadedFile("data.xlsx", messy_xlsx())}, **headers
        )
    job_id = response.json()["id"]
    status = client.get(f"{base}/{job_id}", **headers).json()
    assert (status["status"], status["progress_percent"], status["processed_rows"]) == (
        "done",
        100,
        8,
    )
    rows = client.get(f"{base}/{job_id}/rows?outcome=rejected", **headers).json()
    assert rows == [
        {
            "sheet": "IKM 2025",
            "row": 8,
            "outcome": "rejected",
            "business_id": None,
            "duplicate_of": None,
            "messages": [
                "Kecamatan 'Kartasura' tidak ada di Kota Surakarta (ada di Kabupaten Sukoharjo)"
            ],
        },
        {
            "sheet": "IKM 2025",
            "row": 11,
            "outcome": "rejected",
            "business_id": None,
            "duplicate_of": None,
            "messages": ["NIB '12345' harus 13 angka, tertulis 5 angka"],
        },
    ]
    result = client.get(f"{base}/{job_id}/result.xlsx", **headers)
    assert result.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(result.content)).active
    assert [cell.value for cell in sheet[4]][-2:] == ["Hasil", "Keterangan"]


def test_api_kediri_officer_gets_404_on_surakarta_imports(client, officer, surakarta, kediri):
    job = services.import_upload(
        actor=officer, organisation=surakarta, data=messy_xlsx(), filename="a.xlsx"
    )
    headers = _bearer(member(kediri, Role.OFFICER))
    base = f"/api/v1/registry/organisations/{surakarta.slug}/imports"
    assert client.get(f"{base}/{job.pk}", **headers).status_code == 404
    assert client.get(f"{base}/{job.pk}/rows", **headers).status_code == 404
    assert client.get(f"{base}/{job.pk}/result.xlsx", **headers).status_code == 404
    response = client.post(base, {"file": SimpleUploadedFile("a.xlsx", messy_xlsx())}, **headers)
    assert response.status_code == 404
    own = f"/api/v1/registry/organisations/{kediri.slug}/imports/{job.pk}"
    assert client.get(own, **headers).status_code == 404


def test_cli_imports_and_writes_the_json_report(tmp_path, surakarta):
    source = tmp_path / "data ikm.xlsx"
    source.write_bytes(messy_xlsx())
    report = tmp_path / "hasil.json"
    call_command(
        "import",
        "businesses",
        str(source),
        "--organisation",
        surakarta.slug,
        "--report",
        str(report),
    )
    data = json.loads(report.read_text())
    assert data["summary"] == {
        "created": 3,
        "updated": 0,
        "duplicate": 1,
        "rejected": 2,
        "skipped": 2,
    }
    by_row = {row["row"]: row for row in data["rows"]}
    created = Business.objects.get(name="Keripik Tempe Bu Sri")
    assert by_row[5] == {
        "sheet": "IKM 2025",
        "row": 5,
        "outcome": "created",
        "business_id": created.pk,
        "duplicate_of": None,
        "messages": [],
    }
    assert by_row[9]["outcome"] == "duplicate"
    assert by_row[9]["duplicate_of"] == created.pk
    assert by_row[9]["messages"] == [
        "Usaha yang sama dengan baris 5 di berkas ini; tidak dibuat dua kali."
    ]
    assert by_row[12]["outcome"] == "skipped"

    again = tmp_path / "lagi.json"
    call_command(
        "import",
        "businesses",
        str(source),
        "--organisation",
        surakarta.slug,
        "--report",
        str(again),
    )
    assert json.loads(again.read_text())["summary"]["created"] == 0


def test_cli_dry_run_stores_nothing(tmp_path, surakarta):
    source = tmp_path / "data.xlsx"
    source.write_bytes(messy_xlsx())
    report = tmp_path / "r.json"
    call_command(
        "import",
        "businesses",
        str(source),
        "--organisation",
        surakarta.slug,
        "--dry-run",
        "--report",
        str(report),
    )
    assert json.loads(report.read_text())["summary"]["created"] == 3
    assert Business.objects.count() == 0


def test_cli_refuses_unknown_organisation_and_unreadable_file(tmp_path, surakarta):
    source = tmp_path / "data.xlsx"
    source.write_bytes(messy_xlsx())
    with pytest.raises(CommandError, match="unknown organisation 'dinas-entah'"):
        call_command("import", "businesses", str(source), "--organisation", "dinas-entah")
    with pytest.raises(CommandError, match=r"cannot read .*tidak-ada\.xlsx"):
        call_command(
            "import",
            "businesses",
            str(tmp_path / "tidak-ada.xlsx"),
            "--organisation",
            surakarta.slug,
        )
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CommandError, match=r"rusak\.xlsx: Berkas tidak dapat dibaca"):
        call_command("import", "businesses", str(broken), "--organisation", surakarta.slug)


def test_cli_uses_a_saved_mapping_template(tmp_path, surakarta):
    mapping = services.current_mapping(
        services.import_upload(
            actor=None, organisation=surakarta, data=messy_xlsx(), filename="a.xlsx"
        )
    )
    mapping["NO. HP/WA"] = None
    services.mapping_template_save(
        actor=None, organisation=surakarta, name="tanpa HP", mapping=mapping
    )
    source = tmp_path / "data.xlsx"
    source.write_bytes(messy_xlsx())
    call_command(
        "import",
        "businesses",
        str(source),
        "--organisation",
        surakarta.slug,
        "--mapping-template",
        "tanpa HP",
    )
    assert Business.objects.get(name="Keripik Tempe Bu Sri").owners.get().phone == ""
