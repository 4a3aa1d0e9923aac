"""Factories for the floor of an event: visitor sessions, exhibitors, sales, merchants."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_scopes import scopes_disabled

from naikkelas.events.models import EventDay, EventStatus, Exhibitor
from naikkelas.events.services.events import event_set_status
from naikkelas.events.services.visitors import slot_create
from tests.factories.events import make_event
from tests.factories.registry import register


def event_on(organisation, *, first=None, days=2, status=EventStatus.PUBLISHED, **fields):
    """A published event whose first day is ``first`` (today by default)."""
    first = first or timezone.localdate()
    event = make_event(
        organisation,
        days=tuple((first + dt.timedelta(days=n), "09:00", "21:00") for n in range(days)),
        **fields,
    )
    path = [EventStatus.PUBLISHED, EventStatus.RUNNING, EventStatus.CLOSED, EventStatus.REPORTED]
    for step in path[: path.index(status) + 1]:
        event = event_set_status(actor=None, event=event, status=step)
    return event


def day_of(event, n=0):
    with scopes_disabled():
        return EventDay.objects.filter(event=event).order_by("date")[n]


def slot_for(event, *, n=0, quota=100, label="Sepanjang hari"):
    return slot_create(actor=None, event=event, day=day_of(event, n), label=label, quota=quota)


def exhibitor_for(event, business=None, *, name=None, **business_fields):
    business = business or register(name=name or "Batik Tulis Bu Ani", **business_fields)
    with scopes_disabled():
        return Exhibitor.objects.create(
            event=event, business=business, display_name=name or business.name
        )
