import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from naikkelas.core.models import Role
from naikkelas.core.services import api_token_create
from naikkelas.registry.models import Business, Certificate
from naikkelas.registry.services.businesses import certificate_save
from naikkelas.registry.sizeclass import MILIAR
from tests.factories import member
from tests.factories.registry import register

pytestmark = pytest.mark.django_db
API = "/api/v1/registry/organisations"


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER)


@pytest.fixture
def token(officer):
    _token, secret = api_token_create(user=officer, name="Excel sync")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def batik(surakarta, officer):
    return register(
        surakarta,
        actor=officer,
        name="Batik Laweyan Sari",
        owner="Siti Aminah",
        phone="0812-1111-2222",
        village_code="33.72.01.1002",
        kbli="13",
        annual_sales=3 * MILIAR,
    )


@pytest.fixture
def tenun(kediri):
    return register(kediri, name="Tenun Ikat Bandar", village_code="35.71.01.1001")


def test_list_returns_the_coached_businesses_with_filters(
    client, surakarta, officer, token, batik, tenun
):
    register(surakarta, name="Keripik Serengan", village_code="33.72.02.1001", phone="")
    response = client.get(f"{API}/{surakarta.slug}/businesses", **token)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [item["name"] for item in body["items"]] == ["Batik Laweyan Sari", "Keripik Serengan"]
    first = body["items"][0]
    assert {
        k: first[k] for k in ("village", "district", "regency", "size_class", "owner_phone")
    } == {
        "village": "Laweyan",
        "district": "Laweyan",
        "regency": "Kota Surakarta",
        "size_class": "small",
        "owner_phone": "+6281211112222",
    }
    filtered = client.get(
        f"{API}/{surakarta.slug}/businesses", {"region": "33.72.02", "limit": 1}, **token
    ).json()
    assert (filtered["count"], [i["name"] for i in filtered["items"]]) == (1, ["Keripik Serengan"])
    women = client.get(
        f"{API}/{surakarta.slug}/businesses", {"women_led": "true", "q": "batik"}, **token
    )
    assert [i["name"] for i in women.json()["items"]] == ["Batik Laweyan Sari"]


def test_create_registers_a_coached_business(client, surakarta, token):
    response = client.post(
        f"{API}/{surakarta.slug}/businesses",
        data=json.dumps(
            {
                "name": "Jamu Gendong Mbak Rini",
                "village_code": "33.72.01.1001",
                "kbli": "21",
                "capital": 20_000_000,
                "owners": [
                    {
                        "name": "Rini",
                        "gender": "female",
                        "phone": "0857 1234 5678",
                        "nik": "3372014101900002",
                    }
                ],
                "program": "Pelatihan Halal",
            }
        ),
        content_type="application/json",
        **token,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["size_class"], body["program"], body["kbli_section"]) == (
        "Jamu Gendong Mbak Rini",
        "micro",
        "Pelatihan Halal",
        "C",
    )
    assert body["owners"][0]["phone"] == "+6285712345678"
    assert body["owners"][0]["nik"] == "3372014101900002"
    assert Business.objects.get(pk=body["id"]).source == "officer"


def test_validation_errors_are_422_in_the_request_language(client, surakarta, token):
    payload = json.dumps({"name": "Salah", "nib": "12"})
    response = client.post(
        f"{API}/{surakarta.slug}/businesses",
        data=payload,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="id",
        **token,
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": "NIB '12' harus 13 angka.",
        "fields": {"nib": ["NIB '12' harus 13 angka."]},
    }
    english = client.post(
        f"{API}/{surakarta.slug}/businesses",
        data=payload,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **token,
    )
    assert english.json()["detail"] == "NIB '12' must be 13 digits."


def test_patch_changes_details_and_size_class(client, surakarta, token, batik):
    response = client.patch(
        f"{API}/{surakarta.slug}/businesses/{batik.pk}",
        data=json.dumps({"annual_sales": 16 * MILIAR, "status": "dormant"}),
        content_type="application/json",
        **token,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["size_class"], body["status"], body["annual_sales"]) == (
        "medium",
        "dormant",
        16 * MILIAR,
    )
    assert body["sales_reported_on"] == timezone.localdate().isoformat()
    batik.refresh_from_db()
    assert batik.size_class == "medium"


def test_kediri_officer_gets_404_for_a_surakarta_business(client, kediri, batik):
    stranger = member(kediri, Role.OFFICER)
    _token, secret = api_token_create(user=stranger, name="x")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(f"{API}/kadin-kediri/businesses/{batik.pk}", **auth).status_code == 404
    patch = client.patch(
        f"{API}/kadin-kediri/businesses/{batik.pk}",
        data=json.dumps({"name": "Dibajak"}),
        content_type="application/json",
        **auth,
    )
    assert patch.status_code == 404
    assert (
        client.get(f"{API}/kadin-kediri/businesses/{batik.pk}/certificates", **auth).status_code
        == 404
    )
    assert client.get(f"{API}/disnakerperin-surakarta/businesses", **auth).status_code == 404
    batik.refresh_from_db()
    assert batik.name == "Batik Laweyan Sari"


