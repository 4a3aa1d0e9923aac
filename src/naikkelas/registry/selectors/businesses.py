"""Reads of businesses: the officer's filtered list, one business, the owner's businesses,
the certificate wallet, clusters. Query counts do not grow with the number of rows."""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass, field, fields
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404
from django.utils import timezone
from django_scopes import scopes_disabled

from naikkelas.core.models import Membership, Organisation, User
from naikkelas.core.pagination import capped_count
from naikkelas.core.permissions import PERMISSIONS
from naikkelas.core.phones import phone_to_e164
from naikkelas.registry import db_objects
from naikkelas.registry.models import (
    Business,
    BusinessOwner,
    BusinessQuerySet,
    Certificate,
    Cluster,
    CoachedCount,
    CoachingRelation,
    SizeClass,
)

WALLET_DAYS = 60
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


# --- the officer's list, at any size ----------------------------------------------------------
#
# A page is found by its keys (keyset pagination): "the 50 businesses after this one in
# this order", so page 150 costs what page 1 costs; an OFFSET would walk every row before
# it. The cursor of the last (first) row of a page is in its "next" ("previous") link. A
# search is exact: the search indexes (pg_trgm on PostgreSQL, FTS5 trigram tables on
# SQLite) give the matching businesses when they are few; when a word is common, the list
# walks its sort order and tests each row, which finds a page of matches quickly.

PAGE_SIZE = 50
# More matches than this on one search index: the word is common (see _search_ids).
SEARCH_SPARSE = 5_000
# Sort name -> the keys of the order (each sort has an index), and whether it descends.
SORT_KEYS: dict[str, tuple[tuple[str, ...], bool]] = {
    "name": (("name", "id"), False),
    "newest": (("created_at", "id"), True),
    "size": (("size_rank", "name", "id"), False),
}


def _sort(filters: BusinessFilters) -> str:
    return filters.sort if filters.sort in SORT_KEYS else "name"


def _clean(text: str) -> str:
    return " ".join(text.split())


def _digits_query(text: str) -> str:
    """The digits of ``text`` when it is a number (NIB, phone), else ""."""
    digits = "".join(ch for ch in text if ch.isdigit())
    bare = text.replace(" ", "").replace("-", "").lstrip("+")
    return digits if digits and len(digits) == len(bare) else ""


def _phone_match(text: str, digits: str) -> Q | None:
    """Owners' phone condition for a numeric search: the number, or a run of its digits."""
    phone = phone_to_e164(text)
    if phone:
        return Q(phone=phone)
    if len(digits) >= 4:
        return Q(phone__contains=digits.lstrip("0"))
    return None


def _nib_prefix(digits: str) -> Q:
    """NIBs starting with ``digits``, as a range the unique index serves on every database
    (a LIKE prefix is not indexed on SQLite)."""
    return Q(nib__gte=digits, nib__lt=digits + ":")  # ':' sorts right after '9'


def _fts_table() -> bool:
    """Whether this SQLite database has the registry's FTS5 trigram table (where SQLite
    has FTS5 with the trigram tokenizer: naikkelas.registry.db_objects)."""
    key = connection.settings_dict["NAME"]
    if key not in _FTS_KNOWN:
        _FTS_KNOWN[key] = db_objects.FTS in connection.introspection.table_names()
    return _FTS_KNOWN[key]


_FTS_KNOWN: dict[str, bool] = {}


def _fts(column: str, text: str) -> list[int]:
    """Ids of businesses whose ``column`` (name or owner_names) contains ``text`` on the
    FTS5 trigram table, at most SEARCH_SPARSE + 1 (case-folded: a superset of the exact
    match, which the list applies after)."""
    phrase = '"' + text.replace('"', '""') + '"'
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {db_objects.FTS} WHERE {db_objects.FTS} MATCH %s LIMIT %s",  # noqa: S608
            [f"{column} : {phrase}", SEARCH_SPARSE + 1],
        )
        return [row[0] for row in cursor.fetchall()]


def _search_texts(text: str) -> list[str]:
    """What to look for in names and owners' text: the text, and for a phone number its
    E.164 form or its digits without the leading 0 (``0812-34`` is in ``+62812345…``)."""
    texts = [text]
    digits = _digits_query(text)
    if digits:
        phone = phone_to_e164(text)
        if phone:
            texts.append(phone)
        elif len(digits) >= 4:
            texts.append(digits.lstrip("0"))
    return list(dict.fromkeys(texts))


