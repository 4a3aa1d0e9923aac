"""Reads of businesses: the officer's filtered list, one business, the owner's businesses,
the certificate wallet, clusters. Query counts do not grow with the number of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import Upper
from django.http import Http404
from django.utils import timezone
from django_scopes import scopes_disabled

from naikkelas.core.models import Membership, Organisation, User
from naikkelas.core.permissions import PERMISSIONS
from naikkelas.core.phones import phone_to_e164
from naikkelas.registry.models import (
    Business,
    BusinessOwner,
    BusinessQuerySet,
    Certificate,
    Cluster,
    CoachingRelation,
    SizeClass,
)

WALLET_DAYS = 60
SORTS = {
    "name": ["name", "id"],
    "newest": ["-created_at", "-id"],
    "size": ["size_rank", "name", "id"],
}
SIZE_ORDER = [SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM, SizeClass.LARGE]
SIZE_RANK = {size: rank for rank, size in enumerate(SIZE_ORDER)}  # as Business.size_rank


@dataclass
class BusinessFilters:
    """What an officer can narrow the list by; empty values filter nothing."""

    region: str = ""  # a Kemendagri code: province, regency, district or village
    kbli_section: str = ""
    size_class: str = ""
    certificate: str = ""  # a CertificateKind
    program: str = ""
    status: str = ""
    women_led: bool | None = None
    q: str = ""
    sort: str = "name"

    @classmethod
    def from_mapping(cls, data: Any) -> BusinessFilters:
        values: dict[str, Any] = {}
        for item in fields(cls):
            raw = data.get(item.name)
            if raw is None or raw == "":
                continue
            if item.name == "women_led":
                if isinstance(raw, bool):
                    values["women_led"] = raw
                elif str(raw).lower() in {"1", "true", "yes", "ya"}:
                    values["women_led"] = True
                elif str(raw).lower() in {"0", "false", "no", "tidak"}:
                    values["women_led"] = False
            else:
                values[item.name] = str(raw).strip()
        return cls(**values)


def _region_lookup(code: str) -> dict[str, str]:
    """Within a province, regency, district or village, on the denormalised (indexed) codes."""
    level = code.count(".") + 1
    column = {1: "province_code", 2: "regency_code", 3: "district_code"}.get(level, "village_id")
    return {column: code}


SEARCH_CAP = 2_000


def _search(queryset: BusinessQuerySet, text: str) -> BusinessQuerySet:
    """Businesses whose name, owner's name, NIB or owner's phone matches ``text``.

    The matching ids are looked up first, each on its own index (trigram indexes on names
    on PostgreSQL), at most ``SEARCH_CAP`` of each; the list is then filtered to them. An
    OR across tables would scan the whole registry instead."""
    text = " ".join(text.split())
    if not text:
        return queryset
    ids = set(
        Business.objects.filter(name__icontains=text).values_list("pk", flat=True)[:SEARCH_CAP]
    )
    ids |= set(
        BusinessOwner.objects.filter(name__icontains=text).values_list("business_id", flat=True)[
            :SEARCH_CAP
        ]
    )
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and len(digits) == len(text.replace(" ", "").replace("-", "").lstrip("+")):
        ids |= set(
            Business.objects.filter(nib__startswith=digits).values_list("pk", flat=True)[
                :SEARCH_CAP
            ]
        )
        phone = phone_to_e164(text)
        owners = (
            BusinessOwner.objects.filter(phone=phone)
            if phone
            else BusinessOwner.objects.filter(phone__contains=digits.lstrip("0"))
            if len(digits) >= 4
            else BusinessOwner.objects.none()
        )
        ids |= set(owners.values_list("business_id", flat=True)[:SEARCH_CAP])
    return queryset.filter(pk__in=sorted(ids))


def business_list(
    organisation: Organisation, filters: BusinessFilters | None = None
) -> QuerySet[Business]:
    """The businesses ``organisation`` coaches, filtered and sorted, with everything a list
    row or an export line shows loaded in a constant number of queries."""
    filters = filters or BusinessFilters()
    coaching = Q(coaching__organisation=organisation)
    if filters.program:
        coaching &= Q(coaching__program=filters.program)
    queryset = Business.objects.live().filter(coaching)
    if filters.region:
        queryset = queryset.filter(**_region_lookup(filters.region))
    if filters.kbli_section:
        queryset = queryset.filter(kbli_section=filters.kbli_section.upper())
    if filters.size_class:
        # on the stored rank, so that the (size_rank, name, id) index serves filter and sort
        queryset = queryset.filter(size_rank=SIZE_RANK.get(filters.size_class, len(SIZE_ORDER)))
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.women_led is not None:
        queryset = queryset.filter(women_led=filters.women_led)
    if filters.certificate:
        queryset = queryset.filter(
            Exists(Certificate.objects.filter(business=OuterRef("pk"), kind=filters.certificate))
        )
    queryset = _search(queryset, filters.q)
    order: list[Any] = SORTS.get(filters.sort, SORTS["name"])  # each has an index
    if filters.q and filters.sort in ("", "name"):
        # A search leaves at most a few thousand ids: fetch them by primary key and sort
        # them, rather than walking the name index of the whole registry to find them.
        order = [Upper("name"), "id"]
    return with_details(queryset.order_by(*order), organisation)


def with_details(
    queryset: QuerySet[Business], organisation: Organisation | None
) -> QuerySet[Business]:
    """Owners, certificates, region names and (for an organisation) its coaching relation."""
    queryset = queryset.select_related("village__parent__parent").prefetch_related(
        "owners", "certificates"
    )
    if organisation is not None:
        with scopes_disabled():
            queryset = queryset.prefetch_related(
                Prefetch(
                    "coaching",
                    queryset=CoachingRelation.objects.filter(organisation=organisation),
                    to_attr="coaching_here",
                )
            )
    return queryset


def business_total(organisation: Organisation) -> int:
    """How many live businesses ``organisation`` coaches, exactly, from the coaching table
    alone (an index-only count): a merge moves or removes the merged record's coaching
    relations, so tombstones have none."""
    with scopes_disabled():
        return CoachingRelation.objects.filter(organisation=organisation).count()


def business_programs(organisation: Organisation) -> list[str]:
    """The programs through which ``organisation`` coaches businesses (for the filter).

    Cached for five minutes: with a million relations the DISTINCT costs more than the
    page itself, and a program added a few minutes ago can wait for the filter."""

    def compute() -> list[str]:
        with scopes_disabled():
            return list(
                CoachingRelation.objects.filter(organisation=organisation)
                .exclude(program="")
                .order_by("program")
                .values_list("program", flat=True)
                .distinct()
            )

    return cache.get_or_set(f"registry:programs:{organisation.pk}", compute, 300)


def business_for_organisation(organisation: Organisation, business_id: int) -> Business:
    """A business ``organisation`` coaches, or 404: another office's businesses do not exist
    for it."""
    business = (
        with_details(
            Business.objects.live().filter(coaching__organisation=organisation), organisation
        )
        .prefetch_related("channels")
        .filter(pk=business_id)
        .first()
    )
    if business is None:
        raise Http404
    return business


def business_for_owner(user: Any, business_id: int) -> Business:
    """A business ``user`` owns, or 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    business = (
        with_details(Business.objects.live().filter(owners__user=user), None)
        .prefetch_related("channels")
        .filter(pk=business_id)
        .distinct()
        .first()
    )
    if business is None:
        raise Http404
    return business


