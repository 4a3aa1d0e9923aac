"""An officer of Kota Kediri can neither see nor change Kota Surakarta's non-public data."""

import pytest
from django_scopes import ScopeError, scope

from naikkelas.core import services
from naikkelas.core.models import AuditEntry, Invitation, Membership, Role
from tests.factories import PASSWORD, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def kediri_officer(kediri):
    return member(kediri, Role.ADMIN, name="Yusuf Hidayat")


@pytest.fixture
def solo_admin(surakarta):
    admin = member(surakarta, Role.ADMIN, name="Sri Wahyuni")
    services.organisation_update(actor=admin, organisation=surakarta, phone="0271-1")
    return admin


def test_a_query_that_forgets_the_organisation_fails_loudly(surakarta):
    with pytest.raises(ScopeError):
        list(Membership.objects.all())
    with pytest.raises(ScopeError):
        AuditEntry.objects.count()
    with pytest.raises(ScopeError):
        Invitation.objects.first()


def test_a_scope_only_shows_its_own_organisation(surakarta, kediri, solo_admin, kediri_officer):
    with scope(organisation=kediri):
        assert list(Membership.objects.values_list("user__name", flat=True)) == ["Yusuf Hidayat"]
        assert not AuditEntry.objects.filter(organisation=surakarta).exists()


@pytest.mark.parametrize("path", ["", "members/", "settings/", "audit/"])
def test_pages_of_another_organisation_do_not_exist_for_its_officer(
    client, surakarta, kediri_officer, solo_admin, path
):
    client.force_login(kediri_officer)
    assert client.get(f"/o/kadin-kediri/{path}").status_code == 200
    response = client.get(f"/o/{surakarta.slug}/{path}")
    assert response.status_code == 404
    assert "Sri Wahyuni" not in response.content.decode()


def test_another_organisation_cannot_be_changed_through_pages(
    client, surakarta, kediri_officer, solo_admin
):
    client.force_login(kediri_officer)
    posts = [
        (f"/o/{surakarta.slug}/settings/", {"name": "Diambil alih", "region": "35.71"}),
        (f"/o/{surakarta.slug}/members/", {"email": "penyusup@contoh.test", "role": "admin"}),
        (
            f"/o/{surakarta.slug}/members/{solo_admin.pk}/role/",
            {"action": "revoke", "role": "admin"},
        ),
    ]
    for path, data in posts:
        assert client.post(path, data).status_code == 404
    surakarta.refresh_from_db()
    assert surakarta.name == "Dinas Tenaga Kerja dan Perindustrian Kota Surakarta"
    with scope(organisation=surakarta):
        assert Invitation.objects.count() == 0
        assert Membership.objects.filter(user=solo_admin, role=Role.ADMIN).exists()


def test_another_organisation_is_invisible_through_the_api(
    client, surakarta, kediri_officer, solo_admin
):
    _token, secret = services.api_token_create(user=kediri_officer, name="uji")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    mine = client.get("/api/v1/organisations", **auth).json()
    assert [o["slug"] for o in mine] == ["kadin-kediri"]
    assert client.get("/api/v1/organisations/kadin-kediri/members", **auth).status_code == 200
    for path in ["members", "audit"]:
        response = client.get(f"/api/v1/organisations/{surakarta.slug}/{path}", **auth)
        assert response.status_code == 404
    response = client.post(
        f"/api/v1/organisations/{surakarta.slug}/invitations",
        {"email": "penyusup@contoh.test", "role": "admin"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 404
    with scope(organisation=surakarta):
        assert Invitation.objects.count() == 0


def test_the_session_login_also_stays_in_its_organisation(client, surakarta, kediri_officer):
    response = client.post("/login/", {"username": kediri_officer.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(f"/api/v1/organisations/{surakarta.slug}/members").status_code == 404
