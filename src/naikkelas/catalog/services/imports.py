"""The product spreadsheet import: upload, column mapping, dry run, run in the background,
result file. See docs/decisions/0018-product-import.md.

Two kinds of job:

- an officer's (``organisation``): each row names its business by NIB, by the registry ID
  (with the business name as a check) or by the owner's phone; the business must be
  coached (*binaan*) by the organisation;
- an owner's (``business``): every row is a product of that business.

Every data row ends as one :class:`ProductImportRow`:

- ``created``: a new product (a draft unless the row says TAYANG and the business may show
  products in the catalog);
- ``updated``: the business already has a product of the same name (case, spaces and
  punctuation aside), or an earlier row of the file made it: the columns given change it;
- ``rejected``: the reason, in Indonesian, that the officer can act on;
- ``skipped``: blank, total, repeated header, … rows.

Products are written only through :mod:`naikkelas.catalog.services.products`, so the
description is sanitised, the HS code checked, the change audited and the search index
updated. Each row is its own transaction: a row is imported whole or not at all. The plan
is the same on every run, so a failed run resumes where it stopped, and importing the
same file again creates nothing new.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_scopes import scope

from naikkelas.catalog import importing
from naikkelas.catalog.models import (
    Category,
    HsCode,
    Product,
    ProductImportJob,
    ProductImportOutcome,
    ProductImportRow,
    ProductImportStatus,
    ProductStatus,
)
from naikkelas.catalog.services import products as product_services
from naikkelas.catalog.services.products import PRODUCT_FIELDS, ProductData
from naikkelas.core.audit import audit_record
from naikkelas.core.models import Organisation, User
from naikkelas.core.permissions import can
from naikkelas.registry.importing import Outcome, Problem
from naikkelas.registry.importing.mapping import IGNORE
from naikkelas.registry.models import Business, BusinessStatus, CoachingRelation
from naikkelas.registry.services.imports import FORMATS as FORMATS  # the same files
from naikkelas.registry.services.imports import MAX_UPLOAD_BYTES as MAX_UPLOAD_BYTES
from naikkelas.registry.services.imports import (
    annotated_workbook,
    checked_upload,
    kept_result_file,
)

PREVIEW_ROWS = 50
PROGRESS_EVERY = 50  # rows between two progress updates on the job
EDITABLE = (ProductImportStatus.UPLOADED, ProductImportStatus.PREVIEWED)
TARGETS = importing.TARGETS
RESULT_COLUMNS = ("Hasil", "Keterangan", "ID produk")

# Messages of this layer (the engine's own come from its catalogue), kept on each row in
# Indonesian and English so that the result file and the pages need no re-rendering.
MESSAGES: dict[str, str] = {
    "business_missing": gettext_noop(
        "The row does not say whose product it is: fill in the business's NIB, or its "
        "registry ID with the business name, or the owner's phone."
    ),
    "business_not_found": gettext_noop(
        "No business with %(what)s in the registry: check the number, or register the "
        "business first."
    ),
    "business_not_coached": gettext_noop(
        "Business #%(id)s “%(name)s” is not coached by %(organisation)s: only its coached "
        "businesses (binaan) can get products from this import."
    ),
    "business_id_name_mismatch": gettext_noop(
        "Registry ID %(id)s is business “%(name)s”, not “%(given)s”: check the ID."
    ),
    "business_phone_several": gettext_noop(
        "Phone %(phone)s belongs to several businesses (%(names)s): use the NIB or the "
        "registry ID instead."
    ),
    "business_other": gettext_noop(
        "This row is for another business (%(what)s); you can only import products of “%(name)s”."
    ),
    "business_merged": gettext_noop(
        "Business #%(id)s “%(name)s” was merged into business #%(into)s: use that one's NIB "
        "or registry ID."
    ),
    "same_as_row": gettext_noop("Same product as row %(row)s of this file: this row updates it."),
    "fields_updated": gettext_noop("Updated: %(fields)s."),
    "made_meanwhile": gettext_noop(
        "Another import made this product (#%(id)s) meanwhile: this row updates it."
    ),
    "no_changes": gettext_noop("Already up to date; nothing changed."),
    "published": gettext_noop("Shown in the catalog."),
    "kept_hidden": gettext_noop(
        "An officer hid this product (%(reason)s): it stays hidden; only an officer can show "
        "it again."
    ),
    "draft_business_not_public": gettext_noop(
        "Kept as a draft: the business cannot show products in the catalog."
    ),
    "unpublished": gettext_noop("Taken out of the catalog (status DRAF)."),
}


def message(code: str, /, **params: Any) -> dict[str, str]:
    msgid = MESSAGES[code]
    texts = {}
    for lang in ("id", "en"):
        with translation.override(lang):
            texts[lang] = _(msgid) % params
    return {"code": code, **texts}


def problem_message(problem: Problem) -> dict[str, str]:
    return {
        "code": problem.code,
        "id": importing.message(problem, "id"),
        "en": importing.message(problem, "en"),
    }


def _validation_messages(exc: ValidationError, business: Business, data: ProductData) -> list:
    """A refused product's errors, in both languages."""
    found: dict[str, list[str]] = {}
    for lang in ("id", "en"):
        with translation.override(lang):
            try:
                product_services.product_validate(business=business, data=data)
            except ValidationError as again:
                found[lang] = list(again.messages)
            else:  # pragma: no cover - the same data fails the same way
                found[lang] = list(exc.messages)
    return [
        {"code": "invalid", "id": text_id, "en": text_en}
        for text_id, text_en in zip(found["id"], found["en"], strict=False)
    ]


