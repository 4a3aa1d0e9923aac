"""The check-in page for event staff, made for a phone at the door: scan with the camera
or type the code, entry or exit, the live occupancy, and a queue that keeps scanning when
the hall's internet drops (a service worker keeps the page; the scans wait on the phone
and are synced later). Also: walk-ins registered at the door, sessions and their quotas."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from naikkelas.core.models import Organisation
from naikkelas.core.permissions import can
from naikkelas.core.views import org_view
from naikkelas.events.forms_floor import SlotForm, WalkInForm
from naikkelas.events.models import DayOccupancy, Event, EventDay, Scan, VisitorSlot
from naikkelas.events.services import visitors as services


def _event(organisation: Organisation, event_id: int) -> Event:
    # inside the organisation's scope: another organisation's event is not found
    return get_object_or_404(Event.objects.select_related("organisation"), pk=event_id)


def _today(event: Event) -> EventDay | None:
    days = list(EventDay.objects.filter(event=event).order_by("date"))
    today = timezone.localdate()
    for day in days:
        if day.date == today:
            return day
    return None


@never_cache
@org_view("staff_events")
def checkin(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    event = _event(organisation, event_id)
    day = _today(event)
    occupancy = DayOccupancy.objects.filter(day=day).first() if day else None
    conflicts = (
        Scan.objects.filter(event=event, day=day)
        .filter(replayed=True)
        .select_related("ticket")
        .order_by("-received_at")[:20]
        if day
        else []
    )
    return render(
        request,
        "events/checkin/checkin.html",
        {
            "organisation": organisation,
            "event": event,
            "day": day,
            "occupancy": occupancy,
            "conflicts": conflicts,
            "api": {
                "scan": reverse("api-v1:events_checkin", args=[event.pk]),
                "sync": reverse("api-v1:events_checkin_sync", args=[event.pk]),
            },
            "walk_in_form": WalkInForm(),
        },
    )


@org_view("staff_events")
def service_worker(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    """The check-in page's service worker: served from the page's own folder, so its
    scope is the check-in page."""
    event = _event(organisation, event_id)
    response = render(
        request,
        "events/checkin/sw.js",
        {"page": reverse("events:checkin", args=[organisation.slug, event.pk])},
        content_type="text/javascript",
    )
    response["Cache-Control"] = "no-cache"
    return response


@org_view("staff_events")
def walk_in(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    event = _event(organisation, event_id)
    day = _today(event)
    form = WalkInForm(request.POST or None)
    if request.method == "POST" and day is not None and form.is_valid():
        try:
            ticket, result = services.walk_in_register(
                actor=request.user,
                event=event,
                day=day,
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                email=form.cleaned_data["email"] or "",
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(
                request,
                _("%(name)s is registered (%(code)s): %(outcome)s.")
                % {"name": ticket.name, "code": ticket.code_display, "outcome": result.label},
            )
            return redirect("events:checkin", organisation.slug, event.pk)
    if day is None:
        messages.error(
            request, _("The event has no day today: walk-ins are registered on the day.")
        )
        return redirect("events:checkin", organisation.slug, event.pk)
    return render(
        request,
        "events/checkin/walk_in.html",
        {"organisation": organisation, "event": event, "form": form, "day": day},
    )


@org_view("staff_events")
def visitors(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    """Sessions with their quotas and the day's figures; officers add sessions."""
    event = _event(organisation, event_id)
    days = list(EventDay.objects.filter(event=event).order_by("date"))
    manage = can(request.user, organisation, "manage_events")
    form = SlotForm(
        request.POST or None,
        days=[(d.pk, date_format(d.date, "l, j F Y")) for d in days],
    )
    if request.method == "POST" and manage and form.is_valid():
        data = form.cleaned_data
        try:
            services.slot_create(
                actor=request.user,
                event=event,
                day=next(d for d in days if d.pk == data["day"]),
                label=data["label"],
                quota=data["quota"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Session added."))
            return redirect("events:visitors", organisation.slug, event.pk)
    slots = VisitorSlot.objects.filter(event=event).select_related("day")
    occupancy = {o.day_id: o for o in DayOccupancy.objects.filter(event=event)}
    return render(
        request,
        "events/checkin/visitors.html",
        {
            "organisation": organisation,
            "event": event,
            "slots": slots,
            "days": [(d, occupancy.get(d.pk)) for d in days],
            "form": form if manage else None,
            "register_url": reverse("events:visitor_register", args=[event.slug]),
        },
    )


urlpatterns = [
    path("o/<slug:slug>/events/<int:event_id>/check-in/", checkin, name="checkin"),
    path("o/<slug:slug>/events/<int:event_id>/check-in/sw.js", service_worker, name="checkin_sw"),
    path("o/<slug:slug>/events/<int:event_id>/check-in/walk-in/", walk_in, name="walk_in"),
    path("o/<slug:slug>/events/<int:event_id>/visitors/", visitors, name="visitors"),
]
