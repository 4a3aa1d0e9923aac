"""Events in a real browser: an owner applies to an expo on a phone; an officer accepts,
places the exhibitors in booths and prints the plan."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from naikkelas.core.models import Role
from naikkelas.events.models import Application, Booth
from naikkelas.events.services.booths import booth_plan_generate
from naikkelas.events.services.calls import application_respond
from tests.events.test_calls import QUOTAS, apply
from tests.factories import PASSWORD, UserFactory, member
from tests.factories.events import make_event, open_call, owned_business

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("immediate_tasks"),
]


def log_in(page, email):
    page.goto("/login/")
    page.get_by_label("Email atau nomor HP").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER, email="petugas@contoh.test")


@pytest.fixture
def expo(surakarta, officer):
    event = make_event(
        surakarta,
        title="Solo Leading Industry Expo",
        contact_phone="0812-3450-0101",
        booth_capacity_percent=50,
    )
    open_call(event, actor=officer, places=10, quotas=QUOTAS, max_products=2)
    return event


def test_an_owner_applies_to_an_expo_on_a_phone(phone, expo, officer):
    owner = UserFactory(email="sri@contoh.test")
    owned_business(
        owner,
        name="Keripik Tempe Bu Sri",
        products=[
            ("Keripik Tempe Original", "kuliner-makanan-ringan"),
            ("Sambal Bawang", "kuliner-bumbu"),
        ],
    )
    log_in(phone, "sri@contoh.test")
    phone.goto(f"/acara/{expo.slug}/")
    expect(phone.locator("h1")).to_have_text("Solo Leading Industry Expo")
    phone.get_by_test_id("apply").click()

    expect(phone.locator("h2")).to_have_text("Keripik Tempe Bu Sri")
    phone.get_by_label("Keripik Tempe Original").check()
    phone.get_by_label("Mengapa ingin ikut acara ini? (tidak wajib)").fill("Ingin naik kelas")
    phone.get_by_test_id("submit-application").click()

    expect(phone).to_have_url(re.compile(r"/acara-saya/\d+/$"))
    expect(phone.get_by_test_id("application-status")).to_contain_text("Terkirim")
    with scopes_disabled():
        application = Application.objects.get()
    assert application.quota.label == "Kuliner"
    assert [p.name for p in application.products.all()] == ["Keripik Tempe Original"]

    # the officer accepts; the owner confirms the place on the phone
    from naikkelas.events.services.calls import application_decide

    application_decide(actor=officer, application=application, decision="accept")
    phone.reload()
    expect(phone.get_by_test_id("application-status")).to_contain_text("Anda mendapat tempat")
    expect(phone.get_by_test_id("whatsapp")).to_have_attribute(
        "href", re.compile(r"^https://wa\.me/6281234500101\?text=")
    )
    phone.get_by_test_id("confirm").click()
    expect(phone.get_by_test_id("application-status")).to_contain_text("sudah dikonfirmasi")


def test_an_owner_is_told_why_the_business_cannot_apply(phone, surakarta, officer):
    event = make_event(surakarta, title="Pameran Halal")
    open_call(event, actor=officer, rules={"certificates": ["halal"]})
    owner = UserFactory(email="rini@contoh.test")
    owned_business(owner, name="Sambal Bu Rini", products=[("Sambal", "kuliner-bumbu")])
    log_in(phone, "rini@contoh.test")
    phone.goto(f"/acara/{event.slug}/daftar/")
    expect(phone.get_by_test_id("refusals")).to_contain_text(
        "Usaha Anda memerlukan sertifikat yang masih berlaku berikut: Halal."
    )
    expect(phone.get_by_test_id("apply-form")).to_have_count(0)


def test_an_officer_accepts_places_and_prints_the_plan(phone, expo, officer):
    booth_plan_generate(actor=officer, event=expo, zone="Kuliner", prefix="K", rows=1, columns=20)
    owners = {}
    for name in ("Keripik A", "Keripik B"):
        owner, application = apply(expo, name, "kuliner-makanan-ringan")
        owners[application.pk] = owner
    log_in(phone, "petugas@contoh.test")
    phone.goto(f"/o/disnakerperin-surakarta/events/{expo.pk}/applications/")
    rows = phone.get_by_test_id("application-row")
    expect(rows).to_have_count(2)
    rows.nth(0).get_by_test_id("accept").click()
    expect(phone.get_by_text("keputusan tersimpan", exact=False)).to_be_visible()
    phone.get_by_test_id("application-row").nth(1).get_by_test_id("accept").click()
    expect(phone.get_by_test_id("quota-fill")).to_contain_text("Kuliner: 2 / 4")

    with scopes_disabled():
        for application in Application.objects.all():
            application_respond(actor=owners[application.pk], application=application, confirm=True)

    phone.goto(f"/o/disnakerperin-surakarta/events/{expo.pk}/booths/")
    expect(phone.get_by_test_id("allowed")).to_have_text("10")
    expect(phone.get_by_test_id("waiting-exhibitor")).to_have_count(2)
    phone.get_by_test_id("allocate").click()
    expect(phone.get_by_test_id("placed-row")).to_have_count(2)
    expect(phone.get_by_test_id("taken")).to_have_text("2")
    with scopes_disabled():
        assert sorted(
            Booth.objects.filter(exhibitor__isnull=False).values_list("code", flat=True)
        ) == ["K1", "K2"]

    href = phone.get_by_test_id("print-plan").get_attribute("href")
    pdf = phone.request.get(href)
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    cards = phone.request.get(phone.get_by_test_id("print-cards").get_attribute("href"))
    assert cards.body().startswith(b"%PDF")
