"""Background work of the floor of an event (django-tasks): the visitor's ticket by email
with its QR code, and the event report's XLSX and PDF. (``events/tasks.py`` holds the
exhibitor calls' tasks.)"""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled
from django_tasks import task


@task()
def ticket_send(ticket_id: int) -> None:
    """Mail the ticket (Indonesian, English below): the link to the ticket page, the code to
    type, and the QR code as a PNG."""
    from naikkelas.events.models import Ticket
    from naikkelas.events.services.visitors import ticket_payload, ticket_signature

    with scopes_disabled():
        ticket = Ticket.objects.select_related("event", "day", "slot").get(pk=ticket_id)
    if not ticket.email:
        return
    link = settings.SITE_URL + reverse(
        "events:ticket", args=[ticket.code, ticket_signature(ticket)]
    )
    parts = []
    for language in ("id", "en"):
        with translation.override(language):
            parts.append(
                render_to_string("events/email/ticket.txt", {"ticket": ticket, "link": link})
            )
    with translation.override("id"):
        subject = render_to_string("events/email/ticket_subject.txt", {"ticket": ticket}).strip()
    png = io.BytesIO()
    segno.make(ticket_payload(ticket), error="m").save(png, kind="png", scale=8, border=2)
    message = EmailMessage(subject, "\n\n-----\n\n".join(parts), None, [ticket.email])
    message.attach(f"tiket-{ticket.code_display}.png", png.getvalue(), "image/png")
    message.send()


@task()
def report_export_task(export_id: int) -> None:
    from naikkelas.events.services.reports import report_export_run

    report_export_run(export_id)