FIELD_WORDS = {  # the product fields as the "Updated: …" message names them
    "name": ("nama", "name"),
    "description": ("deskripsi", "description"),
    "category": ("kategori", "category"),
    "price_min": ("harga", "price"),
    "price_max": ("harga", "price"),
    "unit": ("satuan", "unit"),
    "min_order": ("minimal order", "minimum order"),
    "capacity_per_month": ("kapasitas", "capacity"),
    "weight_grams": ("berat", "weight"),
    "packaging": ("kemasan", "packaging"),
    "shelf_life_days": ("masa simpan", "shelf life"),
    "hs_code": ("kode HS", "HS code"),
    "export_ready": ("siap ekspor", "export-ready"),
}


# --- permissions ----------------------------------------------------------------------------


def _check(actor: User | None, job_or_target: ProductImportJob | Organisation | Business) -> None:
    """Officers with ``manage_catalog`` for an organisation's job; the business's owners
    (and its coaching officers) for a business's job. ``None`` is the command line."""
    if actor is None:
        return
    if isinstance(job_or_target, ProductImportJob):
        target: Organisation | Business | None = job_or_target.organisation or (
            job_or_target.business
        )
    else:
        target = job_or_target
    if isinstance(target, Organisation):
        allowed = can(actor, target, "manage_catalog")
    else:
        assert target is not None
        allowed = product_services.can_edit_products(actor, target)
    if not allowed:
        raise PermissionDenied(_("You may not import products here."))


# --- upload and mapping -----------------------------------------------------------------


def product_import_upload(
    *,
    actor: User | None,
    data: bytes,
    filename: str,
    organisation: Organisation | None = None,
    business: Business | None = None,
) -> ProductImportJob:
    """Store an uploaded product list as a new job with its suggested column mapping: for
    ``organisation`` (an officer's import) or for ``business`` (an owner's)."""
    if (organisation is None) == (business is None):
        raise ValueError("an import is for an organisation or for a business")
    _check(actor, organisation or business)  # type: ignore[arg-type]
    filename, sheets = checked_upload(
        data,
        filename,
        default_name="produk.xlsx",
        no_header=_(
            "No sheet of this file has a header we recognise (NAMA PRODUK, KATEGORI, HARGA, …)."
        ),
        fieldset=importing.PRODUCTS,
    )
    with transaction.atomic():
        job = ProductImportJob(
            organisation=organisation,
            business=business,
            uploaded_by=actor if actor is not None and actor.pk else None,
            filename=filename,
            sha256=hashlib.sha256(data).hexdigest(),
            mapping={"sheets": sheets, "applied": None},
        )
        job.file.save(filename, ContentFile(data), save=False)
        job.save()
        audit_record(
            actor=actor,
            action="product_import.upload",
            obj=job,
            organisation=organisation,
            after={
                "filename": filename,
                "sha256": job.sha256,
                "business": business.pk if business else None,
                "bytes": len(data),
            },
        )
    return job


