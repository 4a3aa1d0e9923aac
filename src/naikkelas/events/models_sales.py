"""What happens on the floor and online, in numbers: page views and WhatsApp clicks of the
online hall, exhibitors' daily sales (with their corrections) and leads, the merchants and
promotions of a sale festival with their daily reports, and the event report's files.

Imported at the end of ``events/models.py``; scoped through the event's organisers."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from naikkelas.catalog.models import Category, Product
from naikkelas.core.models import Region
from naikkelas.events.models import Event, Exhibitor
from naikkelas.registry.models import Business

__all__ = [
    "BuyerKind",
    "ExhibitorDailyStat",
    "FestivalMerchant",
    "Lead",
    "MerchantDailyReport",
    "MerchantKind",
    "Promotion",
    "ReportExport",
    "ReportExportStatus",
    "SaleEntry",
    "SaleRevision",
]


# --- the online hall ---------------------------------------------------------------------------


class ExhibitorDailyStat(models.Model):
    """Page views of an exhibitor's online booth and clicks on its WhatsApp button, per
    day (Asia/Jakarta). One row per exhibitor and day, incremented in place."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="hall_stats")
    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="hall_stats")
    date = models.DateField(_("date"))
    page_views = models.PositiveIntegerField(_("page views"), default=0)
    whatsapp_clicks = models.PositiveIntegerField(_("WhatsApp clicks"), default=0)

    objects: ClassVar[models.Manager[ExhibitorDailyStat]] = ScopedManager(
        organisation="event__organisers"
    )

    class Meta:
        verbose_name = _("online booth visits")
        verbose_name_plural = _("online booth visits")
        ordering = ["date", "exhibitor"]
        constraints = [
            models.UniqueConstraint(fields=["exhibitor", "date"], name="hall_stat_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.exhibitor_id} {self.date}"


# --- sales and leads -------------------------------------------------------------------------


class BuyerKind(models.TextChoices):
    CONSUMER = "consumer", _("Consumer")
    RESELLER = "reseller", _("Reseller")
    BUSINESS = "business", _("Business buyer")
    EXPORT = "export", _("Export inquiry")


class SaleEntry(models.Model):
    """Sales of an exhibitor on one day of the event: rupiah, number of transactions, kind
    of buyer, and optionally the product. Corrected in place; every correction keeps a
    ``SaleRevision`` with the values before and after."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sales")
    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="sales")
    date = models.DateField(_("date"))
    buyer_kind = models.CharField(
        _("buyer"), max_length=10, choices=BuyerKind.choices, default=BuyerKind.CONSUMER
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_sales",
        verbose_name=_("product"),
    )
    amount = models.PositiveBigIntegerField(_("amount (Rp)"))
    transactions = models.PositiveIntegerField(_("transactions"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_void = models.BooleanField(_("cancelled"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[models.Manager[SaleEntry]] = ScopedManager(organisation="event__organisers")

    class Meta:
        verbose_name = _("sale")
        verbose_name_plural = _("sales")
        ordering = ["date", "exhibitor", "id"]
        indexes = [
            models.Index(fields=["event", "date"], name="sale_event_date_idx"),
            models.Index(fields=["exhibitor", "date"], name="sale_exhibitor_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount=0) | Q(transactions__gte=1),
                name="sale_amount_has_transactions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exhibitor_id} {self.date} Rp{self.amount}"


class SaleRevision(models.Model):
    """One correction (or cancellation) of a sale: who, when, why, values before/after."""

    entry = models.ForeignKey(SaleEntry, on_delete=models.CASCADE, related_name="revisions")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_by_label = models.CharField(max_length=200, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    objects: ClassVar[models.Manager[SaleRevision]] = ScopedManager(
        organisation="entry__event__organisers"
    )

    class Meta:
        verbose_name = _("sale correction")
        verbose_name_plural = _("sale corrections")
        ordering = ["entry", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.changed_at:%Y-%m-%d %H:%M}"


class Lead(models.Model):
    """An inquiry taken at the booth: who asked, for what, how to reach them."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="leads")
    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="leads")
    date = models.DateField(_("date"))
    buyer_kind = models.CharField(
        _("buyer"), max_length=10, choices=BuyerKind.choices, default=BuyerKind.CONSUMER
    )
    name = models.CharField(_("name"), max_length=150)
    contact = models.CharField(_("phone or email"), max_length=150, blank=True)
    interest = models.CharField(_("interested in"), max_length=300, blank=True)
    estimated_value = models.PositiveBigIntegerField(
        _("estimated value (Rp)"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[Lead]] = ScopedManager(organisation="event__organisers")

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return self.name


# --- sale festival ---------------------------------------------------------------------------


class MerchantKind(models.TextChoices):
    SME = "sme", _("Small business (UMKM)")
    SHOP = "shop", _("Shop")
    MALL = "mall", _("Shopping centre")
    RESTAURANT = "restaurant", _("Restaurant or café")
    HOTEL = "hotel", _("Hotel")


class FestivalMerchant(models.Model):
    """A merchant taking part in a sale festival: an SME of the registry or any shop."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="merchants")
    business = models.ForeignKey(
        Business,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="festival_merchants",
        verbose_name=_("business in the registry"),
    )
    name = models.CharField(_("merchant name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=12, choices=MerchantKind.choices, default=MerchantKind.SME
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("category"),
    )
    area = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area (district)"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("WhatsApp (E.164)"), max_length=20, blank=True)
    contact_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="festival_merchants",
        verbose_name=_("reports sales"),
    )
    is_active = models.BooleanField(_("taking part"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[FestivalMerchant]] = ScopedManager(
        organisation="event__organisers"
    )

    class Meta:
        verbose_name = _("merchant")
        verbose_name_plural = _("merchants")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="merchant_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Promotion(models.Model):
    """A merchant's offer during the festival: a percentage off, an amount off or a text
    offer (buy 2 get 1), for a period, with its conditions."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="promotions")
    merchant = models.ForeignKey(
        FestivalMerchant, on_delete=models.CASCADE, related_name="promotions"
    )
    title = models.CharField(_("offer"), max_length=200)
    discount_percent = models.PositiveSmallIntegerField(_("discount (%)"), null=True, blank=True)
    discount_amount = models.PositiveBigIntegerField(_("discount (Rp)"), null=True, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    conditions = models.TextField(_("conditions"), blank=True)
    is_active = models.BooleanField(_("shown"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[Promotion]] = ScopedManager(organisation="event__organisers")

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["-discount_percent", "title", "id"]
        indexes = [models.Index(fields=["event", "is_active"], name="promotion_event_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="promotion_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(discount_percent__isnull=True)
                | Q(discount_percent__gte=1, discount_percent__lte=100),
                name="promotion_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MerchantDailyReport(models.Model):
    """A merchant's transactions on one day of the festival (one row per day; a new report
    for the same day replaces the numbers, and the audit log keeps the old ones)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="merchant_reports")
    merchant = models.ForeignKey(FestivalMerchant, on_delete=models.CASCADE, related_name="reports")
    date = models.DateField(_("date"))
    transactions = models.PositiveIntegerField(_("transactions"))
    amount = models.PositiveBigIntegerField(_("amount (Rp)"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[models.Manager[MerchantDailyReport]] = ScopedManager(
        organisation="event__organisers"
    )

    class Meta:
        verbose_name = _("merchant's daily report")
        verbose_name_plural = _("merchants' daily reports")
        ordering = ["date", "merchant"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "date"], name="merchant_report_once"),
        ]

    def __str__(self) -> str:
        return f"{self.merchant_id} {self.date}"


# --- the event report's files --------------------------------------------------------------------


class ReportExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportExport(models.Model):
    """An XLSX or PDF of the event report, built in the background with its progress."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="report_exports")
    kind = models.CharField(max_length=4, choices=[("xlsx", "XLSX"), ("pdf", "PDF")])
    status = models.CharField(
        max_length=8, choices=ReportExportStatus.choices, default=ReportExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="event-reports/", blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[ReportExport]] = ScopedManager(
        organisation="event__organisers"
    )

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.kind}"
