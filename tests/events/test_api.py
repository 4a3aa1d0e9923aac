"""The events API: organisation-scoped, errors in the request's language."""

import json

import pytest
from django_scopes import scopes_disabled

from naikkelas.core.models import Role
from naikkelas.core.services import api_token_create
from naikkelas.events.models import Booth, Exhibitor
from naikkelas.events.services.booths import exhibitor_add
from tests.events.test_calls import QUOTAS, apply
from tests.factories import UserFactory, member
from tests.factories.events import make_event, open_call, owned_business
from tests.factories.registry import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]
API = "/api/v1/events"


def bearer(user):
    _token, secret = api_token_create(user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER)


@pytest.fixture
def auth(officer):
    return bearer(officer)


@pytest.fixture
def expo(surakarta, officer):
    event = make_event(surakarta, title="Solo Leading Industry Expo")
    open_call(event, actor=officer, places=10, quotas=QUOTAS)
    return event


def post(client, path, payload, **headers):
    return client.post(path, json.dumps(payload), content_type="application/json", **headers)


def test_an_officer_creates_a_joint_event_and_publishes_it(client, auth, kediri):
    response = post(
        client,
        f"{API}/organisations/disnakerperin-surakarta/events",
        {
            "title": "Temu Bisnis Solo Kediri",
            "kind": "business_meeting",
            "region_code": "33.72",
            "venue_name": "Hotel Paragon Solo",
            "booth_capacity_percent": 50,
            "co_organisers": ["kadin-kediri"],
        },
        **auth,
    )
    assert response.status_code == 201
    event = response.json()
    assert (event["status"], event["organisers"]) == (
        "draft",
        ["disnakerperin-surakarta", "kadin-kediri"],
    )
    base = f"{API}/organisations/disnakerperin-surakarta/events/{event['id']}"
    response = client.put(
        base + "/days",
        json.dumps([{"date": "2021-12-13", "opens_at": "09:00", "closes_at": "16:00"}]),
        content_type="application/json",
        **auth,
    )
    assert response.json()["starts_on"] == "2021-12-13"
    response = post(client, base + "/status", {"status": "published"}, **auth)
    assert response.json()["status"] == "published"
    public = client.get(f"{API}/public/temu-bisnis-solo-kediri").json()
    assert public["ics_url"] == "/acara/temu-bisnis-solo-kediri.ics"
    calendar = client.get(f"{API}/public/temu-bisnis-solo-kediri/calendar.ics")
    assert calendar.content.decode().count("BEGIN:VEVENT") == 1


def test_errors_come_in_the_requests_language(client, auth, expo):
    base = f"{API}/organisations/disnakerperin-surakarta/events/{expo.pk}/status"
    response = post(client, base, {"status": "reported"}, HTTP_ACCEPT_LANGUAGE="en", **auth)
    assert response.status_code == 422
    assert response.json()["detail"] == "An event that is published cannot become reported."
    response = post(client, base, {"status": "reported"}, HTTP_ACCEPT_LANGUAGE="id", **auth)
    assert response.json()["detail"] == (
        "Acara berstatus diumumkan tidak dapat diubah menjadi sudah dilaporkan."
    )


def test_another_office_gets_404_and_no_token_401(client, expo, kediri):
    outsider = bearer(member(kediri, Role.OFFICER))
    path = f"{API}/organisations/disnakerperin-surakarta/events/{expo.pk}"
    assert client.get(path, **outsider).status_code == 404
    assert (
        client.get(f"{API}/organisations/kadin-kediri/events/{expo.pk}", **outsider).status_code
        == 404
    )
    assert client.get(path).status_code == 401


def test_applications_ranked_with_parts_and_decided(client, auth, expo):
    _o, low = apply(expo, "Keripik A", gender="male")
    _o, high = apply(expo, "Keripik B")
    base = f"{API}/organisations/disnakerperin-surakarta/events/{expo.pk}/applications"
    body = client.get(base, **auth).json()
    assert [a["business"] for a in body["items"]] == ["Keripik B", "Keripik A"]
    assert body["items"][0]["score_parts"]["women_led"] == {
        "value": 1.0,
        "weight": 10,
        "points": 10.0,
    }
    response = post(client, f"{base}/{low.pk}/decision", {"decision": "reject"}, **auth)
    assert response.status_code == 422
    response = post(
        client, f"{base}/{high.pk}/decision", {"decision": "accept", "reason": ""}, **auth
    )
    assert response.json()["status"] == "accepted"


def test_an_owner_applies_and_confirms_through_the_api(client, expo, officer):
    owner = UserFactory()
    business, products = owned_business(
        owner, products=[("Batik Tulis", "fesyen-batik"), ("Batik Cap", "fesyen-batik")]
    )
    headers = bearer(owner)
    response = post(
        client,
        f"{API}/public/{expo.slug}/applications",
        {"business_id": business.pk, "product_ids": [p.pk for p in products]},
        **headers,
    )
    assert response.status_code == 201
    application = response.json()
    assert application["quota"] == "Fesyen"
    post(
        client,
        f"{API}/organisations/disnakerperin-surakarta/events/{expo.pk}/applications/"
        f"{application['id']}/decision",
        {"decision": "accept"},
        **bearer(officer),
    )
    response = post(
        client,
        f"{API}/my/applications/{application['id']}/respond",
        {"action": "confirm"},
        **headers,
    )
    assert response.json()["status"] == "confirmed"
    assert [a["status"] for a in client.get(f"{API}/my/applications", **headers).json()] == [
        "confirmed"
    ]


def test_the_booth_plan_through_the_api(client, auth, surakarta, officer):
    event = make_event(surakarta, booth_capacity_percent=50)
    base = f"{API}/organisations/disnakerperin-surakarta/events/{event.pk}/booths"
    response = post(
        client, base + "/blocks", {"zone": "Hall", "prefix": "A", "rows": 5, "columns": 10}, **auth
    )
    plan = response.json()
    assert (plan["planned"], plan["allowed"], plan["open"]) == (50, 25, 25)
    exhibitors = [
        exhibitor_add(actor=officer, event=event, business=register(surakarta, name=f"Usaha {i}"))
        for i in range(3)
    ]
    plan = post(client, base + "/assign", {"exhibitor_id": exhibitors[0].pk}, **auth).json()
    assert plan["taken"] == 1
    closed = next(b for b in plan["booths"] if not b["is_open"])
    response = post(
        client,
        base + "/assign",
        {"exhibitor_id": exhibitors[1].pk, "booth_id": closed["id"]},
        HTTP_ACCEPT_LANGUAGE="en",
        **auth,
    )
    assert response.status_code == 422
    assert response.json()["detail"] == (
        f"Booth {closed['code']} is closed under the capacity rule."
    )
    result = post(client, base + "/allocate", {}, **auth).json()
    assert sorted(result["placed"].values()) == ["Usaha 1", "Usaha 2"]
    with scopes_disabled():
        assert Booth.objects.filter(event=event, exhibitor__isnull=False).count() == 3
        assert Exhibitor.objects.filter(event=event).count() == 3
    response = client.put(
        base + "/open",
        json.dumps({"booth_ids": [b["id"] for b in plan["booths"]]}),
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 422