def _editable(job: ProductImportJob) -> None:
    if job.status not in EDITABLE:
        raise ValidationError(_("This import has already been started."))


def product_import_mapping_set(
    *, actor: User | None, job: ProductImportJob, mapping: dict[str, str | None]
) -> ProductImportJob:
    """Set the column mapping (header text → field, ``None`` to ignore a column)."""
    _check(actor, job)
    _editable(job)
    cleaned: dict[str, str | None] = {}
    for header, target in mapping.items():
        target = target or None
        if target is not None and target not in importing.PRODUCTS.mappable:
            raise ValidationError({"mapping": _("Unknown field “%(field)s”.") % {"field": target}})
        cleaned[str(header)] = None if target == IGNORE else target
    job.mapping = {**job.mapping, "applied": cleaned}
    job.status = ProductImportStatus.UPLOADED
    job.save(update_fields=["mapping", "status"])
    return job


def current_mapping(job: ProductImportJob) -> dict[str, str | None]:
    """The mapping that will be used: the applied one, else the suggestion."""
    applied = job.mapping.get("applied")
    if applied is not None:
        return dict(applied)
    found: dict[str, str | None] = {}
    for sheet in job.mapping.get("sheets", []):
        for column in sheet["columns"]:
            if column["header"] and (column["header"] not in found or column["field"]):
                found[column["header"]] = column["field"]
    return found


# --- the plan -------------------------------------------------------------------------------


@dataclass(slots=True)
class PlannedRow:
    sheet: str
    row_number: int
    outcome: str  # a ProductImportOutcome value
    messages: list[dict[str, str]] = field(default_factory=list)
    business_id: int | None = None
    product_id: int | None = None  # the product an update changes
    same_as_row: int | None = None  # an earlier row of the file makes this product
    data: ProductData | None = None
    status: str | None = None  # what the row says: "published", "draft" or None
    name: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.sheet[:100], self.row_number)


@dataclass(slots=True)
class ProductPlan:
    rows: list[PlannedRow]
    notes: list[dict[str, str]]
    header_rows: dict[str, int]

    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys(ProductImportOutcome.values, 0)
        for row in self.rows:
            totals[row.outcome] += 1
        return totals


def lookups() -> importing.Lookups:
    """The active categories and the HS 2022 subheadings, as the engine checks them."""
    categories = list(Category.objects.filter(is_active=True).select_related("parent"))
    options = [
        importing.CategoryOption(
            c.slug, c.name, c.name_en, c.parent.name if c.parent_id and c.parent else ""
        )
        for c in categories
    ]
    codes = frozenset(HsCode.objects.filter(level=6).values_list("code", flat=True))
    return importing.Lookups(importing.CategoryIndex(options), codes)


def name_key(name: str) -> str:
    """A product name as the import compares it: case, spaces and punctuation aside."""
    return importing.category_key(name)


def _read(job: ProductImportJob) -> bytes:
    job.file.open("rb")
    try:
        return job.file.read()
    finally:
        job.file.close()


