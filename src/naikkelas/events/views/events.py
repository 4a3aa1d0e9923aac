"""Officers' event pages: the list, create and edit, days, status changes, organisers, and
copying another organisation's event as a template."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from naikkelas.core.models import Organisation
from naikkelas.core.views import org_view
from naikkelas.events.forms import CopyForm, DayFormSet, EventForm
from naikkelas.events.models import STATUS_TRANSITIONS, Event, EventDay, EventStatus
from naikkelas.events.selectors import events as selectors
from naikkelas.events.services import copy as copy_services
from naikkelas.events.services import events as services
from naikkelas.events.services.booths import plan_numbers


def add_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's errors on the form's fields (or on the form when it has none)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def event_for(organisation: Organisation, event_id: int) -> Event:
    """An event ``organisation`` organises (inside its scope), or 404."""
    return get_object_or_404(
        Event.objects.select_related("region", "organisation", "series"), pk=event_id
    )


def _data(form: EventForm, slug: str = "") -> services.EventData:
    d = form.cleaned_data
    return services.EventData(
        title=d["title"],
        kind=d["kind"],
        format=d["format"],
        region_code=d["region"].code if d["region"] else "",
        theme=d["theme"],
        description=d["description"],
        venue_name=d["venue_name"],
        address=d["address"],
        online_url=d["online_url"],
        venue_capacity=d["venue_capacity"],
        sales_target=d["sales_target"],
        booth_capacity_percent=d["booth_capacity_percent"],
        booth_capacity_number=d["booth_capacity_number"],
        contact_name=d["contact_name"],
        contact_phone=d["contact_phone"],
        contact_email=d["contact_email"],
        slug=slug,
    )


@org_view("manage_events")
def event_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    status = request.GET.get("status", "")
    events = selectors.events_of(organisation, status=status)
    page = Paginator(events, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "events/list.html",
        {
            "organisation": organisation,
            "page": page,
            "status": status,
            "statuses": EventStatus.choices,
        },
    )


@org_view("manage_events")
def event_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = EventForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                actor=request.user,
                organisation=organisation,
                data=_data(form),
                co_organisers=list(form.cleaned_data["co_organisers"]),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The event is saved as a draft. Now give it its days."))
            return redirect("events:event_days", organisation.slug, event.pk)
    return render(
        request,
        "events/form.html",
        {"organisation": organisation, "form": form, "title": _("New event")},
    )


@org_view("manage_events")
def event_detail(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    event = event_for(organisation, event_id)
    return render(
        request,
        "events/detail.html",
        {
            "organisation": organisation,
            "event": event,
            **selectors.event_overview(event),
            "plan": plan_numbers(event),
            "next_statuses": [(s, EventStatus(s).label) for s in STATUS_TRANSITIONS[event.status]],
            "is_lead": event.organisation_id == organisation.pk,
            "other_organisations": selectors.other_organisations(event)
            if event.organisation_id == organisation.pk
            else [],
        },
    )


@org_view("manage_events")
def event_edit(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    event = event_for(organisation, event_id)
    initial = {
        name: getattr(event, name)
        for name in [
            "title",
            "kind",
            "format",
            "theme",
            "description",
            "venue_name",
            "address",
            "online_url",
            "venue_capacity",
            "sales_target",
            "booth_capacity_percent",
            "booth_capacity_number",
            "contact_name",
            "contact_email",
        ]
    }
    initial["region"] = event.region_id
    initial["contact_phone"] = event.contact_phone
    form = EventForm(request.POST or None, initial=initial, with_organisers=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, data=_data(form, event.slug))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("events:event_detail", organisation.slug, event.pk)
    return render(
        request,
        "events/form.html",
        {"organisation": organisation, "form": form, "event": event, "title": event.title},
    )


@org_view("manage_events")
def event_days(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    event = event_for(organisation, event_id)
    initial = [
        {"date": d.date, "opens_at": d.opens_at, "closes_at": d.closes_at, "note": d.note}
        for d in EventDay.objects.filter(event=event).order_by("date")
    ]
    formset = DayFormSet(request.POST or None, initial=initial, prefix="days")
    error = ""
    if request.method == "POST" and formset.is_valid():
        days = [
            services.DayData(
                date=f.cleaned_data["date"],
                opens_at=f.cleaned_data["opens_at"],
                closes_at=f.cleaned_data["closes_at"],
                note=f.cleaned_data.get("note", ""),
            )
            for f in formset
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.event_set_days(actor=request.user, event=event, days=days)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The days are saved."))
            return redirect("events:event_detail", organisation.slug, event.pk)
    return render(
        request,
        "events/days.html",
        {"organisation": organisation, "event": event, "formset": formset, "error": error},
    )


@org_view("manage_events")
@require_POST
def event_status(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    event = event_for(organisation, event_id)
    try:
        event = services.event_set_status(
            actor=request.user, event=event, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The event is now %(status)s.") % {"status": event.get_status_display()}
        )
    return redirect("events:event_detail", organisation.slug, event.pk)


@org_view("manage_events")
@require_POST
def event_organiser(
    request: HttpRequest, organisation: Organisation, event_id: int
) -> HttpResponse:
    event = event_for(organisation, event_id)
    with scopes_disabled():
        other = Organisation.objects.filter(slug=request.POST.get("organisation", "")).first()
    if other is None:
        raise Http404
    try:
        if request.POST.get("remove"):
            services.event_remove_organiser(actor=request.user, event=event, organisation=other)
        else:
            services.event_add_organiser(actor=request.user, event=event, organisation=other)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("events:event_detail", organisation.slug, event.pk)


@org_view("manage_events")
def event_copy_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Published events of every organisation, to copy as a template."""
    query = request.GET.get("q", "").strip()
    with scopes_disabled():
        events = selectors.copyable_events(query)
        page = Paginator(events, 20).get_page(request.GET.get("page"))
        series = selectors.copyable_series(query)
    return render(
        request,
        "events/copy_list.html",
        {"organisation": organisation, "page": page, "query": query, "series": series},
    )


