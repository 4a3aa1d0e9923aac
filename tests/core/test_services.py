from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from naikkelas.core import services
from naikkelas.core.models import ApiToken, AuditEntry, Invitation, Membership, Region, Role, User
from naikkelas.core.permissions import can, has_role, roles_in
from tests.factories import OrganisationFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def test_organisation_create_binds_region_and_first_admin_and_audits():
    admin = UserFactory(name="Sri Wahyuni")
    organisation = services.organisation_create(
        actor=None,
        name="Dinas Perindustrian dan Perdagangan Kabupaten Blitar",
        kind="dinas_trade",
        region=Region.objects.get(code="35.05"),
        admin=admin,
    )
    assert organisation.slug == "dinas-perindustrian-dan-perdagangan-kabupaten-blitar"
    assert has_role(admin, organisation, Role.ADMIN)
    with scope(organisation=organisation):
        actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["organisation.create", "membership.grant"]


def test_organisation_must_serve_a_province_or_regency():
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            actor=None,
            name="Dinas Laweyan",
            kind="dinas_industry",
            region=Region.objects.get(code="33.72.01"),
        )
    assert error.value.message_dict == {
        "region": ["Organisasi melayani provinsi atau kabupaten/kota, bukan Kecamatan Laweyan."]
    }


def test_organisation_update_records_before_and_after(surakarta):
    admin = member(surakarta, Role.ADMIN)
    services.organisation_update(
        actor=admin,
        organisation=surakarta,
        phone="0271-123456",
        region=Region.objects.get(code="33"),
    )
    with scope(organisation=surakarta):
        entry = AuditEntry.objects.get(action="organisation.update")
    assert entry.changes == {"region": ["33.72", "33"], "phone": ["", "0271-123456"]}
    assert entry.actor == admin
    assert entry.object_repr == surakarta.name


