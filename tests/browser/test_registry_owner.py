import re

import pytest
from playwright.sync_api import expect

from naikkelas.core.models import User
from naikkelas.registry.models import Business

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_self_registers_on_a_phone_and_sees_the_business(phone):
    phone.goto("/usaha/daftar/")
    expect(phone.locator("h1")).to_have_text("Daftarkan usaha Anda")
    phone.get_by_label("Nama usaha").fill("Wedang Uwuh Bu Tini")
    phone.get_by_label("Nama Anda").fill("Tini Suharti")
    phone.get_by_label("Nomor HP/WhatsApp").fill("0812-7777-8888")

    phone.get_by_label("Desa/kelurahan tempat usaha").fill("bumi")
    option = phone.locator("[data-region-option][data-code='33.72.01.1003']")
    expect(option).to_contain_text("Kelurahan Bumi, Kecamatan Laweyan, Kota Surakarta")
    # only villages are offered
    expect(phone.locator("[data-region-option][data-code='33.72.01']")).to_have_count(0)
    option.click()
    expect(phone.locator("[data-region-chosen]")).to_contain_text("Kelurahan Bumi")

    phone.get_by_label("Apa yang Anda buat atau jual?").fill("wedang uwuh, jahe instan")
    phone.get_by_label("Kata sandi").fill("Rempah-Laweyan-2026")
    phone.get_by_test_id("register-submit").click()

    expect(phone).to_have_url(re.compile(r"/usaha-saya/$"))
    expect(phone.get_by_text("Wedang Uwuh Bu Tini sudah terdaftar.", exact=False)).to_be_visible()
    card = phone.get_by_test_id("my-business")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Wedang Uwuh Bu Tini")
    expect(card).to_contain_text("Kelurahan Bumi")
    expect(card).to_contain_text("Sektor (kode KBLI)")

    # completing a section later
    card.get_by_role("link", name="Lengkapi profil").click()
    expect(phone.get_by_test_id("business-name")).to_have_text("Wedang Uwuh Bu Tini")
    expect(phone.get_by_test_id("business-village")).to_contain_text("Kelurahan Bumi")

    business = Business.objects.get()
    assert (business.village_id, business.source) == ("33.72.01.1003", "self")
    assert business.owners.get().user == User.objects.get(phone="+6281277778888")