def owner_businesses(user: User) -> list[Business]:
    """The businesses ``user`` owns, each with ``missing``: the sections still to fill."""
    businesses = list(
        with_details(Business.objects.live().filter(owners__user=user).distinct(), None)
        .prefetch_related("channels")
        .order_by("name", "id")
    )
    for business in businesses:
        business.missing = missing_sections(business)  # type: ignore[attr-defined]
    return businesses


def missing_sections(business: Business) -> list[str]:
    """Keys of the profile sections an owner has not filled in yet."""
    missing = []
    if not business.village_id:
        missing.append("village")
    if not business.kbli_section:
        missing.append("sector")
    if business.workforce is None:
        missing.append("workforce")
    if business.capital is None and business.annual_sales is None:
        missing.append("money")
    if not business.nib:
        missing.append("nib")
    if not list(business.certificates.all()):
        missing.append("certificates")
    if not list(business.channels.all()):
        missing.append("channels")
    if not business.description:
        missing.append("description")
    return missing


def can_see_nik(user: Any, business: Business) -> bool:
    """Members of an organisation that coaches the business see owners' NIK in full."""
    if not getattr(user, "is_authenticated", False):
        return False
    with scopes_disabled():
        return Membership.objects.filter(
            user=user, organisation__coached_businesses__business=business
        ).exists()


