import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from naikkelas.core.models import Role, User
from naikkelas.registry.models import Business, BusinessOwner, Certificate, CoachingRelation
from tests.core.test_pages import assert_csp_clean
from tests.factories import UserFactory, member
from tests.factories.registry import register

pytestmark = pytest.mark.django_db

SHORT_FORM = {
    "business_name": "Wedang Uwuh Bu Tini",
    "owner_name": "Tini Suharti",
    "phone": "0812-7777-8888",
    "village": "33.72.01.1003",
    "product_types": "wedang uwuh, jahe instan",
    "password": "Rempah-Laweyan-2026",
}


def test_self_registration_creates_an_account_by_phone_and_the_business(client):
    page = client.get("/usaha/daftar/")
    assert page.status_code == 200
    assert "Daftarkan usaha Anda" in page.content.decode()
    assert_csp_clean(page)
    response = client.post("/usaha/daftar/", SHORT_FORM)
    assert response.status_code == 302 and response["Location"] == "/usaha-saya/"
    user = User.objects.get(phone="+6281277778888")
    assert (user.name, user.email) == ("Tini Suharti", None)
    business = Business.objects.get()
    assert (business.name, business.source, business.village_id, business.regency_code) == (
        "Wedang Uwuh Bu Tini",
        "self",
        "33.72.01.1003",
        "33.72",
    )
    owner = business.owners.get()
    assert (owner.user, owner.phone, owner.name) == (user, "+6281277778888", "Tini Suharti")
    with scopes_disabled():
        assert CoachingRelation.objects.count() == 0
    # logged in, and can log in again by phone later
    mine = client.get("/usaha-saya/")
    html = mine.content.decode()
    assert "Wedang Uwuh Bu Tini" in html and "Belum dilengkapi:" in html
    assert "Sektor (kode KBLI)" in html and "Jumlah tenaga kerja" in html
    assert_csp_clean(mine)
    client.logout()
    login = client.post(
        "/login/", {"username": "0812 7777 8888", "password": "Rempah-Laweyan-2026"}
    )
    assert login.status_code == 302


def test_self_registration_refuses_a_phone_that_already_has_an_account(client):
    UserFactory(phone="+6281277778888", email=None)
    response = client.post("/usaha/daftar/", SHORT_FORM)
    assert response.status_code == 200
    assert "Nomor HP ini sudah punya akun." in response.content.decode()
    assert Business.objects.count() == 0


def test_self_registration_needs_the_village(client):
    response = client.post("/usaha/daftar/", {**SHORT_FORM, "village": "33.72.01"})
    assert response.status_code == 200
    assert response.context["form"].errors["village"] == [
        "Pilih wilayah dengan tingkat ini: Desa/kelurahan."
    ]
    assert User.objects.count() == 0


def test_a_logged_in_owner_registers_without_a_password(client):
    person = UserFactory(name="Tini", phone="+6281277778888")
    client.force_login(person)
    form = client.get("/usaha/daftar/").context["form"]
    assert "password" not in form.fields
    assert form.initial == {"owner_name": "Tini", "phone": "+6281277778888"}
    data = {k: v for k, v in SHORT_FORM.items() if k != "password"}
    assert client.post("/usaha/daftar/", data).status_code == 302
    assert BusinessOwner.objects.get().user == person


