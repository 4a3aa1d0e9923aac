"""The floor's pages: registration and ticket, check-in, the online hall with its counted
WhatsApp redirect, sales with corrections, the promo page and the report; all free of
inline code (strict CSP)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from naikkelas.core.models import Role
from naikkelas.events.models import (
    EventFormat,
    EventKind,
    ExhibitorDailyStat,
    SaleEntry,
    SaleRevision,
    Ticket,
)
from naikkelas.events.services.festival import (
    MerchantData,
    PromotionData,
    merchant_add,
    promotion_add,
)
from naikkelas.events.services.sales import SaleData, sale_record
from naikkelas.events.services.visitors import scan_record, ticket_payload
from naikkelas.registry.models import BusinessOwner
from tests.core.test_pages import assert_csp_clean
from tests.factories import UserFactory, member
from tests.factories.floor import day_of, event_on, exhibitor_for, slot_for

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)


def test_a_visitor_registers_and_sees_the_ticket_with_its_qr_code(client, surakarta):
    event = event_on(surakarta)
    slot = slot_for(event, quota=10)
    page = client.get(reverse("events:visitor_register", args=[event.slug]))
    assert page.status_code == 200
    assert_csp_clean(page)
    response = client.post(
        reverse("events:visitor_register", args=[event.slug]),
        {"slot": slot.pk, "name": "Dewi", "phone": "0812-3456-7890", "email": ""},
    )
    with scopes_disabled():
        ticket = Ticket.objects.get()
    assert response.status_code == 302
    ticket_page = client.get(response["Location"])
    assert ticket_page.status_code == 200
    assert_csp_clean(ticket_page)
    assert ticket.code_display in ticket_page.content.decode()
    assert "<svg" in ticket_page.content.decode()
    wrong = response["Location"].rstrip("/").rsplit("/", 1)[0] + "/0000000000000000/"
    assert client.get(wrong).status_code == 404


def test_the_check_in_page_is_for_event_staff(client, surakarta, kediri):
    event = event_on(surakarta)
    url = reverse("events:checkin", args=[surakarta.slug, event.pk])
    staff = member(surakarta, Role.EVENT_STAFF)
    login(client, staff)
    page = client.get(url)
    assert page.status_code == 200
    assert_csp_clean(page)
    assert "jsQR.js" in page.content.decode()
    worker = client.get(reverse("events:checkin_sw", args=[surakarta.slug, event.pk]))
    assert worker["Content-Type"].startswith("text/javascript")
    assert url in worker.content.decode()
    client.logout()
    login(client, member(surakarta, Role.LEADER))
    assert client.get(url).status_code == 403
    client.logout()
    login(client, member(kediri, Role.EVENT_STAFF))
    assert client.get(reverse("events:checkin", args=[kediri.slug, event.pk])).status_code == 404


def test_check_in_through_the_api_with_an_idempotency_key(client, surakarta):
    event = event_on(surakarta, venue_capacity=50)
    slot = slot_for(event)
    created = client.post(
        f"/api/v1/events/{event.pk}/tickets",
        {"slot_id": slot.pk, "name": "Dewi", "phone": "0812-3456-7890"},
        content_type="application/json",
    )
    assert created.status_code == 201
    with scopes_disabled():
        ticket = Ticket.objects.get()
    login(client, member(surakarta, Role.EVENT_STAFF))
    body = {"code": ticket_payload(ticket), "key": "scan-1", "device": "hp-a"}
    first = client.post(f"/api/v1/events/{event.pk}/checkin", body, content_type="application/json")
    again = client.post(f"/api/v1/events/{event.pk}/checkin", body, content_type="application/json")
    assert (first.json()["outcome"], first.json()["inside"], first.json()["repeated"]) == (
        "entry",
        1,
        False,
    )
    assert (again.json()["outcome"], again.json()["repeated"]) == ("entry", True)
    synced = client.post(
        f"/api/v1/events/{event.pk}/checkin/sync",
        {"scans": [{"code": ticket.code, "key": "scan-2", "direction": "out", "offline": True}]},
        content_type="application/json",
    )
    assert [a["outcome"] for a in synced.json()] == ["exit"]
    occupancy = client.get(f"/api/v1/events/{event.pk}/occupancy").json()
    assert (occupancy[0]["inside"], occupancy[0]["entries"]) == (0, 1)


def test_the_online_hall_counts_booth_views_and_whatsapp_clicks(client, surakarta):
    event = event_on(surakarta, format=EventFormat.HYBRID)
    exhibitor = exhibitor_for(event, name="Batik Tulis Bu Ani")
    hall = client.get(reverse("events:hall", args=[event.slug]))
    assert hall.status_code == 200
    assert_csp_clean(hall)
    assert "Batik Tulis Bu Ani" in hall.content.decode()
    booth = client.get(reverse("events:hall_booth", args=[event.slug, exhibitor.pk]))
    assert_csp_clean(booth)
    client.get(reverse("events:hall_booth", args=[event.slug, exhibitor.pk]))
    click = client.get(reverse("events:hall_whatsapp", args=[event.slug, exhibitor.pk]))
    assert click.status_code == 302
    assert click["Location"].startswith("https://wa.me/6281234567890?text=")
    with scopes_disabled():
        stat = ExhibitorDailyStat.objects.get(exhibitor=exhibitor)
    assert (stat.date, stat.page_views, stat.whatsapp_clicks) == (timezone.localdate(), 2, 1)


def test_a_physical_event_has_no_online_hall(client, surakarta):
    event = event_on(surakarta, format=EventFormat.PHYSICAL)
    assert client.get(reverse("events:hall", args=[event.slug])).status_code == 404


def test_an_exhibitor_records_and_corrects_a_day_of_sales(client, surakarta):
    event = event_on(surakarta)
    exhibitor = exhibitor_for(event)
    owner = UserFactory()
    with scopes_disabled():
        BusinessOwner.objects.filter(business_id=exhibitor.business_id).update(user=owner)
    login(client, owner)
    url = reverse("events:my_sales", args=[exhibitor.pk])
    page = client.get(url)
    assert_csp_clean(page)
    day = day_of(event).date.isoformat()
    client.post(
        url,
        {
            "form": "sale",
            "date": day,
            "amount": "1500000",
            "transactions": "12",
            "buyer_kind": "consumer",
        },
    )
    with scopes_disabled():
        entry = SaleEntry.objects.get()
    assert (entry.amount, entry.transactions, entry.recorded_by) == (1500000, 12, owner)
    client.post(
        f"{url}?ubah={entry.pk}",
        {
            "form": "sale",
            "date": day,
            "amount": "1250000",
            "transactions": "10",
            "buyer_kind": "consumer",
            "reason": "Salah hitung",
        },
    )
    with scopes_disabled():
        revision = SaleRevision.objects.get()
        entry.refresh_from_db()
    assert entry.amount == 1250000
    assert (revision.before["amount"], revision.after["amount"], revision.reason) == (
        1500000,
        1250000,
        "Salah hitung",
    )
    history = client.get(url).content.decode()
    assert "Salah hitung" in history
    stranger = UserFactory()
    client.logout()
    login(client, stranger)
    assert client.get(url).status_code == 403


def test_the_promo_page_filters_by_area_and_category(client, surakarta):
    event = event_on(surakarta, kind=EventKind.SALE_FESTIVAL, days=5)
    from naikkelas.catalog.models import Category

    culinary = Category.objects.get(slug="kuliner")
    fashion = Category.objects.get(slug="fesyen")
    first = day_of(event).date
    for name, category, area, percent in [
        ("Toko Batik Laweyan", fashion, "33.72.01", 20),
        ("Warung Selat Solo", culinary, "33.72.02", 10),
    ]:
        merchant = merchant_add(
            actor=None,
            event=event,
            data=MerchantData(name=name, category_id=category.pk, area_code=area),
        )
        promotion_add(
            actor=None,
            merchant=merchant,
            data=PromotionData(
                title=f"Diskon {percent}%",
                starts_on=first,
                ends_on=first + dt.timedelta(days=2),
                discount_percent=percent,
            ),
        )
    url = reverse("events:promos", args=[event.slug])
    everything = client.get(url)
    assert_csp_clean(everything)
    text = everything.content.decode()
    assert "Toko Batik Laweyan" in text and "Warung Selat Solo" in text
    only = client.get(url, {"kategori": "kuliner"}).content.decode()
    assert "Warung Selat Solo" in only and "Toko Batik Laweyan" not in only
    area = client.get(url, {"wilayah": "33.72.01"}).content.decode()
    assert "Toko Batik Laweyan" in area and "Warung Selat Solo" not in area


def test_the_leader_reads_the_report_and_asks_for_its_files(
    client, surakarta, immediate_tasks, django_capture_on_commit_callbacks
):
    event = event_on(surakarta, venue_capacity=100)
    slot = slot_for(event)
    exhibitor = exhibitor_for(event)
    sale_record(
        actor=None,
        exhibitor=exhibitor,
        data=SaleData(date=day_of(event).date, amount=2_000_000, transactions=8),
    )
    from naikkelas.events.services.visitors import ticket_register

    ticket = ticket_register(event=event, slot_id=slot.pk, name="A", phone="0812-3456-7890").ticket
    scan_record(actor=None, event=event, code=ticket.code)
    login(client, member(surakarta, Role.LEADER))
    url = reverse("events:report", args=[surakarta.slug, event.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert_csp_clean(page)
    text = page.content.decode()
    assert "Rp2.000.000" in text
    assert 'class="chart"' in text
    for kind, magic in (("xlsx", b"PK"), ("pdf", b"%PDF")):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("events:report_export", args=[surakarta.slug, event.pk]), {"kind": kind}
            )
        from naikkelas.events.models import ReportExport

        with scopes_disabled():
            export = ReportExport.objects.filter(kind=kind).get()
        assert (export.status, export.progress) == ("done", 100)
        download = client.get(
            reverse("events:report_export_download", args=[surakarta.slug, event.pk, export.pk])
        )
        assert b"".join(download.streaming_content)[: len(magic)] == magic
    client.logout()
    login(client, member(surakarta, Role.EVENT_STAFF))
    assert client.get(url).status_code == 403
