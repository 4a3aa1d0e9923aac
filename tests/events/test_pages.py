"""Events pages: officers', owners' and the public's; permissions, CSP, query counts."""

import datetime as dt

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from naikkelas.core.models import AuditEntry, Role
from naikkelas.events.models import Application, Booth, Event, EventStatus, Exhibitor
from naikkelas.events.services.booths import booth_plan_generate, exhibitor_add
from naikkelas.events.services.calls import application_decide
from tests.core.test_pages import assert_csp_clean
from tests.events.test_calls import QUOTAS, apply
from tests.factories import UserFactory, member
from tests.factories.events import make_event, open_call, owned_business
from tests.factories.registry import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER)


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def expo(surakarta, officer):
    event = make_event(
        surakarta, title="Solo Leading Industry Expo", contact_phone="0812-3450-0101"
    )
    open_call(event, actor=officer, places=10, quotas=QUOTAS)
    return event


def test_officer_creates_an_event_with_a_joint_organiser_and_days(signed_in, surakarta, kediri):
    response = signed_in.post(
        "/o/disnakerperin-surakarta/events/new/",
        {
            "title": "Temu Bisnis Solo Kediri",
            "kind": "business_meeting",
            "format": "physical",
            "region": "33.72",
            "venue_name": "Hotel Paragon Solo",
            "co_organisers": [kediri.pk],
        },
    )
    with scopes_disabled():
        event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/o/disnakerperin-surakarta/events/{event.pk}/days/"
    response = signed_in.post(
        f"/o/disnakerperin-surakarta/events/{event.pk}/days/",
        {
            "days-TOTAL_FORMS": "2",
            "days-INITIAL_FORMS": "0",
            "days-0-date": "2021-12-13",
            "days-0-opens_at": "09:00",
            "days-0-closes_at": "16:00",
            "days-1-date": "",
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.starts_on == dt.date(2021, 12, 13)
    page = signed_in.get(f"/o/disnakerperin-surakarta/events/{event.pk}/")
    assert_csp_clean(page)
    assert "Kadin Kota Kediri" in page.content.decode()
    # the co-organiser's officer sees it under their own organisation
    signed_in.force_login(member(kediri, Role.OFFICER))
    assert signed_in.get(f"/o/kadin-kediri/events/{event.pk}/").status_code == 200


def test_status_change_from_the_page_is_audited(signed_in, expo):
    response = signed_in.post(
        f"/o/disnakerperin-surakarta/events/{expo.pk}/status/", {"status": "running"}
    )
    assert response.status_code == 302
    expo.refresh_from_db()
    assert expo.status == EventStatus.RUNNING
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="event.status").count() == 2


def test_another_office_gets_404_and_a_leader_403(client, expo, kediri, surakarta):
    client.force_login(member(kediri, Role.OFFICER))
    assert client.get(f"/o/disnakerperin-surakarta/events/{expo.pk}/").status_code == 404
    assert client.get(f"/o/kadin-kediri/events/{expo.pk}/").status_code == 404
    client.force_login(member(surakarta, Role.LEADER))
    assert client.get("/o/disnakerperin-surakarta/events/").status_code == 403


def test_every_officer_page_is_csp_clean(signed_in, expo, officer):
    booth_plan_generate(actor=officer, event=expo, zone="Kuliner", prefix="K", rows=1, columns=3)
    _owner, application = apply(expo, "Keripik Bu Sri")
    base = f"/o/disnakerperin-surakarta/events/{expo.pk}/"
    for path in (
        "/o/disnakerperin-surakarta/events/",
        "/o/disnakerperin-surakarta/events/new/",
        "/o/disnakerperin-surakarta/events/copy/",
        base,
        base + "edit/",
        base + "days/",
        base + "call/",
        base + "applications/",
        base + f"applications/{application.pk}/",
        base + "booths/",
    ):
        response = signed_in.get(path)
        assert response.status_code == 200, path
        assert_csp_clean(response)


def test_the_event_list_has_constant_queries(signed_in, surakarta, django_assert_max_num_queries):
    for i in range(3):
        make_event(surakarta, title=f"Pameran {i}")
    signed_in.get("/o/disnakerperin-surakarta/events/")
    with django_assert_max_num_queries(12):
        signed_in.get("/o/disnakerperin-surakarta/events/")
    for i in range(10):
        make_event(surakarta, title=f"Pameran lagi {i}")
    with django_assert_max_num_queries(12):
        response = signed_in.get("/o/disnakerperin-surakarta/events/")
    assert response.content.decode().count('data-testid="event-row"') == 13


def test_the_ranked_applications_have_constant_queries(
    signed_in, expo, django_assert_max_num_queries
):
    for i in range(3):
        apply(expo, f"Kuliner {i}")
    path = f"/o/disnakerperin-surakarta/events/{expo.pk}/applications/"
    signed_in.get(path)
    with django_assert_max_num_queries(25):
        signed_in.get(path)
    for i in range(8):
        apply(expo, f"Fesyen {i}", "fesyen-batik")
    with django_assert_max_num_queries(25):
        response = signed_in.get(path)
    assert response.content.decode().count('data-testid="application-row"') == 11


def test_the_call_form_saves_rules_weights_and_quotas(signed_in, surakarta, officer):
    from naikkelas.catalog.models import Category

    event = make_event(surakarta)
    kuliner = Category.objects.get(slug="kuliner")
    data = {
        "call-opens_at": "2026-10-01T08:00",
        "call-closes_at": "2026-10-20T17:00",
        "call-max_products": "3",
        "call-confirm_days": "5",
        "call-region_1": "33.72",
        "call-certificates": ["pirt"],
        "call-questions": "Perlu listrik?\n",
        "quota-TOTAL_FORMS": "3",
        "quota-INITIAL_FORMS": "0",
        "quota-0-label": "Kuliner",
        "quota-0-category": kuliner.pk,
        "quota-0-percent": "40",
    }
    for part, weight in (
        ("coached", 50),
        ("certificates", 10),
        ("local", 10),
        ("women_led", 10),
        ("first_time", 10),
        ("small", 5),
        ("products", 5),
    ):
        data[f"call-weight_{part}"] = str(weight)
    response = signed_in.post(f"/o/disnakerperin-surakarta/events/{event.pk}/call/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        call = Event.objects.get().call
        assert call.rules == {"regions": ["33.72"], "certificates": ["pirt"]}
        assert call.score_weights["coached"] == 50
        assert call.questions == ["Perlu listrik?"]
        assert list(call.quotas.values_list("label", "percent")) == [("Kuliner", 40)]


def test_the_officer_rejects_with_a_reason_from_the_detail_page(signed_in, expo):
    _owner, application = apply(expo, "Keripik Bu Sri")
    path = f"/o/disnakerperin-surakarta/events/{expo.pk}/applications/{application.pk}/"
    response = signed_in.post(path, {"decision": "reject", "reason": ""})
    assert response.status_code == 200
    assert "Tuliskan alasan pendaftaran ditolak." in response.content.decode()
    response = signed_in.post(path, {"decision": "reject", "reason": "Kemasan belum layak"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.reason) == ("rejected", "Kemasan belum layak")


def test_the_owner_applies_on_the_public_page_and_confirms(client, expo, officer):
    owner = UserFactory(email="sri@contoh.test")
    business, products = owned_business(
        owner, products=[("Keripik Tempe", "kuliner-makanan-ringan")]
    )
    client.force_login(owner)
    page = client.get(f"/acara/{expo.slug}/")
    assert_csp_clean(page)
    assert f"/acara/{expo.slug}/daftar/" in page.content.decode()
    form = client.get(f"/acara/{expo.slug}/daftar/")
    assert_csp_clean(form)
    response = client.post(
        f"/acara/{expo.slug}/daftar/",
        {
            "business": business.pk,
            "apply-products": [products[0].pk],
            "apply-motivation": "Ingin naik kelas",
        },
    )
    with scopes_disabled():
        application = Application.objects.get()
    assert response["Location"] == f"/acara-saya/{application.pk}/"
    assert application.quota.label == "Kuliner"
    application_decide(actor=officer, application=application, decision="accept")
    page = client.get(f"/acara-saya/{application.pk}/")
    assert_csp_clean(page)
    assert "https://wa.me/6281234500101" in page.content.decode()
    client.post(f"/acara-saya/{application.pk}/respond/", {"action": "confirm"})
    with scopes_disabled():
        assert Exhibitor.objects.get().business == business
    assert client.get("/acara-saya/").status_code == 200


def test_the_owner_sees_why_the_business_cannot_apply(client, surakarta, officer):
    event = make_event(surakarta)
    open_call(event, actor=officer, rules={"size_classes": ["small"]})
    owner = UserFactory()
    owned_business(owner, products=[("Keripik", "kuliner-makanan-ringan")])
    client.force_login(owner)
    page = client.get(f"/acara/{event.slug}/daftar/").content.decode()
    assert "Usaha Anda belum dapat mendaftar" in page
    assert (
        "Hanya usaha berskala kecil yang boleh mendaftar; usaha Anda berskala belum diketahui."
        in page
    )


def test_a_stranger_cannot_open_someone_elses_application(client, expo):
    _owner, application = apply(expo, "Keripik Bu Sri")
    client.force_login(UserFactory())
    assert client.get(f"/acara-saya/{application.pk}/").status_code == 404


def test_drafts_are_not_public_and_the_public_list_shows_published(client, surakarta, expo):
    draft = make_event(surakarta, title="Masih Draf")
    assert client.get(f"/acara/{draft.slug}/").status_code == 404
    assert client.get(f"/acara/{draft.slug}.ics").status_code == 404
    listing = client.get("/acara/")
    assert_csp_clean(listing)
    text = listing.content.decode()
    assert "Solo Leading Industry Expo" in text and "Masih Draf" not in text


def test_the_calendar_file_has_one_entry_per_day_in_jakarta_time(client, expo):
    response = client.get(f"/acara/{expo.slug}.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 2
    assert "DTSTART;TZID=Asia/Jakarta:20261126T090000" in body
    assert "DTEND;TZID=Asia/Jakarta:20261127T210000" in body
    assert "SUMMARY:Solo Leading Industry Expo" in body
    assert f"UID:{expo.slug}-2026-11-26@naikkelas" in body


def test_the_booth_plan_page_places_and_prints(signed_in, surakarta, officer):
    event = make_event(surakarta, booth_capacity_percent=50)
    booth_plan_generate(actor=officer, event=event, zone="Kuliner", prefix="K", rows=1, columns=4)
    exhibitors = [
        exhibitor_add(actor=officer, event=event, business=register(surakarta, name=f"Usaha {i}"))
        for i in range(2)
    ]
    base = f"/o/disnakerperin-surakarta/events/{event.pk}/booths/"
    response = signed_in.post(base + "assign/", {"exhibitor": exhibitors[0].pk, "booth": "next"})
    assert response.status_code == 302
    signed_in.post(base + "allocate/")
    with scopes_disabled():
        taken = dict(
            Booth.objects.filter(event=event, exhibitor__isnull=False).values_list(
                "code", "exhibitor__display_name"
            )
        )
    assert taken == {"K1": "Usaha 0", "K2": "Usaha 1"}
    plan = signed_in.get(base + "plan.pdf")
    assert plan["Content-Type"] == "application/pdf"
    assert plan.content.startswith(b"%PDF")
    cards = signed_in.get(base + "cards.pdf")
    assert cards.content.startswith(b"%PDF")
    page = signed_in.get(base)
    assert_csp_clean(page)


def test_choosing_more_open_booths_than_the_rule_allows_is_refused(signed_in, surakarta, officer):
    event = make_event(surakarta, booth_capacity_percent=50)
    booths = booth_plan_generate(
        actor=officer, event=event, zone="Hall", prefix="A", rows=1, columns=4
    )
    base = f"/o/disnakerperin-surakarta/events/{event.pk}/booths/"
    response = signed_in.post(base + "open/", {"open": [b.pk for b in booths[:3]]}, follow=True)
    assert (
        "Aturan kapasitas hanya mengizinkan 2 dari 4 stan dibuka; Anda memilih 3."
        in response.content.decode()
    )
    signed_in.post(base + "open/", {"open": [booths[2].pk, booths[3].pk]})
    with scopes_disabled():
        assert list(
            Booth.objects.filter(event=event, is_open=True).values_list("code", flat=True)
        ) == ["A3", "A4"]


def test_the_officer_copies_another_regions_event(signed_in, client, kediri, expo):
    admin = member(kediri, Role.ADMIN)
    signed_in.force_login(admin)
    listing = signed_in.get("/o/kadin-kediri/events/copy/?q=Solo")
    assert "Solo Leading Industry Expo" in listing.content.decode()
    response = signed_in.post(
        f"/o/kadin-kediri/events/copy/{expo.pk}/",
        {"title": "Kediri Leading Industry Expo", "first_day": "2027-11-25"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        copy = Event.objects.get(title="Kediri Leading Industry Expo")
    assert (copy.organisation, copy.region_id, copy.status) == (kediri, "35.71", "draft")
    assert copy.starts_on == dt.date(2027, 11, 25)
    assert mail.outbox == []


def test_the_organisation_menu_offers_events_to_officers_only(client, surakarta, officer):
    client.force_login(officer)
    assert 'data-testid="nav-events"' in client.get(f"/o/{surakarta.slug}/").content.decode()
    client.force_login(member(surakarta, Role.LEADER))
    assert 'data-testid="nav-events"' not in client.get(f"/o/{surakarta.slug}/").content.decode()


def test_an_owner_finds_the_events_from_the_dashboard(client):
    client.force_login(UserFactory())
    html = client.get("/dashboard/").content.decode()
    assert 'href="/acara-saya/"' in html and 'href="/acara/"' in html


def test_the_lead_adds_a_co_organiser_from_the_event_page(signed_in, expo, kediri):
    page = signed_in.get(f"/o/disnakerperin-surakarta/events/{expo.pk}/").content.decode()
    assert 'data-testid="add-organiser"' in page
    signed_in.post(
        f"/o/disnakerperin-surakarta/events/{expo.pk}/organisers/", {"organisation": "kadin-kediri"}
    )
    signed_in.force_login(member(kediri, Role.OFFICER))
    page = signed_in.get(f"/o/kadin-kediri/events/{expo.pk}/").content.decode()
    assert 'data-testid="add-organiser"' not in page  # only the lead adds organisers


def test_support_staff_read_events_in_the_admin_site(client, expo):
    from naikkelas.core.models import User
    from tests.factories import PASSWORD

    staff = User.objects.create_superuser("support@contoh.test", PASSWORD)
    client.force_login(staff)
    for path in (
        "/admin/events/event/",
        f"/admin/events/event/{expo.pk}/change/",
        "/admin/events/application/",
        "/admin/events/booth/",
    ):
        assert client.get(path).status_code == 200, path