@org_view("manage_events")
def event_copy(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    with scopes_disabled():
        source = get_object_or_404(
            Event.objects.select_related("organisation", "region").exclude(
                status=EventStatus.DRAFT
            ),
            pk=event_id,
        )
        overview = selectors.event_overview(source)
    year = dt.timedelta(weeks=52)
    form = CopyForm(
        request.POST or None,
        initial={
            "title": source.title,
            "first_day": (source.starts_on + year) if source.starts_on else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = copy_services.event_copy(
                actor=request.user,
                source=source,
                organisation=organisation,
                title=form.cleaned_data["title"],
                first_day=form.cleaned_data["first_day"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(title)s is copied into a new draft. Check the venue and the dates.")
                % {"title": source.title},
            )
            return redirect("events:event_detail", organisation.slug, event.pk)
    return render(
        request,
        "events/copy.html",
        {"organisation": organisation, "source": source, "form": form, **overview},
    )


@org_view("manage_events")
@require_POST
def series_copy(request: HttpRequest, organisation: Organisation, series_id: int) -> HttpResponse:
    from naikkelas.events.models import EventSeries

    with scopes_disabled():
        source = get_object_or_404(EventSeries, pk=series_id)
    try:
        series = copy_services.series_copy(
            actor=request.user,
            source=source,
            organisation=organisation,
            years_later=int(request.POST.get("years_later") or 0),
        )
    except (ValidationError, ValueError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("events:event_copy_list", organisation.slug)
    messages.success(request, _("The series %(name)s is copied as drafts.") % {"name": series.name})
    return redirect(f"/o/{organisation.slug}/events/?status=draft")


E = "o/<slug:slug>/events/<int:event_id>/"
urlpatterns = [
    path("o/<slug:slug>/events/", event_list, name="event_list"),
    path("o/<slug:slug>/events/new/", event_create, name="event_create"),
    path("o/<slug:slug>/events/copy/", event_copy_list, name="event_copy_list"),
    path("o/<slug:slug>/events/copy/<int:event_id>/", event_copy, name="event_copy"),
    path("o/<slug:slug>/events/series/<int:series_id>/copy/", series_copy, name="series_copy"),
    path(E, event_detail, name="event_detail"),
    path(E + "edit/", event_edit, name="event_edit"),
    path(E + "days/", event_days, name="event_days"),
    path(E + "status/", event_status, name="event_status"),
    path(E + "organisers/", event_organiser, name="event_organiser"),
]
