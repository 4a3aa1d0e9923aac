"""The events' demo: the seed events of the reports NaikKelas was designed from.

- Solo Leading Industry Expo 2020 (Dinas Kota Surakarta): 50 booths planned, 25 allowed by
  the 50 % pandemic rule, a physical and an online market, no transaction target.
- Gelar Produk IKM DKI 2018 (Dinas Perindustrian dan Energi DKI, with Dekranasda DKI):
  54 IKM chosen after coaching by the districts and Dekranasda, at Balai Kota DKI Blok G.
- Temu Bisnis Kadin Solo × Kadin Kediri (13 December 2021, Hotel Paragon Solo): a joint
  business-meeting day of the two chambers, 20 UMKM exhibiting.
- Temu Bisnis IKM Kabupaten Blitar (15 November 2021, Rumah Makan Joglo, Jatinom,
  Kanigoro): 70 participants.
- Solo Great Sale: a city-wide sale festival (its merchants and promotions come with the
  sale-festival part of the events app), in the recurring program "Solo Great Sale", and
  Kadin Kota Kediri's draft copy of it (Kediri Great Sale 2022).
- Gelar Produk Unggulan IKM Surakarta: an expo two months from today with its exhibitor
  call open, quotas 40/30/30 %, booths in zones named after the categories, and
  applications of the Solo businesses that have published products.

Exhibitors of the past events are added by the officers (chosen after coaching), placed
by the automatic allocation: 25 at the Expo 2020 (50 booths, 25 usable), 54 at Gelar
Produk IKM DKI 2018, 20 at the Solo × Kediri day. The 70 participants of Temu Bisnis
Blitar are visitors (the venue limit holds the number).

Where the reports give no exact date or hours, the demo's are illustrative. Running the
loader again adds nothing: events are found by their web address (slug).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from naikkelas.catalog.models import Category, Product, ProductStatus
from naikkelas.core.demo import DemoContext
from naikkelas.core.models import Organisation
from naikkelas.events.models import Event, EventFormat, EventKind, EventSeries, EventStatus
from naikkelas.events.services.booths import (
    booth_plan_generate,
    booths_allocate_auto,
    exhibitor_add,
)
from naikkelas.events.services.calls import (
    CallData,
    QuotaData,
    application_decide,
    application_submit,
    call_save,
    quotas_set,
)
from naikkelas.events.services.copy import event_copy
from naikkelas.events.services.events import (
    DayData,
    EventData,
    event_create,
    event_set_days,
    event_set_status,
    series_create,
)
from naikkelas.registry.models import Business


@dataclass(frozen=True)
class SeedEvent:
    slug: str
    lead: str  # organisation slug
    officer: str  # demo person key
    data: dict[str, Any]
    days: tuple[tuple[dt.date, str, str], ...]
    status: str
    co_organisers: tuple[str, ...] = ()
    series: str = ""
    # the booth plan: (zone, code letter, rows, columns, power, water)
    blocks: tuple[tuple[str, str, int, int, bool, bool], ...] = ()
    # exhibitors: (how many, programs whose businesses come first, organisations coaching them)
    exhibitors: tuple[int, tuple[str, ...], tuple[str, ...]] | None = None


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


SEED_EVENTS = (
    SeedEvent(
        slug="solo-leading-industry-expo-2020",
        lead="disnakerperin-surakarta",
        officer="officer_solo",
        data={
            "title": "Solo Leading Industry Expo 2020",
            "kind": EventKind.EXPO,
            "format": EventFormat.HYBRID,
            "region_code": "33.72",
            "theme": "Bangkit bersama IKM Solo di masa pandemi",
            "description": (
                "Pameran produk unggulan IKM Kota Surakarta, di pasar nyata dan pasar maya. "
                "Dari 50 stan yang direncanakan, hanya 25 yang boleh dipakai karena aturan "
                "kapasitas 50 % di masa pandemi. Tanpa target transaksi."
            ),
            "venue_name": "Pamedan Pura Mangkunegaran",
            "address": "Jl. Ronggowarsito, Keprabon, Banjarsari, Surakarta",
            "online_url": "https://naikkelas.test/pameran-daring/solo-leading-industry-expo-2020",
            "booth_capacity_percent": 50,
            "sales_target": None,
            "venue_capacity": 250,
            "contact_name": "Bambang Setiawan",
            "contact_phone": "+6281234500101",
        },
        days=(
            (_d("2020-11-26"), "09:00", "21:00"),
            (_d("2020-11-27"), "09:00", "21:00"),
            (_d("2020-11-28"), "09:00", "21:00"),
        ),
        status=EventStatus.REPORTED,
        blocks=(("Pamedan", "A", 5, 10, True, False),),
        exhibitors=(25, ("Solo Leading Industry Expo 2020",), ("disnakerperin-surakarta",)),
    ),
    SeedEvent(
        slug="gelar-produk-ikm-dki-2018",
        lead="disperin-dki",
        officer="officer_jakarta",
        data={
            "title": "Gelar Produk IKM DKI Jakarta 2018",
            "kind": EventKind.EXPO,
            "format": EventFormat.PHYSICAL,
            "region_code": "31.71",
            "theme": "Produk IKM binaan kota administrasi dan Dekranasda DKI",
            "description": (
                "54 IKM terpilih setelah pembinaan oleh suku dinas kota administrasi dan "
                "Dekranasda DKI Jakarta memamerkan produknya di Balai Kota."
            ),
            "venue_name": "Balai Kota DKI Jakarta, Blok G",
            "address": "Jl. Medan Merdeka Selatan No. 8-9, Gambir, Jakarta Pusat",
            "contact_name": "Rina Marlina",
            "contact_phone": "+6281234500102",
        },
        days=(
            (_d("2018-10-23"), "09:00", "16:00"),
            (_d("2018-10-24"), "09:00", "16:00"),
            (_d("2018-10-25"), "09:00", "16:00"),
        ),
        status=EventStatus.REPORTED,
        co_organisers=("dekranasda-dki",),
        blocks=(("Blok G", "G", 6, 9, True, False),),
        exhibitors=(54, ("Gelar Produk IKM 2018",), ("disperin-dki", "dekranasda-dki")),
    ),
    SeedEvent(
        slug="temu-bisnis-kadin-solo-kadin-kediri-2021",
        lead="kadin-surakarta",
        officer="officer_kadin_solo",
        data={
            "title": "Temu Bisnis Kadin Solo × Kadin Kediri 2021",
            "kind": EventKind.BUSINESS_MEETING,
            "format": EventFormat.PHYSICAL,
            "region_code": "33.72",
            "theme": "Kerja sama dagang UMKM Solo dan Kediri",
            "description": (
                "Temu bisnis (B2B) bersama Kadin Kota Surakarta dan Kadin Kota Kediri; "
                "20 UMKM memamerkan produknya."
            ),
            "venue_name": "Hotel Paragon Solo",
            "address": "Jl. Dr. Soetomo, Surakarta",
            "contact_name": "Agus Prasetyo",
            "contact_phone": "+6281234500103",
        },
        days=((_d("2021-12-13"), "09:00", "16:00"),),
        status=EventStatus.REPORTED,
        co_organisers=("kadin-kediri",),
        blocks=(("Ruang B2B", "M", 4, 5, True, False),),
        exhibitors=(
            20,
            ("Temu Bisnis Kadin Solo - Kadin Kediri 2021",),
            ("kadin-surakarta", "kadin-kediri"),
        ),
    ),
    SeedEvent(
        slug="temu-bisnis-ikm-blitar-2021",
        lead="disperindag-blitar",
        officer="officer_blitar",
        data={
            "title": "Temu Bisnis IKM Kabupaten Blitar 2021",
            "kind": EventKind.BUSINESS_MEETING,
            "format": EventFormat.PHYSICAL,
            "region_code": "35.05",
            "theme": "Mempertemukan IKM dengan pembeli dan mitra",
            "description": "Temu bisnis IKM Kabupaten Blitar dengan 70 peserta.",
            "venue_name": "Rumah Makan Joglo",
            "address": "Jatinom, Kanigoro, Kabupaten Blitar",
            "venue_capacity": 70,
            "contact_name": "Joko Susilo",
            "contact_phone": "+6281234500104",
        },
        days=((_d("2021-11-15"), "08:30", "15:00"),),
        status=EventStatus.REPORTED,
    ),
    SeedEvent(
        slug="solo-great-sale-2020",
        lead="disnakerperin-surakarta",
        officer="officer_solo",
        data={
            "title": "Solo Great Sale 2020",
            "kind": EventKind.SALE_FESTIVAL,
            "format": EventFormat.HYBRID,
            "region_code": "33.72",
            "theme": "Belanja hemat se-Kota Solo",
            "description": (
                "Festival belanja se-kota: toko, pusat perbelanjaan dan UMKM Kota Surakarta "
                "memberi potongan harga selama sebulan."
            ),
            "venue_name": "Seluruh Kota Surakarta",
            "address": "Kota Surakarta",
            "contact_name": "Bambang Setiawan",
            "contact_phone": "+6281234500101",
        },
        days=tuple((_d("2020-02-01") + dt.timedelta(days=n), "10:00", "21:00") for n in range(29)),
        status=EventStatus.CLOSED,
        series="Solo Great Sale",
    ),
)

# the path a seed event takes from draft to its final status
_PATH = [EventStatus.PUBLISHED, EventStatus.RUNNING, EventStatus.CLOSED, EventStatus.REPORTED]
QUOTAS = (("Kuliner", "kuliner", 40), ("Fesyen", "fesyen", 30), ("Kerajinan", "kerajinan", 30))


def _series(organisation: Organisation, name: str) -> EventSeries:
    series = EventSeries.objects.filter(organisation=organisation, name=name).first()
    return series or series_create(actor=None, organisation=organisation, name=name)


def _businesses(
    count: int, programs: tuple[str, ...], organisations: list[Organisation]
) -> list[Business]:
    """Demo businesses coached by ``organisations``: those of ``programs`` first."""
    coached = (
        Business.objects.live()
        .filter(
            extra__demo="registry",
            coaching__organisation__in=organisations,
            coaching__active=True,
        )
        .distinct()
    )
    first = list(coached.filter(coaching__program__in=programs).order_by("pk"))
    rest = list(coached.exclude(pk__in=[b.pk for b in first]).order_by("pk"))
    return (first + rest)[:count]


def _make(context: DemoContext, seed: SeedEvent) -> Event:
    existing = Event.objects.filter(slug=seed.slug).first()
    if existing is not None:
        return existing
    officer = context.people.get(seed.officer)
    lead = context.organisations[seed.lead]
    data = dict(seed.data)
    if seed.series:
        data["series_id"] = _series(lead, seed.series).pk
    event = event_create(
        actor=officer,
        organisation=lead,
        data=EventData(slug=seed.slug, **data),
        co_organisers=[context.organisations[s] for s in seed.co_organisers],
    )
    event_set_days(
        actor=officer,
        event=event,
        days=[
            DayData(
                date=date, opens_at=dt.time.fromisoformat(a), closes_at=dt.time.fromisoformat(b)
            )
            for date, a, b in seed.days
        ],
    )
    first_row = 0
    for zone, prefix, rows, columns, power, water in seed.blocks:
        booth_plan_generate(
            actor=officer,
            event=event,
            zone=zone,
            prefix=prefix,
            rows=rows,
            columns=columns,
            first_row=first_row,
            has_power=power,
            has_water=water,
        )
        first_row += rows
    event = event_set_status(actor=officer, event=event, status=EventStatus.PUBLISHED)
    if seed.exhibitors:
        count, programs, coaches = seed.exhibitors
        for business in _businesses(count, programs, [context.organisations[c] for c in coaches]):
            exhibitor_add(actor=officer, event=event, business=business)
        if seed.blocks:
            booths_allocate_auto(actor=officer, event=event)
    for status in _PATH[1 : _PATH.index(EventStatus(seed.status)) + 1]:
        event = event_set_status(actor=officer, event=event, status=status)
    return event


UPCOMING_SLUG = "gelar-produk-unggulan-ikm-surakarta"


def _upcoming(context: DemoContext) -> Event:
    """An expo two months ahead with its exhibitor call open now: 40 booths in three
    zones named after the categories, 40/30/30 % quotas, applications from the Solo
    businesses that have published products (the demo owner's business is left for the
    visitor to try)."""
    existing = Event.objects.filter(slug=UPCOMING_SLUG).first()
    if existing is not None:
        return existing
    officer = context.people["officer_solo"]
    solo = context.organisations["disnakerperin-surakarta"]
    today = timezone.localdate()
    first_day = today + dt.timedelta(days=60)
    event = event_create(
        actor=officer,
        organisation=solo,
        data=EventData(
            slug=UPCOMING_SLUG,
            title="Gelar Produk Unggulan IKM Surakarta",
            kind=EventKind.EXPO,
            format=EventFormat.HYBRID,
            region_code="33.72",
            theme="Produk unggulan IKM binaan Kota Surakarta",
            description=(
                "Pameran produk IKM binaan Dinas Kota Surakarta. Stan gratis dengan listrik; "
                "kuota 40 % kuliner, 30 % fesyen, 30 % kerajinan."
            ),
            venue_name="Benteng Vastenburg",
            address="Jl. Jenderal Sudirman, Kedung Lumbu, Pasar Kliwon, Surakarta",
            booth_capacity_percent=80,
            venue_capacity=500,
            contact_name="Bambang Setiawan",
            contact_phone="+6281234500101",
        ),
    )
    event_set_days(
        actor=officer,
        event=event,
        days=[
            DayData(
                date=first_day + dt.timedelta(days=n), opens_at=dt.time(9), closes_at=dt.time(21)
            )
            for n in range(3)
        ],
    )
    for row, (zone, prefix, columns) in enumerate(
        (("Kuliner", "K", 20), ("Fesyen", "F", 15), ("Kerajinan", "R", 15))
    ):
        booth_plan_generate(
            actor=officer,
            event=event,
            zone=zone,
            prefix=prefix,
            rows=1,
            columns=columns,
            first_row=row,
            has_power=True,
            has_water=zone == "Kuliner",
        )
    now = timezone.now()
    call_save(
        actor=officer,
        event=event,
        data=CallData(
            opens_at=now - dt.timedelta(days=2),
            closes_at=now + dt.timedelta(days=30),
            intro="Stan 3 × 3 m gratis, listrik, promosi di media sosial Dinas.",
            places=None,
            max_products=3,
            rules={"regions": ["33.72"]},
            questions=["Apakah Anda membutuhkan air bersih di stan?"],
        ),
    )
    quotas_set(
        actor=officer,
        event=event,
        quotas=[
            QuotaData(label=label, category_id=Category.objects.get(slug=slug).pk, percent=pct)
            for label, slug, pct in QUOTAS
            if Category.objects.filter(slug=slug).exists()
        ],
    )
    event = event_set_status(actor=officer, event=event, status=EventStatus.PUBLISHED)
    owner_business = (context.extra.get("registry") or {}).get("owner_business")
    applied = 0
    for business in _businesses(80, (), [solo]):
        if owner_business is not None and business.pk == owner_business.pk:
            continue
        products = list(
            Product.objects.filter(business=business, status=ProductStatus.PUBLISHED)[:3]
        )
        user = next((o.user for o in business.owners.all() if o.user_id), None)
        if not products or user is None:
            continue
        try:
            application = application_submit(
                actor=user,
                event=event,
                business=business,
                products=products,
                answers={"Apakah Anda membutuhkan air bersih di stan?": "Tidak"},
            )
        except ValidationError:
            continue  # no quota names its category
        applied += 1
        if applied <= 8:
            application_decide(actor=officer, application=application, decision="accept")
        elif applied <= 10:
            application_decide(actor=officer, application=application, decision="waitlist")
        if applied >= 14:
            break
    return event


def _kediri_copy(context: DemoContext, source: Event) -> Event:
    """Kadin Kota Kediri copies Solo Great Sale into a draft of its own."""
    existing = Event.objects.filter(copied_from=source).first()
    if existing is not None:
        return existing
    return event_copy(
        actor=context.people["officer_kediri"],
        source=source,
        organisation=context.organisations["kadin-kediri"],
        title="Kediri Great Sale 2022",
        first_day=dt.date(2022, 3, 5),
    )


def load(context: DemoContext) -> None:
    with transaction.atomic(), scopes_disabled():
        events = {seed.slug: _make(context, seed) for seed in SEED_EVENTS}
        events[UPCOMING_SLUG] = _upcoming(context)
        events["kediri-great-sale-2022"] = _kediri_copy(context, events["solo-great-sale-2020"])
    context.extra["events"] = events
