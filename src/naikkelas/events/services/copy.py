"""Copying an event (or a whole series) as a template into another organisation's new
draft: settings, days (moved to a new first day), the exhibitor call with its rules,
weights, questions and quotas (dates moved alike), the booth plan and the texts. Never
people, applications, exhibitors, booth assignments, sales or visitors."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from naikkelas.core.audit import audit_record
from naikkelas.core.models import Organisation, User
from naikkelas.core.permissions import can
from naikkelas.events.models import (
    Booth,
    CallQuota,
    Event,
    EventDay,
    EventOrganiser,
    EventSeries,
    EventStatus,
    ExhibitorCall,
)
from naikkelas.events.services.events import can_on_event, unique_slug

COPIED_FIELDS = [
    "kind",
    "format",
    "theme",
    "description",
    "venue_name",
    "address",
    "region_id",
    "online_url",
    "venue_capacity",
    "sales_target",
    "booth_capacity_percent",
    "booth_capacity_number",
]
BOOTH_COPIED = [
    "code",
    "zone",
    "width_cm",
    "depth_cm",
    "price",
    "has_power",
    "has_water",
    "column",
    "row",
    "is_open",
]


def can_copy(user: User | None, event: Event, organisation: Organisation) -> bool:
    """Any published (or later) event may be copied by an organisation's officers; a draft
    only by its own organisers."""
    if user is not None and not can(user, organisation, "manage_events"):
        return False
    return event.status != EventStatus.DRAFT or can_on_event(user, event)


def _copy_one(
    source: Event,
    *,
    organisation: Organisation,
    actor: User | None,
    title: str,
    shift: dt.timedelta,
    series: EventSeries | None,
) -> Event:
    copy = Event(
        organisation=organisation,
        title=title,
        slug=unique_slug(title),
        status=EventStatus.DRAFT,
        copied_from=source,
        series=series,
        created_by=actor,
        **{name: getattr(source, name) for name in COPIED_FIELDS},
    )
    here, there = organisation.region_id, source.region_id
    if not (here == there or there.startswith(here + ".") or here.startswith(there + ".")):
        # another region's event: it takes place where the copying organisation is
        copy.region_id = organisation.region_id
        copy.venue_name = ""
        copy.address = ""
    copy.starts_on = source.starts_on + shift if source.starts_on else None
    copy.ends_on = source.ends_on + shift if source.ends_on else None
    copy.save()
    EventOrganiser.objects.create(event=copy, organisation=organisation, is_lead=True)
    EventDay.objects.bulk_create(
        EventDay(
            event=copy,
            date=day.date + shift,
            opens_at=day.opens_at,
            closes_at=day.closes_at,
            note=day.note,
        )
        for day in EventDay.objects.filter(event=source)
    )
    call = ExhibitorCall.objects.filter(event=source).first()
    if call is not None:
        new_call = ExhibitorCall.objects.create(
            event=copy,
            opens_at=call.opens_at + shift,
            closes_at=call.closes_at + shift,
            intro=call.intro,
            places=call.places,
            max_products=call.max_products,
            # the coaching organisations of another office mean nothing to the copier
            rules={k: v for k, v in call.rules.items() if k != "coached_by"}
            if source.organisation_id != organisation.pk
            else dict(call.rules),
            score_weights=dict(call.score_weights),
            questions=list(call.questions),
            confirm_days=call.confirm_days,
        )
        CallQuota.objects.bulk_create(
            CallQuota(
                call=new_call,
                label=q.label,
                category_id=q.category_id,
                percent=q.percent,
                places=q.places,
                position=q.position,
            )
            for q in CallQuota.objects.filter(call=call)
        )
    Booth.objects.bulk_create(
        Booth(event=copy, **{name: getattr(b, name) for name in BOOTH_COPIED})
        for b in Booth.objects.filter(event=source).order_by("pk")
    )
    audit_record(
        actor=actor,
        action="event.copy",
        obj=copy,
        organisation=organisation,
        changes={"copied_from": [None, f"{source.title} ({source.organisation.name})"]},
    )
    return copy


def event_copy(
    *,
    actor: User | None,
    source: Event,
    organisation: Organisation,
    title: str = "",
    first_day: dt.date | None = None,
) -> Event:
    """A new draft of ``organisation`` made from ``source`` (any published event, from any
    region). Its days move so that the first one falls on ``first_day``."""
    with scopes_disabled():
        if not can_copy(actor, source, organisation):
            raise PermissionDenied(_("Only published events can be copied."))
        title = " ".join((title or source.title).split())
        if not title:
            raise ValidationError({"title": _("Give the event a title.")})
        shift = dt.timedelta(0)
        if first_day is not None and source.starts_on is not None:
            shift = first_day - source.starts_on
        with transaction.atomic():
            return _copy_one(
                Event.objects.select_related("region", "organisation").get(pk=source.pk),
                organisation=organisation,
                actor=actor,
                title=title,
                shift=shift,
                series=None,
            )


def series_copy(
    *,
    actor: User | None,
    source: EventSeries,
    organisation: Organisation,
    name: str = "",
    years_later: int = 0,
) -> EventSeries:
    """Copy a recurring program: a new series of ``organisation`` with a draft of each of
    its published events (moved ``years_later`` years on, same weekday season)."""
    if actor is not None and not can(actor, organisation, "manage_events"):
        raise PermissionDenied
    with scopes_disabled():
        events = list(
            Event.objects.filter(series=source)
            .exclude(status=EventStatus.DRAFT)
            .select_related("region", "organisation")
            .order_by("starts_on", "pk")
        )
        if not events:
            raise ValidationError(_("This series has no published event to copy."))
        shift = dt.timedelta(weeks=52 * years_later)
        with transaction.atomic():
            series = EventSeries.objects.create(
                organisation=organisation,
                name=" ".join((name or source.name).split()),
                description=source.description,
                copied_from=source,
            )
            for event in events:
                _copy_one(
                    event,
                    organisation=organisation,
                    actor=actor,
                    title=event.title,
                    shift=shift,
                    series=series,
                )
            audit_record(
                actor=actor,
                action="event_series.copy",
                obj=series,
                organisation=organisation,
                changes={"copied_from": [None, f"{source.name} ({source.organisation.name})"]},
            )
    return series
