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


def open_call(event, *, actor=None, places=None, quotas=(), publish=True, **fields):
    """An exhibitor call open from yesterday for a week, with quotas ``(label, category
    slug, percent)``; the event published."""
    from django.utils import timezone

    from naikkelas.catalog.models import Category
    from naikkelas.events.services.calls import CallData, QuotaData, call_save, quotas_set
    from naikkelas.events.services.events import event_set_status

    now = timezone.now()
    fields.setdefault("opens_at", now - dt.timedelta(days=1))
    fields.setdefault("closes_at", now + dt.timedelta(days=7))
    call = call_save(actor=actor, event=event, data=CallData(places=places, **fields))
    if quotas:
        quotas_set(
            actor=actor,
            event=event,
            quotas=[
                QuotaData(
                    label=label,
                    category_id=Category.objects.get(slug=slug).pk if slug else None,
                    percent=percent,
                )
                for label, slug, percent in quotas
            ],
        )
    if publish and event.status == "draft":
        event_set_status(actor=actor, event=event, status="published")
    event.refresh_from_db()
    return call


def owned_business(user, *, name="Keripik Tempe Bu Sri", products=(), **fields):
    """A business of ``user`` (its owner's account) with published products
    ``(name, category slug)``."""
    from naikkelas.registry.models import BusinessOwner
    from tests.factories.catalog import product
    from tests.factories.registry import register

    business = register(name=name, **fields)
    BusinessOwner.objects.filter(business=business).update(user=user)
    made = [product(business, name=p_name, category=slug) for p_name, slug in products]
    return business, made
