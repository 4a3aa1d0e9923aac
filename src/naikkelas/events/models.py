"""Events: expos and product shows, sale festivals and business-meeting days; their days,
exhibitor calls with eligibility rules and category quotas, applications, exhibitors and
the booth plan.

Tenancy (decision 0025): an event belongs to its organising organisations. The lead
organiser is ``Event.organisation``; every organiser (the lead included) has an
``EventOrganiser`` row, and the scoped managers filter through those rows, so each
co-organiser of a joint event sees and manages it inside its own scope. Rows below an
event are scoped through ``event__organisers``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from naikkelas.catalog.models import Category, Product
from naikkelas.core.models import Organisation, Region
from naikkelas.registry.models import Business

# --- events -------------------------------------------------------------------------------


class EventKind(models.TextChoices):
    EXPO = "expo", _("Expo / product show")
    SALE_FESTIVAL = "sale_festival", _("Sale festival")
    BUSINESS_MEETING = "business_meeting", _("Business-meeting day")


class EventFormat(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Physical and online")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")
    REPORTED = "reported", _("Reported")


# Which status may follow which (the services refuse any other change).
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    EventStatus.DRAFT: (EventStatus.PUBLISHED,),
    EventStatus.PUBLISHED: (EventStatus.DRAFT, EventStatus.RUNNING),
    EventStatus.RUNNING: (EventStatus.CLOSED,),
    EventStatus.CLOSED: (EventStatus.RUNNING, EventStatus.REPORTED),
    EventStatus.REPORTED: (),
}
# Statuses in which the public sees the event.
PUBLIC_STATUSES = (
    EventStatus.PUBLISHED,
    EventStatus.RUNNING,
    EventStatus.CLOSED,
    EventStatus.REPORTED,
)


class EventSeries(models.Model):
    """A recurring program: the events of one name held year after year (Solo Great Sale
    2019, 2020, …). Copied as a whole into another organisation's new series."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="event_series"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[EventSeries]] = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """An expo, a sale festival or a business-meeting day, run by one or more organisations."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_events",
        verbose_name=_("lead organiser"),
    )
    organisers = models.ManyToManyField(
        Organisation, through="EventOrganiser", related_name="events"
    )
    series = models.ForeignKey(
        EventSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("series"),
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    format = models.CharField(
        _("format"), max_length=10, choices=EventFormat.choices, default=EventFormat.PHYSICAL
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=120, unique=True)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    online_url = models.URLField(_("online market link"), max_length=300, blank=True)
    # first and last day, kept from the days by the services (lists sort and filter on them)
    starts_on = models.DateField(_("first day"), null=True, blank=True, db_index=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    venue_capacity = models.PositiveIntegerField(
        _("venue limit (people at once)"),
        null=True,
        blank=True,
        help_text=_("The most visitors inside at one time, e.g. under a health protocol."),
    )
    sales_target = models.PositiveBigIntegerField(
        _("transaction target (Rp)"), null=True, blank=True
    )
    # the capacity rule of the booth plan: a share of the planned booths, or a number
    booth_capacity_percent = models.PositiveSmallIntegerField(
        _("usable booths (% of planned)"), null=True, blank=True
    )
    booth_capacity_number = models.PositiveIntegerField(
        _("usable booths (number)"), null=True, blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_phone = models.CharField(_("contact WhatsApp (E.164)"), max_length=20, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[models.Manager[Event]] = ScopedManager(organisation="organisers")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["status", "starts_on"])]
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="event_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(booth_capacity_percent__isnull=True)
                | Q(booth_capacity_number__isnull=True),
                name="event_one_capacity_rule",
            ),
            models.CheckConstraint(
                condition=Q(booth_capacity_percent__isnull=True)
                | Q(booth_capacity_percent__gte=1, booth_capacity_percent__lte=100),
                name="event_capacity_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def has_online_market(self) -> bool:
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)


class EventOrganiser(models.Model):
    """One organising organisation of an event; exactly one of them is the lead."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organiser_links")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="event_links"
    )
    is_lead = models.BooleanField(_("lead organiser"), default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[EventOrganiser]] = ScopedManager(
        organisation="event__organisers"
    )

    class Meta:
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        ordering = ["-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation"], name="event_organiser_once"),
            models.UniqueConstraint(
                fields=["event"], condition=Q(is_lead=True), name="event_one_lead_organiser"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.event}"


class EventDay(models.Model):
    """A day of the event with its opening hours (local time, Asia/Jakarta)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects: ClassVar[models.Manager[EventDay]] = ScopedManager(organisation="event__organisers")

    class Meta:
        verbose_name = _("event day")
        verbose_name_plural = _("event days")
        ordering = ["event", "date"]
        constraints = [
            models.UniqueConstraint(fields=["event", "date"], name="event_day_once"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="event_day_closes_after_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.date}"


# --- exhibitor call ---------------------------------------------------------------------------


class ExhibitorCall(models.Model):
    """The call for exhibitors of an event: when it is open, who may apply (eligibility
    rules as data, see ``events/eligibility.py``), how applications are scored (weights per
    part, see ``events/scoring.py``), how many exhibitors are taken, extra questions."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="call")
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    intro = models.TextField(_("what the call offers"), blank=True)
    places = models.PositiveIntegerField(
        _("exhibitors to accept"),
        null=True,
        blank=True,
        help_text=_("Leave empty to take as many as there are usable booths."),
    )
    max_products = models.PositiveSmallIntegerField(_("products to show, at most"), default=5)
    rules = models.JSONField(
        _("eligibility rules"),
        default=dict,
        blank=True,
        help_text=_("Regions, sectors, coaching organisations, certificates, size classes."),
    )
    score_weights = models.JSONField(_("score weights"), default=dict, blank=True)
    questions = models.JSONField(
        _("extra questions"),
        default=list,
        blank=True,
        help_text=_("Questions every applicant answers, e.g. 'Do you need electricity?'."),
    )
    confirm_days = models.PositiveSmallIntegerField(
        _("days to confirm"),
        default=7,
        help_text=_("How long an accepted business has to confirm its place."),
    )

    objects: ClassVar[models.Manager[ExhibitorCall]] = ScopedManager(
        organisation="event__organisers"
    )

    class Meta:
        verbose_name = _("exhibitor call")
        verbose_name_plural = _("exhibitor calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event}"


class CallQuota(models.Model):
    """A share of the exhibitor places kept for one product category (40 % culinary).

    ``category`` is a top-level category of the catalog; ``places`` overrides the share
    when an officer wants an exact number."""

    call = models.ForeignKey(ExhibitorCall, on_delete=models.CASCADE, related_name="quotas")
    label = models.CharField(_("name"), max_length=100)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("catalog category"),
        help_text=_("A top-level category of the catalog; applicants' products belong to it."),
    )
    percent = models.PositiveSmallIntegerField(_("share (%)"), null=True, blank=True)
    places = models.PositiveIntegerField(_("places"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects: ClassVar[models.Manager[CallQuota]] = ScopedManager(
        organisation="call__event__organisers"
    )

    class Meta:
        verbose_name = _("category quota")
        verbose_name_plural = _("category quotas")
        ordering = ["call", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "label"], name="call_quota_label_once"),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__gte=1, percent__lte=100),
                name="call_quota_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(percent__isnull=False) | Q(places__isnull=False),
                name="call_quota_share_or_places",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Rejected")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Applications that hold (or are promised) a place within their quota.
HOLDING_STATUSES = (ApplicationStatus.ACCEPTED, ApplicationStatus.CONFIRMED)


class Application(models.Model):
    """A business applies to an event's exhibitor call, showing some of its products."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="applications")
    business = models.ForeignKey(
        Business, on_delete=models.PROTECT, related_name="event_applications"
    )
    quota = models.ForeignKey(
        CallQuota,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("category"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    products = models.ManyToManyField(
        Product, blank=True, related_name="event_applications", verbose_name=_("products to show")
    )
    reason = models.TextField(_("reason"), blank=True)
    motivation = models.TextField(_("why this event"), blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    score = models.IntegerField(_("score"), default=0)
    score_parts = models.JSONField(default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    confirm_by = models.DateTimeField(_("confirm by"), null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[models.Manager[Application]] = ScopedManager(organisation="event__organisers")

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-score", "submitted_at", "id"]
        indexes = [models.Index(fields=["event", "status", "-score"])]
        constraints = [
            models.UniqueConstraint(fields=["event", "business"], name="application_once"),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values), name="application_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business} → {self.event}"


class Exhibitor(models.Model):
    """A business taking part in an event: made when an accepted application is confirmed
    (or added directly by an officer). Booths, sales and the online hall hang on it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="exhibitors")
    business = models.ForeignKey(Business, on_delete=models.PROTECT, related_name="exhibiting")
    application = models.OneToOneField(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exhibitor",
    )
    quota = models.ForeignKey(
        CallQuota, on_delete=models.SET_NULL, null=True, blank=True, related_name="exhibitors"
    )
    display_name = models.CharField(_("name on the booth"), max_length=200)
    is_active = models.BooleanField(_("taking part"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[Exhibitor]] = ScopedManager(organisation="event__organisers")

    class Meta:
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        ordering = ["display_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "business"], name="exhibitor_once"),
        ]

    def __str__(self) -> str:
        return self.display_name


# --- booth plan -------------------------------------------------------------------------------


class Booth(models.Model):
    """A booth of the plan. ``is_open``: usable under the capacity rule (the officer picks
    which stay open). The exhibitor sits on the booth itself, so the database guarantees one
    exhibitor per booth, one booth per exhibitor, and no exhibitor in a closed booth.
    ``column``/``row`` place it on the plan's grid: booths next to each other in one zone
    are neighbours for the allocation."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="booths")
    code = models.CharField(_("code"), max_length=20)
    zone = models.CharField(_("zone"), max_length=60, blank=True)
    width_cm = models.PositiveIntegerField(_("width (cm)"), default=300)
    depth_cm = models.PositiveIntegerField(_("depth (cm)"), default=300)
    price = models.PositiveBigIntegerField(_("price (Rp)"), default=0)
    has_power = models.BooleanField(_("electricity"), default=False)
    has_water = models.BooleanField(_("water"), default=False)
    column = models.PositiveSmallIntegerField(_("column on the plan"), default=0)
    row = models.PositiveSmallIntegerField(_("row on the plan"), default=0)
    is_open = models.BooleanField(_("open"), default=True)
    exhibitor = models.OneToOneField(
        Exhibitor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booth",
        verbose_name=_("exhibitor"),
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[models.Manager[Booth]] = ScopedManager(organisation="event__organisers")

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["event", "zone", "row", "column", "code"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="booth_code_once"),
            models.CheckConstraint(
                condition=Q(exhibitor__isnull=True) | Q(is_open=True),
                name="booth_exhibitor_only_when_open",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def size_label(self) -> str:
        return f"{self.width_cm / 100:g} × {self.depth_cm / 100:g} m"


# --- visitors, online hall, sales, sale festival, report files (their own modules) ----------
from naikkelas.events.models_sales import *  # noqa: E402, F403
from naikkelas.events.models_visitors import *  # noqa: E402, F403
