"""Factories for events: made through the services, as an officer would."""

from __future__ import annotations

import datetime as dt

from naikkelas.events.services.events import DayData, EventData, event_create, event_set_days


def make_event(
    organisation,
    *,
    actor=None,
    title="Pameran Produk IKM Surakarta",
    region_code="33.72",
    venue_name="Pamedan Pura Mangkunegaran",
    days=((dt.date(2026, 11, 26), "09:00", "21:00"), (dt.date(2026, 11, 27), "09:00", "21:00")),
    co_organisers=(),
    **fields,
):
    event = event_create(
        actor=actor,
        organisation=organisation,
        data=EventData(title=title, region_code=region_code, venue_name=venue_name, **fields),
        co_organisers=list(co_organisers),
    )
    if days:
        event_set_days(
            actor=actor,
            event=event,
            days=[
                DayData(
                    date=date,
                    opens_at=dt.time.fromisoformat(opens),
                    closes_at=dt.time.fromisoformat(closes),
                )
                for date, opens, closes in days
            ],
        )
        event.refresh_from_db()
    return event
