"""Reads of duplicate clusters: the officer's list of clusters to review and one cluster's
records side by side. An organisation sees the clusters in which it coaches at least one
business; query counts do not grow with the number of clusters listed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from naikkelas.core.models import Organisation
from naikkelas.core.selectors import region_path_label
from naikkelas.registry.dedupe import BusinessRecord, compare
from naikkelas.registry.models import (
    Business,
    BusinessMerge,
    CertificateKind,
    CoachingRelation,
    DuplicateCluster,
    DuplicateStatus,
    ImportRow,
    RowReview,
)
from naikkelas.registry.services.duplicates import (
    MERGE_FIELDS,
    business_records,
    default_choices,
    default_row_choices,
    differing_fields,
    pair_evidence,
    row_owner,
    row_values,
)


def _visible(organisation: Organisation) -> QuerySet[DuplicateCluster]:
    with scopes_disabled():  # scoped explicitly, by organisation
        coached = CoachingRelation.objects.filter(
            organisation=organisation,
            active=True,
            business__duplicate_clusters=OuterRef("pk"),
        )
    return DuplicateCluster.objects.filter(Exists(coached))


def _members() -> Prefetch:
    return Prefetch(
        "members",
        queryset=Business.objects.select_related("village__parent__parent__parent").order_by("pk"),
    )


def _rows() -> Prefetch:
    return Prefetch(
        "import_rows",
        queryset=ImportRow.objects.select_related("job").order_by("job_id", "sheet", "row_number"),
    )


def duplicate_clusters(
    organisation: Organisation, *, status: str = DuplicateStatus.OPEN
) -> QuerySet[DuplicateCluster]:
    """Clusters with at least one business the organisation coaches, best score first."""
    return (
        _visible(organisation)
        .filter(status=status)
        .prefetch_related(_members(), _rows())
        .order_by("-score", "id")
    )


def duplicate_cluster(organisation: Organisation, cluster_id: int) -> DuplicateCluster:
    """One cluster the organisation may review (any status), else 404."""
    cluster = (
        _visible(organisation)
        .filter(pk=cluster_id)
        .select_related("resolved_by")
        .prefetch_related(
            _members(),
            _rows(),
            Prefetch("merges", queryset=BusinessMerge.objects.select_related("survivor", "merged")),
        )
        .first()
    )
    if cluster is None:
        raise Http404
    return cluster


def cluster_businesses(cluster: DuplicateCluster) -> list[Business]:
    """The cluster's records that are not merged away, with everything the review shows."""
    with scopes_disabled():  # every organisation coaching the records is shown
        coaching = CoachingRelation.objects.select_related("organisation").order_by("since", "pk")
    return list(
        cluster.members.live()
        .select_related("village__parent__parent__parent", "created_by")
        .prefetch_related(
            "owners",
            "certificates",
            "channels",
            Prefetch("coaching", queryset=coaching),
        )
        .order_by("pk")
    )


def cluster_records(cluster: DuplicateCluster) -> dict[int, Business]:
    """The records a merge of ``cluster`` may name: its members and those merged from it."""
    records = {business.pk: business for business in cluster.members.all()}
    for merge in cluster.merges.all():
        records.setdefault(merge.merged_id, merge.merged)
    return records


def default_survivor(businesses: list[Business]) -> Business:
    """The record with the most details filled in; the older one on a tie."""

    def filled(business: Business) -> int:
        return sum(
            not all(v is None or v == "" for v in (getattr(business, a) for a in attrs))
            for attrs in (
                tuple("village_id" if a == "village" else a for a in group)
                for group in MERGE_FIELDS.values()
            )
        )

    return sorted(businesses, key=lambda b: (-filled(b), b.created_at, b.pk))[0]


# --- side by side ----------------------------------------------------------------------------


def _rupiah(value: int | None) -> str:
    return "" if value is None else "Rp " + f"{value:,}".replace(",", ".")


def _money(amount: int | None, on: Any) -> str:
    if amount is None:
        return ""
    return f"{_rupiah(amount)} ({on:%d-%m-%Y})" if on else _rupiah(amount)


