"""The events' demo: the seed events with the facts of the reports."""

import datetime as dt

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from naikkelas.events.models import Booth, Event, EventOrganiser, Exhibitor
from naikkelas.events.services.booths import plan_numbers

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(capsys):
    call_command("demo", no_serve=True)
    return capsys.readouterr().out


def _event(slug):
    with scopes_disabled():
        return Event.objects.select_related("organisation").get(slug=slug)


def _facts(event):
    with scopes_disabled():
        return {
            "organisers": list(
                EventOrganiser.objects.filter(event=event)
                .order_by("-is_lead", "pk")
                .values_list("organisation__slug", flat=True)
            ),
            "exhibitors": Exhibitor.objects.filter(event=event, is_active=True).count(),
            "placed": Booth.objects.filter(event=event, exhibitor__isnull=False).count(),
        }


def test_the_demo_holds_the_seed_events_with_their_facts(loaded):
    expo = _event("solo-leading-industry-expo-2020")
    numbers = plan_numbers(expo)
    assert (numbers.planned, numbers.allowed, numbers.open, numbers.taken) == (50, 25, 25, 25)
    assert (expo.format, expo.sales_target, expo.status) == ("hybrid", None, "reported")
    assert _facts(expo) == {
        "organisers": ["disnakerperin-surakarta"],
        "exhibitors": 25,
        "placed": 25,
    }

    dki = _event("gelar-produk-ikm-dki-2018")
    assert (dki.starts_on, dki.venue_name) == (
        dt.date(2018, 10, 23),
        "Balai Kota DKI Jakarta, Blok G",
    )
    assert _facts(dki) == {
        "organisers": ["disperin-dki", "dekranasda-dki"],
        "exhibitors": 54,
        "placed": 54,
    }

    b2b = _event("temu-bisnis-kadin-solo-kadin-kediri-2021")
    assert (b2b.kind, b2b.starts_on, b2b.venue_name) == (
        "business_meeting",
        dt.date(2021, 12, 13),
        "Hotel Paragon Solo",
    )
    assert _facts(b2b) == {
        "organisers": ["kadin-surakarta", "kadin-kediri"],
        "exhibitors": 20,
        "placed": 20,
    }

    blitar = _event("temu-bisnis-ikm-blitar-2021")
    assert (blitar.starts_on, blitar.venue_capacity) == (dt.date(2021, 11, 15), 70)

    sale = _event("solo-great-sale-2020")
    assert (sale.kind, sale.series.name) == ("sale_festival", "Solo Great Sale")
    copy = _event("kediri-great-sale-2022")
    assert (copy.organisation.slug, copy.status, copy.copied_from_id, copy.region_id) == (
        "kadin-kediri",
        "draft",
        sale.pk,
        "35.71",
    )


def test_the_upcoming_expo_takes_applications_now(loaded, client):
    expo = _event("gelar-produk-unggulan-ikm-surakarta")
    assert expo.status == "published"
    page = client.get("/acara/gelar-produk-unggulan-ikm-surakarta/").content.decode()
    assert "/acara/gelar-produk-unggulan-ikm-surakarta/daftar/" in page
    numbers = plan_numbers(expo)
    assert (numbers.planned, numbers.allowed) == (50, 40)


def test_running_the_demo_again_adds_no_event(loaded):
    with scopes_disabled():
        before = Event.objects.count()
    call_command("demo", no_serve=True)
    with scopes_disabled():
        assert Event.objects.count() == before == 7


def test_the_demo_owner_takes_part_in_the_sale_festival(loaded, client):
    from naikkelas.core.models import User
    from naikkelas.events.models import FestivalMerchant, Promotion

    owner = User.objects.get(email="pemilik@naikkelas.test")
    with scopes_disabled():
        merchant = FestivalMerchant.objects.get(
            event__slug="solo-great-sale-2020", business__owners__user=owner
        )
        offers = list(Promotion.objects.filter(merchant=merchant).values_list("title", flat=True))
    assert (merchant.name, merchant.kind, merchant.area_id) == (
        "Keripik Tempe Bu Siti",
        "sme",
        "33.72.01",
    )
    assert offers == ["Beli 3 bungkus keripik tempe gratis 1"]
    client.force_login(owner)
    page = client.get("/acara-saya/").content.decode()
    assert "Solo Great Sale" in page
    assert f"/acara-saya/festival/{merchant.pk}/" in page
