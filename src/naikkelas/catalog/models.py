"""The catalog: categories, HS codes, products of registered businesses with their variants
and photos, curated collections (the online expo until the events app has its own), and
the search synonyms a curator can edit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from naikkelas.core.models import Organisation
from naikkelas.registry.models import Business, BusinessStatus, Certificate


class Category(models.Model):
    """One node of the product category tree (kuliner → makanan ringan). The tree is seeded
    from ``taxonomy.py`` when empty and edited by administrators in the admin site."""

    name = models.CharField(_("name (Indonesian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    hs_hint = models.CharField(
        _("usual HS heading"),
        max_length=6,
        blank=True,
        help_text=_("2, 4 or 6 digits; helps suggest an HS code for products of this category."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="category_not_its_own_parent"
            ),
            models.CheckConstraint(
                condition=Q(hs_hint="") | Q(hs_hint__regex=r"^([0-9]{2}){1,3}$"),
                name="category_hs_hint_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language (Indonesian unless English is chosen)."""
        language = (get_language() or "id").split("-")[0]
        return self.name_en if language == "en" and self.name_en else self.name


class HsCode(models.Model):
    """The Harmonized System 2022 nomenclature (chapters, headings, subheadings), loaded
    from the shipped CSV after ``migrate``."""

    code = models.CharField(_("HS code"), max_length=6, primary_key=True)
    level = models.PositiveSmallIntegerField()  # 2, 4 or 6 digits
    parent = models.CharField(max_length=4, blank=True)
    section = models.CharField(max_length=5)
    description = models.TextField()

    class Meta:
        verbose_name = _("HS code")
        verbose_name_plural = _("HS codes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class Unit(models.TextChoices):
    PIECE = "pcs", _("piece")
    PACK = "pack", _("pack")
    BOX = "box", _("box")
    BOTTLE = "bottle", _("bottle")
    JAR = "jar", _("jar")
    KG = "kg", _("kg")
    GRAM = "gram", _("gram")
    LITRE = "litre", _("litre")
    METRE = "metre", _("metre")
    SHEET = "sheet", _("sheet")
    SET = "set", _("set")
    PAIR = "pair", _("pair")
    DOZEN = "dozen", _("dozen")


class ProductStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("In the catalog")
    HIDDEN = "hidden", _("Hidden by an officer")


class ProductQuerySet(models.QuerySet["Product"]):
    def public(self) -> ProductQuerySet:
        """What anyone may see: published, of a live business that is not closed."""
        return self.filter(
            status=ProductStatus.PUBLISHED,
            business__merged_into__isnull=True,
        ).exclude(business__status=BusinessStatus.CLOSED)


class Product(models.Model):
    """A product of a registered business. Not organisation-owned (like the business):
    its owners edit it, and so do officers of the organisations that coach the business."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="products", verbose_name=_("business")
    )
    name = models.CharField(_("product name"), max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Sanitised HTML: paragraphs, lists, bold.")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category")
    )
    price_min = models.PositiveBigIntegerField(_("lowest price (Rp)"), null=True, blank=True)
    price_max = models.PositiveBigIntegerField(_("highest price (Rp)"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.PIECE)
    min_order = models.PositiveIntegerField(_("minimum order"), null=True, blank=True)
    capacity_per_month = models.PositiveIntegerField(
        _("production capacity per month"), null=True, blank=True
    )
    weight_grams = models.PositiveIntegerField(_("weight (grams)"), null=True, blank=True)
    packaging = models.CharField(_("packaging"), max_length=200, blank=True)
    shelf_life_days = models.PositiveIntegerField(_("shelf life (days)"), null=True, blank=True)
    hs_code = models.CharField(_("HS code"), max_length=6, blank=True, db_index=True)
    certificates = models.ManyToManyField(
        Certificate, related_name="products", blank=True, verbose_name=_("certificates")
    )
    export_ready = models.BooleanField(_("export-ready"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ProductStatus.choices, default=ProductStatus.DRAFT
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    source = models.CharField(max_length=10, default="owner", editable=False)
    extra = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["business", "status"], name="product_business_idx"),
            models.Index(fields=["status", "-published_at"], name="product_newest_idx"),
            models.Index(fields=["category", "status"], name="product_category_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_min__isnull=True)
                | Q(price_max__isnull=True)
                | Q(price_max__gte=models.F("price_min")),
                name="product_price_range",
            ),
            models.CheckConstraint(
                condition=Q(hs_code="") | Q(hs_code__regex=r"^[0-9]{6}$"),
                name="product_hs_code_6_digits",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProductStatus.HIDDEN) | ~Q(hidden_reason=""),
                name="product_hidden_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(min_order__isnull=True) | Q(min_order__gte=1),
                name="product_min_order_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.status == ProductStatus.PUBLISHED

    def shown_publicly(self) -> bool:
        """``ProductQuerySet.public()``'s rule on a loaded product and its business."""
        return (
            self.status == ProductStatus.PUBLISHED
            and self.business.merged_into_id is None
            and self.business.status != BusinessStatus.CLOSED
        )


class ProductVariant(models.Model):
    """A variant with its own price (size, flavour, motif); the product's price range
    follows its variants when it has any."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    name = models.CharField(_("variant"), max_length=100)
    price = models.PositiveBigIntegerField(_("price (Rp)"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "name"], name="variant_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class ProductPhoto(models.Model):
    """An uploaded photo (checked by its content, EXIF removed) and its WebP sizes, made in
    the background; until they exist the pages show the original."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=0)
    original = models.FileField(upload_to="products/%Y/%m/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    thumb = models.FileField(upload_to="products/thumbs/%Y/%m/", blank=True)  # WebP, 400 px
    large = models.FileField(upload_to="products/large/%Y/%m/", blank=True)  # WebP, 1200 px
    thumb_width = models.PositiveIntegerField(null=True, blank=True)
    thumb_height = models.PositiveIntegerField(null=True, blank=True)
    alt_text = models.CharField(
        _("description of the photo"),
        max_length=200,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt_text or f"{self.product_id}/{self.pk}"


class Collection(models.Model):
    """A curated selection of products ("Produk Unggulan Solo"), assembled by an officer of
    an organisation; published, it is a public page: the online expo."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="collections"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    cover = models.FileField(_("cover image"), upload_to="collections/%Y/%m/", blank=True)
    cover_thumb = models.FileField(upload_to="collections/thumbs/%Y/%m/", blank=True)
    cover_alt = models.CharField(_("description of the cover"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    products = models.ManyToManyField(
        Product, through="CollectionItem", related_name="collections", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["-published_at", "title"]

    def __str__(self) -> str:
        return self.title


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedManager(organisation="collection__organisation")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "product"], name="collection_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.collection_id}:{self.product_id}"


class SynonymGroup(models.Model):
    """Words that search treats as the same (``kripik, keripik``), edited by curators and
    administrators; applies to the whole catalog."""

    terms = models.CharField(
        _("words"), max_length=300, help_text=_("Separated by commas: kripik, keripik.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["terms"]

    def __str__(self) -> str:
        return self.terms

    @property
    def words(self) -> list[str]:
        return [w for w in (" ".join(t.split()).lower() for t in self.terms.split(",")) if w]


class SearchChange(models.Model):
    """A product whose search document must be refreshed: appended by the index update
    tasks, read in order by every process that keeps its own copy of the index."""

    product_id = models.BigIntegerField()
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.pk}:{self.product_id}"


# --- product import -----------------------------------------------------------------------


class ProductImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    PREVIEWED = "previewed", _("Previewed")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ProductImportJob(models.Model):
    """A product spreadsheet: an officer's, for the businesses the organisation coaches
    (``organisation`` set, each row names its business), or an owner's, for one business
    (``business`` set, ``organisation`` empty)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="product_import_jobs",
    )
    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.FileField(upload_to="imports/products/%Y/%m/")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    # {"sheets": [suggested columns per sheet], "applied": header → field, "header_rows": …}
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10,
        choices=ProductImportStatus.choices,
        default=ProductImportStatus.UPLOADED,
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    preview = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    result_file = models.FileField(upload_to="imports/products/results/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(business__isnull=False),
                name="product_import_for_someone",
            )
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def progress_percent(self) -> int:
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class ProductImportOutcome(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    REJECTED = "rejected", _("Rejected")
    SKIPPED = "skipped", _("Skipped")


class ProductImportRow(models.Model):
    """The outcome of one row of a product spreadsheet; together they are the result file."""

    job = models.ForeignKey(ProductImportJob, on_delete=models.CASCADE, related_name="rows")
    sheet = models.CharField(max_length=100)
    row_number = models.PositiveIntegerField()
    outcome = models.CharField(max_length=10, choices=ProductImportOutcome.choices)
    product = models.ForeignKey(
        Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    messages = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["job", "sheet", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "sheet", "row_number"], name="product_import_row_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sheet}:{self.row_number} {self.outcome}"
