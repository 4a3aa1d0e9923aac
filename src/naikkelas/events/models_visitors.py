"""Visitors of a physical event: registration slots with a quota, QR tickets, check-in scans
(entry and exit, idempotent, synced late from phones that lost the hall's internet) and the
occupancy of each day against the venue limit.

Imported at the end of ``events/models.py``; scoped through the event's organisers like the
rest of the app (decision 0025)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from naikkelas.events.models import Event, EventDay

__all__ = [
    "DayOccupancy",
    "Scan",
    "ScanDirection",
    "ScanOutcome",
    "Ticket",
    "TicketSource",
    "VisitorSlot",
]


class VisitorSlot(models.Model):
    """What a visitor registers for: a whole day or a session of it, with a quota.

    ``taken`` counts the registered tickets; the registration service locks the row,
    re-counts and writes, and the database refuses ``taken`` above ``quota``."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="visitor_slots")
    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="visitor_slots")
    label = models.CharField(_("name"), max_length=100)
    starts_at = models.TimeField(_("from"), null=True, blank=True)
    ends_at = models.TimeField(_("until"), null=True, blank=True)
    quota = models.PositiveIntegerField(_("places"))
    taken = models.PositiveIntegerField(_("registered"), default=0)
    is_open = models.BooleanField(_("open for registration"), default=True)

    objects: ClassVar[models.Manager[VisitorSlot]] = ScopedManager(organisation="event__organisers")

    class Meta:
        verbose_name = _("visitor session")
        verbose_name_plural = _("visitor sessions")
        ordering = ["day__date", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(taken__lte=models.F("quota")), name="visitor_slot_not_overbooked"
            ),
            models.UniqueConstraint(fields=["day", "label"], name="visitor_slot_label_once"),
        ]

    def __str__(self) -> str:
        return f"{self.day.date:%d-%m-%Y} {self.label}"

    @property
    def left(self) -> int:
        return max(self.quota - self.taken, 0)


class TicketSource(models.TextChoices):
    ONLINE = "online", _("Registered online")
    WALK_IN = "walk_in", _("Walk-in at the door")


class Ticket(models.Model):
    """A visitor's ticket for one day (and session). ``code`` is random (50 bits, shown and
    typed as ``K7QM2-XPA9F``); the QR code carries it with an HMAC signature, so a scanner
    rejects a forged code before looking anything up."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tickets")
    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="tickets")
    slot = models.ForeignKey(
        VisitorSlot, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets"
    )
    code = models.CharField(_("ticket code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=150)
    phone = models.CharField(_("phone (E.164)"), max_length=20)
    email = models.EmailField(_("email"), blank=True)
    source = models.CharField(
        _("source"), max_length=8, choices=TicketSource.choices, default=TicketSource.ONLINE
    )
    inside = models.BooleanField(_("inside now"), default=False)
    entries = models.PositiveIntegerField(_("entries"), default=0)
    first_entry_at = models.DateTimeField(_("first entry"), null=True, blank=True)
    # the ticket's scans, kept with the ticket's row locked: a first scan (the usual one)
    # needs no look at earlier scans
    scan_count = models.PositiveIntegerField(_("scans"), default=0, editable=False)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[models.Manager[Ticket]] = ScopedManager(organisation="event__organisers")

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["event", "day"], name="ticket_event_day_idx"),
            models.Index(fields=["event", "phone"], name="ticket_event_phone_idx"),
        ]
        constraints = [
            # one ticket per phone number and day of an event (a second registration is
            # answered with the first ticket)
            models.UniqueConstraint(
                fields=["day", "phone"],
                condition=Q(is_cancelled=False, source="online"),
                name="ticket_phone_once_a_day",
            ),
            models.CheckConstraint(
                condition=Q(source="walk_in") | Q(slot__isnull=False),
                name="ticket_online_has_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code_display} {self.name}"

    @property
    def code_display(self) -> str:
        return f"{self.code[:5]}-{self.code[5:]}"


class ScanDirection(models.TextChoices):
    IN = "in", _("Entry")
    OUT = "out", _("Exit")


class ScanOutcome(models.TextChoices):
    ENTRY = "entry", _("Entered")
    EXIT = "exit", _("Left")
    ALREADY_INSIDE = "already_inside", _("Already inside")
    NOT_INSIDE = "not_inside", _("Was not inside")
    FULL = "full", _("Venue full")
    WRONG_DAY = "wrong_day", _("Ticket for another day")
    CANCELLED = "cancelled", _("Ticket cancelled")


# Outcomes that change who is inside.
COUNTED_OUTCOMES = (ScanOutcome.ENTRY, ScanOutcome.EXIT)


class Scan(models.Model):
    """One scan of a ticket at the door, entry or exit.

    ``key`` is the idempotency key the phone makes for each scan: a scan sent twice (a
    retry, a second sync) is stored once. ``scanned_at`` is the phone's clock, ``received_at``
    the server's; a scan made offline arrives late and the ticket's scans are replayed in
    the order (scanned_at, device, key), so two phones that scanned the same ticket end
    with the same answer whichever synced first (``replayed`` marks an outcome changed by a
    late scan)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="scans")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="scans")
    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="scans")
    key = models.CharField(_("idempotency key"), max_length=64, unique=True)
    direction = models.CharField(_("direction"), max_length=3, choices=ScanDirection.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=ScanOutcome.choices)
    # n-th entry (or exit) of the ticket: unique, so a counted scan cannot be doubled
    seq = models.PositiveIntegerField(null=True, blank=True)
    device = models.CharField(_("device"), max_length=64, blank=True)
    scanned_at = models.DateTimeField(_("scanned at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    was_offline = models.BooleanField(_("queued offline"), default=False)
    replayed = models.BooleanField(_("outcome changed by a late scan"), default=False)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[models.Manager[Scan]] = ScopedManager(organisation="event__organisers")

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["-scanned_at", "-id"]
        indexes = [
            models.Index(fields=["ticket", "scanned_at"], name="scan_ticket_time_idx"),
            models.Index(fields=["day", "outcome", "scanned_at"], name="scan_day_outcome_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "direction", "seq"],
                condition=Q(seq__isnull=False),
                name="scan_counted_once",
            ),
            models.CheckConstraint(
                condition=Q(seq__isnull=True) | Q(outcome__in=["entry", "exit"]),
                name="scan_seq_only_when_counted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.direction} {self.outcome}"


class DayOccupancy(models.Model):
    """Who is inside on a day, against the venue limit: ``inside`` moves with every counted
    scan through one UPDATE (for a live entry a conditional one: ``inside < capacity``), and
    ``peak`` keeps the highest. Entries made offline are counted as they happened, even
    past the limit, and shown to the staff (decision 0030)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occupancy")
    day = models.OneToOneField(EventDay, on_delete=models.CASCADE, related_name="occupancy")
    capacity = models.PositiveIntegerField(_("venue limit"), null=True, blank=True)
    inside = models.IntegerField(_("inside now"), default=0)
    peak = models.IntegerField(_("peak"), default=0)
    peak_at = models.DateTimeField(_("peak at"), null=True, blank=True)
    entries = models.PositiveIntegerField(_("entries"), default=0)

    objects: ClassVar[models.Manager[DayOccupancy]] = ScopedManager(
        organisation="event__organisers"
    )

    class Meta:
        verbose_name = _("occupancy")
        verbose_name_plural = _("occupancy")
        constraints = [
            models.CheckConstraint(condition=Q(inside__gte=0), name="occupancy_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.inside}"
