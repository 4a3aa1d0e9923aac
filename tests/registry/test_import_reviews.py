"""Rows an import links to a business already in the registry, whose values say more than
the business: one open duplicate cluster per business, reviewed row by row (merged into
the business without losing anything, or registered as another business)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope, scopes_disabled

from naikkelas.core.models import AuditEntry, Role
from naikkelas.core.services import api_token_create
from naikkelas.registry.models import (
    Business,
    CoachingRelation,
    DuplicateCluster,
    ImportRow,
)
from naikkelas.registry.services import imports as services
from naikkelas.registry.services.duplicates import (
    business_merge,
    duplicate_dismiss,
    duplicates_find,
    import_row_merge,
    import_row_separate,
)
from tests.factories import member
from tests.factories.registry import register
from tests.registry.test_imports_services import messy_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER, name="Dewi Lestari")


@pytest.fixture
def serabi():
    """In the registry, coached by nobody: row 10 of the spreadsheet is this business,
    with an address, workers and sales the registry does not have."""
    return register(
        None,
        name="Serabi Notosuman",
        owner="Lidya Wati",
        phone="0813-2900-1122",
        village_code="33.72.01.1005",
    )


def _import(officer, organisation, data=None):
    job = services.import_upload(
        actor=officer, organisation=organisation, data=data or messy_xlsx(), filename="ikm.xlsx"
    )
    services.import_run(job=job)
    return job


def _row(job, number):
    return ImportRow.objects.get(job=job, row_number=number)


def test_a_linked_row_that_says_more_waits_in_one_cluster_of_its_business(
    officer, surakarta, serabi
):
    job = _import(officer, surakarta)
    cluster = DuplicateCluster.objects.get()
    assert (cluster.origin, cluster.status) == ("import", "open")
    assert list(cluster.members.values_list("pk", flat=True)) == [serabi.pk]
    row = _row(job, 10)
    assert (row.outcome, row.duplicate_of_id, row.cluster_id, row.review) == (
        "duplicate",
        serabi.pk,
        cluster.pk,
        "open",
    )
    assert row.record["address"] == "Jl. Moh. Yamin 28"
    assert [m["id"] for m in row.messages][-1] == (
        f"Ada nilai yang berbeda dari usaha #{serabi.pk}: menunggu ditinjau petugas "
        f"(kemungkinan duplikat #{cluster.pk})."
    )
    (evidence,) = cluster.evidence
    assert {k: evidence[k] for k in ("origin", "job", "sheet", "row", "reason")} == {
        "origin": "import",
        "job": job.pk,
        "sheet": "IKM 2025",
        "row": 10,
        "reason": "similar",
    }
    assert cluster.score == round(evidence["score"], 4)
    # row 9 repeats row 5 with only a title added to the owner's name: nothing to review
    assert (_row(job, 9).review, _row(job, 9).cluster_id) == ("", None)


def test_importing_the_same_file_again_opens_no_second_cluster_nor_row(officer, surakarta, serabi):
    _import(officer, surakarta)
    again = _import(officer, surakarta)
    cluster = DuplicateCluster.objects.get()
    assert ImportRow.objects.filter(review="open").count() == 1
    row = _row(again, 10)
    assert (row.review, row.cluster_id) == ("", None)
    assert [m["id"] for m in row.messages][-1] == (
        f"Nilai yang sama sudah menunggu ditinjau (kemungkinan duplikat #{cluster.pk})."
    )


def test_merging_a_row_takes_the_chosen_values_and_loses_nothing(officer, surakarta, serabi):
    job = _import(officer, surakarta)
    row = _row(job, 10)
    business = import_row_merge(actor=officer, row=row, choices={"name": "row"})
    business.refresh_from_db()
    # chosen, and what the business lacked
    assert (business.name, business.address, business.workforce_men) == (
        "Serabi Notosuman",
        "Jl. Moh. Yamin 28",
        None,
    )
    assert business.annual_sales == 240_000_000
    assert business.sales_reported_on == dt.date.today()
    imported = business.extra["imported"][str(row.pk)]
    assert {k: imported[k] for k in ("import", "file", "sheet", "row")} == {
        "import": job.pk,
        "file": "ikm.xlsx",
        "sheet": "IKM 2025",
        "row": 10,
    }
    assert imported["replaced"] == {}
    # the same owner (a title more in the spreadsheet): completed, not added twice
    assert list(business.owners.values_list("name", "phone")) == [("Lidya Wati", "+6281329001122")]
    row.refresh_from_db()
    cluster = DuplicateCluster.objects.get()
    assert (row.review, cluster.status, cluster.resolved_by) == ("merged", "merged", officer)
    with scope(organisation=surakarta):
        entry = AuditEntry.objects.get(action="business.merge_import_row")
    assert entry.changes["address"] == ["", "Jl. Moh. Yamin 28"]
    assert entry.changes["import_row"][1]["row"] == 10
    with pytest.raises(ValidationError, match="sudah ditinjau"):
        import_row_merge(actor=officer, row=row)


def test_values_not_chosen_stay_with_the_business_as_import_history(officer, surakarta, serabi):
    Business.objects.filter(pk=serabi.pk).update(address="Jl. Yos Sudarso 5")
    job = _import(officer, surakarta)
    row = _row(job, 10)
    import_row_merge(actor=officer, row=row, choices={"address": "business"})
    serabi.refresh_from_db()
    assert serabi.address == "Jl. Yos Sudarso 5"
    assert serabi.extra["imported"][str(row.pk)]["not_kept"] == {"address": "Jl. Moh. Yamin 28"}


def test_a_row_that_is_another_business_is_registered_separately(officer, surakarta, serabi):
    job = _import(officer, surakarta)
    row = _row(job, 10)
    created = import_row_separate(actor=officer, row=row)
    assert (created.name, created.address, created.source) == (
        "Serabi Notosuman",
        "Jl. Moh. Yamin 28",
        "import",
    )
    with scopes_disabled():
        assert CoachingRelation.objects.filter(business=created, organisation=surakarta).exists()
    row.refresh_from_db()
    assert (row.review, row.business_id, row.duplicate_of_id) == ("separate", created.pk, serabi.pk)
    assert DuplicateCluster.objects.get().status == "dismissed"
    # the officer's decision stands: detection does not pair them again through the import
    duplicates_find(organisation=surakarta)
    assert not DuplicateCluster.objects.filter(origin="import", status="open").exists()


def test_only_an_office_coaching_the_business_reviews_its_rows(officer, surakarta, kediri, serabi):
    job = _import(officer, surakarta)
    stranger = member(kediri, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        import_row_merge(actor=stranger, row=_row(job, 10))
    with pytest.raises(PermissionDenied):
        import_row_separate(actor=stranger, row=_row(job, 10))
    cluster = DuplicateCluster.objects.get()
    with pytest.raises(ValidationError, match="setiap baris"):
        duplicate_dismiss(actor=officer, cluster=cluster)


def test_detection_and_merges_leave_an_import_cluster_open(officer, surakarta, serabi):
    job = _import(officer, surakarta)
    twin = register(surakarta, actor=officer, name="Serabi Notosuman", owner="Lidya Wati",
                    phone="0813-2900-1122", village_code="33.72.01.1005")  # fmt: skip
    duplicates_find(organisation=surakarta)
    imported = DuplicateCluster.objects.get(origin="import")
    found = DuplicateCluster.objects.get(origin="detection")
    assert sorted(found.members.values_list("pk", flat=True)) == [serabi.pk, twin.pk]
    assert list(imported.members.values_list("pk", flat=True)) == [serabi.pk]
    business_merge(actor=officer, survivor=twin, merged=serabi, cluster=found)
    imported.refresh_from_db()
    assert imported.status == "open"
    assert list(imported.members.values_list("pk", flat=True)) == [twin.pk]
    row = _row(job, 10)
    assert row.duplicate_of_id == twin.pk
    assert import_row_merge(actor=officer, row=row).pk == twin.pk


def test_the_officer_reviews_a_row_on_the_page(client, officer, surakarta, serabi):
    job = _import(officer, surakarta)
    cluster = DuplicateCluster.objects.get()
    row = _row(job, 10)
    client.force_login(officer)
    listing = client.get(f"/o/{surakarta.slug}/registry/duplicates/").content.decode()
    assert "Serabi Notosuman · 1 baris spreadsheet" in listing
    page = client.get(f"/o/{surakarta.slug}/registry/duplicates/{cluster.pk}/")
    html = page.content.decode()
    assert "Baris 10 dari ikm.xlsx (IKM 2025)" in html
    # the business has no address: the row's is kept unless the officer says otherwise
    assert '<input type="radio" name="choice_address" value="row" checked>' in html
    assert "Jl. Moh. Yamin 28" in html
    response = client.post(
        f"/o/{surakarta.slug}/registry/duplicates/{cluster.pk}/rows/{row.pk}/merge/",
        {"choice_name": "business"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.review == "merged"
    html = client.get(response["Location"]).content.decode()
    assert "Baris 10 digabungkan ke Serabi Notosuman; tidak ada data yang hilang." in html


def test_the_api_shows_the_rows_and_registers_one_separately(client, officer, surakarta, serabi):
    job = _import(officer, surakarta)
    cluster = DuplicateCluster.objects.get()
    row = _row(job, 10)
    _token, secret = api_token_create(user=officer, name="uji")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    base = f"/api/v1/registry/organisations/{surakarta.slug}/duplicates/{cluster.pk}"
    body = client.get(base, **headers).json()
    assert (body["origin"], body["evidence"]) == ("import", [])
    (shown,) = body["import_rows"]
    assert (shown["id"], shown["row"], shown["review"]) == (row.pk, 10, "open")
    assert shown["values"]["address"] == ["Jl. Moh. Yamin 28"]
    assert shown["evidence"]["score"] > 0.8
    response = client.post(f"{base}/rows/{row.pk}/separate", **headers)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "dismissed"
    assert response.json()["import_rows"][0]["review"] == "separate"