class _Businesses:
    """Which business each row of an officer's file means, looked up once for the file."""

    def __init__(self, job: ProductImportJob, records: list[dict[str, Any]]) -> None:
        self.job = job
        nibs = {r["business_nib"] for r in records if r.get("business_nib")}
        ids = {r["business_id"] for r in records if r.get("business_id")}
        phones = {r["business_phone"] for r in records if r.get("business_phone")}
        found = Business.objects.filter(
            Q(nib__in=nibs) | Q(pk__in=ids) | Q(owners__phone__in=phones)
        ).distinct()
        self.by_id: dict[int, Business] = {b.pk: b for b in found}
        self.by_nib = {b.nib: b for b in self.by_id.values() if b.nib}
        self.by_phone: dict[str, list[Business]] = {}
        if phones:
            for business_id, phone in Business.objects.filter(owners__phone__in=phones).values_list(
                "pk", "owners__phone"
            ):
                self.by_phone.setdefault(phone, []).append(self.by_id[business_id])
        self.coached: set[int] = set()
        if job.organisation is not None:
            with scope(organisation=job.organisation):
                self.coached = set(
                    CoachingRelation.objects.filter(
                        organisation=job.organisation,
                        active=True,
                        business_id__in=list(self.by_id),
                    ).values_list("business_id", flat=True)
                )

    def _identify(self, record: dict[str, Any]) -> tuple[Business | None, dict[str, str] | None]:
        """The business a row names (or none), or the message why it cannot be found."""
        nib, given_id = record.get("business_nib"), record.get("business_id")
        phone = record.get("business_phone")
        if nib:
            business = self.by_nib.get(nib)
            if business is None:
                return None, message("business_not_found", what=f"NIB {nib}")
            return business, None
        if given_id:
            business = self.by_id.get(given_id)
            if business is None:
                return None, message("business_not_found", what=f"ID {given_id}")
            given = record.get("business_name")
            if given and name_key(given) != name_key(business.name):
                return None, message(
                    "business_id_name_mismatch", id=business.pk, name=business.name, given=given
                )
            return business, None
        if phone:
            matches = list({b.pk: b for b in self.by_phone.get(phone, [])}.values())
            if not matches:
                return None, message("business_not_found", what=f"HP {phone}")
            if len(matches) > 1:
                names = ", ".join(f"#{b.pk} {b.name}" for b in matches[:5])
                return None, message("business_phone_several", phone=phone, names=names)
            return matches[0], None
        return None, None

    def resolve(self, record: dict[str, Any]) -> tuple[Business | None, dict[str, str] | None]:
        business, problem = self._identify(record)
        own = self.job.business
        if own is not None:  # an owner's file: every row is a product of that business
            if problem is None and business is not None and business.pk != own.pk:
                what = f"NIB {business.nib}" if business.nib else f"#{business.pk}"
                return None, message("business_other", what=what, name=own.name)
            if problem is not None and problem["code"] == "business_not_found":
                return None, message("business_other", what=problem_what(record), name=own.name)
            if problem is not None:
                return None, problem
            return own, None
        if problem is not None:
            return None, problem
        if business is None:
            return None, message("business_missing")
        if business.pk not in self.coached:
            assert self.job.organisation is not None
            return None, message(
                "business_not_coached",
                id=business.pk,
                name=business.name,
                organisation=self.job.organisation.name,
            )
        return business, None


def problem_what(record: dict[str, Any]) -> str:
    if record.get("business_nib"):
        return f"NIB {record['business_nib']}"
    if record.get("business_id"):
        return f"ID {record['business_id']}"
    return f"HP {record.get('business_phone')}"


