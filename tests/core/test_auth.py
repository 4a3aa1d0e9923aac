import re

import pytest
from django.core import mail

from naikkelas.core.models import Role, User
from tests.factories import PASSWORD, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def siti():
    return UserFactory(
        name="Siti Rahayu", email="siti@contoh.test", phone="+6281234500001", language="en"
    )


@pytest.mark.parametrize(
    "login",
    [
        "siti@contoh.test",
        "SITI@Contoh.test",
        "0812-3450-0001",
        "+62 812 3450 0001",
        "6281234500001",
    ],
)
def test_login_with_email_or_phone_as_people_type_it(client, siti, login):
    response = client.post("/login/", {"username": login, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    # the person's own language comes back with them
    assert response.cookies["naikkelas_language"].value == "en"


def test_wrong_password_says_what_to_do_in_indonesian(client, siti):
    response = client.post("/login/", {"username": "siti@contoh.test", "password": "salah"})
    assert response.status_code == 200
    assert "Email/nomor HP atau kata sandi salah." in response.content.decode()


def test_login_attempts_are_rate_limited(client, siti, settings):
    # the same phone number written three ways counts as one login name
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login = ["0812-3450-0001", "+62 812 3450 0001", "6281234500001"][attempt % 3]
        assert client.post("/login/", {"username": login, "password": "salah"}).status_code == 200
    locked = client.post("/login/", {"username": "081234500001", "password": "salah"})
    assert locked.status_code == 429
    response = client.post("/login/", {"username": "0812 3450 0001", "password": PASSWORD})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()
    # another person from the same address is not locked out
    UserFactory(email="budi@contoh.test")
    other = client.post("/login/", {"username": "budi@contoh.test", "password": PASSWORD})
    assert other.status_code == 302


def test_password_reset_by_email(client, siti):
    response = client.post("/password-reset/", {"email": "siti@contoh.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "sandi-baru-yang-panjang-2026",
            "new_password2": "sandi-baru-yang-panjang-2026",
        },
    )
    assert done.status_code == 302
    siti.refresh_from_db()
    assert siti.check_password("sandi-baru-yang-panjang-2026")


def test_unknown_email_gets_the_same_answer_and_no_mail(client):
    response = client.post("/password-reset/", {"email": "siapa@contoh.test"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_dashboard_needs_login_and_goes_to_the_only_organisation(client, surakarta):
    assert client.get("/dashboard/")["Location"] == "/login/?next=/dashboard/"
    officer = member(surakarta, Role.OFFICER)
    client.force_login(officer)
    assert client.get("/dashboard/")["Location"] == f"/o/{surakarta.slug}/"


def test_owner_without_organisation_sees_a_personal_dashboard(client):
    owner = UserFactory(name="Siti Rahayu")
    client.force_login(owner)
    html = client.get("/dashboard/").content.decode()
    assert "Halo, Siti" in html


def test_user_needs_email_or_phone():
    with pytest.raises(ValueError):
        User.objects.create_user(email=None, phone=None, password="x", name="Tanpa Kontak")


def test_a_password_reset_lifts_the_login_lock(client, siti, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "siti@contoh.test", "password": "salah"})
    assert (
        client.post("/login/", {"username": "siti@contoh.test", "password": PASSWORD}).status_code
        == 429
    )
    client.post("/password-reset/", {"email": "siti@contoh.test"})
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "sandi-baru-yang-panjang-2026",
            "new_password2": "sandi-baru-yang-panjang-2026",
        },
    )
    response = client.post(
        "/login/", {"username": "siti@contoh.test", "password": "sandi-baru-yang-panjang-2026"}
    )
    assert response.status_code == 302


def test_support_staff_changes_in_the_admin_site_are_audited(client, surakarta):
    from django_scopes import scope

    from naikkelas.core.models import AuditEntry

    staff = User.objects.create_superuser("support@contoh.test", PASSWORD, name="Tim Dukungan")
    client.force_login(staff)
    response = client.post(
        f"/admin/core/organisation/{surakarta.pk}/change/",
        {
            "slug": surakarta.slug,
            "name": surakarta.name,
            "kind": "dinas_industry",
            "region": "33.72",
            "is_active": "on",
            "phone": "0271-999",
        },
    )
    assert response.status_code == 302
    with scope(organisation=surakarta):
        entry = AuditEntry.objects.get()
    assert (entry.action, entry.changes) == ("organisation.update", {"phone": ["", "0271-999"]})


def test_a_language_chosen_before_login_is_kept_and_saved(client, siti):
    siti.language = "id"
    siti.save()
    client.post("/language/", {"language": "en"})
    client.post("/login/", {"username": "siti@contoh.test", "password": PASSWORD})
    siti.refresh_from_db()
    assert siti.language == "en"
