"""Creating and running events: one function per use case, each its own transaction, each
audited. Services check permissions themselves against the event's organisers (decision
0025) and read across organisations explicitly (``scopes_disabled``), so a view, the API,
the demo and the tests call them the same way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from naikkelas.core.audit import audit_record, snapshot
from naikkelas.core.models import Organisation, Region, User
from naikkelas.core.permissions import can, can_in
from naikkelas.core.phones import phone_to_e164
from naikkelas.events.models import (
    STATUS_TRANSITIONS,
    Event,
    EventDay,
    EventFormat,
    EventKind,
    EventOrganiser,
    EventSeries,
    EventStatus,
)

EVENT_FIELDS = [
    "kind",
    "format",
    "title",
    "slug",
    "theme",
    "description",
    "status",
    "venue_name",
    "address",
    "region",
    "online_url",
    "venue_capacity",
    "sales_target",
    "booth_capacity_percent",
    "booth_capacity_number",
    "contact_name",
    "contact_phone",
    "contact_email",
    "series",
]


@dataclass
class EventData:
    """What an officer fills in for an event (everything but its days and organisers)."""

    title: str
    kind: str = EventKind.EXPO
    format: str = EventFormat.PHYSICAL
    region_code: str = ""
    theme: str = ""
    description: str = ""
    venue_name: str = ""
    address: str = ""
    online_url: str = ""
    venue_capacity: int | None = None
    sales_target: int | None = None
    booth_capacity_percent: int | None = None
    booth_capacity_number: int | None = None
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    slug: str = ""
    series_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DayData:
    date: dt.date
    opens_at: dt.time
    closes_at: dt.time
    note: str = ""


# --- permissions ------------------------------------------------------------------------------


_ORGANISERS = "_naikkelas_organiser_ids"


def event_organisation_ids(event: Event) -> list[int]:
    """The organising organisations of ``event``, the lead first. Read once per event
    object (a scan at the door asks three times); adding or removing an organiser forgets
    it. (Reading them with the event, as an annotation, saved a round trip but cost more
    to build and compile than the query it saved.)"""
    found: list[int] | None = event.__dict__.get(_ORGANISERS)
    if found is None:
        # every staff request asks: a hand-written query (a third of the ORM's cost)
        sql = (
            f"SELECT organisation_id FROM {EventOrganiser._meta.db_table} "  # noqa: S608 - the table name from the model, the value bound
            "WHERE event_id = %s ORDER BY is_lead DESC, id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
            found = [row[0] for row in cursor.fetchall()]
        event.__dict__[_ORGANISERS] = found
    return list(found)


def remember_organisers(event: Event, organisation_ids: list[int]) -> None:
    """Keep the organisers of ``event`` read by the caller (the lead first) with it."""
    event.__dict__[_ORGANISERS] = list(organisation_ids)


def _forget_organisers(event: Event) -> None:
    event.__dict__.pop(_ORGANISERS, None)


def can_on_event(user: Any, event: Event, permission: str = "manage_events") -> bool:
    """Whether ``user`` holds ``permission`` in any organising organisation of ``event``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return any(can_in(user, pk, permission) for pk in event_organisation_ids(event))


def require_on_event(user: Any, event: Event, permission: str = "manage_events") -> None:
    if not can_on_event(user, event, permission):
        raise PermissionDenied(_("Only the organisers of this event may do this."))


def _is_lead_officer(user: Any, event: Event) -> bool:
    return user is not None and can(user, event.organisation, "manage_events")


# --- validation -------------------------------------------------------------------------------


