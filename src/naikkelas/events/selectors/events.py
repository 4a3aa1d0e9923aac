"""Reads for events: an organisation's events, an event's overview, the public list, the
events and series others may copy."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django_scopes import scopes_disabled

from naikkelas.core.models import Organisation
from naikkelas.events.models import (
    PUBLIC_STATUSES,
    Application,
    ApplicationStatus,
    Booth,
    Event,
    EventDay,
    EventOrganiser,
    EventSeries,
    EventStatus,
    Exhibitor,
    ExhibitorCall,
)


def events_of(organisation: Organisation, *, status: str = "") -> QuerySet[Event]:
    """The events ``organisation`` organises (lead or co-organiser), newest first. Call it
    inside the organisation's scope."""
    rows = (
        Event.objects.all()
        .select_related("organisation", "region")
        .annotate(
            application_count=Count("applications", distinct=True),
            exhibitor_count=Count(
                "exhibitors", filter=Q(exhibitors__is_active=True), distinct=True
            ),
        )
        .order_by("-starts_on", "-pk")
    )
    if status in EventStatus.values:
        rows = rows.filter(status=status)
    return rows


def event_overview(event: Event) -> dict[str, Any]:
    """Days, organisers, call, quotas and counts of one event, for its pages."""
    with scopes_disabled():
        call = ExhibitorCall.objects.filter(event=event).prefetch_related("quotas").first()
        counts = dict(
            Application.objects.filter(event=event)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        return {
            "days": list(EventDay.objects.filter(event=event).order_by("date")),
            "organisers": list(
                EventOrganiser.objects.filter(event=event)
                .select_related("organisation")
                .order_by("-is_lead", "pk")
            ),
            "call": call,
            "quotas": list(call.quotas.select_related("category")) if call else [],
            "application_counts": [
                (ApplicationStatus(status).label, counts[status])
                for status in ApplicationStatus.values
                if counts.get(status)
            ],
            "application_total": sum(counts.values()),
            "exhibitor_count": Exhibitor.objects.filter(event=event, is_active=True).count(),
            "booth_count": Booth.objects.filter(event=event).count(),
        }


def public_events(*, query: str = "", past: bool = False) -> QuerySet[Event]:
    """Events the public sees: published and later."""
    with scopes_disabled():
        rows = (
            Event.objects.filter(status__in=PUBLIC_STATUSES)
            .select_related("organisation", "region")
            .order_by("-starts_on", "-pk")
        )
        if query:
            rows = rows.filter(
                Q(title__icontains=query)
                | Q(theme__icontains=query)
                | Q(region__name__icontains=query)
            )
        return rows


def public_event(slug: str) -> Event | None:
    with scopes_disabled():
        return (
            Event.objects.filter(slug=slug, status__in=PUBLIC_STATUSES)
            .select_related("organisation", "region", "region__parent")
            .first()
        )


def public_exhibitors(event: Event) -> list[Exhibitor]:
    with scopes_disabled():
        return list(
            Exhibitor.objects.filter(event=event, is_active=True)
            .select_related("business", "quota", "booth")
            .order_by("display_name", "pk")
        )


def copyable_events(query: str = "") -> QuerySet[Event]:
    """Published (or later) events of every organisation, to copy as a template."""
    return public_events(query=query)


def copyable_series(query: str = "") -> list[EventSeries]:
    with scopes_disabled():
        rows = (
            EventSeries.objects.filter(events__status__in=PUBLIC_STATUSES)
            .select_related("organisation")
            .annotate(event_count=Count("events", distinct=True))
            .order_by("name", "pk")
        )
        if query:
            rows = rows.filter(name__icontains=query)
        return list(rows.distinct()[:20])


def other_organisations(event: Event) -> list[Organisation]:
    """Active organisations that do not organise ``event`` yet (to add a co-organiser)."""
    with scopes_disabled():
        return list(
            Organisation.objects.filter(is_active=True)
            .exclude(event_links__event=event)
            .order_by("name")
        )