def _display(business: Business, key: str) -> list[str]:
    """A field's value as lines of text (empty list when missing)."""
    if key == "legal_form":
        return [str(business.get_legal_form_display())]
    if key == "status":
        return [str(business.get_status_display())]
    if key == "village":
        return [region_path_label(business.village)] if business.village else []
    if key == "kbli":
        text = " ".join(filter(None, [business.kbli_section, business.kbli_division]))
        return [text] if text else []
    if key == "capital":
        return (
            [_money(business.capital, business.capital_reported_on)]
            if business.capital is not None
            else []
        )
    if key == "annual_sales":
        return (
            [_money(business.annual_sales, business.sales_reported_on)]
            if business.annual_sales is not None
            else []
        )
    if key == "size_class":
        basis = business.get_size_basis_display() if business.size_basis else ""
        text = str(business.get_size_class_display())
        return [f"{text} ({basis})" if basis else text]
    if key == "owners":
        lines = []
        for owner in business.owners.all():
            parts = [owner.name]
            if owner.phone:
                parts.append(owner.phone + (" (WhatsApp)" if owner.whatsapp else ""))
            if owner.email:
                parts.append(owner.email)
            if owner.gender:
                parts.append(str(owner.get_gender_display()))
            if owner.is_primary:
                parts.append(_("main owner"))
            lines.append(" · ".join(parts))
        return lines
    if key == "certificates":
        lines = []
        for certificate in business.certificates.all():
            text = str(certificate)
            if certificate.expires_on:
                text += " · " + _("valid until %(date)s") % {
                    "date": f"{certificate.expires_on:%d-%m-%Y}"
                }
            lines.append(text)
        return lines
    if key == "channels":
        return [f"{channel} · {channel.url}" for channel in business.channels.all()]
    if key == "coaching":
        return [
            " · ".join(
                filter(
                    None,
                    [
                        relation.organisation.name,
                        _("since %(date)s") % {"date": f"{relation.since:%d-%m-%Y}"},
                        relation.program,
                    ],
                )
            )
            for relation in business.coaching.all()
        ]
    if key == "source":
        return [str(business.get_source_display())]
    if key == "created":
        text = f"{business.created_at:%d-%m-%Y %H:%M}"
        if business.created_by:
            text += f" · {business.created_by}"
        return [text]
    if key == "workforce_men" or key == "workforce_women":
        value = getattr(business, key)
        return [] if value is None else [str(value)]
    value = getattr(business, key)
    return [str(value)] if value not in (None, "") else []


ROWS: list[tuple[str, Any]] = [
    ("name", gettext_lazy("Business name")),
    ("legal_form", gettext_lazy("Legal form")),
    ("nib", gettext_lazy("NIB")),
    ("status", gettext_lazy("Status")),
    ("owners", gettext_lazy("Owners")),
    ("address", gettext_lazy("Address")),
    ("village", gettext_lazy("Village")),
    ("kbli", gettext_lazy("KBLI")),
    ("product_types", gettext_lazy("Product types")),
    ("workforce_men", gettext_lazy("Workers (men)")),
    ("workforce_women", gettext_lazy("Workers (women)")),
    ("capital", gettext_lazy("Business capital")),
    ("annual_sales", gettext_lazy("Annual sales")),
    ("size_class", gettext_lazy("Size class")),
    ("description", gettext_lazy("Description")),
    ("certificates", gettext_lazy("Certificates")),
    ("channels", gettext_lazy("Online channels")),
    ("coaching", gettext_lazy("Coached by")),
    ("source", gettext_lazy("Source")),
    ("created", gettext_lazy("Created")),
]
# Rows whose values are all kept (moved to the survivor), not chosen.
UNION_ROWS = {"owners", "certificates", "channels", "coaching"}


@dataclass
class ComparisonRow:
    key: str
    label: Any
    survivor: list[str]
    other: list[str]
    differs: bool
    choosable: bool
    chosen: int | str | None = None  # whose value is kept by default (business id; "row")
    note: str = ""


@dataclass
class Comparison:
    survivor: Business
    other: Business
    rows: list[ComparisonRow] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)