def test_owner_sees_and_edits_only_their_own_business(client):
    tini = UserFactory()
    client.force_login(tini)
    client.post("/usaha/daftar/", {k: v for k, v in SHORT_FORM.items() if k != "password"})
    mine = Business.objects.get()
    other = register(name="Usaha Orang Lain")
    base = f"/usaha-saya/{mine.pk}/"
    page = client.get(base)
    assert page.status_code == 200
    assert_csp_clean(page)
    response = client.post(
        base + "edit/",
        {
            "name": "Wedang Uwuh Bu Tini",
            "legal_form": "individual",
            "status": "active",
            "village": "33.72.01.1003",
            "kbli": "11",
            "workforce_women": "3",
            "annual_sales": "90000000",
            "description": "Minuman rempah khas Solo",
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.kbli_section, mine.workforce_women, mine.size_class) == ("C", 3, "micro")
    for path in ["", "edit/", "certificates/add/", "owners/add/", "publish/"]:
        assert client.get(f"/usaha-saya/{other.pk}/{path}").status_code == 404, path
    refused = client.post(
        f"/usaha-saya/{other.pk}/edit/",
        {"name": "Dibajak", "legal_form": "individual", "status": "active"},
    )
    assert refused.status_code == 404
    other.refresh_from_db()
    assert other.name == "Usaha Orang Lain"


def test_owner_pages_need_a_login(client):
    business = register()
    response = client.get(f"/usaha-saya/{business.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_nik_is_masked_for_the_owner_and_kept_when_left_empty(client, surakarta):
    owner_user = UserFactory()
    officer = member(surakarta, Role.OFFICER)
    business = register(surakarta, actor=officer)
    owner = business.owners.get()
    BusinessOwner.objects.filter(pk=owner.pk).update(user=owner_user, nik="3372014101900002")
    client.force_login(owner_user)
    html = client.get(f"/usaha-saya/{business.pk}/").content.decode()
    assert "3372••••••••0002" in html and "3372014101900002" not in html
    form_page = client.get(f"/usaha-saya/{business.pk}/owners/{owner.pk}/")
    assert "3372014101900002" not in form_page.content.decode()
    client.post(
        f"/usaha-saya/{business.pk}/owners/{owner.pk}/",
        {
            "name": "Sri Wahyuningsih",
            "gender": "female",
            "phone": "0812-3456-7890",
            "nik": "",
            "is_primary": "on",
        },
    )
    owner.refresh_from_db()
    assert owner.nik == "3372014101900002"
    # the coaching officer sees it in full
    client.force_login(officer)
    officer_html = client.get(f"/o/{surakarta.slug}/registry/{business.pk}/").content.decode()
    assert "3372014101900002" in officer_html


def _owned(client):
    user = UserFactory()
    client.force_login(user)
    business = register()
    BusinessOwner.objects.filter(business=business).update(user=user)
    return business


def test_certificate_scan_upload_accepts_pdf_jpeg_and_png(client):
    business = _owned(client)
    url = f"/usaha-saya/{business.pk}/certificates/add/"
    for name, content in [
        ("pirt.pdf", b"%PDF-1.7\n..."),
        ("halal.JPG", b"\xff\xd8\xff\xe0JFIF"),
        ("merek.png", b"\x89PNG\r\n\x1a\n...."),
    ]:
        response = client.post(url, {"kind": "pirt", "scan": SimpleUploadedFile(name, content)})
        assert response.status_code == 302, name
    assert Certificate.objects.filter(business=business).exclude(scan="").count() == 3
    certificate = Certificate.objects.filter(business=business).first()
    download = client.get(f"/usaha-saya/{business.pk}/certificates/{certificate.pk}/scan/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "sertifikat.pdf",
            b"MZ\x90\x00\x03 this is a program",
            "&#x27;sertifikat.pdf&#x27; bukan berkas PDF yang sebenarnya. "
            "Unggah pindaian sebagai berkas PDF, JPEG, atau PNG.",
        ),
        ("setup.exe", b"MZ\x90\x00", "Unggah pindaian sebagai berkas PDF, JPEG, atau PNG."),
        (
            "besar.pdf",
            b"%PDF-" + b"0" * (6 * 1024 * 1024),
            "Pindaian berukuran 6,0 MB; paling besar 5 MB.",
        ),
    ],
)
def test_certificate_scan_upload_refuses_wrong_content_and_big_files(
    client, name, content, message
):
    business = _owned(client)
    response = client.post(
        f"/usaha-saya/{business.pk}/certificates/add/",
        {"kind": "halal", "scan": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Certificate.objects.count() == 0


def test_another_owner_cannot_download_a_scan(client):
    business = _owned(client)
    client.post(
        f"/usaha-saya/{business.pk}/certificates/add/",
        {"kind": "pirt", "scan": SimpleUploadedFile("pirt.pdf", b"%PDF-1.4")},
    )
    certificate = Certificate.objects.get()
    client.force_login(UserFactory())
    assert (
        client.get(f"/usaha-saya/{business.pk}/certificates/{certificate.pk}/scan/").status_code
        == 404
    )


def test_owner_without_organisation_sees_a_link_to_my_businesses(client):
    client.force_login(UserFactory())
    html = client.get("/dashboard/").content.decode()
    assert 'href="/usaha-saya/"' in html and "Usaha saya" in html
