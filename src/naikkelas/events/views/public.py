"""Public pages of events: the list, an event's page and its calendar file (.ics)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from naikkelas.events import ics
from naikkelas.events.selectors import events as selectors
from naikkelas.events.selectors.calls import call_is_open
from naikkelas.events.selectors.owner import officer_whatsapp_link
from naikkelas.events.services.booths import plan_numbers


def public_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.public_events(query=query), 20).get_page(request.GET.get("page"))
    return render(request, "events/public/list.html", {"page": page, "query": query})


def public_event(request: HttpRequest, event_slug: str) -> HttpResponse:
    event = selectors.public_event(event_slug)
    if event is None:
        raise Http404
    overview = selectors.event_overview(event)
    return render(
        request,
        "events/public/event.html",
        {
            "event": event,
            **overview,
            "exhibitors": selectors.public_exhibitors(event),
            "plan": plan_numbers(event),
            "call_open": call_is_open(overview["call"]),
            "whatsapp": officer_whatsapp_link(None, event),
        },
    )


def event_ics(request: HttpRequest, event_slug: str) -> HttpResponse:
    event = selectors.public_event(event_slug)
    if event is None:
        raise Http404
    overview = selectors.event_overview(event)
    body = ics.calendar(
        event,
        overview["days"],
        url=request.build_absolute_uri(f"/acara/{event.slug}/"),
        organisers=[link.organisation.name for link in overview["organisers"]],
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


urlpatterns = [
    path("acara/", public_list, name="public_list"),
    path("acara/<slug:event_slug>/", public_event, name="public_event"),
    path("acara/<slug:event_slug>.ics", event_ics, name="event_ics"),
]
