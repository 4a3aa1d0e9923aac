"""Journeys on the floor of an event: a visitor registers on a phone and is checked in by
staff on another phone (one scan made offline and synced later); an exhibitor records a
day's sales; the leader opens the report; an officer adds a sale festival's merchant and
its promotion, which the public promo page shows filtered by area."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from naikkelas.core.models import Role
from naikkelas.events.models import EventFormat, SaleEntry, Scan, Ticket
from naikkelas.events.services.sales import SaleData, sale_record
from naikkelas.events.services.visitors import ticket_register
from naikkelas.registry.models import BusinessOwner
from tests.browser.conftest import CHROMIUM_FLAGS  # noqa: F401 - same browser set-up
from tests.factories import PASSWORD, UserFactory, member
from tests.factories.floor import day_of, event_on, exhibitor_for, slot_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# a failed request while the phone is offline is the point of the test, not an error
OFFLINE_NOISE = ("ERR_INTERNET_DISCONNECTED", "Failed to fetch", "Failed to load resource")


def log_in(page, email):
    page.goto("/login/")
    page.get_by_label("Email atau nomor HP").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()


@pytest.fixture
def staff_phone(browser, live_server):
    """A second phone, for the event staff at the door."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="id-ID",
        base_url=live_server.url,
        has_touch=True,
        is_mobile=True,
    )
    page = context.new_page()
    errors = []
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and not any(n in msg.text for n in OFFLINE_NOISE)
            else None
        ),
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert errors == []


def test_a_visitor_registers_and_staff_checks_in_also_offline(phone, staff_phone, surakarta):
    event = event_on(surakarta, title="Solo Leading Industry Expo", venue_capacity=250)
    slot = slot_for(event, quota=100)
    member(surakarta, Role.EVENT_STAFF, email="pintu@contoh.test")

    # the visitor, on her phone
    phone.goto(f"/acara/{event.slug}/pengunjung/")
    expect(phone.locator("h1")).to_have_text("Daftar sebagai pengunjung")
    phone.get_by_label("Nama Anda").fill("Dewi Lestari")
    phone.get_by_label("No. HP/WhatsApp").fill("0812-3456-7890")
    phone.get_by_test_id("visitor-submit").click()
    expect(phone).to_have_url(re.compile(r"/tiket/[0-9A-Z]{10}/[0-9a-f]{16}/$"))
    code = phone.get_by_test_id("ticket-code").inner_text()
    expect(phone.locator(".ticket-qr svg")).to_be_visible()

    # the staff, on another phone, types the code (the camera cannot be used headless)
    log_in(staff_phone, "pintu@contoh.test")
    staff_phone.goto(f"/o/{surakarta.slug}/events/{event.pk}/check-in/")
    staff_phone.get_by_test_id("code-input").fill(code)
    staff_phone.get_by_test_id("code-submit").click()
    result = staff_phone.get_by_test_id("scan-result")
    expect(result).to_contain_text("Boleh masuk")
    expect(result).to_contain_text("Dewi Lestari")
    expect(staff_phone.get_by_test_id("occupancy")).to_contain_text("1 / 250")

    # the hall's internet drops: the next scan waits on the phone
    other = ticket_register(
        event=event, slot_id=slot.pk, name="Budi Santoso", phone="0813-1111-2222"
    ).ticket
    staff_phone.context.set_offline(True)
    staff_phone.get_by_test_id("code-input").fill(other.code.lower())
    staff_phone.get_by_test_id("code-submit").click()
    expect(result).to_contain_text("Tidak ada internet")
    expect(staff_phone.get_by_test_id("queue")).to_contain_text("1 menunggu dikirim")
    with scopes_disabled():
        assert Scan.objects.filter(ticket=other).count() == 0

    # back online: the queue is sent, the visitor counted once
    staff_phone.context.set_offline(False)
    expect(staff_phone.get_by_test_id("queue")).to_have_text("", timeout=20_000)
    with scopes_disabled():
        scan = Scan.objects.get(ticket=other)
        assert (scan.outcome, scan.was_offline) == ("entry", True)
        assert Ticket.objects.filter(event=event, inside=True).count() == 2


def test_an_exhibitor_records_a_days_sales_on_a_phone(phone, surakarta):
    event = event_on(surakarta, title="Gelar Produk IKM", format=EventFormat.HYBRID)
    exhibitor = exhibitor_for(event, name="Batik Tulis Bu Ani")
    owner = UserFactory(email="ani@contoh.test")
    with scopes_disabled():
        BusinessOwner.objects.filter(business_id=exhibitor.business_id).update(user=owner)
    log_in(phone, "ani@contoh.test")
    phone.goto("/acara-saya/pameran/")
    phone.get_by_role("link", name="Catat penjualan").click()
    phone.get_by_label("Penjualan (Rp)").fill("1750000")
    phone.get_by_label("Jumlah transaksi").fill("14")
    phone.get_by_label("Pembeli").select_option("reseller")
    phone.get_by_test_id("sale-submit").click()
    expect(phone.get_by_text("Penjualan dicatat.")).to_be_visible()
    expect(phone.get_by_test_id("sales-total")).to_have_text("Rp1.750.000")
    with scopes_disabled():
        entry = SaleEntry.objects.get()
    assert (entry.amount, entry.transactions, entry.buyer_kind, entry.date) == (
        1_750_000,
        14,
        "reseller",
        day_of(event).date,
    )