def test_only_admins_update_the_organisation(surakarta):
    officer = member(surakarta, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        services.organisation_update(actor=officer, organisation=surakarta, phone="1")


def test_membership_grant_and_revoke(surakarta):
    admin = member(surakarta, Role.ADMIN)
    person = UserFactory()
    services.membership_grant(actor=admin, organisation=surakarta, user=person, role=Role.CURATOR)
    services.membership_grant(actor=admin, organisation=surakarta, user=person, role=Role.CURATOR)
    assert can(person, surakarta, "curate") and not can(person, surakarta, "manage_members")
    services.membership_revoke(actor=admin, organisation=surakarta, user=person, role=Role.CURATOR)
    assert not has_role(person, surakarta, Role.CURATOR)
    with scope(organisation=surakarta):
        assert list(
            AuditEntry.objects.filter(object_type__model="membership")
            .order_by("id")
            .values_list("action", "changes")
        ) == [
            ("membership.grant", {"user": [None, person.pk], "role": [None, "curator"]}),
            ("membership.revoke", {"user": [person.pk, None], "role": ["curator", None]}),
        ]


def test_the_last_admin_cannot_be_removed(surakarta):
    admin = member(surakarta, Role.ADMIN)
    with pytest.raises(ValidationError) as error:
        services.membership_revoke(actor=admin, organisation=surakarta, user=admin, role=Role.ADMIN)
    assert error.value.messages == [
        "Organisasi harus tetap punya paling sedikit satu administrator."
    ]


def test_invitation_is_mailed_and_accepted_once(
    surakarta, immediate_tasks, django_capture_on_commit_callbacks
):
    admin = member(surakarta, Role.ADMIN, name="Sri Wahyuni")
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invitation_create(
            actor=admin, organisation=surakarta, email="Budi@Contoh.test", role=Role.OFFICER
        )
    assert invitation.email == "budi@contoh.test"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["budi@contoh.test"]
    assert message.subject == (
        "Undangan bergabung dengan Dinas Tenaga Kerja dan Perindustrian Kota Surakarta di NaikKelas"
    )
    assert f"/invitation/{token}/" in message.body
    assert "Sri Wahyuni invites you to join" in message.body  # English below Indonesian
    budi = UserFactory(email="budi@contoh.test")
    membership = services.invitation_accept(token=token, user=budi)
    assert (membership.role, membership.user) == (Role.OFFICER, budi)
    with pytest.raises(ValidationError) as error:
        services.invitation_accept(token=token, user=budi)
    assert error.value.messages == ["Undangan ini sudah tidak berlaku. Mintalah undangan baru."]


def test_invitation_for_someone_else_is_refused(surakarta):
    admin = member(surakarta, Role.ADMIN)
    _invitation, token = services.invitation_create(
        actor=admin, organisation=surakarta, email="budi@contoh.test", role=Role.OFFICER
    )
    other = UserFactory(email="lain@contoh.test")
    with pytest.raises(ValidationError):
        services.invitation_accept(token=token, user=other)
    with scopes_disabled():
        assert not Membership.objects.filter(user=other).exists()


def test_revoked_invitation_cannot_be_used(surakarta):
    admin = member(surakarta, Role.ADMIN)
    invitation, token = services.invitation_create(
        actor=admin, organisation=surakarta, email="budi@contoh.test", role=Role.OFFICER
    )
    services.invitation_revoke(actor=admin, invitation=invitation)
    with pytest.raises(ValidationError):
        services.invitation_accept(token=token, user=UserFactory(email="budi@contoh.test"))


def test_officers_cannot_invite(surakarta):
    officer = member(surakarta, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=officer, organisation=surakarta, email="x@contoh.test", role=Role.ADMIN
        )
    with scopes_disabled():
        assert Invitation.objects.count() == 0


def test_user_create_normalises_phone_and_refuses_duplicates():
    user = services.user_create(
        name="Siti Rahayu", password="rahasia-sekali-2026", phone="0812-3456-7890"
    )
    assert user.phone == "+6281234567890" and user.email is None
    with pytest.raises(ValidationError) as error:
        services.user_create(name="Siti", password="rahasia-sekali-2026", phone="+62 812 3456 7890")
    assert error.value.messages == ["Email atau nomor HP ini sudah terdaftar."]
    with pytest.raises(ValidationError) as error:
        services.user_create(name="X", password="rahasia-sekali-2026", phone="12345")
    assert error.value.message_dict == {"phone": ["'12345' bukan nomor HP yang sah."]}
    assert User.objects.count() == 1


def test_api_token_is_stored_hashed_and_revocable():
    user = UserFactory()
    token, secret = services.api_token_create(user=user, name="Sinkron Excel")
    assert secret.startswith("nk_") and len(secret) > 40
    assert ApiToken.objects.get(pk=token.pk).key_hash != secret
    assert services.api_token_authenticate(secret) == user
    assert services.api_token_authenticate(secret + "x") is None
    services.api_token_revoke(user=user, token_id=token.pk)
    assert services.api_token_authenticate(secret) is None


def test_api_token_authenticate_reads_the_whole_person_and_notes_the_last_use():
    user = UserFactory(name="Sri Wahyuni")
    token, secret = services.api_token_create(user=user, name="Pintu masuk")
    found = services.api_token_authenticate(secret)
    assert found is not None
    assert (found.pk, found.email, found.name, found.is_active) == (
        user.pk,
        user.email,
        "Sri Wahyuni",
        True,
    )
    assert found.date_joined == User.objects.get(pk=user.pk).date_joined
    assert timezone.is_aware(found.date_joined)
    used = ApiToken.objects.get(pk=token.pk).last_used_at
    assert used is not None
    # a second call within five minutes does not write again
    services.api_token_authenticate(secret)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == used
    # an older last use is moved on
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=used - timedelta(minutes=6))
    services.api_token_authenticate(secret)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > used
    # a person who no longer may sign in cannot use the token either
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert services.api_token_authenticate(secret) is None


def test_api_token_authenticate_reads_the_roles_with_the_person(django_assert_num_queries):
    dinas = OrganisationFactory()
    kadin = OrganisationFactory()
    user = member(dinas, Role.OFFICER)
    with scopes_disabled():
        Membership.objects.create(organisation=dinas, user=user, role=Role.EVENT_STAFF)
        Membership.objects.create(organisation=kadin, user=user, role=Role.LEADER)
    _token, secret = services.api_token_create(user=user, name="Pintu")
    services.api_token_authenticate(secret)  # the first call notes the last use
    with django_assert_num_queries(1):
        found = services.api_token_authenticate(secret)
        assert found is not None
        assert roles_in(found, dinas.pk) == {Role.OFFICER, Role.EVENT_STAFF}
        assert roles_in(found, kadin.pk) == {Role.LEADER}
        assert roles_in(found, 987654) == set()
        assert can(found, dinas, "staff_events")
        assert not can(found, kadin, "staff_events")


def test_api_token_of_a_person_without_memberships_has_no_roles():
    user = UserFactory()
    _token, secret = services.api_token_create(user=user, name="Tanpa organisasi")
    found = services.api_token_authenticate(secret)
    assert found == user
    assert roles_in(found, 1) == set()
