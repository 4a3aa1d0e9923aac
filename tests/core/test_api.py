import json

import pytest
from openapi_spec_validator import validate

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_openapi_document_is_valid(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = json.loads(response.content)
    validate(spec)
    assert spec["info"]["title"] == "NaikKelas API"
    assert {"/api/v1/regions", "/api/v1/me", "/api/v1/organisations/{slug}/audit"} <= set(
        spec["paths"]
    )


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        ("id", "Masuk atau kirim token API yang sah."),
        ("en", "Log in or send a valid API token."),
    ],
)
def test_errors_are_json_in_the_request_language(client, language, detail):
    response = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 401
    assert response.json() == {"detail": detail}


def test_validation_errors_name_the_fields(client):
    person = UserFactory()
    client.force_login(person)
    response = client.get("/api/v1/regions", {"level": "satu"}, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Ada nilai yang kosong atau tidak sah."
    assert body["errors"][0]["loc"] == ["query", "level"]


def test_bad_token_is_refused(client):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer nk_salah")
    assert response.status_code == 401


def test_session_writes_need_csrf(surakarta):
    from django.test import Client

    from naikkelas.core.models import Role
    from tests.factories import member

    admin = member(surakarta, Role.ADMIN)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin)
    response = strict.post(
        f"/api/v1/organisations/{surakarta.slug}/invitations",
        {"email": "a@contoh.test", "role": "officer"},
        content_type="application/json",
    )
    assert response.status_code in (401, 403)


def test_the_api_serves_every_path_the_events_first():
    from django.urls import get_resolver

    from naikkelas.api import api

    resolver = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/v1/")
    served = [str(p.pattern) for p in resolver.url_patterns]
    assert sorted(served) == sorted(str(p.pattern) for p in api.urls[0])
    events = [s for s in served if s.startswith("events/")]
    assert served[: len(events)] == events
    assert "events/<int:event_id>/checkin" in events
