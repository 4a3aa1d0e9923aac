"""Copying an event or a recurring program as a template, across organisations."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope, scopes_disabled

from naikkelas.core.models import AuditEntry, Role
from naikkelas.events.models import (
    Application,
    Booth,
    CallQuota,
    Event,
    EventDay,
    EventSeries,
    Exhibitor,
)
from naikkelas.events.services.booths import booth_assign_next, booth_plan_generate, exhibitor_add
from naikkelas.events.services.copy import event_copy, series_copy
from naikkelas.events.services.events import series_create
from tests.events.test_calls import QUOTAS
from tests.factories import member
from tests.factories.events import make_event, open_call
from tests.factories.registry import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def solo_great_sale(surakarta):
    officer = member(surakarta, Role.OFFICER)
    event = make_event(
        surakarta,
        title="Solo Great Sale 2020",
        kind="sale_festival",
        format="hybrid",
        theme="Belanja hemat se-Kota Solo",
        booth_capacity_percent=50,
        days=((dt.date(2020, 2, 1), "10:00", "21:00"), (dt.date(2020, 2, 2), "10:00", "21:00")),
    )
    open_call(
        event,
        actor=officer,
        quotas=QUOTAS,
        rules={"regions": ["33.72"], "coached_by": [surakarta.pk], "certificates": ["pirt"]},
        questions=["Diskon berapa persen?"],
    )
    booth_plan_generate(actor=officer, event=event, zone="Alun-alun", prefix="A", rows=1, columns=4)
    exhibitor = exhibitor_add(actor=officer, event=event, business=register(surakarta))
    booth_assign_next(actor=officer, exhibitor=exhibitor)
    return event


def test_kediri_copies_solo_great_sale_without_its_people(solo_great_sale, kediri):
    kediri_admin = member(kediri, Role.ADMIN)
    copy = event_copy(
        actor=kediri_admin,
        source=solo_great_sale,
        organisation=kediri,
        title="Kediri Great Sale 2022",
        first_day=dt.date(2022, 3, 5),
    )
    with scopes_disabled():
        copy = Event.objects.select_related("call").get(pk=copy.pk)
        days = list(EventDay.objects.filter(event=copy).values_list("date", "opens_at"))
        booths = list(Booth.objects.filter(event=copy).values_list("code", "is_open", "exhibitor"))
        quotas = list(CallQuota.objects.filter(call__event=copy).values_list("label", "percent"))
        assert Application.objects.filter(event=copy).count() == 0
        assert Exhibitor.objects.filter(event=copy).count() == 0
        entry = AuditEntry.objects.get(action="event.copy")
    assert (copy.organisation, copy.status, copy.kind, copy.theme) == (
        kediri,
        "draft",
        "sale_festival",
        "Belanja hemat se-Kota Solo",
    )
    assert copy.copied_from == solo_great_sale
    # another region: the copy takes place in Kediri, its venue left to fill in
    assert (copy.region_id, copy.venue_name) == ("35.71", "")
    assert days == [(dt.date(2022, 3, 5), dt.time(10)), (dt.date(2022, 3, 6), dt.time(10))]
    assert booths == [
        ("A1", True, None),
        ("A2", True, None),
        ("A3", False, None),
        ("A4", False, None),
    ]
    assert quotas == [("Kuliner", 40), ("Fesyen", 30), ("Kerajinan", 30)]
    # Solo's coaching rule means nothing in Kediri; the other rules and questions stay
    assert copy.call.rules == {"regions": ["33.72"], "certificates": ["pirt"]}
    assert copy.call.questions == ["Diskon berapa persen?"]
    assert copy.call.opens_at.date() > dt.date(2022, 1, 1)
    assert entry.organisation == kediri
    with scope(organisation=kediri):
        assert Event.objects.count() == 1


def test_a_draft_of_another_organisation_cannot_be_copied(surakarta, kediri):
    draft = make_event(surakarta, title="Rahasia")
    with pytest.raises(PermissionDenied):
        event_copy(actor=member(kediri, Role.ADMIN), source=draft, organisation=kediri)


def test_a_person_without_the_permission_cannot_copy(solo_great_sale, kediri):
    with pytest.raises(PermissionDenied):
        event_copy(actor=member(kediri, Role.LEADER), source=solo_great_sale, organisation=kediri)


def test_a_recurring_program_is_copied_as_a_series_of_drafts(surakarta, kediri):
    series = series_create(actor=None, organisation=surakarta, name="Solo Great Sale")
    for year in (2019, 2020):
        event = make_event(
            surakarta,
            title=f"Solo Great Sale {year}",
            series_id=series.pk,
            days=((dt.date(year, 2, 1), "10:00", "21:00"),),
        )
        open_call(event)
    make_event(surakarta, title="Solo Great Sale 2021 (draf)", series_id=series.pk)
    copied = series_copy(
        actor=member(kediri, Role.ADMIN),
        source=series,
        organisation=kediri,
        name="Kediri Great Sale",
        years_later=3,
    )
    with scopes_disabled():
        events = list(
            Event.objects.filter(series=copied)
            .order_by("starts_on")
            .values_list("title", "organisation__slug", "status", "starts_on")
        )
        assert EventSeries.objects.get(pk=copied.pk).copied_from == series
    assert [e[:3] for e in events] == [
        ("Solo Great Sale 2019", "kadin-kediri", "draft"),
        ("Solo Great Sale 2020", "kadin-kediri", "draft"),
    ]
    assert events[0][3] == dt.date(2019, 2, 1) + dt.timedelta(weeks=156)


def test_a_series_without_published_events_is_refused(surakarta, kediri):
    series = series_create(actor=None, organisation=surakarta, name="Kosong")
    with pytest.raises(ValidationError):
        series_copy(actor=None, source=series, organisation=kediri)
