import pytest
from django_scopes import scope

from naikkelas.core import services
from naikkelas.core.models import AuditEntry, Role
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_every_core_write_leaves_an_audit_entry(surakarta, immediate_tasks):
    admin = member(surakarta, Role.ADMIN, name="Sri Wahyuni", email="sri@contoh.test")
    services.organisation_update(actor=admin, organisation=surakarta, website="https://solo.test")
    _invitation, token = services.invitation_create(
        actor=admin, organisation=surakarta, email="budi@contoh.test", role=Role.OFFICER
    )
    budi = services.user_create(name="Budi", email="budi@contoh.test", password="pw-budi-2026!")
    services.invitation_accept(token=token, user=budi)
    services.membership_grant(actor=admin, organisation=surakarta, user=budi, role=Role.LEADER)
    services.membership_revoke(actor=admin, organisation=surakarta, user=budi, role=Role.LEADER)
    with scope(organisation=surakarta):
        rows = list(
            AuditEntry.objects.order_by("id").values_list(
                "actor_label", "action", "object_type__model", "changes"
            )
        )
    assert rows == [
        (
            "Sri Wahyuni <sri@contoh.test>",
            "organisation.update",
            "organisation",
            {"website": ["", "https://solo.test"]},
        ),
        (
            "Sri Wahyuni <sri@contoh.test>",
            "invitation.create",
            "invitation",
            {"email": [None, "budi@contoh.test"], "role": [None, "officer"]},
        ),
        (
            "Budi <budi@contoh.test>",
            "invitation.accept",
            "invitation",
            {"user": [None, budi.pk], "role": [None, "officer"]},
        ),
        (
            "Sri Wahyuni <sri@contoh.test>",
            "membership.grant",
            "membership",
            {"user": [None, budi.pk], "role": [None, "leader"]},
        ),
        (
            "Sri Wahyuni <sri@contoh.test>",
            "membership.revoke",
            "membership",
            {"user": [budi.pk, None], "role": ["leader", None]},
        ),
    ]
    with scope(organisation=None):
        assert AuditEntry.objects.filter(action="user.create", object_id=str(budi.pk)).exists()


def test_the_audit_log_is_for_the_organisation_admin_only(client, surakarta):
    admin = member(surakarta, Role.ADMIN, name="Sri Wahyuni")
    services.organisation_update(actor=admin, organisation=surakarta, phone="0271-654321")
    officer = member(surakarta, Role.OFFICER)
    leader = member(surakarta, Role.LEADER)
    client.force_login(admin)
    html = client.get(f"/o/{surakarta.slug}/audit/").content.decode()
    assert "organisation.update" in html and "0271-654321" in html
    for person in (officer, leader):
        client.force_login(person)
        assert client.get(f"/o/{surakarta.slug}/audit/").status_code == 403
        assert client.get(f"/api/v1/organisations/{surakarta.slug}/audit").status_code == 403


def test_audit_api_lists_newest_first(client, surakarta):
    admin = member(surakarta, Role.ADMIN)
    for phone in ["0271-1", "0271-2", "0271-3"]:
        services.organisation_update(actor=admin, organisation=surakarta, phone=phone)
    client.force_login(admin)
    data = client.get(f"/api/v1/organisations/{surakarta.slug}/audit", {"limit": 2}).json()
    assert [entry["changes"]["phone"] for entry in data] == [
        ["0271-2", "0271-3"],
        ["0271-1", "0271-2"],
    ]