# --- certificate wallet --------------------------------------------------------------------


def _expiring(days: int, today: dt.date | None = None) -> QuerySet[Certificate]:
    today = today or timezone.localdate()
    return (
        Certificate.objects.filter(
            expires_on__isnull=False,
            expires_on__gte=today,
            expires_on__lte=today + dt.timedelta(days=days),
            business__merged_into__isnull=True,
        )
        .select_related("business")
        .order_by("expires_on", "id")
    )


def certificates_expiring_for_organisation(
    organisation: Organisation, *, days: int = WALLET_DAYS, today: dt.date | None = None
) -> QuerySet[Certificate]:
    """Certificates of the businesses ``organisation`` coaches that expire within ``days``
    (today included)."""
    return _expiring(days, today).filter(business__coaching__organisation=organisation)


def certificates_expiring_for_owner(
    user: User, *, days: int = WALLET_DAYS, today: dt.date | None = None
) -> QuerySet[Certificate]:
    return _expiring(days, today).filter(business__owners__user=user).distinct()


def certificates_to_remind(*, days: int = WALLET_DAYS, today: dt.date | None = None) -> list[int]:
    """Ids of certificates expiring within ``days`` whose reminder has not gone out."""
    return list(
        _expiring(days, today).filter(reminded_on__isnull=True).values_list("pk", flat=True)
    )


def reminder_recipients(certificate: Certificate) -> tuple[list[str], list[str]]:
    """(owners' addresses, coaching officers' addresses) for a certificate's reminder."""
    owners: list[str] = list(
        BusinessOwner.objects.filter(business_id=certificate.business_id)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    owners += filter(
        None,
        User.objects.filter(
            owned_businesses__business_id=certificate.business_id, email__isnull=False
        ).values_list("email", flat=True),
    )
    roles = PERMISSIONS["manage_registry"]
    with scopes_disabled():
        officers: list[str] = list(
            filter(
                None,
                User.objects.filter(
                    is_active=True,
                    email__isnull=False,
                    memberships__role__in=roles,
                    memberships__organisation__coached_businesses__business_id=certificate.business_id,
                    memberships__organisation__coached_businesses__active=True,
                )
                .values_list("email", flat=True)
                .distinct(),
            )
        )
    owners = list(dict.fromkeys(email.lower() for email in owners))
    officers = [
        email for email in dict.fromkeys(e.lower() for e in officers) if email not in owners
    ]
    return owners, officers


# --- clusters ------------------------------------------------------------------------------


def clusters_of(organisation: Organisation) -> QuerySet[Cluster]:
    from django.db.models import Count

    return (
        Cluster.objects.filter(organisation=organisation)
        .select_related("region__parent__parent")
        .annotate(member_count=Count("members"))
        .order_by("name")
    )


def cluster_for_organisation(organisation: Organisation, cluster_id: int) -> Cluster:
    cluster = (
        Cluster.objects.filter(organisation=organisation, pk=cluster_id)
        .select_related("region__parent__parent")
        .first()
    )
    if cluster is None:
        raise Http404
    return cluster


def cluster_public(slug: str) -> Cluster:
    cluster = (
        Cluster.objects.filter(slug=slug, organisation__is_active=True)
        .select_related("region__parent__parent", "organisation")
        .first()
    )
    if cluster is None:
        raise Http404
    return cluster


def cluster_public_members(cluster: Cluster) -> list[Business]:
    """Members that chose a public profile (others are counted, not named)."""
    return list(
        cluster.members.live().filter(is_public=True).select_related("village").order_by("name")
    )