def comparison(cluster: DuplicateCluster, survivor: Business, other: Business) -> Comparison:
    """Two records of a cluster side by side: every field, which differ, which value is kept
    by default, and the evidence that the two are one business."""
    differing = set(differing_fields(survivor, other))
    defaults = default_choices(survivor, other)
    rows = []
    for key, label in ROWS:
        left, right = _display(survivor, key), _display(other, key)
        choosable = key in MERGE_FIELDS and key in differing
        row = ComparisonRow(
            key=key,
            label=label,
            survivor=left,
            other=right,
            differs=(key in differing) if key in MERGE_FIELDS else left != right,
            choosable=choosable,
            chosen=defaults[key] if choosable else None,
        )
        if key in UNION_ROWS and right:
            row.note = _("all kept")
        rows.append(row)
    pair = {survivor.pk, other.pk}
    evidence = [
        item for item in cluster.evidence if {item.get("left"), item.get("right")} == pair
    ] or list(cluster.evidence)
    return Comparison(survivor=survivor, other=other, rows=rows, evidence=evidence)


# --- import rows side by side with their business ---------------------------------------------


@dataclass
class RowComparison:
    """A spreadsheet row in review next to the business it was linked to."""

    business: Business
    row: ImportRow
    rows: list[ComparisonRow] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    owner_lines: list[str] = field(default_factory=list)


def _row_business(row: ImportRow) -> Business:
    """The row's values on an unsaved business, to show them as a business's are shown."""
    business = Business(name="")
    for key, values in row_values(row).items():
        for attr, value in zip(MERGE_FIELDS[key], values, strict=True):
            setattr(business, "village_id" if attr == "village" else attr, value)
    return business


def row_evidence(business: Business, row: ImportRow) -> dict[str, Any]:
    """Why the row looks like the business: the same per-field evidence as for a pair of
    businesses (computed when shown: an import links thousands of rows)."""
    record = row.record or {}
    owner = row_owner(row)
    incoming = BusinessRecord(
        id=f"row-{row.pk}",
        name=record.get("name") or "",
        owner_name=owner.get("name"),
        phone=owner.get("phone"),
        nib=record.get("nib"),
        address=record.get("address"),
        village_code=record.get("village"),
        district_code=record.get("district"),
        email=owner.get("email"),
    )
    (known,) = business_records(Business.objects.filter(pk=business.pk))
    return pair_evidence(compare(incoming, known))


def row_comparison(business: Business, row: ImportRow) -> RowComparison:
    """Every field of the business next to the row's; the row's fields that differ can be
    chosen (default: the business's value when it has one)."""
    values = row_values(row)
    shown = _row_business(row)
    defaults = default_row_choices(business, row)
    rows = []
    for key, label in ROWS:
        if key not in MERGE_FIELDS:
            continue
        left = _display(business, key)
        right = _display(shown, key) if key in values else []
        differs = (
            key in values
            and tuple(
                getattr(business, "village_id" if a == "village" else a) for a in MERGE_FIELDS[key]
            )
            != values[key]
        )
        rows.append(
            ComparisonRow(
                key=key,
                label=label,
                survivor=left,
                other=right,
                differs=differs,
                choosable=differs,
                chosen=defaults[key] if differs else None,
            )
        )
    owner = row_owner(row)
    owner_lines = []
    if owner.get("name"):
        parts = [owner.get("name"), owner.get("phone"), owner.get("email")]
        owner_lines.append(" · ".join(part for part in parts if part))
    record = row.record or {}
    kinds = dict(CertificateKind.choices)
    for key, kind in (("halal_number", "halal"), ("pirt_number", "pirt")):
        if record.get(key):
            owner_lines.append(f"{kinds[kind]} {record[key]}")
    return RowComparison(
        business=business,
        row=row,
        rows=rows,
        evidence=[row_evidence(business, row)],
        owner_lines=owner_lines,
    )


def open_rows(cluster: DuplicateCluster) -> list[ImportRow]:
    return [row for row in cluster.import_rows.all() if row.review == RowReview.OPEN]
