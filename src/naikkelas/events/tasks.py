"""Background work of the events app (django-tasks): telling applicants about decisions."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled
from django_tasks import task

from naikkelas.events.models import Application
from naikkelas.events.selectors.owner import application_recipients, officer_whatsapp_link


@task()
def application_notify(application_id: int) -> bool:
    """Mail the owners of the business about its application's new status (in Indonesian,
    English below). False when nobody has an address: the owner's page shows it anyway."""
    with scopes_disabled():
        application = (
            Application.objects.select_related("event", "business", "quota")
            .filter(pk=application_id)
            .first()
        )
        if application is None:
            return False
        recipients = application_recipients(application)
        if not recipients:
            return False
        context = {
            "application": application,
            "event": application.event,
            "business": application.business,
            "link": settings.SITE_URL + reverse("events:owner_application", args=[application.pk]),
            "whatsapp": officer_whatsapp_link(application),
        }
        parts = []
        for language in ("id", "en"):
            with translation.override(language):
                if language == "id":
                    subject = render_to_string(
                        "events/email/application_subject.txt", context
                    ).strip()
                parts.append(render_to_string("events/email/application.txt", context).strip())
    EmailMessage(
        subject=" ".join(subject.split()),
        body="\n\n— English —\n\n".join(parts) + "\n",
        to=recipients,
    ).send()
    return True