def _data_for(record: dict[str, Any], product: Product | None) -> ProductData:
    """The product's values: the existing product's, with the row's non-empty cells over
    them (a column left out or blank keeps what the product has)."""
    if product is not None:
        data = ProductData(
            name=product.name,
            category=product.category.slug,
            description=product.description,
            price_min=product.price_min,
            price_max=product.price_max,
            variants=[(v.name, v.price) for v in product.variants.all()],
            unit=product.unit,
            min_order=product.min_order,
            capacity_per_month=product.capacity_per_month,
            weight_grams=product.weight_grams,
            packaging=product.packaging,
            shelf_life_days=product.shelf_life_days,
            hs_code=product.hs_code,
            certificate_ids=[c.pk for c in product.certificates.all()],
            export_ready=product.export_ready,
        )
    else:
        data = ProductData(name=record["name"], category=record["category"])
    data.name = record["name"] or data.name
    data.category = record["category"] or data.category
    if record.get("price_min") is not None:
        data.price_min, data.price_max = record["price_min"], record["price_max"]
        data.variants = [] if product is None else data.variants
    for key in ("unit", "min_order", "capacity_per_month", "weight_grams", "shelf_life_days"):
        if record.get(key) is not None:
            setattr(data, key, record[key])
    for key in ("packaging", "hs_code", "description"):
        if record.get(key):
            setattr(data, key, record[key])
    return data


def _changed_fields(product: Product, data: ProductData) -> list[str]:
    current = _data_for({"name": None, "category": None}, product)
    changed = []
    for key in PRODUCT_FIELDS:
        before, after = getattr(current, key), getattr(data, key)
        if key == "description":
            after = product_services.description_clean(after)
        if key == "name":
            after = " ".join(after.split())
        if before != after:
            changed.append(key)
    return changed


def _fields_text(fields: list[str]) -> dict[str, str]:
    words: dict[str, str] = {}
    for lang, position in (("id", 0), ("en", 1)):
        seen: list[str] = []
        for name in fields:
            word = FIELD_WORDS.get(name, (name, name))[position]
            if word not in seen:
                seen.append(word)
        words[lang] = ", ".join(seen)
    return words


def _updated_message(fields: list[str]) -> dict[str, str]:
    words = _fields_text(fields)
    texts = {}
    for lang in ("id", "en"):
        with translation.override(lang):
            texts[lang] = _(MESSAGES["fields_updated"]) % {"fields": words[lang]}
    return {"code": "fields_updated", **texts}


def may_publish(business: Business) -> bool:
    """The catalog's rule (``ProductQuerySet.public``): a live business that is not
    closed shows its published products."""
    return business.merged_into_id is None and business.status != BusinessStatus.CLOSED