def test_the_leader_opens_the_report(phone, surakarta, immediate_tasks):
    event = event_on(surakarta, title="Solo Leading Industry Expo", sales_target=10_000_000)
    exhibitor = exhibitor_for(event, name="Batik Tulis Bu Ani")
    sale_record(
        actor=None,
        exhibitor=exhibitor,
        data=SaleData(date=day_of(event).date, amount=2_500_000, transactions=10),
    )
    member(surakarta, Role.LEADER, email="walikota@contoh.test")
    log_in(phone, "walikota@contoh.test")
    phone.goto(f"/o/{surakarta.slug}/events/{event.pk}/report/")
    expect(phone.locator("h1")).to_have_text("Laporan acara")
    expect(phone.get_by_test_id("stat-sales")).to_have_text("Rp2.500.000")
    expect(phone.get_by_test_id("stat-exhibitors")).to_have_text("1")
    expect(phone.locator("svg.chart").first).to_be_visible()
    phone.get_by_test_id("export-pdf").click()
    expect(phone.get_by_test_id("export-download")).to_be_visible(timeout=20_000)


def test_an_officer_adds_a_merchant_and_its_promotion_and_the_promo_page_filters_by_area(
    phone, surakarta
):
    from naikkelas.catalog.models import Category
    from naikkelas.events.models import EventKind, FestivalMerchant, Promotion
    from naikkelas.events.services.festival import (
        MerchantData,
        PromotionData,
        merchant_add,
        promotion_add,
    )

    event = event_on(surakarta, title="Solo Great Sale", kind=EventKind.SALE_FESTIVAL, days=5)
    first = day_of(event).date
    culinary = Category.objects.get(slug="kuliner")
    jebres = merchant_add(
        actor=None,
        event=event,
        data=MerchantData(
            name="Warung Timlo Jebres", category_id=culinary.pk, area_code="33.72.04"
        ),
    )
    promotion_add(
        actor=None,
        merchant=jebres,
        data=PromotionData(
            title="Timlo hemat", starts_on=first, ends_on=first, discount_amount=5000
        ),
    )
    member(surakarta, Role.OFFICER, email="petugas@contoh.test")

    log_in(phone, "petugas@contoh.test")
    phone.goto(f"/o/{surakarta.slug}/events/{event.pk}/")
    phone.get_by_test_id("nav-merchants").click()
    phone.get_by_test_id("merchant-new").click()
    phone.get_by_label("Nama merchant").fill("Toko Batik Laweyan")
    phone.get_by_label("Jenis").select_option("shop")
    phone.get_by_label("Kategori").select_option(str(Category.objects.get(slug="fesyen").pk))
    phone.get_by_label("Wilayah (kecamatan)").fill("laweyan")
    option = phone.locator("[data-region-option][data-code='33.72.01']")
    expect(option).to_contain_text("Laweyan")
    option.click()
    phone.get_by_label("Nomor WhatsApp").fill("0812-2233-4455")
    phone.get_by_test_id("merchant-submit").click()
    expect(phone.locator("h1")).to_have_text("Toko Batik Laweyan")

    phone.get_by_test_id("promotion-new").click()
    phone.get_by_label("Penawaran").fill("Diskon 20% semua batik tulis")
    phone.get_by_label("Diskon (%)").fill("20")
    phone.get_by_label("Syarat").fill("Minimal belanja Rp 200.000")
    phone.get_by_test_id("promotion-submit").click()
    expect(phone.get_by_text("Promo sudah tampil di halaman promo.")).to_be_visible()
    expect(phone.get_by_test_id("merchant-promotion")).to_contain_text("Diskon 20% semua batik")
    with scopes_disabled():
        merchant = FestivalMerchant.objects.get(name="Toko Batik Laweyan")
        promotion = Promotion.objects.get(merchant=merchant)
    assert (merchant.kind, merchant.area_id, merchant.phone) == (
        "shop",
        "33.72.01",
        "+6281222334455",
    )
    assert (promotion.discount_percent, promotion.starts_on, promotion.ends_on) == (
        20,
        first,
        event.ends_on,
    )

    # the public, on the promo page
    phone.goto(f"/promo/{event.slug}/")
    promotions = phone.get_by_test_id("promotions")
    expect(promotions).to_contain_text("Diskon 20% semua batik tulis")
    expect(promotions).to_contain_text("Timlo hemat")
    phone.locator("#promo-area").select_option("33.72.01")
    phone.get_by_role("button", name="Tampilkan").click()
    expect(phone).to_have_url(re.compile(r"wilayah=33\.72\.01"))
    expect(promotions).to_contain_text("Diskon 20% semua batik tulis")
    expect(promotions).not_to_contain_text("Timlo hemat")
