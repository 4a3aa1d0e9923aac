"""The event report's numbers, against data made for the test; the same numbers through
the API, the XLSX and the PDF."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from naikkelas.core.models import Role
from naikkelas.events.charts import bar_chart, rupiah
from naikkelas.events.checkin import peak_occupancy
from naikkelas.events.models import Application, ApplicationStatus, ExhibitorDailyStat
from naikkelas.events.report_files import report_pdf, report_xlsx
from naikkelas.events.selectors.report import event_report
from naikkelas.events.services.sales import SaleData, sale_correct, sale_record, sale_void
from naikkelas.events.services.visitors import scan_record, ticket_register, walk_in_register
from tests.factories import member
from tests.factories.catalog import product
from tests.factories.floor import day_of, event_on, exhibitor_for, slot_for
from tests.factories.registry import register

pytestmark = pytest.mark.django_db


def at(event, n, hour, minute=0):
    return timezone.make_aware(dt.datetime.combine(day_of(event, n).date, dt.time(hour, minute)))


@pytest.fixture
def expo(surakarta):
    event = event_on(surakarta, days=2, venue_capacity=100, sales_target=10_000_000)
    ani = register(name="Batik Bu Ani", owner="Ani", gender="female", phone="0812-1111-0001")
    budi = register(
        name="Keripik Pak Budi",
        owner="Budi",
        gender="male",
        phone="0812-1111-0002",
        village_code="35.71.01.1001",
    )
    sri = register(name="Wedang Bu Sri", owner="Sri", gender="female", phone="0812-1111-0003")
    batik = product(ani, name="Kain Batik Tulis", category="fesyen-batik")
    keripik = product(budi, name="Keripik Tempe", category="kuliner-makanan-ringan")
    product(sri, name="Wedang Uwuh", category="kuliner-minuman")
    exhibitors = {
        "ani": exhibitor_for(event, ani),
        "budi": exhibitor_for(event, budi),
        "sri": exhibitor_for(event, sri),
    }
    with scopes_disabled():
        for business, status in [
            (ani, "confirmed"),
            (budi, "accepted"),
            (sri, "confirmed"),
            (register(name="Toko Lain", phone="0812-1111-0004"), "rejected"),
        ]:
            Application.objects.create(event=event, business=business, status=status)
    d1, d2 = day_of(event, 0).date, day_of(event, 1).date
    sale_record(
        actor=None,
        exhibitor=exhibitors["ani"],
        data=SaleData(date=d1, amount=3_000_000, transactions=4, product_id=batik.pk),
    )
    sale_record(
        actor=None,
        exhibitor=exhibitors["ani"],
        data=SaleData(date=d2, amount=1_000_000, transactions=2, buyer_kind="reseller"),
    )
    wrong = sale_record(
        actor=None,
        exhibitor=exhibitors["budi"],
        data=SaleData(date=d1, amount=900_000, transactions=30, product_id=keripik.pk),
    )
    sale_correct(
        actor=None,
        entry=wrong,
        reason="salah ketik",
        data=SaleData(date=d1, amount=600_000, transactions=30, product_id=keripik.pk),
    )
    void = sale_record(
        actor=None,
        exhibitor=exhibitors["sri"],
        data=SaleData(date=d2, amount=5_000_000, transactions=1),
    )
    sale_void(actor=None, entry=void, reason="dobel")
    # visitors: 3 registered on day 1, one walk-in; entries 10:00, 10:30, 11:00, one
    # leaves at 10:45 -> peak 2 at 10:30 ... then 3 at 11:00 (walk-in)
    slot = slot_for(event, quota=10)
    tickets = [
        ticket_register(
            event=event, slot_id=slot.pk, name=f"P{n}", phone=f"0813-2222-000{n}", send_email=False
        ).ticket
        for n in range(3)
    ]
    scan_record(actor=None, event=event, code=tickets[0].code, scanned_at=at(event, 0, 10))
    scan_record(actor=None, event=event, code=tickets[1].code, scanned_at=at(event, 0, 10, 30))
    scan_record(
        actor=None,
        event=event,
        code=tickets[0].code,
        direction="out",
        scanned_at=at(event, 0, 10, 45),
    )
    walk_in, _ = walk_in_register(
        actor=None, event=event, day=day_of(event, 0), name="W", phone="0857-0000-1111"
    )
    with scopes_disabled():
        from naikkelas.events.models import Scan

        Scan.objects.filter(ticket=walk_in).update(scanned_at=at(event, 0, 11))
        ExhibitorDailyStat.objects.create(
            event=event, exhibitor=exhibitors["ani"], date=d1, page_views=40, whatsapp_clicks=3
        )
    return event


@pytest.mark.usefixtures("evening_of_the_event_day")
def test_the_report_adds_up_the_data(expo):
    report = event_report(expo)
    d1, d2 = report.days
    assert (report.exhibitors, report.women_led) == (3, 2)
    assert [(r.label, r.count) for r in report.by_category] == [("Kuliner", 2), ("Fesyen", 1)]
    assert [(r.label, r.count) for r in report.by_region] == [
        ("Kota Surakarta", 2),
        ("Kota Kediri", 1),
    ]
    assert (report.applied, report.accepted) == (4, 3)
    assert report.applications[ApplicationStatus.REJECTED] == 1
    # corrected to 600,000; the voided 5,000,000 does not count
    assert (report.sales_total, report.transactions_total) == (4_600_000, 36)
    assert [(d.amount, d.transactions) for d in report.sales_days] == [
        (3_600_000, 34),
        (1_000_000, 2),
    ]
    assert [(r.label, r.amount) for r in report.sales_by_category] == [
        ("Fesyen", 4_000_000),
        ("Kuliner", 600_000),
    ]
    assert [(r.label, r.amount, r.transactions) for r in report.sales_by_buyer] == [
        ("Konsumen", 3_600_000, 34),
        ("Reseller", 1_000_000, 2),
        ("Bisnis", 0, 0),
        ("Peminat ekspor", 0, 0),
    ]
    assert [(r.label, r.amount) for r in report.top_products] == [
        ("Kain Batik Tulis", 3_000_000),
        ("Keripik Tempe", 600_000),
    ]
    assert report.target_share == 46
    day = report.visitors[0]
    assert (day.registered, day.walk_ins, day.visitors, day.entries) == (3, 1, 3, 3)
    assert (day.peak, timezone.localtime(day.peak_at).time()) == (2, dt.time(10, 30))
    assert report.visitors[1].entries == 0
    assert (report.hall_views, report.hall_clicks) == (40, 3)
    assert d2 == d1 + dt.timedelta(days=1)


def test_the_files_carry_the_same_numbers(expo):
    report = event_report(expo)
    steps = []
    workbook = load_workbook(io.BytesIO(report_xlsx(report, steps.append)))
    summary = {
        row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(min_row=3, values_only=True)
    }
    assert summary["Nilai transaksi (Rp)"] == 4_600_000
    assert summary["Dipimpin perempuan"] == 2
    assert summary["Puncak pengunjung di dalam"] == 2
    assert steps[-1] == 100
    pdf = report_pdf(report)
    assert pdf[:5] == b"%PDF-"


def test_the_report_through_the_api_is_for_officers_and_leaders(client, surakarta, expo):
    client.force_login(member(surakarta, Role.LEADER))
    body = client.get(f"/api/v1/events/{expo.pk}/report").json()
    assert (body["sales"], body["transactions"], body["peak"], body["women_led"]) == (
        4_600_000,
        36,
        2,
        2,
    )
    assert [d["sales"] for d in body["days"]] == [3_600_000, 1_000_000]
    client.force_login(member(surakarta, Role.EVENT_STAFF))
    assert client.get(f"/api/v1/events/{expo.pk}/report").status_code == 403


def test_peak_counts_exits_before_entries_at_the_same_minute():
    t = dt.datetime(2026, 11, 26, 10, 0)
    assert peak_occupancy([(t, 1), (t, -1), (t, 1)]) == (1, t)
    assert peak_occupancy([]) == (0, None)


def test_a_bar_chart_is_svg_without_inline_style():
    svg = bar_chart(
        [("Kuliner", 3_000_000), ("Fesyen <b>", 1_000_000)], title="Penjualan", money=True
    )
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="chart"')
    assert "style=" not in svg
    assert "Fesyen &lt;b&gt;" in svg
    assert "Rp3.000.000" in svg
    assert rupiah(1234567) == "Rp1.234.567"


def test_the_peak_in_the_database_matches_the_plain_replay(surakarta):
    import random

    from naikkelas.events.models import Scan, Ticket
    from naikkelas.events.selectors.report import day_peaks

    event = event_on(surakarta, days=1)
    slot = slot_for(event, quota=200)
    rng = random.Random(5)
    moves = []
    with scopes_disabled():
        for n in range(120):
            ticket = ticket_register(
                event=event, slot_id=slot.pk, name=f"V{n}", phone=f"0812{n:08d}", send_email=False
            ).ticket
            came = at(event, 0, 9) + dt.timedelta(minutes=rng.randint(0, 300))
            rows = [("in", "entry", came)]
            if rng.random() < 0.5:
                rows.append(("out", "exit", came + dt.timedelta(minutes=rng.randint(0, 120))))
            for direction, outcome, when in rows:
                Scan.objects.create(
                    event=event,
                    ticket=ticket,
                    day=ticket.day,
                    key=f"{n}{direction}",
                    direction=direction,
                    outcome=outcome,
                    seq=1,
                    scanned_at=when,
                )
                moves.append((when, 1 if outcome == "entry" else -1))
        assert Ticket.objects.filter(event=event).count() == 120
    peak, peak_at = peak_occupancy(moves)
    entries, db_peak, db_at = day_peaks(event)[day_of(event).date]
    assert (entries, db_peak, db_at) == (120, peak, peak_at)