def product_import_plan(job: ProductImportJob) -> ProductPlan:
    """What would happen to each row of the job's file; writes nothing."""
    parsed = importing.parse_products(
        _read(job), job.filename, lookups=lookups(), mapping=job.mapping.get("applied")
    )
    notes = [problem_message(note) for note in parsed.notes]
    header_rows = {s.name: s.header_row for s in parsed.sheets if s.header_row is not None}
    records = [row.record for row in parsed.rows if row.outcome == Outcome.OK and row.record]
    businesses = _Businesses(job, records)
    rows: list[PlannedRow] = []
    resolved: list[tuple[PlannedRow, Business, dict[str, Any]]] = []
    for result in parsed.rows:
        planned = PlannedRow(result.sheet, result.row_number, ProductImportOutcome.SKIPPED)
        rows.append(planned)
        if result.outcome == Outcome.SKIPPED:
            assert result.reason is not None
            planned.messages = [problem_message(result.reason)]
            continue
        record = result.record or {}
        planned.name = record.get("name") or ""
        planned.messages = [problem_message(p) for p in result.problems]
        if result.outcome == Outcome.REJECTED:
            planned.outcome = ProductImportOutcome.REJECTED
            planned.messages = [problem_message(p) for p in result.errors] + [
                problem_message(p) for p in result.warnings
            ]
            continue
        business, problem = businesses.resolve(record)
        if business is None:
            planned.outcome = ProductImportOutcome.REJECTED
            planned.messages.insert(0, problem or message("business_missing"))
            continue
        if business.merged_into_id is not None:
            planned.outcome = ProductImportOutcome.REJECTED
            planned.messages.insert(
                0,
                message(
                    "business_merged",
                    id=business.pk,
                    name=business.name,
                    into=business.merged_into_id,
                ),
            )
            continue
        planned.business_id = business.pk
        planned.status = record.get("status")
        resolved.append((planned, business, record))
    existing: dict[tuple[int, str], Product] = {}
    business_ids = {business.pk for _row, business, _record in resolved}
    for found in (
        Product.objects.filter(business_id__in=business_ids)
        .select_related("category")
        .prefetch_related("variants", "certificates")
        .order_by("id")
    ):
        existing.setdefault((found.business_id, name_key(found.name)), found)
    first_row: dict[tuple[int, str], PlannedRow] = {}
    for planned, business, record in resolved:
        key = (business.pk, name_key(record["name"]))
        product = existing.get(key)
        earlier = first_row.get(key)
        data = _data_for(record, product)
        try:
            product_services.product_validate(business=business, data=data)
        except ValidationError as exc:
            planned.outcome = ProductImportOutcome.REJECTED
            planned.messages = _validation_messages(exc, business, data) + planned.messages
            continue
        planned.data = data
        if earlier is not None:
            planned.outcome = ProductImportOutcome.UPDATED
            planned.same_as_row = earlier.row_number
            planned.product_id = earlier.product_id
            planned.messages.insert(0, message("same_as_row", row=earlier.row_number))
            continue
        first_row[key] = planned
        if product is None:
            planned.outcome = ProductImportOutcome.CREATED
            if planned.status == "published":
                if may_publish(business):
                    planned.messages.insert(0, message("published"))
                else:
                    planned.messages.insert(0, message("draft_business_not_public"))
            continue
        planned.outcome = ProductImportOutcome.UPDATED
        planned.product_id = product.pk
        changed = _changed_fields(product, data)
        planned.messages.insert(0, _updated_message(changed) if changed else message("no_changes"))
        status_message = _status_message(product, planned.status, business)
        if status_message is not None:
            planned.messages.insert(1, status_message)
    return ProductPlan(rows, notes, header_rows)


def _status_message(
    product: Product, wanted: str | None, business: Business
) -> dict[str, str] | None:
    if wanted is None or wanted == product.status:
        return None
    if product.status == ProductStatus.HIDDEN:
        return message("kept_hidden", reason=product.hidden_reason)
    if wanted == ProductStatus.PUBLISHED:
        if may_publish(business):
            return message("published")
        return message("draft_business_not_public")
    return message("unpublished")


def _preview_summary(plan: ProductPlan) -> dict[str, Any]:
    return {
        "total": len(plan.rows),
        "counts": plan.counts(),
        "notes": plan.notes,
        "several_sheets": len({row.sheet for row in plan.rows}) > 1,
        "rows": [
            {
                "sheet": row.sheet,
                "row_number": row.row_number,
                "outcome": row.outcome,
                "name": row.name,
                "messages": row.messages,
            }
            for row in plan.rows[:PREVIEW_ROWS]
        ],
    }


def product_import_preview(*, actor: User | None, job: ProductImportJob) -> ProductPlan:
    """The dry run: what would happen to each row; writes no product. The counts and the
    first rows are kept on the job for the preview page."""
    _check(actor, job)
    _editable(job)
    plan = product_import_plan(job)
    job.status = ProductImportStatus.PREVIEWED
    job.total_rows = len(plan.rows)
    job.counts = plan.counts()
    job.preview = _preview_summary(plan)
    job.save(update_fields=["status", "total_rows", "counts", "preview"])
    return plan


def product_import_start(*, actor: User | None, job: ProductImportJob) -> ProductImportJob:
    """Queue the import (or its resumption after a failure) for the background worker."""
    from naikkelas.catalog.tasks.imports import product_import_task

    _check(actor, job)
    if job.status in (
        ProductImportStatus.QUEUED,
        ProductImportStatus.RUNNING,
        ProductImportStatus.DONE,
    ):
        return job
    job.status = ProductImportStatus.QUEUED
    job.error = ""
    job.save(update_fields=["status", "error"])
    transaction.on_commit(lambda: product_import_task.enqueue(job.pk))
    return job