def _clean(data: EventData) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = " ".join(data.title.split())
    if not title:
        errors["title"] = _("Give the event a title.")
    if data.kind not in EventKind.values:
        errors["kind"] = _("Unknown kind of event.")
    if data.format not in EventFormat.values:
        errors["format"] = _("Unknown format.")
    region = Region.objects.filter(code=data.region_code).first() if data.region_code else None
    if region is None:
        errors["region"] = _("Choose the region where the event takes place.")
    if data.format in (EventFormat.PHYSICAL, EventFormat.HYBRID) and not (
        data.venue_name.strip() or data.address.strip()
    ):
        errors["venue_name"] = _("A physical event needs a venue or an address.")
    if data.booth_capacity_percent is not None and data.booth_capacity_number is not None:
        errors["booth_capacity_number"] = _(
            "Give the usable booths either as a share or as a number, not both."
        )
    if data.booth_capacity_percent is not None and not 1 <= data.booth_capacity_percent <= 100:
        errors["booth_capacity_percent"] = _("A share of booths lies between 1 and 100 %.")
    for name in ("venue_capacity", "sales_target", "booth_capacity_number"):
        value = getattr(data, name)
        if value is not None and value < 0:
            errors[name] = _("This number cannot be negative.")
    phone = ""
    if data.contact_phone.strip():
        phone = phone_to_e164(data.contact_phone) or ""
        if not phone:
            errors["contact_phone"] = _("'%(phone)s' is not a valid phone number.") % {
                "phone": data.contact_phone
            }
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "kind": data.kind,
        "format": data.format,
        "region": region,
        "theme": data.theme.strip(),
        "description": data.description.strip(),
        "venue_name": data.venue_name.strip(),
        "address": data.address.strip(),
        "online_url": data.online_url.strip(),
        "venue_capacity": data.venue_capacity,
        "sales_target": data.sales_target,
        "booth_capacity_percent": data.booth_capacity_percent,
        "booth_capacity_number": data.booth_capacity_number,
        "contact_name": data.contact_name.strip(),
        "contact_phone": phone,
        "contact_email": data.contact_email.strip().lower(),
    }


