"""Public pages for visitors: register for a day or session (no account), and the ticket
page with its QR code, made to be shown at the door from a phone."""

from __future__ import annotations

import segno
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django_scopes import scopes_disabled

from naikkelas.core.phones import phone_display
from naikkelas.events.forms_floor import VisitorForm
from naikkelas.events.models import PUBLIC_STATUSES, Event, Ticket, VisitorSlot
from naikkelas.events.services.visitors import (
    ticket_payload,
    ticket_register,
    ticket_signature,
    ticket_signature_ok,
)


def _slot_label(slot: VisitorSlot) -> str:
    text = f"{date_format(slot.day.date, 'l, j F Y')} — {slot.label}"
    if slot.starts_at and slot.ends_at:
        text += f" ({slot.starts_at:%H:%M}–{slot.ends_at:%H:%M})"
    return text


def register(request: HttpRequest, slug: str) -> HttpResponse:
    with scopes_disabled():
        event = get_object_or_404(Event, slug=slug, status__in=PUBLIC_STATUSES)
        slots = list(
            VisitorSlot.objects.filter(
                event=event, is_open=True, day__date__gte=timezone.localdate()
            ).select_related("day")
        )
    choices = [(s.pk, f"{_slot_label(s)} · {s.left}") for s in slots if s.left > 0]
    form = VisitorForm(request.POST or None, slots=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = ticket_register(
                event=event,
                slot_id=data["slot"],
                name=data["name"],
                phone=data["phone"],
                email=data["email"] or "",
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            ticket = registration.ticket
            url = ticket_url(ticket)
            if not registration.created:
                url += "?again=1"
            return redirect(url)
    return render(
        request,
        "events/visitors/register.html",
        {"event": event, "form": form, "slots": slots, "full": bool(slots) and not choices},
    )


def ticket_url(ticket: Ticket) -> str:
    from django.urls import reverse

    return reverse("events:ticket", args=[ticket.code, ticket_signature(ticket)])


def ticket_page(request: HttpRequest, code: str, signature: str) -> HttpResponse:
    with scopes_disabled():
        ticket = (
            Ticket.objects.select_related("event", "day", "slot").filter(code=code.upper()).first()
        )
    if ticket is None or not ticket_signature_ok(ticket, signature):
        raise Http404
    qr = segno.make(ticket_payload(ticket), error="m").svg_inline(
        scale=6, border=2, title=ticket.code_display, dark="#000"
    )
    return render(
        request,
        "events/visitors/ticket.html",
        {
            "ticket": ticket,
            "event": ticket.event,
            "qr": qr,
            "phone": phone_display(ticket.phone),
            "again": request.GET.get("again") == "1",
        },
    )


urlpatterns = [
    path("acara/<slug:slug>/pengunjung/", register, name="visitor_register"),
    path("tiket/<str:code>/<str:signature>/", ticket_page, name="ticket"),
]