# --- running --------------------------------------------------------------------------------


def _same_product(business: Business, name: str) -> Product | None:
    key = name_key(name)
    for product in Product.objects.filter(business=business).order_by("id"):
        if name_key(product.name) == key:
            return product
    return None


def _store_row(job: ProductImportJob, planned: PlannedRow, actor: User | None) -> None:
    """One row, all or nothing: the product written and its outcome recorded together."""
    organisation = job.organisation
    messages = list(planned.messages)
    product_id: int | None = None
    outcome = planned.outcome
    try:
        with transaction.atomic():
            if outcome == ProductImportOutcome.CREATED:
                data = planned.data
                assert data is not None
                # The business row is locked while its products are looked at and one is
                # added: two imports of the same list at once still make one product.
                business = Business.objects.select_for_update().get(pk=planned.business_id or 0)
                same = _same_product(business, data.name)
                if same is not None:
                    outcome = ProductImportOutcome.UPDATED
                    messages.insert(0, message("made_meanwhile", id=same.pk))
                    planned = dataclasses.replace(planned, product_id=same.pk, same_as_row=0)
                else:
                    product = product_services.product_create(
                        actor=actor,
                        business=business,
                        data=data,
                        publish=planned.status == "published" and may_publish(business),
                        organisation=organisation,
                        source="import",
                    )
                    product_id = product.pk
            if outcome == ProductImportOutcome.UPDATED:
                assert planned.data is not None
                product_id = planned.product_id
                if product_id is None and planned.same_as_row is not None:
                    earlier = ProductImportRow.objects.filter(
                        job=job, sheet=planned.sheet[:100], row_number=planned.same_as_row
                    ).first()
                    product_id = earlier.product_id if earlier else None
                if product_id is None:
                    raise Product.DoesNotExist(_("The product of this row is gone."))
                product = Product.objects.select_related("business", "category").get(pk=product_id)
                if planned.same_as_row is not None or _changed_fields(product, planned.data):
                    product = product_services.product_update(
                        actor=actor, product=product, data=planned.data, organisation=organisation
                    )
                _apply_status(actor, product, planned.status, organisation)
            ProductImportRow.objects.create(
                job=job,
                sheet=planned.sheet[:100],
                row_number=planned.row_number,
                outcome=outcome,
                product_id=product_id,
                messages=messages,
            )
    except (ValidationError, PermissionDenied, Product.DoesNotExist) as exc:
        reason = " ".join(getattr(exc, "messages", None) or [str(exc)]) or _("Not allowed.")
        ProductImportRow.objects.create(
            job=job,
            sheet=planned.sheet[:100],
            row_number=planned.row_number,
            outcome=ProductImportOutcome.REJECTED,
            messages=[{"code": "refused", "id": reason, "en": reason}],
        )


def _apply_status(
    actor: User | None, product: Product, wanted: str | None, organisation: Organisation | None
) -> None:
    if wanted is None or wanted == product.status or product.status == ProductStatus.HIDDEN:
        return
    if wanted == ProductStatus.PUBLISHED:
        if may_publish(product.business):
            product_services.product_publish(
                actor=actor, product=product, organisation=organisation
            )
    else:
        product_services.product_unpublish(actor=actor, product=product, organisation=organisation)


