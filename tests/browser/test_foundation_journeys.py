import re

import pytest
from playwright.sync_api import expect

from naikkelas.core.models import Role
from tests.factories import PASSWORD, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_switches_language_logs_in_sees_dashboard_and_logs_out(phone, surakarta):
    member(surakarta, Role.OFFICER, name="Bambang Setiawan", email="petugas@contoh.test")
    phone.goto("/")
    expect(phone.locator("h1")).to_have_text("Membantu usaha kecil naik kelas")
    expect(phone.locator("html")).to_have_attribute("lang", "id")

    phone.get_by_test_id("lang-en").click()
    expect(phone.locator("h1")).to_have_text("Helping small businesses move up a class")
    phone.reload()  # the choice sticks
    expect(phone.locator("html")).to_have_attribute("lang", "en")

    phone.get_by_test_id("login-link").click()
    phone.get_by_label("Email or phone number").fill("petugas@contoh.test")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_test_id("login-submit").click()
    expect(phone).to_have_url(re.compile(r"/o/disnakerperin-surakarta/$"))
    expect(phone.get_by_test_id("org-name")).to_have_text(
        "Dinas Tenaga Kerja dan Perindustrian Kota Surakarta"
    )
    expect(phone.get_by_text("Officer's work")).to_be_visible()

    phone.get_by_test_id("logout").click()
    expect(phone.get_by_test_id("login-link")).to_be_visible()
    phone.goto("/account/")
    expect(phone).to_have_url(re.compile(r"/login/\?next=/account/$"))


def test_admin_picks_a_region_by_typing_on_a_phone(phone, surakarta):
    member(surakarta, Role.ADMIN, email="admin@contoh.test")
    phone.goto("/login/")
    phone.get_by_label("Email atau nomor HP").fill("admin@contoh.test")
    phone.get_by_label("Kata sandi").fill(PASSWORD)
    phone.get_by_test_id("login-submit").click()
    phone.goto(f"/o/{surakarta.slug}/settings/")
    expect(phone.locator("[data-region-chosen]")).to_contain_text("Kota Surakarta, Jawa Tengah")

    phone.get_by_label("Wilayah layanan").fill("blitar")
    option = phone.locator("[data-region-option][data-code='35.05']")
    expect(option).to_contain_text("Kabupaten Blitar, Jawa Timur")
    # districts are not offered for an organisation's region
    expect(phone.locator("[data-region-option][data-code^='35.05.']")).to_have_count(0)
    option.click()
    expect(phone.locator("[data-region-chosen]")).to_contain_text("Kabupaten Blitar")
    phone.get_by_role("button", name="Simpan").click()
    expect(phone.get_by_text("Tersimpan.")).to_be_visible()
    surakarta.refresh_from_db()
    assert surakarta.region_id == "35.05"