@dataclass
class _Found:
    """What the search indexes found for a search text: the businesses each index found,
    or ``None`` for an index that found more than SEARCH_SPARSE (a common word)."""

    names: set[int] | None = None  # businesses whose name contains the text
    owners: set[int] | None = None  # … whose owners' names or phones do
    nibs: set[int] = field(default_factory=set)  # … whose NIB starts with it
    indexed: bool = True  # False: no index could answer (short text, no FTS5)

    @property
    def common(self) -> bool:
        return not self.indexed or self.names is None or self.owners is None


def _search_ids(text: str) -> _Found:
    """Look ``text`` up on the search indexes, at most :data:`SEARCH_SPARSE` + 1 hits each
    (a superset of the matches)."""
    if len(text) < 3:  # no trigram to look up
        return _Found(indexed=False)
    cap = SEARCH_SPARSE + 1
    hits: dict[str, list[int]] = {"name": [], "owner_names": []}
    if connection.vendor == "sqlite" and not _fts_table():
        return _Found(indexed=False)
    for column in hits:
        for wanted in [text] if column == "name" else _search_texts(text):
            if len(wanted) < 3:
                continue
            if connection.vendor == "sqlite":
                hits[column] += _fts(column, wanted)
            else:  # the pg_trgm indexes on UPPER(name) and UPPER(owner_names)
                hits[column] += (
                    Business.objects.filter(**{f"{column}__icontains": wanted})
                    .order_by()
                    .values_list("pk", flat=True)[:cap]
                )
    found = _Found()
    names, owners = set(hits["name"]), set(hits["owner_names"])
    found.names = names if len(names) <= SEARCH_SPARSE else None
    found.owners = owners if len(owners) <= SEARCH_SPARSE else None
    digits = _digits_query(text)
    if digits:
        found.nibs = set(
            Business.objects.filter(_nib_prefix(digits))
            .order_by()
            .values_list("pk", flat=True)[:cap]
        )
    return found


def _search_condition(text: str) -> Q:
    """The exact condition: the name, an owner's name or phone, or the NIB."""
    if not any(ch.isdigit() or ch in "+|" for ch in text):
        # owner_names is "name phone | name phone" (phones are digits after "+"): such a
        # text is in it exactly when it is in an owner's name, so no owner is read (for a
        # common word PostgreSQL otherwise hashed the matching owners of the whole registry)
        return Q(name__icontains=text) | Q(owner_names__icontains=text)
    digits = _digits_query(text)
    owners = Q(name__icontains=text)
    phone = _phone_match(text, digits) if digits else None
    if phone is not None:
        owners |= phone
    # owner_names narrows to the businesses an owner of which may match (one row, no join);
    # the owners themselves are read only for those
    near = Q()
    for wanted in _search_texts(text):
        near |= Q(owner_names__icontains=wanted)
    condition = Q(name__icontains=text) | (
        near & Exists(BusinessOwner.objects.filter(owners, business=OuterRef("pk")))
    )
    if digits:
        condition |= _nib_prefix(digits)
    return condition


def _search_filter(text: str, found: _Found) -> Q:
    """The exact condition, tested only on the businesses the indexes gave when every index
    found few; row by row when a word is common (see _ListPlan)."""
    if found.common:
        return _search_condition(text)
    ids = (found.names or set()) | (found.owners or set()) | found.nibs
    return Q(pk__in=sorted(ids)) & _search_condition(text)


@dataclass
class _ListPlan:
    """How a list is read: the order actually used, and how far it is counted."""

    sort: str
    count_cap: int
    common_search: bool = False


# A filtered list is counted up to this many businesses (the office's whole list exactly):
# counting 10,000 of a million took 90 ms, 1,000 take a tenth of it.
FILTERED_COUNT_CAP = 1_000
# Searches for a word that thousands of businesses contain are counted up to this many
# (two pages): each is found by testing rows one by one, newest first.
SEARCH_COUNT_CAP = 100
# Region filters that leave few enough businesses to sort them whatever the search.
_NARROW_REGION = 2  # dots in the code: regency (33.72) and finer


def _filtered(
    organisation: Organisation, filters: BusinessFilters
) -> tuple[BusinessQuerySet, _ListPlan]:
    """Live businesses ``organisation`` coaches, narrowed by ``filters`` (no order), and
    how to read them."""
    with scopes_disabled():  # scoped explicitly, by organisation
        coaching = CoachingRelation.objects.filter(
            organisation=organisation, business=OuterRef("pk")
        )
        if filters.program:
            coaching = coaching.filter(program=filters.program)
    queryset = Business.objects.live().filter(Exists(coaching))
    plan = _ListPlan(sort=_sort(filters), count_cap=FILTERED_COUNT_CAP)
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
    text = _clean(filters.q)
    if text:
        found = _search_ids(text)
        queryset = queryset.filter(_search_filter(text, found))
        if found.common:
            # Thousands match: they are counted up to SEARCH_COUNT_CAP, and unless a
            # region narrows them, shown newest first: sorting every match by name would
            # read them all, while the newest ones are found by reading a few.
            plan.count_cap = SEARCH_COUNT_CAP
            plan.common_search = True
            if filters.region.count(".") < _NARROW_REGION:
                plan.sort = "newest"
    return queryset, plan


