"""Duplicate businesses: finding clusters to review (docs/decisions/0011), merging two
records without losing anything, and dismissing a cluster. Each use case is one
transaction and is audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from naikkelas.core.audit import _plain, audit_record, diff, snapshot
from naikkelas.core.models import Organisation, User
from naikkelas.core.permissions import can
from naikkelas.registry.dedupe import (
    BusinessRecord,
    DedupeSettings,
    MatchPair,
    find_duplicates,
)
from naikkelas.registry.dedupe.normalise import normalise_owner_name
from naikkelas.registry.models import (
    Business,
    BusinessMerge,
    BusinessOwner,
    BusinessSource,
    Certificate,
    CertificateKind,
    Cluster,
    ClusterOrigin,
    CoachingRelation,
    DuplicateCluster,
    DuplicateStatus,
    ImportRow,
    LegalForm,
    OnlineChannel,
    RowReview,
    SizeClassSnapshot,
)
from naikkelas.registry.services.businesses import (
    AUDITED_FIELDS,
    OWNER_FIELDS,
    BusinessData,
    OwnerData,
    _apply_kbli,
    _apply_region,
    _refresh_derived,
    _snapshot_size,
    business_register,
)

# Sent inside the merge's transaction, after the registry's own rows have moved, so that
# later stages (catalog products, event applications, …) move their rows to the survivor:
# ``business_merged.send(sender=Business, survivor=…, merged=…, actor=…)``.
business_merged = Signal()

# The values an officer chooses between, each a group of model attributes kept together
# (an amount with the date it was reported, the KBLI section with its division).
MERGE_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "legal_form": ("legal_form",),
    "nib": ("nib",),
    "status": ("status",),
    "address": ("address",),
    "village": ("village",),
    "kbli": ("kbli_section", "kbli_division"),
    "product_types": ("product_types",),
    "workforce_men": ("workforce_men",),
    "workforce_women": ("workforce_women",),
    "capital": ("capital", "capital_reported_on"),
    "annual_sales": ("annual_sales", "sales_reported_on"),
    "description": ("description",),
}
# Kept by the survivor; the merged record's values go to ``extra["merged"]`` when they differ.
KEPT_BY_SURVIVOR = ("source", "created_at", "created_by", "is_public", "public_fields")


# --- finding ---------------------------------------------------------------------------------


def _owner_rows(businesses: Any) -> dict[int, dict[str, Any]]:
    """The main owner of each business (the first owner when none is marked main)."""
    rows = BusinessOwner.objects.filter(business__in=businesses.values("pk"))
    owners: dict[int, dict[str, Any]] = {}
    for row in rows.order_by("business_id", "-is_primary", "id").values(
        "business_id", "name", "phone", "email"
    ):
        owners.setdefault(row["business_id"], dict(row))
    return owners


def _record(row: dict[str, Any], owner: dict[str, Any] | None) -> BusinessRecord:
    owner = owner or {}
    return BusinessRecord(
        id=row["id"],
        name=row["name"],
        owner_name=owner.get("name") or None,
        phone=owner.get("phone") or None,
        nib=row["nib"] or None,
        address=row["address"] or None,
        village_code=row["village_id"] or None,
        district_code=row["district_code"] or None,
        email=owner.get("email") or None,
    )


def business_records(queryset: Any = None) -> list[BusinessRecord]:
    """Plain records of live businesses for duplicate detection (two queries)."""
    queryset = Business.objects.live() if queryset is None else queryset
    rows = list(queryset.values("id", "name", "nib", "address", "village_id", "district_code"))
    owners = _owner_rows(queryset)
    return [_record(row, owners.get(row["id"])) for row in rows]


def _scope(organisation: Organisation | None) -> Any:
    """Live businesses in the organisation's region or coached by it (all without one)."""
    businesses = Business.objects.live()
    if organisation is None:
        return businesses
    coached = Business.objects.filter(coaching__organisation=organisation).values("pk")
    code = organisation.region_id
    return businesses.filter(
        Q(province_code=code) | Q(regency_code=code) | Q(district_code=code) | Q(pk__in=coached)
    )


def pair_evidence(pair: MatchPair) -> dict[str, Any]:
    """A pair and its per-field evidence as stored on a cluster (JSON)."""
    return {
        "left": pair.left_id,
        "right": pair.right_id,
        "score": pair.score,
        "weight": pair.weight,
        "explanation": pair.explanation(),
        "fields": [
            {
                "field": item.field,
                "level": item.level,
                "weight": item.weight,
                "similarity": item.similarity,
                "text": item.text,
            }
            for item in pair.evidence
        ],
    }


