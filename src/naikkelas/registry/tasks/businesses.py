"""Daily certificate reminders (django-tasks).

``certificate_reminders_queue`` runs once a day (cron: ``naikkelas manage
certificate_reminders``): it finds the certificates expiring within 60 days whose reminder
has not gone out and queues one ``certificate_reminder_send`` per certificate. Each send
claims the certificate (``reminded_on``) in the same transaction as the mail, so a
certificate is reminded once, even when the queue runs twice or two workers race."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from naikkelas.registry.models import Certificate
from naikkelas.registry.selectors import businesses as selectors


@task()
def certificate_reminders_queue(days: int = selectors.WALLET_DAYS) -> int:
    """Queue a reminder for each certificate due one; returns how many were queued."""
    due = selectors.certificates_to_remind(days=days)
    for certificate_id in due:
        certificate_reminder_send.enqueue(certificate_id)
    return len(due)


@task()
def certificate_reminder_send(certificate_id: int) -> bool:
    """Mail the owners (and, blind-copied, the coaching officers) once; False when the
    reminder had already gone out or nobody has an address."""
    today = timezone.localdate()
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update()
            .filter(pk=certificate_id, reminded_on__isnull=True)
            .first()
        )
        if certificate is None:
            return False
        certificate = Certificate.objects.select_related("business").get(pk=certificate.pk)
        owners, officers = selectors.reminder_recipients(certificate)
        if not owners and not officers:
            # nobody to mail yet (the wallet pages still show it); tomorrow's run tries
            # again, so a reminder goes out once someone adds an address
            return False
        certificate.reminded_on = today
        certificate.save(update_fields=["reminded_on"])
        context = {
            "certificate": certificate,
            "business": certificate.business,
            "days": (certificate.expires_on - today).days if certificate.expires_on else None,
            "link": settings.SITE_URL
            + reverse("registry:owner_business", args=[certificate.business_id]),
        }
        with translation.override("id"):
            subject = render_to_string("registry/email/certificate_subject.txt", context).strip()
            body = render_to_string("registry/email/certificate.txt", context)
        EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            to=owners or officers,
            bcc=officers if owners else [],
        ).send()
    return True
