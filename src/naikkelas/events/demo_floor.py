"""The floor of the seed events in the demo: visitors, check-in scans, sales and online-hall
visits for Solo Leading Industry Expo 2020, the 70 participants of Temu Bisnis IKM Blitar
2021 (registered at the door), and the merchants, promotions and daily reports
of Solo Great Sale 2020. Generated (seeded random, so every run looks the same); the
figures are illustrative, not from the reports. Running it again adds nothing."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from naikkelas.catalog.models import Category, Product
from naikkelas.events.models import (
    BuyerKind,
    Event,
    EventDay,
    Exhibitor,
    ExhibitorDailyStat,
    FestivalMerchant,
    MerchantKind,
    Scan,
    VisitorSlot,
)
from naikkelas.events.services.festival import (
    MerchantData,
    PromotionData,
    merchant_add,
    merchant_report,
    promotion_add,
)
from naikkelas.events.services.sales import LeadData, SaleData, lead_record, sale_record
from naikkelas.events.services.visitors import scan_record, slot_create, walk_in_register
from naikkelas.registry.models import Business

EXPO = "solo-leading-industry-expo-2020"
BLITAR = "temu-bisnis-ikm-blitar-2021"
BLITAR_PARTICIPANTS = 70
SALE = "solo-great-sale-2020"
VISITORS_PER_DAY = 60
FIRST_NAMES = ["Dewi", "Budi", "Sri", "Agus", "Rina", "Joko", "Ani", "Eko", "Wati", "Yusuf"]
LAST_NAMES = ["Lestari", "Santoso", "Wahyuni", "Pratama", "Susanti", "Nugroho", "Rahayu"]

# merchant, kind, main category, district of Kota Surakarta, offer, % off
MERCHANTS = [
    (
        "Batik Danar Hadi",
        MerchantKind.SHOP,
        "fesyen",
        "33.72.01",
        "Diskon 30% kain batik tulis",
        30,
    ),
    (
        "Pasar Klewer Blok B-12",
        MerchantKind.SME,
        "fesyen",
        "33.72.02",
        "Beli 2 gratis 1 kemeja batik",
        None,
    ),
    (
        "Solo Grand Mall",
        MerchantKind.MALL,
        "fesyen",
        "33.72.04",
        "Diskon hingga 50% tenant pilihan",
        50,
    ),
    (
        "Serabi Notosuman Ny. Handayani",
        MerchantKind.SME,
        "kuliner",
        "33.72.02",
        "Diskon 10% serabi paket",
        10,
    ),
    (
        "Timlo Sastro",
        MerchantKind.RESTAURANT,
        "kuliner",
        "33.72.02",
        "Gratis es teh tiap pembelian timlo",
        None,
    ),
    (
        "Selat Solo Mbak Lies",
        MerchantKind.RESTAURANT,
        "kuliner",
        "33.72.03",
        "Diskon 15% makan di tempat",
        15,
    ),
    ("Intip Goreng Bu Sri", MerchantKind.SME, "kuliner", "33.72.05", "Diskon 20% intip manis", 20),
    (
        "Keris dan Kriya Baluwarti",
        MerchantKind.SME,
        "kerajinan",
        "33.72.02",
        "Diskon 25% suvenir kriya",
        25,
    ),
    ("Lurik Pedan Pak Darmo", MerchantKind.SME, "fesyen", "33.72.04", "Diskon 20% kain lurik", 20),
    (
        "Hotel Kusuma Sahid",
        MerchantKind.HOTEL,
        "kuliner",
        "33.72.01",
        "Diskon 20% kamar dan sarapan",
        20,
    ),
]


def _at(day: EventDay, minutes: int) -> dt.datetime:
    start = dt.datetime.combine(day.date, day.opens_at)
    return timezone.make_aware(start + dt.timedelta(minutes=minutes))


def _exhibitors(event: Event, count: int) -> list[Exhibitor]:
    """The expo's exhibitors; when the call's demo has made none, local businesses of
    the registry demo stand in."""
    existing = list(Exhibitor.objects.filter(event=event, is_active=True))
    if existing:
        return existing
    businesses = Business.objects.filter(regency_code="33.72", merged_into__isnull=True).order_by(
        "id"
    )[:count]
    return [
        Exhibitor.objects.get_or_create(event=event, business=b, defaults={"display_name": b.name})[
            0
        ]
        for b in businesses
    ]


def _visitors(event: Event, officer: Any, staff: Any, rng: random.Random) -> None:
    days = list(EventDay.objects.filter(event=event).order_by("date"))
    for number, day in enumerate(days):
        slot = slot_create(
            actor=officer, event=event, day=day, label="Sepanjang hari", quota=VISITORS_PER_DAY
        )
        # registration is closed for past days; the demo writes its tickets as walk-ins
        # registered through the same service, then scans them during the day
        for n in range(VISITORS_PER_DAY):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            phone = f"+62857{number:01d}{n:07d}"
            ticket, _result = walk_in_register(
                actor=staff, event=event, day=day, name=name, phone=phone, key=f"demo-{day.pk}-{n}"
            )
            Scan.objects.filter(key=f"demo-{day.pk}-{n}").update(
                scanned_at=_at(day, rng.randint(0, 360))
            )
            if rng.random() < 0.7:
                scan_record(
                    actor=staff,
                    event=event,
                    code=ticket.code,
                    direction="out",
                    key=f"demo-out-{day.pk}-{n}",
                    device="hp-pintu-keluar",
                    scanned_at=_at(day, rng.randint(380, 700)),
                )
        VisitorSlot.objects.filter(pk=slot.pk).update(is_open=False)


def _participants(event: Event, officer: Any, rng: random.Random) -> None:
    """The 70 participants of Temu Bisnis IKM Blitar, registered and let in at the door."""
    day = EventDay.objects.filter(event=event).order_by("date").first()
    if day is None:
        return
    slot_create(actor=officer, event=event, day=day, label="Peserta", quota=BLITAR_PARTICIPANTS)
    for n in range(BLITAR_PARTICIPANTS):
        walk_in_register(
            actor=officer,
            event=event,
            day=day,
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            phone=f"+62858{n:08d}",
            key=f"demo-blitar-{n}",
        )
        Scan.objects.filter(key=f"demo-blitar-{n}").update(scanned_at=_at(day, rng.randint(0, 60)))


def _sales(event: Event, exhibitors: list[Exhibitor], officer: Any, rng: random.Random) -> None:
    days = list(EventDay.objects.filter(event=event).order_by("date"))
    kinds = [BuyerKind.CONSUMER] * 6 + [BuyerKind.RESELLER, BuyerKind.BUSINESS, BuyerKind.EXPORT]
    for exhibitor in exhibitors:
        products = list(Product.objects.filter(business_id=exhibitor.business_id)[:3])
        for day in days:
            transactions = rng.randint(3, 40)
            sale_record(
                actor=officer,
                exhibitor=exhibitor,
                data=SaleData(
                    date=day.date,
                    amount=transactions * rng.randint(15, 120) * 1000,
                    transactions=transactions,
                    buyer_kind=rng.choice(kinds),
                    product_id=rng.choice(products).pk if products else None,
                ),
            )
            ExhibitorDailyStat.objects.get_or_create(
                event=event,
                exhibitor=exhibitor,
                date=day.date,
                defaults={
                    "page_views": rng.randint(20, 300),
                    "whatsapp_clicks": rng.randint(0, 25),
                },
            )
        if rng.random() < 0.3:
            lead_record(
                actor=officer,
                exhibitor=exhibitor,
                data=LeadData(
                    date=days[0].date,
                    name="CV Mitra Niaga Semarang",
                    contact="0812-2233-4455",
                    interest="Pemesanan rutin untuk toko oleh-oleh",
                    buyer_kind=BuyerKind.RESELLER,
                    estimated_value=rng.randint(5, 50) * 1_000_000,
                ),
            )


def _festival(event: Event, officer: Any, rng: random.Random) -> None:
    days = list(EventDay.objects.filter(event=event).order_by("date"))
    categories = {c.slug: c for c in Category.objects.filter(parent__isnull=True)}
    for name, kind, category, district, offer, percent in MERCHANTS:
        merchant = merchant_add(
            actor=officer,
            event=event,
            data=MerchantData(
                name=name,
                kind=kind,
                category_id=categories[category].pk,
                area_code=district,
                address="Kota Surakarta",
            ),
        )
        promotion_add(
            actor=officer,
            merchant=merchant,
            data=PromotionData(
                title=offer,
                starts_on=days[0].date,
                ends_on=days[-1].date,
                discount_percent=percent,
                conditions="Selama persediaan masih ada. Tunjukkan halaman promo ini di kasir.",
            ),
        )
        for day in days[::4]:
            transactions = rng.randint(10, 150)
            merchant_report(
                actor=officer,
                merchant=merchant,
                date=day.date,
                transactions=transactions,
                amount=transactions * rng.randint(30, 250) * 1000,
            )
    # the demo owner's business takes part too, so her "My events" page shows a festival
    siti = Business.objects.live().filter(extra__demo_key="solo-owner").first()
    if siti is not None and siti.district_code:
        owner_phone = siti.owners.exclude(phone="").values_list("phone", flat=True).first()
        merchant = merchant_add(
            actor=officer,
            event=event,
            data=MerchantData(
                name=siti.name,
                kind=MerchantKind.SME,
                category_id=categories["kuliner"].pk,
                area_code=siti.district_code,
                address=siti.address,
                phone=owner_phone or "",
                business_id=siti.pk,
            ),
        )
        promotion_add(
            actor=officer,
            merchant=merchant,
            data=PromotionData(
                title="Beli 3 bungkus keripik tempe gratis 1",
                starts_on=days[0].date,
                ends_on=days[-1].date,
                conditions="Berlaku untuk semua rasa, selama persediaan masih ada.",
            ),
        )
        merchant_report(
            actor=officer, merchant=merchant, date=days[0].date, transactions=42, amount=1_260_000
        )


def load(context: Any, events: dict[str, Event]) -> None:
    officer = context.people.get("officer_solo")
    staff = context.people.get("staff_solo") or officer
    rng = random.Random(2020)
    with scopes_disabled(), transaction.atomic():
        expo = events.get(EXPO)
        if expo is not None and not VisitorSlot.objects.filter(event=expo).exists():
            exhibitors = _exhibitors(expo, 25)
            _visitors(expo, officer, staff, rng)
            _sales(expo, exhibitors, officer, rng)
        blitar = events.get(BLITAR)
        if blitar is not None and not VisitorSlot.objects.filter(event=blitar).exists():
            _participants(blitar, context.people.get("officer_blitar"), rng)
        sale = events.get(SALE)
        if sale is not None and not FestivalMerchant.objects.filter(event=sale).exists():
            _festival(sale, officer, rng)