@dataclass
class FoundCluster:
    members: frozenset[int]
    score: float
    pairs: list[MatchPair]
    origin: str  # "detection" or "review"


@dataclass
class FindResult:
    records: int = 0
    found: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dismissed_before: int = 0
    stats: dict[str, float] = field(default_factory=dict)


def _detected(records: list[BusinessRecord], settings: DedupeSettings) -> list[FoundCluster]:
    result = find_duplicates(records, settings=settings)
    found: list[FoundCluster] = []
    member_of: dict[int, int] = {}
    for index, ids in enumerate(result.clusters):
        for record_id in ids:
            member_of[int(record_id)] = index
    pairs_of: dict[int, list[MatchPair]] = {}
    for pair in result.pairs:
        index = member_of.get(int(pair.left_id), -1)
        if index >= 0 and member_of.get(int(pair.right_id)) == index:
            pairs_of.setdefault(index, []).append(pair)
    for index, ids in enumerate(result.clusters):
        pairs = pairs_of.get(index, [])
        found.append(
            FoundCluster(
                members=frozenset(int(i) for i in ids),
                score=min((p.score for p in pairs), default=settings.threshold),
                pairs=pairs,
                origin="detection",
            )
        )
    # Possible duplicates below the match threshold: each pair is a cluster of two to review.
    for pair in result.review:
        left, right = int(pair.left_id), int(pair.right_id)
        if left in member_of and member_of.get(right) == member_of[left]:
            continue
        found.append(FoundCluster(frozenset({left, right}), pair.score, [pair], "review"))
    return found


def _evidence(cluster: FoundCluster) -> list[dict[str, Any]]:
    return [{**pair_evidence(pair), "origin": cluster.origin} for pair in cluster.pairs]


def duplicates_find(
    *, organisation: Organisation | None = None, settings: DedupeSettings | None = None
) -> FindResult:
    """Look for duplicate businesses (the organisation's area and its coached businesses, or
    the whole registry) and store what an officer must review as open clusters.

    Idempotent: a set of businesses that already has an open cluster gets no second one (its
    score and evidence are refreshed, and an open cluster grows when more members are found);
    a set an officer dismissed (or a part of one) is not opened again."""
    settings = settings or DedupeSettings()
    records = business_records(_scope(organisation))
    found = _detected(records, settings) if len(records) >= 2 else []
    result = FindResult(records=len(records))
    by_members: dict[frozenset[int], FoundCluster] = {}
    for item in found:
        known = by_members.get(item.members)
        if known is None or item.score > known.score:
            by_members[item.members] = item
    result.found = len(by_members)
    if not by_members:
        return result
    through = DuplicateCluster.members.through
    with transaction.atomic():
        existing: dict[int, set[int]] = {}
        status: dict[int, str] = {}
        # (clusters of import rows are reviewed row by row: detection leaves them alone)
        for cluster_id, cluster_status, business_id in through.objects.filter(
            duplicatecluster__status__in=[DuplicateStatus.OPEN, DuplicateStatus.DISMISSED],
            duplicatecluster__origin=ClusterOrigin.DETECTION,
        ).values_list("duplicatecluster_id", "duplicatecluster__status", "business_id"):
            existing.setdefault(cluster_id, set()).add(business_id)
            status[cluster_id] = cluster_status
        open_sets = {
            frozenset(members): pk
            for pk, members in existing.items()
            if status[pk] == DuplicateStatus.OPEN
        }
        open_of: dict[int, set[frozenset[int]]] = {}
        for members in open_sets:
            for business_id in members:
                open_of.setdefault(business_id, set()).add(members)
        dismissed_of: dict[int, list[frozenset[int]]] = {}
        for pk, ids in existing.items():
            if status[pk] == DuplicateStatus.DISMISSED:
                for business_id in ids:
                    dismissed_of.setdefault(business_id, []).append(frozenset(ids))
        current = {
            pk: (score, evidence)
            for pk, score, evidence in DuplicateCluster.objects.filter(
                status=DuplicateStatus.OPEN, origin=ClusterOrigin.DETECTION
            ).values_list("pk", "score", "evidence")
        }
        changed: dict[int, DuplicateCluster] = {}
        grown: list[tuple[int, frozenset[int]]] = []
        new: list[tuple[DuplicateCluster, frozenset[int]]] = []
        for members, item in sorted(by_members.items(), key=lambda kv: sorted(kv[0])):
            evidence = _evidence(item)
            score = round(item.score, 4)
            if members in open_sets:
                pk = open_sets[members]
                if current.get(pk) == (score, evidence):
                    result.unchanged += 1
                else:
                    changed[pk] = DuplicateCluster(pk=pk, score=score, evidence=evidence)
                    result.updated += 1
                continue
            if any(members <= done for done in dismissed_of.get(min(members), [])):
                result.dismissed_before += 1
                continue
            smaller = next(
                (
                    known
                    for business_id in sorted(members)
                    for known in sorted(open_of.get(business_id, ()), key=sorted)
                    if known < members
                ),
                None,
            )
            if smaller is not None:
                pk = open_sets.pop(smaller)
                open_sets[members] = pk
                for business_id in smaller:
                    open_of[business_id].discard(smaller)
                for business_id in members:
                    open_of.setdefault(business_id, set()).add(members)
                changed[pk] = DuplicateCluster(pk=pk, score=score, evidence=evidence)
                grown.append((pk, members - smaller))
                result.updated += 1
                continue
            new.append((DuplicateCluster(score=score, evidence=evidence), members))
        DuplicateCluster.objects.bulk_update(list(changed.values()), ["score", "evidence"])
        created = DuplicateCluster.objects.bulk_create([cluster for cluster, _m in new])
        through.objects.bulk_create(
            [
                through(duplicatecluster_id=cluster.pk, business_id=business_id)
                for cluster, (_c, members) in zip(created, new, strict=True)
                for business_id in sorted(members)
            ]
            + [
                through(duplicatecluster_id=pk, business_id=business_id)
                for pk, added in grown
                for business_id in sorted(added)
            ]
        )
        result.created = len(created)
    return result


