"""``naikkelas manage certificate_reminders``: for cron, once a day. Queues the reminders
of certificates expiring within 60 days (the worker sends them); ``--now`` sends them in
this process instead."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from naikkelas.registry.selectors.businesses import WALLET_DAYS, certificates_to_remind
from naikkelas.registry.tasks.businesses import (
    certificate_reminder_send,
    certificate_reminders_queue,
)


class Command(BaseCommand):
    help = "Queue (or, with --now, send) the reminders of certificates about to expire."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=WALLET_DAYS)
        parser.add_argument("--now", action="store_true", help="send here, not in the worker")

    def handle(self, *args: Any, days: int, now: bool, **options: Any) -> None:
        if now:
            sent = sum(
                1
                for certificate_id in certificates_to_remind(days=days)
                if certificate_reminder_send.call(certificate_id)
            )
            self.stdout.write(f"{sent} reminder(s) sent")
        else:
            certificate_reminders_queue.enqueue(days)
            self.stdout.write("certificate reminders queued")