def _order(sort: str, *, reverse: bool = False) -> list[str]:
    keys, descending = SORT_KEYS[sort]
    return [f"-{key}" if descending != reverse else key for key in keys]


def business_list(
    organisation: Organisation, filters: BusinessFilters | None = None
) -> QuerySet[Business]:
    """The businesses ``organisation`` coaches, filtered and sorted, with everything a list
    row or an export line shows loaded in a constant number of queries (the export)."""
    filters = filters or BusinessFilters()
    queryset, _plan = _filtered(organisation, filters)
    return with_details(queryset.order_by(*_order(_sort(filters))), organisation)


def is_filtered(filters: BusinessFilters) -> bool:
    return BusinessFilters(sort=filters.sort) != filters


# --- keyset pages ---------------------------------------------------------------------------


def _key_values(business: Any, sort: str) -> list[Any]:
    keys, _descending = SORT_KEYS[sort]
    values = []
    for key in keys:
        value = business[key] if isinstance(business, dict) else getattr(business, key)
        values.append(value.isoformat() if isinstance(value, dt.datetime) else value)
    return values


def cursor_encode(sort: str, values: list[Any]) -> str:
    """An opaque, URL-safe cursor for a row's position in ``sort`` order."""
    raw = json.dumps([sort, *values], ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(text: str, sort: str) -> list[Any] | None:
    """The key values of a cursor made for ``sort``; ``None`` for anything else (an old or
    edited link then shows the first page)."""
    if not text:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        decoded = json.loads(raw)
    except (ValueError, TypeError):
        return None
    keys, _descending = SORT_KEYS[sort]
    if not isinstance(decoded, list) or len(decoded) != len(keys) + 1 or decoded[0] != sort:
        return None
    values = decoded[1:]
    kinds = {"id": int, "size_rank": int, "name": str, "created_at": str}
    pairs = zip(keys, values, strict=True)
    if any(not isinstance(v, kinds[k]) or isinstance(v, bool) for k, v in pairs):
        return None
    if "created_at" in keys:
        index = keys.index("created_at")
        try:
            values[index] = dt.datetime.fromisoformat(values[index])
        except ValueError:
            return None
    return values


def _beyond(sort: str, values: list[Any], *, backwards: bool) -> Q:
    """Rows after (or before) the row with ``values`` in ``sort`` order, written so that the
    first key bounds an index range: k1 >= v1 AND (k1 > v1 OR (k2 >= v2 AND (…)))."""
    keys, descending = SORT_KEYS[sort]
    forward = descending == backwards  # ascending keys, read forwards: greater
    strict, loose = ("gt", "gte") if forward else ("lt", "lte")
    condition = Q(**{f"{keys[-1]}__{strict}": values[-1]})
    for key, value in zip(reversed(keys[:-1]), reversed(values[:-1]), strict=True):
        condition = Q(**{f"{key}__{loose}": value}) & (Q(**{f"{key}__{strict}": value}) | condition)
    return condition


@dataclass
class BusinessPage:
    """One page of the list: its rows (with details), where it is, and the cursors of the
    pages around it."""

    object_list: list[Business]
    number: int
    count: int
    count_is_exact: bool
    next_cursor: str | None
    previous_cursor: str | None
    page_size: int = PAGE_SIZE
    sort: str = "name"  # the order used (a search for a common word: newest first)
    common_search: bool = False

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.page_size))

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def business_page(
    organisation: Organisation,
    filters: BusinessFilters | None = None,
    *,
    after: str = "",
    before: str = "",
    number: int = 1,
    offset: int | None = None,
    size: int = PAGE_SIZE,
    count: bool = True,
) -> BusinessPage:
    """A page of ``organisation``'s list: the ``size`` rows after the cursor ``after`` (or
    before ``before``), else at ``offset`` (or page ``number`` counted from the start: an
    OFFSET walk, kept for typed page numbers and the API's ``offset``).

    Two queries find the rows (the keys of the page, then the rows with their details in
    a fixed number of prefetches); one more counts the list when ``count``."""
    filters = filters or BusinessFilters()
    number = max(1, number)
    queryset, plan = _filtered(organisation, filters)
    sort = plan.sort
    keys, _descending = SORT_KEYS[sort]
    backwards = False
    position = cursor_decode(after, sort) if after else None
    if position is None and before:
        position = cursor_decode(before, sort)
        backwards = position is not None
    if position is not None:
        found = list(
            queryset.filter(_beyond(sort, position, backwards=backwards))
            .order_by(*_order(sort, reverse=backwards))
            .values(*keys)[: size + 1]
        )
        more = len(found) > size
        found = found[:size]
        if backwards:
            found.reverse()
            more = True  # the page we came back from follows
    else:
        start = offset if offset is not None else (number - 1) * size
        found = list(queryset.order_by(*_order(sort)).values(*keys)[start : start + size + 1])
        more = len(found) > size
        found = found[:size]
    ids = [row["id"] for row in found]
    rows = (
        {
            business.pk: business
            for business in with_details(
                Business.objects.filter(pk__in=ids), organisation, as_lists=True
            )
        }
        if ids
        else {}
    )
    total, exact = _count(organisation, filters, queryset, plan) if count else (0, True)
    return BusinessPage(
        object_list=[rows[pk] for pk in ids if pk in rows],
        number=number,
        count=total,
        count_is_exact=exact,
        next_cursor=cursor_encode(sort, _key_values(found[-1], sort)) if more and found else None,
        previous_cursor=cursor_encode(sort, _key_values(found[0], sort))
        if number > 1 and found
        else None,
        page_size=size,
        sort=sort,
        common_search=plan.common_search,
    )