def product_import_run(*, job: ProductImportJob, actor: User | None = None) -> ProductPlan:
    """Import every row of the job's file, each in its own transaction. Running it again
    after a failure continues where it stopped; a finished job is left as it is."""
    actor = actor if actor is not None else job.uploaded_by
    ProductImportJob.objects.filter(pk=job.pk).update(
        status=ProductImportStatus.RUNNING, started_at=job.started_at or timezone.now(), error=""
    )
    try:
        plan = product_import_plan(job)
        done = set(ProductImportRow.objects.filter(job=job).values_list("sheet", "row_number"))
        job.total_rows = len(plan.rows)
        job.processed_rows = len(done)
        job.mapping = {**job.mapping, "header_rows": plan.header_rows, "notes": plan.notes}
        job.save(update_fields=["total_rows", "processed_rows", "mapping"])
        for planned in plan.rows:
            if planned.key in done:
                continue
            _store_row(job, planned, actor)
            job.processed_rows += 1
            if job.processed_rows % PROGRESS_EVERY == 0:
                ProductImportJob.objects.filter(pk=job.pk).update(processed_rows=job.processed_rows)
    except Exception as exc:
        ProductImportJob.objects.filter(pk=job.pk).update(
            status=ProductImportStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        job.status = ProductImportStatus.FAILED
        raise
    counts = dict.fromkeys(ProductImportOutcome.values, 0)
    for outcome, number in (
        ProductImportRow.objects.filter(job=job).values_list("outcome").annotate(n=Count("id"))
    ):
        counts[outcome] = number
    with transaction.atomic():
        job.status = ProductImportStatus.DONE
        job.counts = counts
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "counts", "finished_at", "processed_rows"])
        audit_record(
            actor=actor,
            action="product_import.run",
            obj=job,
            organisation=job.organisation,
            changes={
                "filename": job.filename,
                "sha256": job.sha256,
                "business": job.business_id,
                "rows": job.total_rows,
                "counts": counts,
            },
        )
    return plan


def product_import_run_by_id(job_id: int) -> None:
    """The task's entry point."""
    job = ProductImportJob.objects.select_related("organisation", "business", "uploaded_by").get(
        pk=job_id
    )
    if job.status == ProductImportStatus.DONE:
        return
    product_import_run(job=job)


# --- result file and reports --------------------------------------------------------------


def result_workbook(job: ProductImportJob) -> bytes:
    """The original rows of every sheet plus the columns Hasil, Keterangan and ID produk."""
    with translation.override("id"):
        labels = {value: str(label) for value, label in ProductImportOutcome.choices}
    extra = {
        (row.sheet, row.row_number): [
            labels[row.outcome],
            "; ".join(m.get("id", "") for m in row.messages),
            row.product_id,
        ]
        for row in ProductImportRow.objects.filter(job=job)
    }
    return annotated_workbook(
        _read(job),
        job.filename,
        header_rows=job.mapping.get("header_rows") or {},
        extra=extra,
        headers=list(RESULT_COLUMNS),
    )


def product_import_result_file(*, job: ProductImportJob) -> bytes:
    """The result workbook, made once when the import is done and kept with the job."""
    if job.status != ProductImportStatus.DONE:
        raise ValidationError(_("The import has not finished yet."))
    return kept_result_file(job, lambda: result_workbook(job))


def plan_report(plan: ProductPlan) -> list[dict[str, Any]]:
    """Report rows of a dry run: ``product_id`` is the product an update would change."""
    return [
        {
            "sheet": row.sheet,
            "row": row.row_number,
            "outcome": row.outcome,
            "product_id": row.product_id,
            "messages": [m.get("id", "") for m in row.messages],
        }
        for row in plan.rows
    ]


def job_report(job: ProductImportJob) -> list[dict[str, Any]]:
    return [
        {
            "sheet": sheet,
            "row": number,
            "outcome": outcome,
            "product_id": product_id,
            "messages": [m.get("id", "") for m in messages],
        }
        for sheet, number, outcome, product_id, messages in ProductImportRow.objects.filter(job=job)
        .order_by("id")
        .values_list("sheet", "row_number", "outcome", "product_id", "messages")
    ]


__all__ = [
    "FORMATS",
    "MAX_UPLOAD_BYTES",
    "RESULT_COLUMNS",
    "TARGETS",
    "current_mapping",
    "job_report",
    "plan_report",
    "product_import_mapping_set",
    "product_import_plan",
    "product_import_preview",
    "product_import_result_file",
    "product_import_run",
    "product_import_start",
    "product_import_upload",
]
