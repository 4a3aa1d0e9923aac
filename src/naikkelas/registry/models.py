"""The registry: every business once, its owners, certificates, channels, coaching
relations, size-class history, clusters (sentra), imports and duplicate reviews."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from naikkelas.core.models import Organisation, Region
from naikkelas.registry import sizeclass


class LegalForm(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual (perorangan)")
    UD = "ud", "UD"
    CV = "cv", "CV"
    PT = "pt", "PT"
    PT_INDIVIDUAL = "pt_individual", _("PT Perorangan")
    FIRM = "firm", _("Firma")
    COOPERATIVE = "cooperative", _("Cooperative (koperasi)")
    GROUP = "group", _("Group (kelompok usaha)")
    VILLAGE_ENTERPRISE = "village_enterprise", _("Village enterprise (BUMDes)")
    FOUNDATION = "foundation", _("Foundation (yayasan)")


class SizeClass(models.TextChoices):
    MICRO = sizeclass.MICRO, _("Micro")
    SMALL = sizeclass.SMALL, _("Small")
    MEDIUM = sizeclass.MEDIUM, _("Medium")
    LARGE = sizeclass.LARGE, _("Large")
    UNKNOWN = sizeclass.UNKNOWN, _("Unknown")


class SizeBasis(models.TextChoices):
    ANNUAL_SALES = sizeclass.BASIS_SALES, _("annual sales")
    CAPITAL = sizeclass.BASIS_CAPITAL, _("business capital")


class BusinessStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    CLOSED = "closed", _("Closed")


class BusinessSource(models.TextChoices):
    SELF = "self", _("Registered by the owner")
    OFFICER = "officer", _("Registered by an officer")
    IMPORT = "import", _("Imported from a spreadsheet")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class BusinessQuerySet(models.QuerySet["Business"]):
    def live(self) -> BusinessQuerySet:
        """Not merged into another record."""
        return self.filter(merged_into__isnull=True)

    def coached_by(self, organisation: Organisation) -> BusinessQuerySet:
        return self.filter(coaching__organisation=organisation)

    def in_region(self, code: str) -> BusinessQuerySet:
        """Within a province/regency/district/village, by its Kemendagri code (on the
        indexed, denormalised codes: no join, no LIKE)."""
        field = {1: "province_code", 2: "regency_code", 3: "district_code"}.get(
            len(code.split(".")), "village_id"
        )
        return self.filter(**{field: code})


class Business(models.Model):
    """A business (pelaku usaha). Registered once; coached by any number of
    organisations, which see its non-public data through their coaching relation."""

    name = models.CharField(_("business name"), max_length=200)
    legal_form = models.CharField(
        _("legal form"), max_length=24, choices=LegalForm.choices, default=LegalForm.INDIVIDUAL
    )
    nib = models.CharField(
        _("NIB"),
        max_length=13,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Nomor Induk Berusaha: 13 digits."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BusinessStatus.choices, default=BusinessStatus.ACTIVE
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    village = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("village"),
    )
    # denormalised from the village code, for filters and counts without joins
    province_code = models.CharField(max_length=2, blank=True, db_index=True)
    regency_code = models.CharField(max_length=5, blank=True, db_index=True)
    district_code = models.CharField(max_length=8, blank=True, db_index=True)
    kbli_section = models.CharField(_("KBLI section"), max_length=1, blank=True, db_index=True)
    kbli_division = models.CharField(_("KBLI division"), max_length=2, blank=True)
    product_types = models.CharField(_("product types"), max_length=300, blank=True)
    workforce_men = models.PositiveIntegerField(_("workers (men)"), null=True, blank=True)
    workforce_women = models.PositiveIntegerField(_("workers (women)"), null=True, blank=True)
    capital = models.PositiveBigIntegerField(
        _("business capital (Rp)"),
        null=True,
        blank=True,
        help_text=_("Excluding land and buildings."),
    )
    capital_reported_on = models.DateField(_("capital reported on"), null=True, blank=True)
    annual_sales = models.PositiveBigIntegerField(_("annual sales (Rp)"), null=True, blank=True)
    sales_reported_on = models.DateField(_("sales reported on"), null=True, blank=True)
    size_class = models.CharField(
        _("size class"),
        max_length=8,
        choices=SizeClass.choices,
        default=SizeClass.UNKNOWN,
        db_index=True,
        editable=False,
    )
    size_basis = models.CharField(
        _("size class decided by"),
        max_length=16,
        choices=SizeBasis.choices,
        blank=True,
        editable=False,
    )
    # computed by the database, for sorting by size with an index
    size_rank = models.GeneratedField(
        expression=models.Case(
            *(
                models.When(size_class=size, then=models.Value(rank))
                for rank, size in enumerate(
                    [sizeclass.MICRO, sizeclass.SMALL, sizeclass.MEDIUM, sizeclass.LARGE]
                )
            ),
            default=models.Value(4),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    women_led = models.BooleanField(_("women-led"), default=False, editable=False)
    # The owners' names and phones ("Sri Wahyuni +6281234567890 | …"), kept by the
    # database's triggers (naikkelas.registry.db_objects) for the list's search: one row
    # answers "does the name or an owner contain this?" without reading the owners.
    owner_names = models.TextField(blank=True, default="", editable=False)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("public profile"), default=False)
    public_fields = models.JSONField(
        _("published details"),
        default=list,
        blank=True,
        help_text=_("Which details the owner chose to show on the public profile."),
    )
    source = models.CharField(max_length=10, choices=BusinessSource.choices)
    extra = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Values kept from imports and merges that have no field of their own."),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        db_index=False,  # a partial index (Meta): only tombstones have one
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects: ClassVar[BusinessQuerySet] = BusinessQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["regency_code", "size_class"]),
            models.Index(fields=["-created_at", "-id"], name="business_newest_idx"),
            models.Index(fields=["name", "id"], name="business_name_idx"),
            # Only the few merged records: an index of every row's NULL made SQLite's
            # planner take "not merged" for a selective filter and sort a million rows.
            models.Index(
                fields=["merged_into"],
                name="business_merged_into_idx",
                condition=Q(merged_into__isnull=False),
            ),
            models.Index(fields=["size_rank", "name", "id"], name="business_size_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(nib__isnull=True) | Q(nib__regex=r"^[0-9]{13}$"),
                name="business_nib_13_digits",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")), name="business_not_merged_into_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def workforce(self) -> int | None:
        if self.workforce_men is None and self.workforce_women is None:
            return None
        return (self.workforce_men or 0) + (self.workforce_women or 0)


class BusinessOwner(models.Model):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="owners")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_businesses",
    )
    name = models.CharField(_("owner name"), max_length=150)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    phone = models.CharField(_("phone (E.164)"), max_length=20, blank=True, db_index=True)
    whatsapp = models.BooleanField(_("on WhatsApp"), default=True)
    email = models.EmailField(_("email"), blank=True)
    nik = models.CharField(
        _("NIK"),
        max_length=16,
        blank=True,
        help_text=_("16 digits; shown only to the coaching organisations."),
    )
    is_primary = models.BooleanField(_("main owner"), default=True)

    class Meta:
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        ordering = ["-is_primary", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def nik_masked(self) -> str:
        return f"{self.nik[:4]}{'•' * 8}{self.nik[-4:]}" if len(self.nik) == 16 else ""


class CertificateKind(models.TextChoices):
    NIB = "nib", "NIB"
    PIRT = "pirt", "PIRT / SPP-IRT"
    HALAL = "halal", _("Halal")
    BPOM = "bpom", "BPOM"
    SNI = "sni", "SNI"
    BRAND = "brand", _("Brand / HKI")
    OTHER = "other", _("Other")


class Certificate(models.Model):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(_("kind"), max_length=8, choices=CertificateKind.choices)
    number = models.CharField(_("number"), max_length=100, blank=True)
    issuer = models.CharField(_("issuer"), max_length=150, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True, db_index=True)
    scan = models.FileField(_("scan"), upload_to="certificates/%Y/%m/", blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["kind", "expires_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(expires_on__gte=models.F("issued_on")),
                name="certificate_expires_after_issue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()

    def expires_within(self, days: int) -> bool:
        if self.expires_on is None:
            return False
        return (self.expires_on - timezone.localdate()).days <= days


class ChannelKind(models.TextChoices):
    MARKETPLACE = "marketplace", _("Marketplace shop")
    INSTAGRAM = "instagram", "Instagram"
    WHATSAPP = "whatsapp", _("WhatsApp catalog")
    WEBSITE = "website", _("Website")
    FACEBOOK = "facebook", "Facebook"
    TIKTOK = "tiktok", "TikTok"
    OTHER = "other", _("Other")


class OnlineChannel(models.Model):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(_("kind"), max_length=12, choices=ChannelKind.choices)
    label = models.CharField(
        _("name"),
        max_length=100,
        blank=True,
        help_text=_("e.g. the marketplace: Tokopedia, Shopee."),
    )
    url = models.URLField(_("link"), max_length=300)

    class Meta:
        verbose_name = _("online channel")
        verbose_name_plural = _("online channels")

    def __str__(self) -> str:
        return self.label or self.get_kind_display()


class CoachingRelation(models.Model):
    """An organisation coaches (membina) a business: the business is its *binaan*."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="coaching")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="coached_businesses"
    )
    since = models.DateField(_("coached since"), default=timezone.localdate)
    program = models.CharField(_("through program"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("coaching relation")
        verbose_name_plural = _("coaching relations")
        constraints = [
            models.UniqueConstraint(
                fields=["business", "organisation"], name="coaching_once_per_organisation"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "business"], name="coaching_org_idx"),
            models.Index(fields=["organisation", "program"], name="coaching_program_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.business}"


class CoachedCount(models.Model):
    """How many businesses an organisation coaches (its coaching relations), kept by the
    database's triggers on every write (naikkelas.registry.db_objects): the office's whole
    list is counted exactly without counting a million relations on each page."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        db_constraint=False,  # derived data, written by triggers after any delete order
    )
    businesses = models.IntegerField(default=0)

    objects = ScopedManager(organisation="organisation")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.businesses}"


class SizeClassSnapshot(models.Model):
    """Every change of size class, dated, so moving up a class can be counted."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="size_history")
    recorded_on = models.DateField(default=timezone.localdate)
    size_class = models.CharField(max_length=8, choices=SizeClass.choices)
    basis = models.CharField(max_length=16, choices=SizeBasis.choices, blank=True)
    previous_class = models.CharField(max_length=8, choices=SizeClass.choices, blank=True)
    capital = models.PositiveBigIntegerField(null=True, blank=True)
    annual_sales = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["business", "recorded_on", "id"]

    def __str__(self) -> str:
        return f"{self.business_id} {self.recorded_on} {self.size_class}"


class Cluster(models.Model):
    """A sentra: a named group of businesses in one place (Kampung Batik Laweyan)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="clusters"
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    story = models.TextField(_("story"), blank=True)
    coordinator = models.CharField(_("coordinator"), max_length=150, blank=True)
    coordinator_phone = models.CharField(_("coordinator's phone"), max_length=20, blank=True)
    members = models.ManyToManyField(Business, related_name="clusters", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cluster (sentra)")
        verbose_name_plural = _("clusters (sentra)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# --- imports ------------------------------------------------------------------------------


class MappingTemplate(models.Model):
    """A saved column mapping (spreadsheet header -> field), reusable per organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="mapping_templates"
    )
    name = models.CharField(_("name"), max_length=100)
    mapping = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="mapping_template_name")
        ]

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    PREVIEWING = "previewing", _("Preview being prepared")
    PREVIEWED = "previewed", _("Previewed")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="import_jobs"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.FileField(upload_to="imports/%Y/%m/")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    area_code = models.CharField(max_length=13)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    # the dry run, computed in the background: its progress while it runs ("stage",
    # "percent", "token"), then what the preview page shows ("total", "counts", "rows", …)
    preview = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    result_file = models.FileField(upload_to="imports/results/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def progress_percent(self) -> int:
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class RowReview(models.TextChoices):
    """An officer's review of a row found to be a business already in the registry."""

    NONE = "", _("Not to review")
    OPEN = "open", _("To review")
    MERGED = "merged", _("Merged into the business")
    SEPARATE = "separate", _("Registered as another business")


class RowOutcome(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    DUPLICATE = "duplicate", _("Duplicate")
    REJECTED = "rejected", _("Rejected")
    SKIPPED = "skipped", _("Skipped")


class ImportRow(models.Model):
    """The outcome of one spreadsheet row; together they are the result file."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows")
    sheet = models.CharField(max_length=100)
    row_number = models.PositiveIntegerField()
    outcome = models.CharField(max_length=10, choices=RowOutcome.choices)
    business = models.ForeignKey(
        Business, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    duplicate_of = models.ForeignKey(
        Business, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    messages = models.JSONField(default=list, blank=True)
    # A duplicate row whose values differ from the business it was linked to: its values
    # (as the import read them) wait in a duplicate cluster for an officer's review.
    record = models.JSONField(null=True, blank=True)
    cluster = models.ForeignKey(
        "DuplicateCluster",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_rows",
    )
    review = models.CharField(max_length=10, choices=RowReview.choices, default="", blank=True)

    class Meta:
        ordering = ["job", "sheet", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["job", "sheet", "row_number"], name="import_row_once")
        ]

    def __str__(self) -> str:
        return f"{self.sheet}:{self.row_number} {self.outcome}"


# --- duplicates ---------------------------------------------------------------------------


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("To review")
    MERGED = "merged", _("Merged")
    DISMISSED = "dismissed", _("Not duplicates")


class ClusterOrigin(models.TextChoices):
    DETECTION = "detection", _("Duplicate detection")
    IMPORT = "import", _("Import")


class DuplicateCluster(models.Model):
    """Records that look like the same business, waiting for an officer's review.

    Found by duplicate detection: two or more businesses. Found by an import: one business
    (``members``) and the spreadsheet rows linked to it whose values differ from it
    (``import_rows``), which were not created as businesses of their own."""

    origin = models.CharField(
        max_length=10, choices=ClusterOrigin.choices, default=ClusterOrigin.DETECTION
    )
    status = models.CharField(
        max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN, db_index=True
    )
    score = models.FloatField()
    evidence = models.JSONField(default=list, blank=True)
    members = models.ManyToManyField(Business, related_name="duplicate_clusters")
    found_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-score", "id"]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.score:.2f})"


class BusinessMerge(models.Model):
    """A merge of ``merged`` into ``survivor``; ``snapshot`` keeps every value the merged
    record had, so nothing is lost and the merge can be explained."""

    survivor = models.ForeignKey(Business, on_delete=models.PROTECT, related_name="merges")
    merged = models.ForeignKey(Business, on_delete=models.PROTECT, related_name="+")
    cluster = models.ForeignKey(
        DuplicateCluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="merges"
    )
    snapshot = models.JSONField()
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["merged"], name="business_merged_once")]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"