def test_leader_reads_but_cannot_write(client, surakarta, batik):
    leader = member(surakarta, Role.LEADER)
    _token, secret = api_token_create(user=leader, name="x")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(f"{API}/{surakarta.slug}/businesses/{batik.pk}", **auth).status_code == 200
    response = client.patch(
        f"{API}/{surakarta.slug}/businesses/{batik.pk}",
        data=json.dumps({"name": "X"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="id",
        **auth,
    )
    assert response.status_code == 403


def test_certificates_list_and_upload(client, surakarta, token, batik):
    pdf = SimpleUploadedFile("halal.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    response = client.post(
        f"{API}/{surakarta.slug}/businesses/{batik.pk}/certificates",
        {"kind": "halal", "number": "ID33110000123", "expires_on": "2027-05-01", "scan": pdf},
        **token,
    )
    assert response.status_code == 201, response.content
    assert response.json()["has_scan"] is True
    listed = client.get(
        f"{API}/{surakarta.slug}/businesses/{batik.pk}/certificates", **token
    ).json()
    assert [(c["kind"], c["number"], c["expires_on"]) for c in listed] == [
        ("halal", "ID33110000123", "2027-05-01")
    ]
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 program", content_type="application/pdf")
    refused = client.post(
        f"{API}/{surakarta.slug}/businesses/{batik.pk}/certificates",
        {"kind": "pirt", "scan": fake},
        HTTP_ACCEPT_LANGUAGE="id",
        **token,
    )
    assert refused.status_code == 422
    message = (
        "'virus.pdf' bukan berkas PDF yang sebenarnya. "
        "Unggah pindaian sebagai berkas PDF, JPEG, atau PNG."
    )
    assert refused.json()["fields"] == {"scan": [message]}
    assert Certificate.objects.count() == 1


def test_expiring_certificates_within_60_days(client, surakarta, officer, token, batik, tenun):
    today = timezone.localdate()
    soon = certificate_save(
        actor=officer, business=batik, kind="pirt", expires_on=today + dt.timedelta(days=60)
    )
    certificate_save(
        actor=officer, business=batik, kind="bpom", expires_on=today + dt.timedelta(days=61)
    )
    certificate_save(
        actor=officer, business=batik, kind="sni", expires_on=today - dt.timedelta(days=1)
    )
    Certificate.objects.create(
        business=tenun, kind="halal", expires_on=today + dt.timedelta(days=5)
    )
    response = client.get(f"{API}/{surakarta.slug}/certificates/expiring", **token)
    assert [c["id"] for c in response.json()] == [soon.pk]


def test_export_through_the_api(client, surakarta, token, batik, tenun):
    response = client.get(f"{API}/{surakarta.slug}/businesses/export", {"format": "xlsx"}, **token)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Batik Laweyan Sari"
    ]
    csv_response = client.get(
        f"{API}/{surakarta.slug}/businesses/export", {"format": "csv"}, **token
    )
    assert b"".join(csv_response.streaming_content).startswith(b"\xef\xbb\xbfNo,ID,Nama usaha")


def test_openapi_lists_the_registry_endpoints(client):
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])
    assert {
        "/api/v1/registry/organisations/{slug}/businesses",
        "/api/v1/registry/organisations/{slug}/businesses/{business_id}",
        "/api/v1/registry/organisations/{slug}/businesses/export",
        "/api/v1/registry/organisations/{slug}/businesses/{business_id}/certificates",
        "/api/v1/registry/organisations/{slug}/certificates/expiring",
    } <= paths


def test_delete_ends_the_coaching_and_keeps_the_business(client, surakarta, kediri, token, batik):
    from django_scopes import scope

    from naikkelas.core.models import AuditEntry
    from naikkelas.registry.models import Business
    from naikkelas.registry.selectors.businesses import business_total
    from naikkelas.registry.services.businesses import business_coach

    business_coach(actor=None, business=batik, organisation=kediri, program="Tenun")
    response = client.delete(f"{API}/{surakarta.slug}/businesses/{batik.pk}", **token)
    assert response.status_code == 204
    assert client.get(f"{API}/{surakarta.slug}/businesses/{batik.pk}", **token).status_code == 404
    assert Business.objects.filter(pk=batik.pk, merged_into__isnull=True).exists()
    assert (business_total(surakarta), business_total(kediri)) == (0, 1)
    with scope(organisation=surakarta):
        entry = AuditEntry.objects.get(action="business.coaching_end")
    assert entry.object_id == str(batik.pk)
    leader = member(surakarta, Role.LEADER)
    _token, secret = api_token_create(user=leader, name="x")
    again = client.delete(
        f"{API}/{surakarta.slug}/businesses/{batik.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert again.status_code == 403
