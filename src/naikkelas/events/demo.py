"""The events' demo: the seed events of the reports NaikKelas was designed from.

- Solo Leading Industry Expo 2020 (Dinas Kota Surakarta): 50 booths planned, 25 allowed by
  the 50 % pandemic rule, a physical and an online market, no transaction target.
- Gelar Produk IKM DKI 2018 (Dinas Perindustrian dan Energi DKI, with Dekranasda DKI):
  54 IKM chosen after coaching by the districts and Dekranasda, at Balai Kota DKI Blok G.
- Temu Bisnis Kadin Solo × Kadin Kediri (13 December 2021, Hotel Paragon Solo): a joint
  business-meeting day of the two chambers, 20 UMKM exhibiting.
- Temu Bisnis IKM Kabupaten Blitar (15 November 2021, Rumah Makan Joglo, Jatinom,
  Kanigoro): 70 participants.
- Solo Great Sale: a city-wide sale festival, with its merchants and promotions
  (``demo_floor.py``, which also generates visitors and sales for the expo).

Where the reports give no exact date or hours, the demo's are illustrative. Running the
loader again adds nothing: events are found by their web address (slug).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django_scopes import scopes_disabled

from naikkelas.core.demo import DemoContext
from naikkelas.events.models import Event, EventFormat, EventKind, EventStatus
from naikkelas.events.services.events import (
    DayData,
    EventData,
    event_create,
    event_set_days,
    event_set_status,
)


@dataclass(frozen=True)
class SeedEvent:
    slug: str
    lead: str  # organisation slug
    officer: str  # demo person key
    data: dict[str, Any]
    days: tuple[tuple[dt.date, str, str], ...]
    status: str
    co_organisers: tuple[str, ...] = ()


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
    ),
)

# the path a seed event takes from draft to its final status
_PATH = [EventStatus.PUBLISHED, EventStatus.RUNNING, EventStatus.CLOSED, EventStatus.REPORTED]


def _make(context: DemoContext, seed: SeedEvent) -> Event:
    existing = Event.objects.filter(slug=seed.slug).first()
    if existing is not None:
        return existing
    officer = context.people.get(seed.officer)
    lead = context.organisations[seed.lead]
    event = event_create(
        actor=officer,
        organisation=lead,
        data=EventData(slug=seed.slug, **seed.data),
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
    for status in _PATH[: _PATH.index(EventStatus(seed.status)) + 1]:
        event = event_set_status(actor=officer, event=event, status=status)
    return event


def load(context: DemoContext) -> None:
    with transaction.atomic(), scopes_disabled():
        events = {seed.slug: _make(context, seed) for seed in SEED_EVENTS}
    context.extra["events"] = events
    # visitors, sales, the online hall and the sale festival's merchants (demo_floor.py)
    from naikkelas.events import demo_floor

    demo_floor.load(context, events)
