"""``naikkelas manage events_expire``: for cron, once a day. Accepted exhibitor places not
confirmed in time are declined; each freed place goes to the best waitlisted applicant of
the same quota, who is told by email."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from naikkelas.events.services.calls import applications_expire


class Command(BaseCommand):
    help = "Decline accepted applications not confirmed in time and move the waitlist up."

    def handle(self, *args: Any, **options: Any) -> None:
        expired = applications_expire()
        self.stdout.write(f"{expired} unconfirmed place(s) expired")
