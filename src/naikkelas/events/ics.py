"""The iCalendar file of an event (RFC 5545, written with the ``icalendar`` library): one
calendar entry per day with its opening hours in Asia/Jakarta time, so a phone's calendar
shows the hours of each day. Plain Python: takes the event and its days as objects with
the attributes used below."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as CalendarEvent

JAKARTA = ZoneInfo("Asia/Jakarta")
PRODUCT_ID = "-//NaikKelas//Acara//ID"


def calendar(
    event: Any,
    days: Iterable[Any],
    *,
    url: str,
    organisers: list[str],
    stamp: dt.datetime | None = None,
) -> bytes:
    """The .ics bytes for ``event`` with one entry per day."""
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", event.title)
    cal.add("x-wr-timezone", "Asia/Jakarta")
    stamp = stamp or dt.datetime.now(dt.UTC)
    location = ", ".join(x for x in (event.venue_name, event.address, event.region.label) if x)
    lines = [event.theme, event.description, ", ".join(organisers), url]
    description = "\n\n".join(x for x in lines if x)
    for day in days:
        entry = CalendarEvent()
        entry.add("uid", f"{event.slug}-{day.date.isoformat()}@naikkelas")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", dt.datetime.combine(day.date, day.opens_at, tzinfo=JAKARTA))
        entry.add("dtend", dt.datetime.combine(day.date, day.closes_at, tzinfo=JAKARTA))
        entry.add("summary", event.title)
        if location:
            entry.add("location", location)
        if description:
            entry.add("description", description)
        entry.add("url", url)
        entry.add("status", "CANCELLED" if event.status == "draft" else "CONFIRMED")
        cal.add_component(entry)
    return cal.to_ical()
