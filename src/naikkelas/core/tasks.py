"""Background work of the core app (django-tasks: docs/decisions/0002-background-tasks.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled
from django_tasks import task


@task()
def invitation_send(invitation_id: int, token: str) -> None:
    """Mail the invitation link, in Indonesian with the English text below it."""
    from naikkelas.core.models import Invitation

    with scopes_disabled():
        invitation = Invitation.objects.select_related("organisation", "invited_by").get(
            pk=invitation_id
        )
    link = settings.SITE_URL + reverse("core:invitation", args=[token])
    parts = []
    for language in ("id", "en"):
        with translation.override(language):
            parts.append(
                render_to_string(
                    "core/email/invitation.txt",
                    {"invitation": invitation, "link": link},
                )
            )
    with translation.override("id"):
        subject = render_to_string(
            "core/email/invitation_subject.txt", {"invitation": invitation}
        ).strip()
    send_mail(subject, "\n\n-----\n\n".join(parts), None, [invitation.email])
