"""Events: creation, days, status changes with audit, joint events and their scoping."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django_scopes import scope, scopes_disabled
from django_scopes.exceptions import ScopeError

from naikkelas.core.models import AuditEntry, Role
from naikkelas.events.models import Booth, Event, EventDay, EventOrganiser, EventStatus
from naikkelas.events.services.events import (
    DayData,
    EventData,
    can_on_event,
    event_add_organiser,
    event_create,
    event_remove_organiser,
    event_set_days,
    event_set_status,
)
from tests.factories import member
from tests.factories.events import make_event

pytestmark = pytest.mark.django_db


def test_event_create_makes_a_draft_led_by_the_organisation(surakarta):
    officer = member(surakarta, Role.OFFICER)
    event = event_create(
        actor=officer,
        organisation=surakarta,
        data=EventData(
            title="  Solo Leading   Industry Expo 2020 ",
            region_code="33.72",
            venue_name="Pamedan Pura Mangkunegaran",
            booth_capacity_percent=50,
            contact_phone="0812-3450-0101",
        ),
    )
    assert event.title == "Solo Leading Industry Expo 2020"
    assert event.slug == "solo-leading-industry-expo-2020"
    assert event.status == EventStatus.DRAFT
    assert event.contact_phone == "+6281234500101"
    with scopes_disabled():
        links = list(EventOrganiser.objects.values_list("organisation__slug", "is_lead"))
        entry = AuditEntry.objects.get(action="event.create")
    assert links == [("disnakerperin-surakarta", True)]
    assert entry.changes["title"] == [None, "Solo Leading Industry Expo 2020"]
    assert entry.organisation == surakarta


def test_event_create_gives_a_second_event_of_the_same_title_its_own_address(surakarta):
    first = make_event(surakarta, title="Gelar Produk IKM")
    second = make_event(surakarta, title="Gelar Produk IKM")
    assert (first.slug, second.slug) == ("gelar-produk-ikm", "gelar-produk-ikm-2")


def test_event_create_explains_what_is_missing(surakarta):
    officer = member(surakarta, Role.OFFICER)
    with pytest.raises(ValidationError) as caught:
        event_create(
            actor=officer,
            organisation=surakarta,
            data=EventData(
                title=" ",
                region_code="99.99",
                booth_capacity_percent=50,
                booth_capacity_number=25,
                contact_phone="12",
            ),
        )
    assert sorted(caught.value.message_dict) == [
        "booth_capacity_number",
        "contact_phone",
        "region",
        "title",
        "venue_name",
    ]
    with scopes_disabled():
        assert Event.objects.count() == 0


def test_event_create_refuses_a_person_without_the_permission(surakarta):
    leader = member(surakarta, Role.LEADER)
    with pytest.raises(PermissionDenied):
        event_create(
            actor=leader,
            organisation=surakarta,
            data=EventData(title="Pameran", region_code="33.72", venue_name="Balai Kota"),
        )


def test_event_set_days_keeps_first_and_last_day_in_order(surakarta):
    event = make_event(surakarta, days=())
    event_set_days(
        actor=None,
        event=event,
        days=[
            DayData(dt.date(2020, 11, 28), dt.time(9), dt.time(21)),
            DayData(dt.date(2020, 11, 26), dt.time(9), dt.time(21)),
        ],
    )
    event.refresh_from_db()
    assert (event.starts_on, event.ends_on) == (dt.date(2020, 11, 26), dt.date(2020, 11, 28))


def test_event_set_days_refuses_closing_before_opening_and_twice_the_same_date(surakarta):
    event = make_event(surakarta)
    with pytest.raises(ValidationError) as caught:
        event_set_days(
            actor=None,
            event=event,
            days=[
                DayData(dt.date(2020, 11, 26), dt.time(21), dt.time(9)),
                DayData(dt.date(2020, 11, 26), dt.time(9), dt.time(21)),
            ],
        )
    assert len(caught.value.message_dict["days"]) == 2
    with scopes_disabled():
        assert EventDay.objects.filter(event=event).count() == 2  # unchanged


def test_status_follows_the_allowed_path_and_is_audited(surakarta):
    officer = member(surakarta, Role.OFFICER)
    event = make_event(surakarta)
    for status in ("published", "running", "closed", "reported"):
        event = event_set_status(actor=officer, event=event, status=status)
    assert event.status == EventStatus.REPORTED
    assert event.published_at is not None
    with scopes_disabled():
        changes = [
            e.changes["status"]
            for e in AuditEntry.objects.filter(action="event.status").order_by("id")
        ]
    assert changes == [
        ["draft", "published"],
        ["published", "running"],
        ["running", "closed"],
        ["closed", "reported"],
    ]


def test_status_refuses_a_jump_and_publishing_without_days(surakarta):
    event = make_event(surakarta, days=())
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        event_set_status(actor=None, event=event, status="running")
    assert caught.value.messages == ["An event that is draft cannot become running."]
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        event_set_status(actor=None, event=event, status="published")
    assert caught.value.messages == ["Give the event its days before publishing it."]


def test_a_joint_event_is_seen_and_managed_by_both_organisers(surakarta, kediri):
    solo_officer = member(surakarta, Role.OFFICER)
    kediri_admin = member(kediri, Role.ADMIN)
    event = make_event(surakarta, title="Temu Bisnis Solo Kediri", co_organisers=[kediri])
    with scope(organisation=kediri):
        assert list(Event.objects.values_list("title", flat=True)) == ["Temu Bisnis Solo Kediri"]
        assert EventDay.objects.count() == 2
    assert can_on_event(solo_officer, event)
    assert can_on_event(kediri_admin, event)
    # a co-organiser runs the event but may not change who organises it
    event_set_status(actor=kediri_admin, event=event, status="published")
    with pytest.raises(PermissionDenied):
        event_remove_organiser(actor=kediri_admin, event=event, organisation=kediri)


def test_an_event_is_invisible_to_an_organisation_that_does_not_organise_it(surakarta, kediri):
    make_event(surakarta)
    outsider = member(kediri, Role.OFFICER)
    with scope(organisation=kediri):
        assert Event.objects.count() == 0
        assert EventDay.objects.count() == 0
    with pytest.raises(ScopeError):
        list(Event.objects.all())
    event = Event.objects.model._base_manager.get()
    assert not can_on_event(outsider, event)
    with pytest.raises(PermissionDenied):
        event_set_status(actor=outsider, event=event, status="published")


def test_the_lead_adds_and_removes_a_co_organiser_but_never_itself(surakarta, kediri):
    officer = member(surakarta, Role.OFFICER)
    event = make_event(surakarta)
    event_add_organiser(actor=officer, event=event, organisation=kediri)
    with scope(organisation=kediri):
        assert Event.objects.count() == 1
    event_remove_organiser(actor=officer, event=event, organisation=kediri)
    with scope(organisation=kediri):
        assert Event.objects.count() == 0
    with pytest.raises(ValidationError):
        event_remove_organiser(actor=officer, event=event, organisation=surakarta)


def test_the_database_keeps_one_lead_and_one_exhibitor_per_open_booth(surakarta, kediri):
    event = make_event(surakarta)
    with scopes_disabled():
        with pytest.raises(IntegrityError), transaction.atomic():
            EventOrganiser.objects.create(event=event, organisation=kediri, is_lead=True)
        Booth.objects.create(event=event, code="A1")
        with pytest.raises(IntegrityError), transaction.atomic():
            Booth.objects.create(event=event, code="A1")