def unique_slug(text: str, *, exclude_pk: int | None = None) -> str:
    """A free web address made from ``text`` (``solo-great-sale-2``)."""
    base = slugify(text)[:100].strip("-") or "acara"
    with scopes_disabled():
        others = Event.objects.filter(slug__startswith=base)
        if exclude_pk is not None:
            others = others.exclude(pk=exclude_pk)
        taken = set(others.values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _series_for(organisation: Organisation, series_id: int | None) -> EventSeries | None:
    if series_id is None:
        return None
    series = EventSeries.objects.filter(pk=series_id, organisation=organisation).first()
    if series is None:
        raise ValidationError({"series": _("This series does not belong to your organisation.")})
    return series


# --- use cases --------------------------------------------------------------------------------


def event_create(
    *,
    actor: User | None,
    organisation: Organisation,
    data: EventData,
    co_organisers: list[Organisation] | None = None,
) -> Event:
    """A new draft event led by ``organisation`` (with co-organisers for a joint event)."""
    if actor is not None and not can(actor, organisation, "manage_events"):
        raise PermissionDenied
    values = _clean(data)
    with transaction.atomic(), scopes_disabled():
        slug = data.slug.strip() or values["title"]
        event = Event(
            organisation=organisation,
            slug=unique_slug(slug),
            status=EventStatus.DRAFT,
            series=_series_for(organisation, data.series_id),
            created_by=actor,
            **values,
        )
        event.save()
        EventOrganiser.objects.create(event=event, organisation=organisation, is_lead=True)
        for other in co_organisers or []:
            if other.pk != organisation.pk:
                EventOrganiser.objects.get_or_create(event=event, organisation=other)
        audit_record(
            actor=actor,
            action="event.create",
            obj=event,
            organisation=organisation,
            after={
                **snapshot(event, EVENT_FIELDS),
                "organisers": event_organisation_ids(event),
            },
        )
    return event


def event_update(*, actor: User | None, event: Event, data: EventData) -> Event:
    if actor is not None:
        require_on_event(actor, event)
    values = _clean(data)
    with transaction.atomic(), scopes_disabled():
        event = Event.objects.select_for_update().get(pk=event.pk)
        before = snapshot(event, EVENT_FIELDS)
        for name, value in values.items():
            setattr(event, name, value)
        if data.slug.strip() and data.slug.strip() != event.slug:
            event.slug = unique_slug(data.slug, exclude_pk=event.pk)
        event.series = _series_for(event.organisation, data.series_id)
        event.save()
        audit_record(
            actor=actor,
            action="event.update",
            obj=event,
            organisation=event.organisation,
            before=before,
            after=snapshot(event, EVENT_FIELDS),
        )
    return event


def event_set_days(*, actor: User | None, event: Event, days: list[DayData]) -> list[EventDay]:
    """Replace the event's days and opening hours; keeps ``starts_on``/``ends_on``."""
    if actor is not None:
        require_on_event(actor, event)
    errors = []
    dates = [day.date for day in days]
    if len(set(dates)) != len(dates):
        errors.append(_("Each date may appear only once."))
    for day in days:
        if day.closes_at <= day.opens_at:
            errors.append(
                _("On %(date)s the closing time must be after the opening time.")
                % {"date": day.date.isoformat()}
            )
    if errors:
        raise ValidationError({"days": errors})
    ordered = sorted(days, key=lambda d: d.date)
    with transaction.atomic(), scopes_disabled():
        event = Event.objects.select_for_update().get(pk=event.pk)
        before = [
            f"{d.date} {d.opens_at:%H:%M}-{d.closes_at:%H:%M}"
            for d in EventDay.objects.filter(event=event)
        ]
        EventDay.objects.filter(event=event).delete()
        made = EventDay.objects.bulk_create(
            EventDay(
                event=event,
                date=d.date,
                opens_at=d.opens_at,
                closes_at=d.closes_at,
                note=d.note.strip(),
            )
            for d in ordered
        )
        event.starts_on = ordered[0].date if ordered else None
        event.ends_on = ordered[-1].date if ordered else None
        event.save(update_fields=["starts_on", "ends_on", "updated_at"])
        audit_record(
            actor=actor,
            action="event.days",
            obj=event,
            organisation=event.organisation,
            changes={
                "days": [
                    before,
                    [f"{d.date} {d.opens_at:%H:%M}-{d.closes_at:%H:%M}" for d in ordered],
                ]
            },
        )
    return made


def event_set_status(*, actor: User | None, event: Event, status: str) -> Event:
    """Move the event along draft → published → running → closed → reported."""
    if actor is not None:
        require_on_event(actor, event)
    with transaction.atomic(), scopes_disabled():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if status not in STATUS_TRANSITIONS.get(event.status, ()):
            raise ValidationError(
                {
                    "status": _("An event that is %(current)s cannot become %(new)s.")
                    % {
                        "current": EventStatus(event.status).label.lower(),
                        "new": EventStatus(status).label.lower()
                        if status in EventStatus.values
                        else status,
                    }
                }
            )
        if status == EventStatus.PUBLISHED and not EventDay.objects.filter(event=event).exists():
            raise ValidationError({"status": _("Give the event its days before publishing it.")})
        before = event.status
        event.status = status
        if status == EventStatus.PUBLISHED and event.published_at is None:
            event.published_at = timezone.now()
        event.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(
            actor=actor,
            action="event.status",
            obj=event,
            organisation=event.organisation,
            changes={"status": [before, status]},
        )
    return event


def event_add_organiser(
    *, actor: User | None, event: Event, organisation: Organisation
) -> EventOrganiser:
    """Make ``organisation`` a co-organiser (only the lead organiser's officers may)."""
    if actor is not None and not _is_lead_officer(actor, event):
        raise PermissionDenied(_("Only the lead organiser may add co-organisers."))
    with transaction.atomic(), scopes_disabled():
        link, created = EventOrganiser.objects.get_or_create(event=event, organisation=organisation)
        _forget_organisers(event)
        if created:
            audit_record(
                actor=actor,
                action="event.organiser_add",
                obj=event,
                organisation=event.organisation,
                changes={"organisers": [None, organisation.slug]},
            )
    return link


def event_remove_organiser(*, actor: User | None, event: Event, organisation: Organisation) -> None:
    if actor is not None and not _is_lead_officer(actor, event):
        raise PermissionDenied(_("Only the lead organiser may remove co-organisers."))
    if organisation.pk == event.organisation_id:
        raise ValidationError(_("The lead organiser cannot be removed from its event."))
    with transaction.atomic(), scopes_disabled():
        deleted, _rows = EventOrganiser.objects.filter(
            event=event, organisation=organisation
        ).delete()
        _forget_organisers(event)
        if deleted:
            audit_record(
                actor=actor,
                action="event.organiser_remove",
                obj=event,
                organisation=event.organisation,
                changes={"organisers": [organisation.slug, None]},
            )


def series_create(
    *, actor: User | None, organisation: Organisation, name: str, description: str = ""
) -> EventSeries:
    if actor is not None and not can(actor, organisation, "manage_events"):
        raise PermissionDenied
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the series a name.")})
    with transaction.atomic(), scopes_disabled():
        series = EventSeries.objects.create(
            organisation=organisation, name=name, description=description.strip()
        )
        audit_record(
            actor=actor,
            action="event_series.create",
            obj=series,
            organisation=organisation,
            after={"name": name},
        )
    return series
