"""The duplicates API: scoped to the caller's organisation like the rest of /api/v1/."""

from __future__ import annotations

import pytest

from naikkelas.core import services as core_services
from naikkelas.core.models import Role
from naikkelas.registry.models import Business, DuplicateCluster
from naikkelas.registry.services.duplicates import duplicates_find
from tests.factories import member
from tests.registry.test_duplicates_services import EVIDENCE, make_scenario

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict[str, str]:
    _token, secret = core_services.api_token_create(user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER)


@pytest.fixture
def cluster(surakarta, officer):
    make_scenario(surakarta, officer)
    duplicates_find(organisation=surakarta)
    return DuplicateCluster.objects.get()


def test_list_and_detail_with_evidence(client, surakarta, officer, cluster):
    office, own = cluster.members.order_by("pk")
    headers = _bearer(officer)
    base = f"/api/v1/registry/organisations/{surakarta.slug}/duplicates"
    listing = client.get(base, **headers)
    assert listing.status_code == 200
    [item] = listing.json()
    assert (item["id"], item["status"], item["score"]) == (cluster.pk, "open", cluster.score)
    assert [(m["id"], m["name"], m["phone"], m["village"]) for m in item["members"]] == [
        (office.pk, "CV. Keripik Tempe Bu Sri", "+6281234567890", "Kelurahan Laweyan"),
        (own.pk, "Kripik Tempe Sri", "+6281234567890", "Kelurahan Laweyan"),
    ]
    detail = client.get(f"{base}/{cluster.pk}", **headers).json()
    assert detail["evidence"][0]["explanation"] == EVIDENCE
    assert detail["evidence"][0]["fields"][2] == {
        "field": "phone", "level": "same", "weight": 6.0, "similarity": None,
        "text": "same phone",
    }  # fmt: skip


def test_merge_and_dismiss(client, surakarta, officer, cluster):
    office, own = cluster.members.order_by("pk")
    headers = _bearer(officer)
    base = f"/api/v1/registry/organisations/{surakarta.slug}/duplicates/{cluster.pk}"
    response = client.post(
        f"{base}/merge",
        {"survivor_id": office.pk, "merged_id": own.pk, "choices": {"name": own.pk}},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["survivor_id"], body["cluster"]["status"]) == (office.pk, "merged")
    assert Business.objects.get(pk=office.pk).name == "Kripik Tempe Sri"
    again = client.post(
        f"{base}/merge",
        {"survivor_id": office.pk, "merged_id": own.pk},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="id",
        **headers,
    )
    assert again.status_code == 422
    assert again.json()["detail"] == "Kripik Tempe Sri sudah digabungkan ke data lain."
    dismissed = client.post(f"{base}/dismiss", HTTP_ACCEPT_LANGUAGE="id", **headers)
    assert (dismissed.status_code, dismissed.json()["detail"]) == (
        422, "Kelompok ini sudah ditinjau.",
    )  # fmt: skip


def test_another_organisation_gets_404(client, surakarta, kediri, cluster):
    office, own = cluster.members.order_by("pk")
    headers = _bearer(member(kediri, Role.OFFICER))
    for slug in (kediri.slug, surakarta.slug):
        base = f"/api/v1/registry/organisations/{slug}/duplicates"
        assert client.get(f"{base}/{cluster.pk}", **headers).status_code == 404
        response = client.post(
            f"{base}/{cluster.pk}/merge",
            {"survivor_id": office.pk, "merged_id": own.pk},
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 404
        assert client.post(f"{base}/{cluster.pk}/dismiss", **headers).status_code == 404
    assert (
        client.get(f"/api/v1/registry/organisations/{kediri.slug}/duplicates", **headers).json()
        == []
    )
    cluster.refresh_from_db()
    assert cluster.status == "open"