# --- permissions -----------------------------------------------------------------------------


def coaching_organisations(businesses: Iterable[Business]) -> list[Organisation]:
    """The organisations that actively coach any of ``businesses``, by id."""
    with scopes_disabled():
        return list(
            Organisation.objects.filter(
                coached_businesses__business__in=list(businesses),
                coached_businesses__active=True,
            )
            .distinct()
            .order_by("pk")
        )


def can_review(actor: Any, businesses: Iterable[Business]) -> bool:
    """An officer of an organisation that coaches at least one of the businesses."""
    if not getattr(actor, "is_authenticated", False):
        return False
    return any(
        can(actor, organisation, "manage_registry")
        for organisation in coaching_organisations(businesses)
    )


# --- merging ---------------------------------------------------------------------------------


def _group(business: Business, key: str) -> tuple[Any, ...]:
    return tuple(
        getattr(business, "village_id" if attr == "village" else attr) for attr in MERGE_FIELDS[key]
    )


def _empty(values: tuple[Any, ...]) -> bool:
    return all(value is None or value == "" for value in values)


def default_choices(survivor: Business, merged: Business) -> dict[str, int]:
    """Per field, the survivor's value when it has one, else the other record's."""
    return {
        key: merged.pk
        if _empty(_group(survivor, key)) and not _empty(_group(merged, key))
        else survivor.pk
        for key in MERGE_FIELDS
    }


def differing_fields(survivor: Business, merged: Business) -> list[str]:
    return [key for key in MERGE_FIELDS if _group(survivor, key) != _group(merged, key)]


BUSINESS_SNAPSHOT_FIELDS = [
    *AUDITED_FIELDS,
    "province_code",
    "regency_code",
    "district_code",
    "source",
    "extra",
    "created_by",
    "created_at",
    "updated_at",
    "updated_by",
]
CERTIFICATE_FIELDS = ["kind", "number", "issuer", "issued_on", "expires_on", "reminded_on"]
CHANNEL_FIELDS = ["kind", "label", "url"]
COACHING_FIELDS = ["organisation", "since", "program", "active"]
SIZE_FIELDS = ["recorded_on", "size_class", "basis", "previous_class", "capital", "annual_sales"]


def business_snapshot(business: Business) -> dict[str, Any]:
    """Every value of a business and of the rows that hang off it, JSON-ready."""

    def rows(queryset: Any, fields: list[str]) -> list[dict[str, Any]]:
        return [{"id": row.pk, **snapshot(row, fields)} for row in queryset.order_by("pk")]

    with scopes_disabled():
        return {
            "id": business.pk,
            **snapshot(business, BUSINESS_SNAPSHOT_FIELDS),
            "owners": rows(business.owners.all(), OWNER_FIELDS),
            "certificates": [
                {**row, "scan": certificate.scan.name or ""}
                for row, certificate in zip(
                    rows(business.certificates.all(), CERTIFICATE_FIELDS),
                    business.certificates.order_by("pk"),
                    strict=True,
                )
            ],
            "channels": rows(business.channels.all(), CHANNEL_FIELDS),
            "coaching": rows(CoachingRelation.objects.filter(business=business), COACHING_FIELDS),
            "size_history": rows(business.size_history.all(), SIZE_FIELDS),
            "clusters": sorted(business.clusters.values_list("pk", flat=True)),
            "duplicate_clusters": sorted(business.duplicate_clusters.values_list("pk", flat=True)),
            "import_rows": sorted(
                ImportRow.objects.filter(
                    Q(business=business) | Q(duplicate_of=business)
                ).values_list("pk", flat=True)
            ),
        }


