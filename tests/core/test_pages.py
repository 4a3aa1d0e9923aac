import re
from html.parser import HTMLParser

import pytest
from django_scopes import scope

from naikkelas.core.models import Invitation, Role
from tests.factories import PASSWORD, UserFactory, member

pytestmark = pytest.mark.django_db


class InlineCode(HTMLParser):
    """Collects what a strict Content-Security-Policy would block."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        if "style" in names:
            self.problems.append(f"style attribute on <{tag}>")
        self.problems += [f"{n} handler on <{tag}>" for n in names if n.startswith("on")]
        for name in ("src", "href"):
            value = names.get(name) or ""
            if value.startswith(("http://", "https://", "//")) and tag in ("script", "link", "img"):
                self.problems.append(f"external asset {value}")


def assert_csp_clean(response):
    parser = InlineCode()
    parser.feed(response.content.decode())
    assert parser.problems == []
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_home_page_speaks_indonesian_by_default(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in html
    assert "Membantu usaha kecil naik kelas" in html
    assert response["Content-Language"] == "id"
    assert_csp_clean(response)


def test_english_switch_sticks_for_visitors_and_people(client):
    response = client.post("/language/", {"language": "en", "next": "/regions/"})
    assert response.status_code == 302 and response["Location"] == "/regions/"
    assert response.cookies["naikkelas_language"].value == "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Helping small businesses move up a class" in html
    person = UserFactory(language="id")
    client.force_login(person)
    client.post("/language/", {"language": "en", "next": "https://elsewhere.test/"})
    person.refresh_from_db()
    assert person.language == "en"


def test_language_switch_does_not_redirect_elsewhere(client):
    response = client.post("/language/", {"language": "en", "next": "https://jahat.test/"})
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    "path", ["/", "/login/", "/regions/", "/regions/33.72/", "/password-reset/", "/nope/"]
)
def test_public_pages_have_no_inline_code_and_no_cdn(client, path):
    assert_csp_clean(client.get(path))


def test_signed_in_pages_have_no_inline_code(client, surakarta):
    admin = member(surakarta, Role.ADMIN)
    client.force_login(admin)
    for path in [
        "/dashboard/?all=1",
        "/account/",
        f"/o/{surakarta.slug}/",
        f"/o/{surakarta.slug}/members/",
        f"/o/{surakarta.slug}/settings/",
        f"/o/{surakarta.slug}/audit/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_csp_clean(response)


def test_static_assets_are_served_by_the_app(client):
    for path in [
        "/static/naikkelas/css/app.css",
        "/static/naikkelas/js/app.js",
        "/static/django_htmx/htmx-2.min.js",
    ]:
        assert client.get(path).status_code == 200, path


def test_healthz_reports_database_and_worker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["database"] == {"vendor": data["database"]["vendor"], "ok": True}
    assert data["worker"]["status"] == "absent"
    assert data["status"] == "degraded"


@pytest.mark.django_db(transaction=True)  # the worker commits and closes its connection
def test_the_worker_runs_queued_tasks_and_reports_its_heartbeat(
    client, surakarta, mailoutbox, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    admin = member(surakarta, Role.ADMIN)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/o/{surakarta.slug}/members/", {"email": "budi@contoh.test", "role": "officer"}
        )
    assert mailoutbox == []  # queued, not sent by the web request
    call_command("worker", batch=True)
    assert [m.to for m in mailoutbox] == [["budi@contoh.test"]]
    data = client.get("/healthz").json()
    assert (data["status"], data["worker"]["status"], data["worker"]["workers"]) == (
        "ok",
        "running",
        1,
    )


def test_admin_invites_from_the_members_page(client, surakarta):
    admin = member(surakarta, Role.ADMIN)
    client.force_login(admin)
    response = client.post(
        f"/o/{surakarta.slug}/members/", {"email": "bukan-email", "role": "officer"}
    )
    assert response.status_code == 200
    assert "Masukkan alamat email yang valid." in response.content.decode()
    response = client.post(
        f"/o/{surakarta.slug}/members/",
        {"email": "budi@contoh.test", "role": "officer"},
        follow=True,
    )
    assert "Undangan terkirim ke budi@contoh.test." in response.content.decode()
    with scope(organisation=surakarta):
        assert list(Invitation.objects.values_list("email", "role")) == [
            ("budi@contoh.test", "officer")
        ]


def test_invited_person_creates_account_and_joins(
    client, surakarta, immediate_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    admin = member(surakarta, Role.ADMIN)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/o/{surakarta.slug}/members/", {"email": "budi@contoh.test", "role": "curator"}
        )
    link = re.search(r"http://127\.0\.0\.1:8000(/invitation/\S+/)", mailoutbox[0].body).group(1)
    client.logout()
    weak = client.post(link, {"name": "Budi", "password": "123"})
    assert weak.status_code == 200
    response = client.post(link, {"name": "Budi Santoso", "password": "Kurator-Solo-2026"})
    assert response.status_code == 302
    assert response["Location"] == f"/o/{surakarta.slug}/"
    page = client.get(response["Location"]).content.decode()
    assert "Kurator" in page
    assert client.get(link).status_code == 410


def test_region_is_changed_with_the_picker_in_organisation_settings(client, surakarta):
    admin = member(surakarta, Role.ADMIN)
    client.force_login(admin)
    page = client.get(f"/o/{surakarta.slug}/settings/").content.decode()
    assert "Kota Surakarta, Jawa Tengah" in page and 'value="33.72"' in page
    bad = client.post(
        f"/o/{surakarta.slug}/settings/", {"name": surakarta.name, "region": "33.72.01"}
    )
    assert "Pilih wilayah dengan tingkat ini: Provinsi, Kabupaten/kota." in bad.content.decode()
    response = client.post(
        f"/o/{surakarta.slug}/settings/", {"name": surakarta.name, "region": "33"}
    )
    assert response.status_code == 302
    surakarta.refresh_from_db()
    assert surakarta.region_id == "33"


def test_leader_reads_but_cannot_manage(client, surakarta):
    leader = member(surakarta, Role.LEADER)
    client.force_login(leader)
    assert client.get(f"/o/{surakarta.slug}/").status_code == 200
    assert client.get(f"/o/{surakarta.slug}/members/").status_code == 200
    assert client.get(f"/o/{surakarta.slug}/settings/").status_code == 403
    assert (
        client.post(
            f"/o/{surakarta.slug}/members/", {"email": "x@contoh.test", "role": "admin"}
        ).status_code
        == 403
    )


def test_api_token_is_created_on_the_account_page_and_works(client):
    person = UserFactory(name="Rina Marlina", email="rina@contoh.test")
    client.force_login(person)
    html = client.post("/account/", {"name": "Sinkron Excel", "token": "1"}).content.decode()
    secret = re.search(r'data-testid="new-token">(nk_[^<]+)<', html).group(1)
    client.logout()
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert me.json() == {
        "id": person.pk,
        "name": "Rina Marlina",
        "email": "rina@contoh.test",
        "phone": None,
        "language": "id",
    }


def test_login_page_logs_in_and_out(client):
    UserFactory(email="siti@contoh.test")
    response = client.post(
        "/login/", {"username": "siti@contoh.test", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200 and response.context["user"].is_authenticated
    client.post("/logout/")
    assert client.get("/account/").status_code == 302


def test_the_organisation_menu_shows_only_what_the_role_may_open(client, surakarta):
    curator = member(surakarta, Role.CURATOR)
    client.force_login(curator)
    html = client.get(f"/o/{surakarta.slug}/").content.decode()
    assert f"/o/{surakarta.slug}/members/" not in html
    assert f"/o/{surakarta.slug}/audit/" not in html
    admin = member(surakarta, Role.ADMIN)
    client.force_login(admin)
    html = client.get(f"/o/{surakarta.slug}/").content.decode()
    assert f"/o/{surakarta.slug}/members/" in html and f"/o/{surakarta.slug}/audit/" in html


def test_a_person_changes_name_phone_and_password(client):
    person = UserFactory(name="Siti", email="siti@contoh.test")
    client.force_login(person)
    bad = client.post("/account/", {"profile": "1", "name": "Siti Rahayu", "phone": "123"})
    assert "&#x27;123&#x27; bukan nomor HP yang sah." in bad.content.decode()
    response = client.post(
        "/account/", {"profile": "1", "name": "Siti  Rahayu", "phone": "0812-3450-0001"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.phone) == ("Siti Rahayu", "+6281234500001")
    response = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Sandi-Baru-2026!",
            "new_password2": "Sandi-Baru-2026!",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Sandi-Baru-2026!")
