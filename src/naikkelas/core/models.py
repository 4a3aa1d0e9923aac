"""Organisations (the tenants), people and their roles, regions, the audit log, API tokens."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

# --- regions ----------------------------------------------------------------------------


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    REGENCY = 2, _("Regency / city")
    DISTRICT = 3, _("District")
    VILLAGE = 4, _("Village")


class RegionKind(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KABUPATEN = "kabupaten", _("Regency")
    KOTA = "kota", _("City")
    KECAMATAN = "kecamatan", _("District")
    DESA = "desa", _("Village")
    KELURAHAN = "kelurahan", _("Urban village")
    DESA_ADAT = "desa_adat", _("Customary village")


class Region(models.Model):
    """An administrative region on the Kemendagri codes, in their dotted form
    (``33`` Jawa Tengah, ``33.72`` Kota Surakarta, ``33.72.01`` Laweyan,
    ``33.72.01.1002`` Kelurahan Laweyan). Loaded from the official list, never typed."""

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=RegionLevel.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # lower-case name without the kind prefix, for the picker
    search_name = models.CharField(max_length=100, db_index=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "search_name"])]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "Kecamatan Laweyan" — the name as Indonesians write it, with its kind."""
        if self.level == RegionLevel.REGENCY:
            return self.name  # the official names already say Kabupaten/Kota
        prefix = {
            RegionKind.PROVINSI: _("Province"),
            RegionKind.KECAMATAN: "Kecamatan",
            RegionKind.DESA: "Desa",
            RegionKind.KELURAHAN: "Kelurahan",
            RegionKind.DESA_ADAT: "Desa Adat",
        }.get(RegionKind(self.kind), "")
        return f"{prefix} {self.name}".strip()

    @property
    def digits(self) -> str:
        """The undotted 2/4/6/10-digit form."""
        return self.code.replace(".", "")

    def ancestors(self) -> list[Region]:
        chain: list[Region] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def contains(self, code: str) -> bool:
        return code == self.code or code.startswith(self.code + ".")


# --- people -----------------------------------------------------------------------------


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(
        self,
        email: str | None = None,
        password: str | None = None,
        *,
        phone: str | None = None,
        **extra: Any,
    ) -> User:
        if not email and not phone:
            raise ValueError("A user needs an email address or a phone number.")
        user = self.model(email=self.normalize_email(email) or None, phone=phone or None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("name", email.split("@")[0])
        return self.create_user(email, password, **extra)


class Language(models.TextChoices):
    INDONESIAN = "id", "Bahasa Indonesia"
    ENGLISH = "en", "English"


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with an email address or a phone number (stored in E.164).

    Officers, curators and leaders belong to organisations through memberships; SME owners
    and buyers are people without an organisation role."""

    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    phone = models.CharField(
        _("phone number"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("In international form, e.g. +6281234567890."),
    )
    name = models.CharField(_("full name"), max_length=150)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.INDONESIAN
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("support staff"), default=False, help_text=_("May log in to the admin site.")
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False),
                name="user_has_email_or_phone",
            )
        ]

    def __str__(self) -> str:
        return self.name or self.email or self.phone or f"#{self.pk}"

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else ""

    @property
    def login_name(self) -> str:
        return self.email or self.phone or ""


# --- organisations ----------------------------------------------------------------------


class OrganisationKind(models.TextChoices):
    DINAS_INDUSTRY = "dinas_industry", _("Dinas of industry")
    DINAS_COOPERATIVES = "dinas_cooperatives", _("Dinas of cooperatives and SMEs")
    DINAS_TRADE = "dinas_trade", _("Dinas of trade")
    CHAMBER = "chamber", _("Chamber of commerce (Kadin)")
    MINISTRY = "ministry", _("Ministry unit")
    DEKRANASDA = "dekranasda", _("Dekranasda (crafts council)")
    CURATION_HOUSE = "curation_house", _("Curation house (Rumah Kurasi)")
    LOGISTICS = "logistics", _("Logistics partner")
    FINANCE = "finance", _("Bank or regulator partner")


class Organisation(models.Model):
    """The tenant: a Dinas, a Kadin, a ministry unit, a curation house, a logistics company.

    Bound to the region it serves (a province or a regency/city)."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("region")
    )
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="organisation_slug_not_empty")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    OFFICER = "officer", _("Officer")
    CURATOR = "curator", _("Curator")
    EVENT_STAFF = "event_staff", _("Event staff")
    LEADER = "leader", _("Leader (read-only dashboards)")


class Membership(models.Model):
    """A person's role in an organisation; one row per role."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    objects: ClassVar[models.Manager[Membership]] = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class Invitation(models.Model):
    """An invitation by email to join an organisation with a role. Only a hash of the
    token is stored; the link in the mail carries the token itself."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[Invitation]] = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


# --- audit ------------------------------------------------------------------------------


class AuditEntry(models.Model):
    """Who changed what, when, with the values before and after."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=64)
    object_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    objects: ClassVar[models.Manager[AuditEntry]] = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


# --- API tokens and worker ----------------------------------------------------------------


class ApiToken(models.Model):
    """A personal API token for integrators. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class WorkerHeartbeat(models.Model):
    """Each background worker process writes here every few seconds; /healthz reads it."""

    worker = models.CharField(max_length=200, unique=True)
    backend = models.CharField(max_length=100)
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.worker