def _same_owner(a: BusinessOwner, b: BusinessOwner) -> bool:
    if a.phone and a.phone == b.phone:
        return True
    left, right = normalise_owner_name(a.name), normalise_owner_name(b.name)
    return bool(left) and left == right


def _move_owners(survivor: Business, merged: Business) -> tuple[int, list[dict[str, Any]]]:
    """The merged record's owners join the survivor's; an owner already there (same phone or
    same name) is completed with the values it lacked instead of being added twice."""
    kept = list(survivor.owners.all())
    moved, folded = 0, []
    for owner in merged.owners.order_by("pk"):
        twin = next((other for other in kept if _same_owner(other, owner)), None)
        conflicting_user = twin is not None and owner.user_id and twin.user_id != owner.user_id
        if twin is not None and not (conflicting_user and twin.user_id):
            for name in ("gender", "phone", "email", "nik"):
                if not getattr(twin, name) and getattr(owner, name):
                    setattr(twin, name, getattr(owner, name))
            if twin.user_id is None and owner.user_id is not None:
                twin.user_id = owner.user_id
            twin.save()
            folded.append({"folded_into": twin.pk, **snapshot(owner, OWNER_FIELDS)})
            owner.delete()  # its values are in the merge snapshot and in extra["merged"]
            continue
        owner.business = survivor
        owner.is_primary = owner.is_primary and not any(o.is_primary for o in kept)
        owner.save(update_fields=["business", "is_primary"])
        kept.append(owner)
        moved += 1
    return moved, folded


def _move_coaching(survivor: Business, merged: Business) -> int:
    """Union of coaching relations: one per organisation, the earliest ``since``, both
    programs, active when either is."""
    with scopes_disabled():
        theirs = {r.organisation_id: r for r in CoachingRelation.objects.filter(business=survivor)}
        moved = 0
        for relation in CoachingRelation.objects.filter(business=merged).order_by("pk"):
            mine = theirs.get(relation.organisation_id)
            if mine is None:
                relation.business = survivor
                relation.save(update_fields=["business"])
                moved += 1
                continue
            programs = [p for p in dict.fromkeys([mine.program, relation.program]) if p]
            mine.since = min(mine.since, relation.since)
            mine.program = "; ".join(programs)[:200]
            mine.active = mine.active or relation.active
            mine.save(update_fields=["since", "program", "active"])
            relation.delete()
        return moved


def _move_memberships(survivor: Business, merged: Business) -> None:
    """Sentra memberships and duplicate-cluster memberships follow the survivor; an open
    duplicate cluster left with fewer than two records is resolved as merged."""
    for through, column in (
        (Cluster.members.through, "cluster_id"),
        (DuplicateCluster.members.through, "duplicatecluster_id"),
    ):
        already = through.objects.filter(business_id=survivor.pk).values_list(column, flat=True)
        through.objects.filter(business_id=merged.pk).exclude(
            **{f"{column}__in": list(already)}
        ).update(business_id=survivor.pk)
        through.objects.filter(business_id=merged.pk).delete()


def _resolve_small_clusters(survivor: Business, actor: User) -> None:
    for cluster in DuplicateCluster.objects.select_for_update(of=("self",)).filter(
        members=survivor, status=DuplicateStatus.OPEN, origin=ClusterOrigin.DETECTION
    ):
        if cluster.members.count() < 2:
            cluster.status = DuplicateStatus.MERGED
            cluster.resolved_at, cluster.resolved_by = timezone.now(), actor
            cluster.save(update_fields=["status", "resolved_at", "resolved_by"])