def _count(
    organisation: Organisation,
    filters: BusinessFilters,
    queryset: QuerySet[Business],
    plan: _ListPlan,
) -> tuple[int, bool]:
    if not is_filtered(filters):
        return business_total(organisation), True
    return capped_count(queryset, plan.count_cap)


def business_count(organisation: Organisation, filters: BusinessFilters) -> tuple[int, bool]:
    """(count, exact) of the list: the office's whole list exactly (a counter kept by the
    database), a filtered one up to :data:`FILTERED_COUNT_CAP` (a search for a common word up to
    :data:`SEARCH_COUNT_CAP`)."""
    queryset, plan = _filtered(organisation, filters)
    return _count(organisation, filters, queryset, plan)


def with_details(
    queryset: QuerySet[Business], organisation: Organisation | None, *, as_lists: bool = False
) -> QuerySet[Business]:
    """Owners, certificates, region names and (for an organisation) its coaching relation.

    ``as_lists`` (a page of the list): owners and certificates as plain lists
    (``owner_list``, ``certificate_list``; read them with ``owners_of`` and
    ``certificates_of``). A prefetch kept on the related manager builds a queryset for
    every row, which cost more than the page's own queries."""
    related: list[Any] = (
        [
            Prefetch("owners", to_attr="owner_list"),
            Prefetch("certificates", to_attr="certificate_list"),
        ]
        if as_lists
        else ["owners", "certificates"]
    )
    queryset = queryset.select_related("village__parent__parent").prefetch_related(*related)
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


def owners_of(business: Business) -> list[BusinessOwner]:
    """The business's owners, from a list page's plain list when it has one."""
    found: list[BusinessOwner] | None = getattr(business, "owner_list", None)
    return found if found is not None else list(business.owners.all())


def certificates_of(business: Business) -> list[Certificate]:
    """The business's certificates, from a list page's plain list when it has one."""
    found: list[Certificate] | None = getattr(business, "certificate_list", None)
    return found if found is not None else list(business.certificates.all())


def business_total(organisation: Organisation) -> int:
    """How many live businesses ``organisation`` coaches, exactly: the count the database
    keeps of its coaching relations (a merge moves or removes the merged record's
    relations, so tombstones have none)."""
    with scopes_disabled():  # scoped explicitly, by organisation
        found = CoachedCount.objects.filter(organisation=organisation).values_list(
            "businesses", flat=True
        )
        return next(iter(found), 0)


PROGRAMS_SQL = """
WITH RECURSIVE found(program) AS (
    SELECT (SELECT program FROM registry_coachingrelation
            WHERE organisation_id = %s AND program > '' ORDER BY program LIMIT 1)
    UNION ALL
    SELECT (SELECT program FROM registry_coachingrelation
            WHERE organisation_id = %s AND program > found.program ORDER BY program LIMIT 1)
    FROM found WHERE found.program IS NOT NULL
)
SELECT program FROM found WHERE program IS NOT NULL
"""


def business_programs(organisation: Organisation) -> list[str]:
    """The programs through which ``organisation`` coaches businesses (for the filter).

    Read by hopping along the (organisation, program) index from one program to the next,
    one lookup per program (a DISTINCT over a million relations took 200–600 ms); cached
    for five minutes."""

    def compute() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(PROGRAMS_SQL, [organisation.pk, organisation.pk])
            return [row[0] for row in cursor.fetchall()]

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