def business_merge(
    *,
    actor: User,
    survivor: Business,
    merged: Business,
    cluster: DuplicateCluster | None = None,
    choices: dict[str, int] | None = None,
) -> BusinessMerge:
    """Merge ``merged`` into ``survivor`` and lose nothing.

    The survivor takes, per field of :data:`MERGE_FIELDS`, the value of the business named in
    ``choices`` (default: its own when not empty); every value of the merged record that
    was not kept goes to ``survivor.extra["merged"][<id>]``, and its full snapshot to the
    :class:`BusinessMerge`. Owners, certificates, channels, size-class history, sentra and
    cluster memberships, coaching relations and import rows move to the survivor; the
    merged record stays as a tombstone (``merged_into``)."""
    choices = dict(choices or {})
    if survivor.pk == merged.pk:
        raise ValidationError(_("A business cannot be merged into itself."))
    unknown = set(choices) - set(MERGE_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields to choose: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    if any(value not in (survivor.pk, merged.pk) for value in choices.values()):
        raise ValidationError(_("Each value must come from one of the two businesses."))
    with transaction.atomic():
        locked = {
            b.pk: b
            for b in Business.objects.select_for_update()
            .filter(pk__in=[survivor.pk, merged.pk])
            .order_by("pk")
        }
        survivor, merged = locked[survivor.pk], locked[merged.pk]
        if not can_review(actor, [survivor, merged]):
            raise PermissionDenied(_("You coach neither of these businesses."))
        for business in (merged, survivor):
            if business.merged_into_id is not None:
                raise ValidationError(
                    _("%(name)s has already been merged into another record.")
                    % {"name": business.name}
                )
        if cluster is not None:
            cluster = DuplicateCluster.objects.select_for_update().get(pk=cluster.pk)
            if cluster.status != DuplicateStatus.OPEN:
                raise ValidationError(_("This cluster has already been reviewed."))
            members = set(cluster.members.values_list("pk", flat=True))
            if not {survivor.pk, merged.pk} <= members:
                raise ValidationError(_("Both businesses must belong to the cluster."))

        merged_snapshot = business_snapshot(merged)
        survivor_snapshot = business_snapshot(survivor)
        before = snapshot(survivor, AUDITED_FIELDS)
        chosen = {**default_choices(survivor, merged), **choices}

        # 1. values: the survivor takes the chosen ones; the rest of the merged record's go
        # to extra["merged"][id].
        not_kept: dict[str, Any] = {}
        taken: dict[str, tuple[Any, ...]] = {}
        for key in MERGE_FIELDS:
            theirs = _group(merged, key)
            if chosen[key] == merged.pk:
                taken[key] = theirs
            elif not _empty(theirs) and theirs != _group(survivor, key):
                for attr, value in zip(MERGE_FIELDS[key], theirs, strict=True):
                    not_kept["village" if attr == "village" else attr] = _plain(value)
        for attr in KEPT_BY_SURVIVOR:
            value = getattr(merged, f"{attr}_id" if attr == "created_by" else attr)
            if value not in (None, "", []) and value != getattr(
                survivor, f"{attr}_id" if attr == "created_by" else attr
            ):
                not_kept[attr] = _plain(value)
        their_extra = dict(merged.extra or {})
        earlier_merges = their_extra.pop("merged", {})
        if their_extra:
            not_kept["extra"] = their_extra
        not_kept["merged_at"] = timezone.now().isoformat()

        # The NIB is unique: the tombstone gives its NIB up (kept in the snapshot and extra).
        if merged.nib:
            if "nib" not in taken:
                not_kept.setdefault("nib", merged.nib)
            merged.nib = None
            merged.save(update_fields=["nib"])
        replaced: dict[str, Any] = {}
        for key, values in taken.items():
            for attr, value in zip(MERGE_FIELDS[key], values, strict=True):
                name = "village_id" if attr == "village" else attr
                if getattr(survivor, name) not in (None, "") and getattr(survivor, name) != value:
                    replaced[attr] = _plain(getattr(survivor, name))
                setattr(survivor, name, value)
        if replaced:
            not_kept["replaced"] = replaced  # the survivor's own values the merge replaced
        extra = dict(survivor.extra or {})
        history = dict(extra.get("merged", {}))
        history.update(earlier_merges)
        history[str(merged.pk)] = not_kept
        extra["merged"] = history
        survivor.extra = extra

        # 2. the rows that hang off the merged record.
        owners_moved, owners_folded = _move_owners(survivor, merged)
        if owners_folded:
            not_kept["owners"] = owners_folded
        moved = {"owners_moved": owners_moved, "owners_folded": len(owners_folded)}
        moved["certificates_moved"] = Certificate.objects.filter(business=merged).update(
            business=survivor
        )
        urls = set(survivor.channels.values_list("url", flat=True))
        OnlineChannel.objects.filter(business=merged, url__in=urls).delete()
        moved["channels_moved"] = OnlineChannel.objects.filter(business=merged).update(
            business=survivor
        )
        moved["size_history_moved"] = SizeClassSnapshot.objects.filter(business=merged).update(
            business=survivor
        )
        moved["coaching_moved"] = _move_coaching(survivor, merged)
        _move_memberships(survivor, merged)
        ImportRow.objects.filter(business=merged).update(business=survivor)
        ImportRow.objects.filter(duplicate_of=merged).update(duplicate_of=survivor)
        Business.objects.filter(merged_into=merged).update(merged_into=survivor)

        # 3. the survivor's derived values, the tombstone, the record of the merge.
        _apply_region(survivor)
        previous = _refresh_derived(survivor)
        survivor.updated_by = actor
        survivor.save()
        if previous is not None:
            _snapshot_size(survivor, previous)
        merged.merged_into = survivor
        merged.updated_by = actor
        merged.save(update_fields=["merged_into", "updated_by", "updated_at"])
        merge = BusinessMerge.objects.create(
            survivor=survivor,
            merged=merged,
            cluster=cluster,
            snapshot={
                "merged": merged_snapshot,
                "survivor_before": survivor_snapshot,
                "choices": {key: chosen[key] for key in MERGE_FIELDS},
                "moved": moved,
            },
            merged_by=actor,
        )
        _resolve_small_clusters(survivor, actor)
        business_merged.send(sender=Business, survivor=survivor, merged=merged, actor=actor)

        after = snapshot(survivor, AUDITED_FIELDS)
        changes = {
            **diff(_plain(before), _plain(after)),
            "merged_business": [None, {"id": merged.pk, "name": merged.name}],
            **({"cluster": [None, cluster.pk]} if cluster is not None else {}),
        }
        organisations: list[Organisation | None] = [*coaching_organisations([survivor])]
        for organisation in organisations or [None]:
            audit_record(
                actor=actor,
                action="business.merge",
                obj=survivor,
                organisation=organisation,
                changes=changes,
            )
            audit_record(
                actor=actor,
                action="business.merged_into",
                obj=merged,
                organisation=organisation,
                before={"merged_into": None},
                after={"merged_into": survivor.pk},
            )
    return merge


def duplicate_dismiss(*, actor: User, cluster: DuplicateCluster) -> DuplicateCluster:
    """An officer says the records of ``cluster`` are different businesses; the same set is
    not proposed again."""
    with transaction.atomic():
        cluster = DuplicateCluster.objects.select_for_update().get(pk=cluster.pk)
        members = list(cluster.members.order_by("pk"))
        if not can_review(actor, members):
            raise PermissionDenied(_("You coach none of these businesses."))
        if cluster.status != DuplicateStatus.OPEN:
            raise ValidationError(_("This cluster has already been reviewed."))
        if cluster.origin == ClusterOrigin.IMPORT:
            raise ValidationError(
                _("Decide for each spreadsheet row: merge it, or register it as another business.")
            )
        cluster.status = DuplicateStatus.DISMISSED
        cluster.resolved_at, cluster.resolved_by = timezone.now(), actor
        cluster.save(update_fields=["status", "resolved_at", "resolved_by"])
        for organisation in coaching_organisations(members):
            audit_record(
                actor=actor,
                action="duplicates.dismiss",
                obj=cluster,
                organisation=organisation,
                before={"status": DuplicateStatus.OPEN},
                after={
                    "status": DuplicateStatus.DISMISSED,
                    "businesses": [b.pk for b in members],
                },
            )
    return cluster


# --- import rows waiting for review ----------------------------------------------------------


def row_values(row: ImportRow) -> dict[str, tuple[Any, ...]]:
    """The values of an import row in review, grouped as :data:`MERGE_FIELDS` (only those
    it has); amounts are dated the day of the import."""
    from naikkelas.registry.services.imports import business_values

    record = row.record or {}
    found = business_values(record)
    reported = timezone.localtime(row.job.created_at).date()
    values: dict[str, tuple[Any, ...]] = {}
    for key in ("name", "legal_form", "address", "product_types"):
        if found.get(key):
            values[key] = (found[key],)
    if record.get("nib"):
        values["nib"] = (record["nib"],)
    if found.get("village_id"):
        values["village"] = (found["village_id"],)
    if found.get("kbli"):
        probe = Business()
        try:
            _apply_kbli(probe, found["kbli"])
        except ValidationError:
            pass
        else:
            values["kbli"] = (probe.kbli_section, probe.kbli_division)
    for key in ("workforce_men", "workforce_women"):
        if found.get(key) is not None:
            values[key] = (found[key],)
    if found.get("capital") is not None:
        values["capital"] = (found["capital"], reported)
    if found.get("annual_sales") is not None:
        values["annual_sales"] = (found["annual_sales"], reported)
    return values


def row_owner(row: ImportRow) -> dict[str, Any]:
    """The owner an import row names (empty when it names none)."""
    from naikkelas.registry.services.imports import owner_values

    return owner_values(row.record or {})


def default_row_choices(business: Business, row: ImportRow) -> dict[str, str]:
    """Per field: the business's value when it has one, else the row's."""
    values = row_values(row)
    return {
        key: "row" if key in values and _empty(_group(business, key)) else "business"
        for key in MERGE_FIELDS
    }


def _open_row(row: ImportRow) -> tuple[ImportRow, Business, DuplicateCluster | None]:
    """Lock the row, its cluster and its business (in this order) for a review."""
    row = ImportRow.objects.select_for_update().select_related("job__organisation").get(pk=row.pk)
    if row.review != RowReview.OPEN:
        raise ValidationError(_("This row has already been reviewed."))
    cluster = None
    if row.cluster_id is not None:
        cluster = DuplicateCluster.objects.select_for_update().get(pk=row.cluster_id)
    if row.duplicate_of_id is None:
        raise ValidationError(_("The business this row was linked to no longer exists."))
    business = Business.objects.select_for_update().get(pk=row.duplicate_of_id)
    return row, business, cluster


def _close_if_reviewed(cluster: DuplicateCluster | None, actor: User) -> None:
    """An import cluster is done when none of its rows waits any more: merged when at least
    one row was merged, else "not duplicates"."""
    if cluster is None or cluster.status != DuplicateStatus.OPEN:
        return
    reviews = set(ImportRow.objects.filter(cluster=cluster).values_list("review", flat=True))
    if RowReview.OPEN in reviews:
        return
    merged = RowReview.MERGED in reviews
    cluster.status = DuplicateStatus.MERGED if merged else DuplicateStatus.DISMISSED
    cluster.resolved_at, cluster.resolved_by = timezone.now(), actor
    cluster.save(update_fields=["status", "resolved_at", "resolved_by"])


def _row_reference(row: ImportRow) -> dict[str, Any]:
    return {
        "import": row.job_id,
        "file": row.job.filename,
        "sheet": row.sheet,
        "row": row.row_number,
    }


def import_row_merge(
    *, actor: User, row: ImportRow, choices: dict[str, str] | None = None
) -> Business:
    """An import row in review is the business it was linked to: the business takes, per
    field of :data:`MERGE_FIELDS`, the value ``choices`` names (``"row"`` or
    ``"business"``; default: its own when not empty); nothing is lost: the row's values it
    did not take and its own values the row replaced go to
    ``extra["imported"][<row id>]``. The row's owner joins (or completes) the owners, its
    certificate numbers are added. Audited."""
    choices = dict(choices or {})
    unknown = set(choices) - set(MERGE_FIELDS)
    if unknown or set(choices.values()) - {"row", "business"}:
        raise ValidationError(_("Choose, for each value, the business or the row."))
    with transaction.atomic():
        row, business, cluster = _open_row(row)
        if not can_review(actor, [business]):
            raise PermissionDenied(_("You do not coach this business."))
        values = row_values(row)
        chosen = {**default_row_choices(business, row), **choices}
        before = snapshot(business, AUDITED_FIELDS)
        not_kept: dict[str, Any] = {}
        replaced: dict[str, Any] = {}
        for key, theirs in values.items():
            mine = _group(business, key)
            if theirs == mine:
                continue
            attrs = MERGE_FIELDS[key]
            if chosen[key] != "row":
                for attr, value in zip(attrs, theirs, strict=True):
                    not_kept[attr] = _plain(value)
                continue
            if key == "nib" and Business.objects.filter(nib=theirs[0]).exclude(pk=business.pk):
                raise ValidationError(
                    _("NIB %(nib)s belongs to another business.") % {"nib": theirs[0]}
                )
            for attr, old, new in zip(attrs, mine, theirs, strict=True):
                if old not in (None, ""):
                    replaced[attr] = _plain(old)
                setattr(business, "village_id" if attr == "village" else attr, new)
        owner = row_owner(row)
        owner_note = _take_owner(business, owner) if owner.get("name") else None
        certificates = _take_certificates(business, row.record or {})
        extra = dict(business.extra or {})
        imported = dict(extra.get("imported", {}))
        imported[str(row.pk)] = {
            **_row_reference(row),
            "not_kept": not_kept,
            "replaced": replaced,
            **({"owner": owner_note} if owner_note else {}),
            "merged_at": timezone.now().isoformat(),
        }
        extra["imported"] = imported
        business.extra = extra
        _apply_region(business)
        previous = _refresh_derived(business)
        business.updated_by = actor
        business.save()
        if previous is not None:
            _snapshot_size(business, previous)
        row.review = RowReview.MERGED
        row.save(update_fields=["review"])
        _close_if_reviewed(cluster, actor)
        changes = {
            **diff(_plain(before), _plain(snapshot(business, AUDITED_FIELDS))),
            "import_row": [None, _row_reference(row)],
            **({"certificates_added": [None, certificates]} if certificates else {}),
        }
        for organisation in coaching_organisations([business]) or [None]:
            audit_record(
                actor=actor,
                action="business.merge_import_row",
                obj=business,
                organisation=organisation,
                changes=changes,
            )
    return business


def _take_owner(business: Business, owner: dict[str, Any]) -> dict[str, Any]:
    """The row's owner completes the same owner (same phone or name) or joins as another."""
    incoming = BusinessOwner(business=business, **owner)
    kept = list(business.owners.order_by("-is_primary", "pk"))
    twin = next((other for other in kept if _same_owner(other, incoming)), None)
    if twin is None:
        incoming.is_primary = not kept
        incoming.save()
        return {"added": incoming.pk}
    filled = {}
    for name in ("gender", "phone", "email", "nik"):
        if not getattr(twin, name) and getattr(incoming, name):
            setattr(twin, name, getattr(incoming, name))
            filled[name] = getattr(incoming, name)
    if filled:
        twin.save()
    return {"same_as": twin.pk, "filled": filled}


def _take_certificates(business: Business, record: dict[str, Any]) -> list[str]:
    added = []
    for key, kind in (
        ("halal_number", CertificateKind.HALAL),
        ("pirt_number", CertificateKind.PIRT),
    ):
        number = (record.get(key) or "")[:100]
        if number and not business.certificates.filter(kind=kind, number=number).exists():
            Certificate.objects.create(business=business, kind=kind, number=number)
            added.append(f"{kind} {number}")
    return added


def import_row_separate(*, actor: User, row: ImportRow) -> Business:
    """An import row in review is another business after all: it is registered as the
    import would have done (coached by the importing organisation) and the row points to
    it. Audited."""
    from naikkelas.registry.services.imports import business_values

    with transaction.atomic():
        row, business, cluster = _open_row(row)
        organisation = row.job.organisation
        if not can_review(actor, [business]) or not can(actor, organisation, "manage_registry"):
            raise PermissionDenied(_("You do not coach this business."))
        record = row.record or {}
        values = business_values(record)
        owner = row_owner(row)
        reported = timezone.localtime(row.job.created_at).date()
        created = business_register(
            actor=actor,
            organisation=organisation,
            source=BusinessSource.IMPORT,
            data=BusinessData(
                name=values.get("name") or record.get("name") or "",
                legal_form=values.get("legal_form") or LegalForm.INDIVIDUAL,
                nib=record.get("nib"),
                address=values.get("address", ""),
                village_code=values.get("village_id"),
                kbli=values.get("kbli", ""),
                product_types=values.get("product_types", ""),
                workforce_men=values.get("workforce_men"),
                workforce_women=values.get("workforce_women"),
                capital=values.get("capital"),
                capital_reported_on=reported if values.get("capital") is not None else None,
                annual_sales=values.get("annual_sales"),
                sales_reported_on=reported if values.get("annual_sales") is not None else None,
                extra={"import_row": _row_reference(row)},
            ),
            owners=[OwnerData(**owner)] if owner.get("name") else [],
        )
        _take_certificates(created, record)
        row.review = RowReview.SEPARATE
        row.business = created
        row.save(update_fields=["review", "business"])
        _close_if_reviewed(cluster, actor)
        audit_record(
            actor=actor,
            action="import_row.separate",
            obj=created,
            organisation=organisation,
            changes={
                "import_row": [None, _row_reference(row)],
                "not_the_same_as": [None, business.pk],
            },
        )
    return created


def duplicates_find_later(*, organisation: Organisation | None = None) -> None:
    """Queue :func:`duplicates_find` for the background worker."""
    from naikkelas.registry.tasks.duplicates import find_duplicates_task

    find_duplicates_task.enqueue(organisation.pk if organisation is not None else None)


__all__ = [
    "MERGE_FIELDS",
    "FindResult",
    "business_merge",
    "business_merged",
    "business_snapshot",
    "can_review",
    "coaching_organisations",
    "default_choices",
    "differing_fields",
    "duplicate_dismiss",
    "duplicates_find",
    "duplicates_find_later",
    "import_row_merge",
    "import_row_separate",
]
