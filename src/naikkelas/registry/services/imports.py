"""The spreadsheet import: upload, column mapping, dry-run plan, run in batches, result file.

Every data row ends as one :class:`~naikkelas.registry.models.ImportRow`:

- ``created``: a new business, coached by the importing organisation;
- ``updated``: the same NIB is already coached by the organisation: changed fields updated;
- ``duplicate``: the business is already in the registry (same NIB, or duplicate detection
  matched it) or earlier in the same file: not created, linked, coached when it was not;
- ``rejected``: the engine (or a storage limit) found an error the officer can act on;
- ``skipped``: blank, total, repeated header, … rows: nothing to create.

The plan is computed from the file and the registry and is the same on every run, so an
interrupted run is resumed by running again: rows already recorded are not redone. Each
batch of rows is stored in one transaction. See docs/decisions/0010 and 0011.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_scopes import scopes_disabled

from naikkelas.core.audit import audit_record
from naikkelas.core.models import AuditEntry, Organisation, Region, User
from naikkelas.core.permissions import can
from naikkelas.core.regions import DATA_DIR
from naikkelas.registry import sizeclass
from naikkelas.registry.db_objects import owner_text
from naikkelas.registry.dedupe import BusinessRecord, link_records
from naikkelas.registry.dedupe.normalise import (
    normalise_address,
    normalise_business_name,
    normalise_owner_name,
)
from naikkelas.registry.importing import (
    FIELDS,
    Outcome,
    ParseResult,
    Problem,
    RegionIndex,
    UnreadableFileError,
    detect_header,
    load_wilayah,
    parse_workbook,
    read_workbook,
    render,
)
from naikkelas.registry.importing.mapping import (
    BUSINESSES,
    CERTIFICATES,
    IGNORE,
    MAPPABLE,
    NUMBERING,
    FieldSet,
)
from naikkelas.registry.importing.problems import FIELD_LABELS
from naikkelas.registry.models import (
    Business,
    BusinessOwner,
    BusinessSource,
    Certificate,
    CertificateKind,
    ClusterOrigin,
    CoachingRelation,
    DuplicateCluster,
    DuplicateStatus,
    Gender,
    ImportJob,
    ImportRow,
    ImportStatus,
    MappingTemplate,
    RowOutcome,
    RowReview,
    SizeClassSnapshot,
)
from naikkelas.registry.services.businesses import AUDITED_FIELDS, _apply_kbli, _apply_region

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
FORMATS = ("xlsx", "xls", "ods", "csv")
BATCH_SIZE = 2000
PREVIEW_ROWS = 50
# The steps of a dry run and the percentage of the progress bar at which each starts
# (reading and checking the rows is the first half, duplicate detection most of the rest).
STAGES = {"read": 0, "parse": 2, "registry": 50, "link": 58, "decide": 92}
Progress = Callable[[str, int], None]
MAX_BIGINT = 9_223_372_036_854_775_807
MAX_INT = 2_147_483_647

# Targets offered in the mapping step (engine fields, the certificate column, the running
# number), in the order an officer reads them; "" means "ignore this column".
TARGETS: tuple[str, ...] = (*FIELDS, CERTIFICATES, NUMBERING)

# Messages of the Django layer (the engine's own come from its catalogue); stored in both
# languages on each row so that the result file and the pages need no re-rendering.
MESSAGES: dict[str, str] = {
    "same_nib": gettext_noop(
        "NIB %(nib)s is already registered as business #%(id)s “%(name)s”; not created again."
    ),
    "similar": gettext_noop(
        "Looks like business #%(id)s “%(name)s” already in the registry (score %(score)s); "
        "not created again, linked for review."
    ),
    "same_nib_in_file": gettext_noop(
        "Same NIB %(nib)s as row %(row)s of this file; not created twice."
    ),
    "duplicate_in_file": gettext_noop(
        "Same business as row %(row)s of this file; not created twice."
    ),
    "coaching_added": gettext_noop("Now coached by %(organisation)s (binaan)."),
    "fields_updated": gettext_noop("Updated: %(fields)s."),
    "no_changes": gettext_noop("Already up to date; nothing changed."),
    "possible_duplicate": gettext_noop(
        "Created; it may be the same as business #%(id)s “%(name)s” (score %(score)s): "
        "check the duplicates list."
    ),
    "kbli_unknown": gettext_noop("KBLI %(code)s is not a KBLI 2020 code; kept in the notes."),
    "in_review": gettext_noop(
        "Some values differ from business #%(id)s: waiting for an officer's review in "
        "duplicate group #%(cluster)s."
    ),
    "already_in_review": gettext_noop(
        "The same values already wait for review in duplicate group #%(cluster)s."
    ),
    "reviewed_before": gettext_noop(
        "An officer already reviewed the same values (duplicate group #%(cluster)s)."
    ),
    "too_long": gettext_noop("%(label)s is longer than %(max)s characters."),
    "too_large": gettext_noop("%(label)s '%(value)s' is too large."),
}

OWNER_LABEL = {"id": "Pemilik", "en": "Owner"}


@functools.lru_cache(maxsize=256)
def _template(lang: str, msgid: str) -> str:
    with translation.override(lang):
        return _(msgid)


def message(code: str, /, **params: Any) -> dict[str, str]:
    """A message of this module, in Indonesian (``id``) and English (``en``)."""
    msgid = MESSAGES[code]
    return {
        "code": code,
        "id": _template("id", msgid) % params,
        "en": _template("en", msgid) % params,
    }


def problem_message(problem: Problem) -> dict[str, str]:
    return {"code": problem.code, "id": render(problem, "id"), "en": render(problem, "en")}


def _label(field_name: str, lang: str) -> str:
    labels = FIELD_LABELS.get(field_name)
    if labels is None:
        return field_name
    return labels[0] if lang == "id" else labels[1]


# --- regions ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _all_regions() -> tuple[Any, ...]:
    return tuple(load_wilayah(DATA_DIR))


@functools.lru_cache(maxsize=16)
def region_index(area_code: str) -> RegionIndex:
    """The official regions, scoped to ``area_code`` (cached per process)."""
    return RegionIndex(_all_regions(), area_code)


# --- upload and mapping -------------------------------------------------------------------


def _check(actor: User | None, organisation: Organisation) -> None:
    if actor is not None and not can(actor, organisation, "manage_registry"):
        raise PermissionDenied


def _area_for(organisation: Organisation, region_code: str | None) -> str:
    """The organisation's region, or a region inside it (``--region``)."""
    area = organisation.region_id
    if not region_code or region_code == area:
        return area
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise ValidationError(
            {"region": _("'%(code)s' is not a region code.") % {"code": region_code}}
        )
    if not region_code.startswith(area + "."):
        raise ValidationError(
            {
                "region": _("%(region)s is outside the area of %(organisation)s.")
                % {"region": region.label, "organisation": organisation.name}
            }
        )
    return region_code


def sheet_suggestions(
    data: bytes, filename: str, fieldset: FieldSet = BUSINESSES
) -> list[dict[str, Any]]:
    """Per sheet: the header row and each column's suggested field with its confidence."""
    book = read_workbook(data, filename)
    sheets = []
    for sheet in book.sheets:
        layout = detect_header(sheet, None, fieldset)
        if layout is None:
            sheets.append({"name": sheet.name, "header_row": None, "columns": []})
            continue
        sheets.append(
            {
                "name": sheet.name,
                "header_row": sheet.rows[layout.header_index].number,
                "columns": [
                    {
                        "index": column.index,
                        "letter": column.letter,
                        "header": column.header,
                        "field": column.field,
                        "confidence": round(column.confidence, 2),
                        "method": column.method,
                    }
                    for column in layout.columns
                    if column.header
                ],
            }
        )
    return sheets


def checked_upload(
    data: bytes,
    filename: str,
    *,
    default_name: str,
    no_header: str,
    fieldset: FieldSet = BUSINESSES,
) -> tuple[str, list[dict[str, Any]]]:
    """The checks every spreadsheet upload passes (format by its name, size, not empty,
    readable, a header recognised on some sheet); returns the file's clean name and each
    sheet's suggested mapping. ``no_header`` is the message when no header is found."""
    filename = os.path.basename(filename or "")[:255] or default_name
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    if extension not in FORMATS:
        raise ValidationError(
            {
                "file": _("Upload an XLSX, XLS, ODS or CSV file (this one is “%(name)s”).")
                % {"name": filename}
            }
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    try:
        sheets = sheet_suggestions(data, filename, fieldset)
    except UnreadableFileError as exc:
        raise ValidationError(
            {"file": _("The file cannot be read: %(reason)s") % {"reason": exc}}
        ) from exc
    if not any(sheet["header_row"] for sheet in sheets):
        raise ValidationError({"file": no_header})
    return filename, sheets


def import_upload(
    *,
    actor: User | None,
    organisation: Organisation,
    data: bytes,
    filename: str,
    region_code: str | None = None,
) -> ImportJob:
    """Store an uploaded spreadsheet as a new import job with its suggested mapping."""
    _check(actor, organisation)
    filename, sheets = checked_upload(
        data,
        filename,
        default_name="import.xlsx",
        no_header=_(
            "No sheet of this file has a header we recognise (NAMA USAHA, NAMA PEMILIK, …)."
        ),
    )
    area = _area_for(organisation, region_code)
    with transaction.atomic():
        job = ImportJob(
            organisation=organisation,
            uploaded_by=actor if actor is not None and actor.pk else None,
            filename=filename,
            sha256=hashlib.sha256(data).hexdigest(),
            area_code=area,
            mapping={"sheets": sheets, "applied": None, "template": ""},
        )
        job.file.save(filename, ContentFile(data), save=False)
        job.save()
        audit_record(
            actor=actor,
            action="import.upload",
            obj=job,
            organisation=organisation,
            after={"filename": filename, "sha256": job.sha256, "area": area, "bytes": len(data)},
        )
    return job


def _normalised_mapping(mapping: dict[str, str | None]) -> dict[str, str | None]:
    cleaned: dict[str, str | None] = {}
    for header, target in mapping.items():
        target = target or None
        if target is not None and target not in MAPPABLE:
            raise ValidationError({"mapping": _("Unknown field “%(field)s”.") % {"field": target}})
        cleaned[str(header)] = None if target == IGNORE else target
    return cleaned


EDITABLE = (ImportStatus.UPLOADED, ImportStatus.PREVIEWING, ImportStatus.PREVIEWED)


def _editable(job: ImportJob) -> None:
    if job.status not in EDITABLE:
        raise ValidationError(_("This import has already been started."))


def import_mapping_set(
    *, actor: User | None, job: ImportJob, mapping: dict[str, str | None], template: str = ""
) -> ImportJob:
    """Set the column mapping (header text → field, ``None`` to ignore a column)."""
    _check(actor, job.organisation)
    _editable(job)
    job.mapping = {**job.mapping, "applied": _normalised_mapping(mapping), "template": template}
    job.status = ImportStatus.UPLOADED
    job.save(update_fields=["mapping", "status"])
    return job


def mapping_template_save(
    *, actor: User | None, organisation: Organisation, name: str, mapping: dict[str, str | None]
) -> MappingTemplate:
    """Save (or replace) a named mapping for the organisation's next imports."""
    _check(actor, organisation)
    name = " ".join(name.split())[:100]
    if not name:
        raise ValidationError({"template_name": _("Give the template a name.")})
    cleaned = _normalised_mapping(mapping)
    with transaction.atomic(), scopes_disabled():
        template, _created = MappingTemplate.objects.update_or_create(
            organisation=organisation, name=name, defaults={"mapping": cleaned}
        )
        audit_record(
            actor=actor,
            action="import.mapping_template",
            obj=template,
            organisation=organisation,
            after={"name": name, "mapping": cleaned},
        )
    return template


def import_template_apply(*, actor: User | None, job: ImportJob, name: str) -> ImportJob:
    """Use a saved mapping template for this import."""
    with scopes_disabled():
        template = MappingTemplate.objects.filter(organisation=job.organisation, name=name).first()
    if template is None:
        raise ValidationError({"template": _("There is no template “%(name)s”.") % {"name": name}})
    return import_mapping_set(actor=actor, job=job, mapping=template.mapping, template=name)


def current_mapping(job: ImportJob) -> dict[str, str | None]:
    """The mapping that will be used: the applied one, else the suggestion (unmapped
    columns then go to the notes, as the engine does)."""
    applied = job.mapping.get("applied")
    if applied is not None:
        return dict(applied)
    found: dict[str, str | None] = {}
    for sheet in job.mapping.get("sheets", []):
        for column in sheet["columns"]:
            if column["header"] and (column["header"] not in found or column["field"]):
                found[column["header"]] = column["field"] or "notes"
    return found


# --- the plan -----------------------------------------------------------------------------


@dataclass(slots=True)
class PlannedRow:
    sheet: str
    row_number: int
    outcome: str
    record: dict[str, Any] | None
    messages: list[dict[str, str]] = field(default_factory=list)
    target_id: int | None = None  # updated / duplicate of a registry business
    same_as: int | None = None  # index of an earlier row of the file (a duplicate of it)
    coach: bool = False  # add a coaching relation to target_id
    changes: dict[str, list[Any]] | None = None  # updated: {field: [before, after]}
    owner_changes: dict[str, list[Any]] | None = None
    score: float | None = None  # duplicate found by detection: its score

    @property
    def key(self) -> tuple[str, int]:
        return (self.sheet, self.row_number)


@dataclass(slots=True)
class ImportPlan:
    rows: list[PlannedRow]
    parse: ParseResult
    timings: dict[str, float] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys(RowOutcome.values, 0)
        for row in self.rows:
            totals[row.outcome] += 1
        return totals

    @property
    def notes(self) -> list[dict[str, str]]:
        return [problem_message(note) for note in self.parse.notes]

    @property
    def header_rows(self) -> dict[str, int | None]:
        return {sheet.name: sheet.header_row for sheet in self.parse.sheets}


# business field -> (engine field, max length) for text that must fit its column
_LIMITS = (("name", 200), ("owner_name", 150), ("address", 300), ("email", 254))


def business_values(record: dict[str, Any]) -> dict[str, Any]:
    """The business fields a record fills (only those it has a value for)."""
    values: dict[str, Any] = {}
    for name in ("name", "legal_form", "address"):
        if record.get(name):
            values[name] = record[name]
    if record.get("village"):
        values["village_id"] = record["village"]
    if record.get("product_types"):
        values["product_types"] = ", ".join(record["product_types"])[:300]
    for name in ("workforce_men", "workforce_women", "capital"):
        if record.get(name) is not None:
            values[name] = record[name]
    annual = record.get("annual_sales")
    if annual is None and record.get("monthly_sales") is not None:
        annual = record["monthly_sales"] * 12
    if annual is not None:
        values["annual_sales"] = annual
    if record.get("kbli"):
        values["kbli"] = record["kbli"]
    return values


def owner_values(record: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for source, target in (
        ("owner_name", "name"),
        ("owner_gender", "gender"),
        ("phone", "phone"),
        ("email", "email"),
        ("nik", "nik"),
    ):
        if record.get(source):
            values[target] = record[source]
    return values


def _extra(record: dict[str, Any]) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if record.get("notes"):
        extra["import_notes"] = record["notes"]
    if record.get("monthly_sales") is not None:
        extra["monthly_sales"] = record["monthly_sales"]
    if record.get("workforce_total") is not None and (
        record.get("workforce_men") is None and record.get("workforce_women") is None
    ):
        extra["workforce_total"] = record["workforce_total"]
    if record.get("owner_name") is None and (record.get("phone") or record.get("email")):
        extra["contact"] = {"phone": record.get("phone"), "email": record.get("email")}
    return extra


def _storage_problems(record: dict[str, Any]) -> list[dict[str, str]]:
    """Values the engine accepts but a column cannot hold: reject rather than crash."""
    problems = []
    for name, limit in _LIMITS:
        value = record.get(name)
        if isinstance(value, str) and len(value) > limit:
            problems.append(
                {
                    "code": "too_long",
                    "id": _template("id", MESSAGES["too_long"])
                    % {"label": _label(name, "id"), "max": limit},
                    "en": _template("en", MESSAGES["too_long"])
                    % {"label": _label(name, "en"), "max": limit},
                }
            )
    annual = record.get("annual_sales")
    if annual is None and record.get("monthly_sales") is not None:
        annual = record["monthly_sales"] * 12
    checks = [
        ("capital", record.get("capital"), MAX_BIGINT),
        ("annual_sales", annual, MAX_BIGINT),
        ("monthly_sales", record.get("monthly_sales"), MAX_BIGINT),
        ("workforce_men", record.get("workforce_men"), MAX_INT),
        ("workforce_women", record.get("workforce_women"), MAX_INT),
        ("workforce_total", record.get("workforce_total"), MAX_INT),
    ]
    for name, value, limit in checks:
        if isinstance(value, int) and value > limit:
            problems.append(
                {
                    "code": "too_large",
                    "id": _template("id", MESSAGES["too_large"])
                    % {"label": _label(name, "id"), "value": value},
                    "en": _template("en", MESSAGES["too_large"])
                    % {"label": _label(name, "en"), "value": value},
                }
            )
    return problems


def _area_filter(area: str) -> Q:
    depth = area.count(".")
    column = ("province_code", "regency_code", "district_code")[min(depth, 2)]
    if depth >= 3:
        return Q(village_id=area)
    return Q(**{column: area})


def registry_records(
    organisation: Organisation, area: str, exclude: set[int]
) -> tuple[list[BusinessRecord], dict[int, tuple[str, str | None]]]:
    """The live registry of the area (and the organisation's coached businesses), as
    plain records for duplicate detection, and ``id -> (name, nib)``."""
    with scopes_disabled():
        coached = CoachingRelation.objects.filter(organisation=organisation).values("business_id")
        scope_q = (_area_filter(area) | Q(pk__in=coached)) & Q(merged_into__isnull=True)
        rows = list(
            Business.objects.filter(scope_q).values_list(
                "pk", "name", "nib", "address", "village_id", "district_code"
            )
        )
        owners: dict[int, tuple[str, str, str]] = {}
        for business_id, name, phone, email in (
            BusinessOwner.objects.filter(is_primary=True)
            .filter(business__in=Business.objects.filter(scope_q).values("pk"))
            .order_by("business_id", "id")
            .values_list("business_id", "name", "phone", "email")
        ):
            owners.setdefault(business_id, (name, phone, email))
    records = []
    names: dict[int, tuple[str, str | None]] = {}
    for pk, name, nib, address, village, district in rows:
        if pk in exclude:
            continue
        owner = owners.get(pk, ("", "", ""))
        records.append(
            BusinessRecord(
                id=pk,
                name=name,
                owner_name=owner[0] or None,
                phone=owner[1] or None,
                nib=nib,
                address=address or None,
                village_code=village,
                district_code=district or None,
                email=owner[2] or None,
            )
        )
        names[pk] = (name, nib)
    return records, names


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _record_of(index: int, record: dict[str, Any]) -> BusinessRecord:
    return BusinessRecord(
        id=index,
        name=record["name"] or "",
        owner_name=record.get("owner_name"),
        phone=record.get("phone"),
        nib=record.get("nib"),
        address=record.get("address"),
        village_code=record.get("village"),
        district_code=record.get("district"),
        email=record.get("email"),
    )


def _created_by_job(job: ImportJob | None) -> set[int]:
    if job is None or job.pk is None:
        return set()
    return set(
        ImportRow.objects.filter(
            job=job, outcome=RowOutcome.CREATED, business__isnull=False
        ).values_list("business_id", flat=True)
    )


def _business_changes(
    business: Business, owner: BusinessOwner | None, record: dict[str, Any]
) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    changes: dict[str, list[Any]] = {}
    for name, value in business_values(record).items():
        if name == "kbli":
            probe = Business()
            try:
                _apply_kbli(probe, value)
            except ValidationError:
                continue
            for part in ("kbli_section", "kbli_division"):
                if getattr(business, part) != getattr(probe, part):
                    changes[part] = [getattr(business, part), getattr(probe, part)]
            continue
        current = getattr(business, name)
        if current != value:
            changes[name] = [current, value]
    owner_changes: dict[str, list[Any]] = {}
    for name, value in owner_values(record).items():
        current = getattr(owner, name) if owner is not None else ""
        if current != value:
            owner_changes[name] = [current, value]
    return changes, owner_changes


def import_plan(
    *,
    organisation: Organisation,
    data: bytes,
    filename: str,
    area_code: str,
    mapping: dict[str, str | None] | None = None,
    job: ImportJob | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """What importing the file would do, row by row; reads only, writes nothing.

    ``progress(stage, percent)`` hears of each step (:data:`STAGES`) as it goes."""
    report: Progress = progress or (lambda stage, percent: None)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    report("read", 0)

    def parsed_rows(done: int, total: int) -> None:
        report("parse", STAGES["parse"] + (STAGES["registry"] - STAGES["parse"]) * done // total)

    parsed = parse_workbook(
        data,
        filename,
        regions=region_index(area_code),
        area_code=area_code,
        mapping=mapping,
        progress=parsed_rows if progress is not None else None,
    )
    timings["parse_s"] = time.perf_counter() - started
    org_name = organisation.name
    plan: list[PlannedRow] = []
    candidates: list[int] = []
    for result in parsed.rows:
        if result.outcome is Outcome.SKIPPED:
            messages = [problem_message(result.reason)] if result.reason else []
            plan.append(
                PlannedRow(result.sheet, result.row_number, RowOutcome.SKIPPED, None, messages)
            )
            continue
        messages = [problem_message(problem) for problem in result.errors]
        messages += [problem_message(problem) for problem in result.warnings]
        record = result.record or {}
        if result.outcome is Outcome.OK:
            storage = _storage_problems(record)
            if storage:
                plan.append(
                    PlannedRow(
                        result.sheet,
                        result.row_number,
                        RowOutcome.REJECTED,
                        record,
                        storage + messages,
                    )
                )
                continue
            candidates.append(len(plan))
            plan.append(
                PlannedRow(result.sheet, result.row_number, RowOutcome.CREATED, record, messages)
            )
        else:
            plan.append(
                PlannedRow(result.sheet, result.row_number, RowOutcome.REJECTED, record, messages)
            )

    started = time.perf_counter()
    exclude = _created_by_job(job)
    with scopes_disabled():
        coached = set(
            CoachingRelation.objects.filter(organisation=organisation).values_list(
                "business_id", flat=True
            )
        )
    # 1. the same NIB: earlier in the file, else in the registry
    nibs = {plan[i].record["nib"] for i in candidates if plan[i].record.get("nib")}  # type: ignore[index]
    by_nib: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(sorted(nibs), 500):
        for pk, nib, merged_into, name in Business.objects.filter(nib__in=chunk).values_list(
            "pk", "nib", "merged_into_id", "name"
        ):
            if pk not in exclude:
                by_nib[nib] = (merged_into or pk, name)
    first_with_nib: dict[str, int] = {}
    remaining: list[int] = []
    for index in candidates:
        row = plan[index]
        nib = row.record.get("nib") if row.record else None
        if nib and nib in first_with_nib:
            first = plan[first_with_nib[nib]]
            row.outcome, row.same_as = RowOutcome.DUPLICATE, first_with_nib[nib]
            row.messages.insert(0, message("same_nib_in_file", nib=nib, row=first.row_number))
            continue
        if nib:
            first_with_nib[nib] = index
        if nib and nib in by_nib:
            pk, name = by_nib[nib]
            row.target_id = pk
            if pk in coached:
                row.outcome = RowOutcome.UPDATED
            else:
                row.outcome = RowOutcome.DUPLICATE
                row.messages.insert(0, message("same_nib", nib=nib, id=pk, name=name))
            continue
        remaining.append(index)
    timings["nib_s"] = time.perf_counter() - started

    # 2. duplicate detection against the registry of the area and within the file
    report("registry", STAGES["registry"])
    started = time.perf_counter()
    registry, names = registry_records(organisation, area_code, exclude)
    timings["registry_s"] = time.perf_counter() - started
    report("link", STAGES["link"])
    started = time.perf_counter()
    batch = [_record_of(index, plan[index].record or {}) for index in remaining]
    linked = link_records(batch, registry, within_batch=True, explain_pairs=False)
    timings["link_s"] = time.perf_counter() - started
    report("decide", STAGES["decide"])
    started = time.perf_counter()

    def usable(index: int, registry_id: int) -> bool:
        nib = (plan[index].record or {}).get("nib")
        other = names[registry_id][1]
        return not (nib and other and nib != other)

    def as_registry_duplicate(index: int, registry_id: int, score: float) -> None:
        row = plan[index]
        row.outcome, row.target_id, row.score = RowOutcome.DUPLICATE, registry_id, score
        name = names[registry_id][0]
        row.messages.insert(0, message("similar", id=registry_id, name=name, score=f"{score:.2f}"))

    in_cluster: set[int] = set()
    for cluster in linked.batch_clusters:
        members = sorted(int(member) for member in cluster)
        in_cluster.update(members)
        matched = [m for m in members if m in linked.matches]
        if matched:
            pair = linked.matches[matched[0]]
            target = int(pair.right_id)
            for member in members:
                if usable(member, target):
                    as_registry_duplicate(member, target, linked.matches.get(member, pair).score)
            continue
        first = members[0]
        for member in members[1:]:
            row = plan[member]
            row.outcome, row.same_as = RowOutcome.DUPLICATE, first
            row.messages.insert(0, message("duplicate_in_file", row=plan[first].row_number))
    for index, pair in linked.matches.items():
        index = int(index)
        if index not in in_cluster and usable(index, int(pair.right_id)):
            as_registry_duplicate(index, int(pair.right_id), pair.score)
    for pair in linked.review:
        row = plan[int(pair.left_id)]
        if row.outcome == RowOutcome.CREATED and not any(
            m["code"] == "possible_duplicate" for m in row.messages
        ):
            name = names[int(pair.right_id)][0]
            row.messages.append(
                message(
                    "possible_duplicate",
                    id=int(pair.right_id),
                    name=name,
                    score=f"{pair.score:.2f}",
                )
            )

    # 3. coaching for duplicates of businesses not yet coached; changes for updates
    for row in plan:
        target = row.target_id
        if row.outcome == RowOutcome.DUPLICATE and target is not None and target not in coached:
            coached.add(target)
            row.coach = True
            row.messages.append(message("coaching_added", organisation=org_name))
    updated = [row for row in plan if row.outcome == RowOutcome.UPDATED]
    for chunk in _chunks(updated, 500):
        ids = [row.target_id for row in chunk]
        businesses = Business.objects.in_bulk(ids)
        owners: dict[int, BusinessOwner] = {}
        for owner in BusinessOwner.objects.filter(business_id__in=ids, is_primary=True).order_by(
            "id"
        ):
            owners.setdefault(owner.business_id, owner)
        for row in chunk:
            business = businesses[row.target_id]  # type: ignore[index]
            changes, owner_changes = _business_changes(
                business, owners.get(business.pk), row.record or {}
            )
            row.changes, row.owner_changes = changes, owner_changes
            if changes or owner_changes:
                labels_id = [_label(_field_of(name), "id") for name in changes]
                labels_en = [_label(_field_of(name), "en") for name in changes]
                if owner_changes:
                    labels_id.append(OWNER_LABEL["id"])
                    labels_en.append(OWNER_LABEL["en"])
                text = message("fields_updated", fields="")
                text["id"] = _template("id", MESSAGES["fields_updated"]) % {
                    "fields": ", ".join(dict.fromkeys(labels_id))
                }
                text["en"] = _template("en", MESSAGES["fields_updated"]) % {
                    "fields": ", ".join(dict.fromkeys(labels_en))
                }
                row.messages.insert(0, text)
            else:
                row.messages.insert(0, message("no_changes"))
    timings["decide_s"] = time.perf_counter() - started
    return ImportPlan(plan, parsed, timings)


def _field_of(name: str) -> str:
    return {
        "village_id": "village",
        "kbli_section": "kbli",
        "kbli_division": "kbli",
    }.get(name, name)


def _read(job: ImportJob) -> bytes:
    job.file.open("rb")
    try:
        return job.file.read()
    finally:
        job.file.close()


def job_plan(job: ImportJob) -> ImportPlan:
    applied = job.mapping.get("applied")
    return import_plan(
        organisation=job.organisation,
        data=_read(job),
        filename=job.filename,
        area_code=job.area_code,
        mapping=applied,
        job=job,
    )


def _preview_summary(plan: ImportPlan) -> dict[str, Any]:
    """What the preview page shows, kept on the job: counts, notes and the first rows."""
    return {
        "stage": "done",
        "percent": 100,
        "total": len(plan.rows),
        "counts": plan.counts(),
        "notes": plan.notes,
        "several_sheets": len({row.sheet for row in plan.rows}) > 1,
        "rows": [
            {
                "sheet": row.sheet,
                "row_number": row.row_number,
                "outcome": row.outcome,
                "name": (row.record or {}).get("name") or "",
                "messages": row.messages,
            }
            for row in plan.rows[:PREVIEW_ROWS]
        ],
    }


def import_preview(*, actor: User | None, job: ImportJob, token: str | None = None) -> ImportPlan:
    """The dry run: what would happen to each row. Writes no business; records the counts
    and the preview page's summary on the job (``job.preview``).

    ``token`` names a preview started by :func:`import_preview_start` (the background
    task): its progress is written on the job as it goes, and its result is kept only if
    no newer preview was started and the import was not started meanwhile."""
    _check(actor, job.organisation)
    progress: Progress | None = None
    if token is not None:

        def write_progress(stage: str, percent: int) -> None:
            with scopes_disabled():  # the job row, by its key
                ImportJob.objects.filter(
                    pk=job.pk, status=ImportStatus.PREVIEWING, preview__token=token
                ).update(preview={"stage": stage, "percent": percent, "token": token})

        progress = write_progress

    plan = import_plan(
        organisation=job.organisation,
        data=_read(job),
        filename=job.filename,
        area_code=job.area_code,
        mapping=job.mapping.get("applied"),
        job=job,
        progress=progress,
    )
    with transaction.atomic(), scopes_disabled():  # the job row, by its key
        current = ImportJob.objects.select_for_update().get(pk=job.pk)
        if token is not None:
            wanted = current.status == ImportStatus.PREVIEWING and (
                current.preview.get("token") == token
            )
        else:
            wanted = current.status in EDITABLE
        if wanted:
            job.status = ImportStatus.PREVIEWED
            job.total_rows = len(plan.rows)
            job.counts = plan.counts()
            job.preview = _preview_summary(plan)
            job.save(update_fields=["status", "total_rows", "counts", "preview"])
    return plan


def import_preview_start(*, actor: User | None, job: ImportJob) -> ImportJob:
    """Queue the dry run for the background worker (a file of 100,000 rows takes a while);
    the preview page follows its progress. Starting again replaces a preview on its way."""
    from naikkelas.registry.tasks.imports import import_preview_task

    _check(actor, job.organisation)
    _editable(job)
    token = uuid.uuid4().hex
    job.status = ImportStatus.PREVIEWING
    job.preview = {"stage": "queued", "percent": 0, "token": token}
    job.save(update_fields=["status", "preview"])
    transaction.on_commit(lambda: import_preview_task.enqueue(job.pk, token))
    return job


def import_preview_by_id(job_id: int, token: str) -> None:
    """The task's entry point: a failure is shown on the preview page, which offers to try
    again."""
    with scopes_disabled():
        job = ImportJob.objects.select_related("organisation").get(pk=job_id)
        if job.status != ImportStatus.PREVIEWING or job.preview.get("token") != token:
            return  # replaced by a newer preview, or the import was started
        try:
            import_preview(actor=None, job=job, token=token)
        except Exception as exc:
            ImportJob.objects.filter(
                pk=job.pk, status=ImportStatus.PREVIEWING, preview__token=token
            ).update(
                status=ImportStatus.UPLOADED,
                preview={"stage": "failed", "error": f"{type(exc).__name__}: {exc}"[:2000]},
            )
            raise


def import_start(*, actor: User | None, job: ImportJob) -> ImportJob:
    """Queue the import (or its resumption after a failure) for the background worker."""
    from naikkelas.registry.tasks.imports import import_run_task

    _check(actor, job.organisation)
    if job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.DONE):
        return job
    job.status = ImportStatus.QUEUED
    job.error = ""
    job.save(update_fields=["status", "error"])
    transaction.on_commit(lambda: import_run_task.enqueue(job.pk))
    return job


# --- storing ------------------------------------------------------------------------------


class _Values:
    """What ``_apply_region`` and ``_apply_kbli`` read and write, without a model instance."""

    __slots__ = (
        "district_code",
        "kbli_division",
        "kbli_section",
        "province_code",
        "regency_code",
        "village_id",
    )

    def __init__(self, village_id: str | None) -> None:
        self.village_id = village_id


class _Table:
    """Fast inserts of plain rows (dicts of column values) into one model's table.

    ``bulk_create`` builds a model instance and compiles every value of every row through
    the ORM; for 100,000 rows in six tables that is most of the import's time. Here the
    columns, their defaults and adapters are worked out once; rows go in through
    ``executemany`` (SQLite) or ``COPY`` (PostgreSQL), inside the caller's transaction."""

    def __init__(self, model: type[Any]) -> None:
        self.model = model
        self.table = model._meta.db_table
        # generated columns are computed by the database, never written
        self.fields = [f for f in model._meta.concrete_fields if not f.generated]
        self.defaults: dict[str, Any] = {}
        for model_field in self.fields:
            if model_field.has_default() and not callable(model_field.default):
                self.defaults[model_field.attname] = model_field.default
        # callable defaults (dates, lists) and the implicit "" of text columns, per insert
        self.callable_defaults = [f for f in self.fields if f.attname not in self.defaults]

    def allocate(self, count: int) -> list[int]:
        """``count`` new primary keys, reserved for this transaction."""
        if count == 0:
            return []
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [self.table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{self.table}"')  # noqa: S608
            highest = cursor.fetchone()[0]
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
            found = cursor.fetchone()
            highest = max(highest, found[0] if found else 0)
        return list(range(highest + 1, highest + 1 + count))

    def insert(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        with_id = "id" in rows[0]
        fields = [f for f in self.fields if with_id or not f.primary_key]
        attnames = [f.attname for f in fields]
        defaults = self.defaults
        generated = {f.attname: f.get_default() for f in self.callable_defaults}
        json_columns = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
        ops = connection.ops
        sqlite = connection.vendor == "sqlite"
        adapt: dict[str, Any] = {}
        for model_field in fields:
            kind = model_field.get_internal_type()
            if kind == "DateTimeField" and sqlite:
                adapt[model_field.attname] = ops.adapt_datetimefield_value
            elif kind == "DateField" and sqlite:
                adapt[model_field.attname] = ops.adapt_datefield_value
        values: list[tuple[Any, ...]] = []
        for row in rows:
            item = []
            for name in attnames:
                if name in row:
                    value = row[name]
                elif name in defaults:
                    value = defaults[name]
                else:
                    value = generated.get(name)
                if name in json_columns:
                    value = json.dumps(value)
                elif name in adapt and value is not None:
                    value = adapt[name](value)
                item.append(value)
            values.append(tuple(item))
        columns = ", ".join(f'"{f.column}"' for f in fields)
        with connection.cursor() as cursor:
            if sqlite:
                sqlite_insert(cursor, self.table, columns, len(fields), values)
            else:
                with cursor.cursor.copy(f'COPY "{self.table}" ({columns}) FROM STDIN') as copy:
                    for item in values:
                        copy.write_row(item)


SQLITE_VARIABLES = 32_000  # below SQLite's limit of bound values in one statement


def sqlite_insert(
    cursor: Any, table: str, columns: str, width: int, values: Sequence[Sequence[Any]]
) -> None:
    """Insert rows in statements of many rows each (``VALUES (…), (…), …``). The search
    index's triggers write to FTS5 tables, which flush at the end of each statement: one
    statement per row (``executemany``) would make every row a write of its own."""
    per_statement = max(1, SQLITE_VARIABLES // width)
    row = "(" + ", ".join(["%s"] * width) + ")"
    for start in range(0, len(values), per_statement):
        chunk = values[start : start + per_statement]
        sql = f'INSERT INTO "{table}" ({columns}) VALUES ' + ", ".join([row] * len(chunk))  # noqa: S608
        cursor.execute(sql, [value for item in chunk for value in item])


_TABLES: dict[type[Any], _Table] = {}


def _register_tables() -> None:
    for model in (Business, BusinessOwner, SizeClassSnapshot, CoachingRelation, ImportRow):
        _TABLES[model] = _Table(model)


_register_tables()


class _Store:
    """Writes the rows of a plan in batches, each in one transaction."""

    def __init__(self, job: ImportJob, plan: ImportPlan, actor: User | None) -> None:
        self.job = job
        self.plan = plan
        self.actor = actor
        self.organisation = job.organisation
        self.today = timezone.localdate()
        self.index_of = {row.key: index for index, row in enumerate(plan.rows)}
        self.business_of: dict[int, int | None] = {}  # plan index -> its business
        self.business_type = ContentType.objects.get_for_model(Business)
        label = ""
        if actor is not None:
            label = f"{actor.name} <{actor.login_name}>" if actor.name else actor.login_name
        self.actor_label = label[:200] or "system"

    def done(self) -> set[tuple[str, int]]:
        keys = set()
        for sheet, number, outcome, business_id, duplicate_of in ImportRow.objects.filter(
            job=self.job
        ).values_list("sheet", "row_number", "outcome", "business_id", "duplicate_of_id"):
            keys.add((sheet, number))
            index = self.index_of.get((sheet, number))
            if index is not None:
                self.business_of[index] = (
                    duplicate_of if outcome == RowOutcome.DUPLICATE else business_id
                )
        return keys

    def resolve(self, row: PlannedRow) -> int | None:
        if row.target_id is not None:
            return row.target_id
        if row.same_as is not None:
            return self.business_of.get(row.same_as)
        return None

    def store(self, rows: list[tuple[int, PlannedRow]]) -> None:
        actor = self.actor if self.actor is not None and self.actor.pk else None
        actor_id = actor.pk if actor is not None else None
        now = timezone.now()
        created = [(index, row) for index, row in rows if row.outcome == RowOutcome.CREATED]
        ids = _TABLES[Business].allocate(len(created))
        businesses, owners, snapshots, coaching, certificates = [], [], [], [], []
        organisation_id = self.organisation.pk
        for (index, row), pk in zip(created, ids, strict=True):
            record = row.record or {}
            values = self._business(record, row)
            values.update(id=pk, created_by_id=actor_id, updated_by_id=actor_id)
            values.update(created_at=now, updated_at=now)
            businesses.append(values)
            self.business_of[index] = pk
            owner = owner_values(record)
            if owner.get("name"):
                owners.append({**owner, "business_id": pk, "is_primary": True})
                # what the database's trigger would write (db_objects), written at once
                values["owner_names"] = owner_text(owner["name"], owner.get("phone", ""))
            snapshots.append(
                {
                    "business_id": pk,
                    "size_class": values["size_class"],
                    "basis": values["size_basis"],
                    "capital": values.get("capital"),
                    "annual_sales": values.get("annual_sales"),
                    "created_at": now,
                }
            )
            coaching.append({"business_id": pk, "organisation_id": organisation_id})
            for key, kind in (
                ("halal_number", CertificateKind.HALAL),
                ("pirt_number", CertificateKind.PIRT),
            ):
                if record.get(key):
                    certificates.append(
                        Certificate(business_id=pk, kind=kind, number=record[key][:100])
                    )
        extra_coaching = []
        for index, row in rows:
            if row.outcome == RowOutcome.UPDATED:
                self.business_of[index] = row.target_id
            elif row.outcome == RowOutcome.DUPLICATE:
                self.business_of[index] = self.resolve(row)
                if row.coach and row.target_id is not None:
                    extra_coaching.append(
                        CoachingRelation(business_id=row.target_id, organisation=self.organisation)
                    )
        _TABLES[Business].insert(businesses)
        self._updates([row for _index, row in rows if row.outcome == RowOutcome.UPDATED], actor)
        _TABLES[BusinessOwner].insert(owners)
        _TABLES[SizeClassSnapshot].insert(snapshots)
        _TABLES[CoachingRelation].insert(coaching)
        Certificate.objects.bulk_create(certificates)
        with scopes_disabled():
            CoachingRelation.objects.bulk_create(extra_coaching, ignore_conflicts=True)
        reviews = self._reviews(
            [(index, row) for index, row in rows if row.outcome == RowOutcome.DUPLICATE]
        )
        import_rows = []
        job_id = self.job.pk
        for index, row in rows:
            business_id = duplicate_of = None
            if row.outcome in (RowOutcome.CREATED, RowOutcome.UPDATED):
                business_id = self.business_of.get(index)
            elif row.outcome == RowOutcome.DUPLICATE:
                duplicate_of = self.business_of.get(index)
            values: dict[str, Any] = {
                "job_id": job_id,
                "sheet": row.sheet[:100],
                "row_number": row.row_number,
                "outcome": row.outcome,
                "business_id": business_id,
                "duplicate_of_id": duplicate_of,
                "messages": row.messages,
            }
            if index in reviews:
                values.update(reviews[index])
            import_rows.append(values)
        _TABLES[ImportRow].insert(import_rows)

    def _reviews(self, rows: list[tuple[int, PlannedRow]]) -> dict[int, dict[str, Any]]:
        """Duplicate rows whose values differ from the business they are linked to go to the
        duplicate review: one open cluster per business (a row waiting there already, or
        one reviewed before, with the same values, is not added again). Returns the review
        columns of those rows' ImportRow."""
        linked: dict[int, int] = {}
        for index, row in rows:
            target = self.business_of.get(index)
            if target is not None and row.record:
                linked[index] = target
        if not linked:
            return {}
        targets = sorted(set(linked.values()))
        businesses = Business.objects.in_bulk(targets)
        owners: dict[int, BusinessOwner] = {}
        for owner in BusinessOwner.objects.filter(business_id__in=targets).order_by(
            "-is_primary", "id"
        ):
            owners.setdefault(owner.business_id, owner)
        # what earlier imports already put up for review, or had reviewed
        seen: dict[tuple[int, str], tuple[str, int | None]] = {}
        for target, record, review, cluster in ImportRow.objects.filter(
            duplicate_of_id__in=targets, review__in=[r for r in RowReview.values if r]
        ).values_list("duplicate_of_id", "record", "review", "cluster_id"):
            seen.setdefault((target, _record_key(record)), (review, cluster))
        with scopes_disabled():
            open_cluster: dict[int, DuplicateCluster] = {}
            for cluster in DuplicateCluster.objects.filter(
                origin=ClusterOrigin.IMPORT, status=DuplicateStatus.OPEN, members__in=targets
            ).annotate(target=F("members")):
                open_cluster.setdefault(cluster.target, cluster)  # type: ignore[attr-defined]
        found: dict[int, dict[str, Any]] = {}
        new_clusters: dict[int, DuplicateCluster] = {}
        for index, target in linked.items():
            row = self.plan.rows[index]
            record = _jsonable(row.record)
            business = businesses.get(target)
            if business is None:
                continue
            if not _says_more(business, owners.get(target), row.record):
                continue  # nothing the business does not already say
            key = (target, _record_key(record))
            if key in seen:
                review, cluster_id = seen[key]
                code = "already_in_review" if review == RowReview.OPEN else "reviewed_before"
                row.messages.append(message(code, cluster=cluster_id or "-"))
                continue
            cluster = open_cluster.get(target) or new_clusters.get(target)
            if cluster is None:
                cluster = DuplicateCluster(origin=ClusterOrigin.IMPORT, score=1.0, evidence=[])
                new_clusters[target] = cluster
            evidence = {
                "origin": "import",
                "job": self.job.pk,
                "filename": self.job.filename,
                "sheet": row.sheet,
                "row": row.row_number,
                "reason": row.messages[0]["code"] if row.messages else "",
                "score": row.score,
            }
            cluster.evidence = [*cluster.evidence, evidence]
            if row.score is not None:
                cluster.score = min(cluster.score, round(row.score, 4))
            seen[key] = (RowReview.OPEN, None)
            found[index] = {"record": record, "review": RowReview.OPEN, "_cluster": cluster}
        with scopes_disabled():
            DuplicateCluster.objects.bulk_create(list(new_clusters.values()))
            DuplicateCluster.members.through.objects.bulk_create(
                [
                    DuplicateCluster.members.through(duplicatecluster_id=c.pk, business_id=t)
                    for t, c in new_clusters.items()
                ]
            )
            # open clusters of earlier imports that got rows (new ones were created above)
            DuplicateCluster.objects.bulk_update(list(open_cluster.values()), ["score", "evidence"])
        for index, values in found.items():
            cluster = values.pop("_cluster")
            values["cluster_id"] = cluster.pk
            target = linked[index]
            self.plan.rows[index].messages.append(
                message("in_review", id=target, cluster=cluster.pk)
            )
            values["messages"] = self.plan.rows[index].messages
        return found

    def _business(self, record: dict[str, Any], row: PlannedRow) -> dict[str, Any]:
        """The column values of a new business, derived as ``business_register`` does."""
        values = business_values(record)
        kbli_code = values.pop("kbli", "")
        extra = _extra(record)
        business = _Values(values.get("village_id"))
        _apply_region(business)
        try:
            _apply_kbli(business, kbli_code)
        except ValidationError:
            business.kbli_section = business.kbli_division = ""
            extra["kbli"] = kbli_code
            row.messages.append(message("kbli_unknown", code=kbli_code))
        result = sizeclass.size_class(
            capital=values.get("capital"), annual_sales=values.get("annual_sales")
        )
        values.update(
            nib=record.get("nib"),
            source=BusinessSource.IMPORT,
            extra=extra,
            province_code=business.province_code,
            regency_code=business.regency_code,
            district_code=business.district_code,
            kbli_section=business.kbli_section,
            kbli_division=business.kbli_division,
            size_class=result.size,
            size_basis=result.basis or "",
            women_led=record.get("owner_gender") == Gender.FEMALE,
        )
        if values.get("capital") is not None:
            values["capital_reported_on"] = self.today
        if values.get("annual_sales") is not None:
            values["sales_reported_on"] = self.today
        return values

    def _updates(self, rows: list[PlannedRow], actor: User | None) -> None:
        rows = [row for row in rows if row.changes or row.owner_changes]
        if not rows:
            return
        ids = [row.target_id for row in rows]
        businesses = Business.objects.select_for_update().in_bulk(ids)
        owners: dict[int, BusinessOwner] = {}
        for owner in BusinessOwner.objects.filter(business_id__in=ids, is_primary=True).order_by(
            "id"
        ):
            owners.setdefault(owner.business_id, owner)
        changed_businesses, changed_owners, new_owners, snapshots, audits = [], [], [], [], []
        for row in rows:
            business = businesses[row.target_id]  # type: ignore[index]
            before = {name: getattr(business, name) for name in _AUDIT_FIELDS}
            before["village"] = business.village_id
            previous = business.size_class
            for name, (_old, new) in (row.changes or {}).items():
                setattr(business, name, new)
            if "capital" in (row.changes or {}):
                business.capital_reported_on = self.today
            if "annual_sales" in (row.changes or {}):
                business.sales_reported_on = self.today
            _apply_region(business)
            result = sizeclass.size_class(
                capital=business.capital, annual_sales=business.annual_sales
            )
            business.size_class, business.size_basis = result.size, result.basis or ""
            owner = owners.get(business.pk)
            if row.owner_changes:
                if owner is None:
                    values = {name: new for name, (_old, new) in row.owner_changes.items()}
                    if values.get("name"):
                        owner = BusinessOwner(business=business, is_primary=True, **values)
                        new_owners.append(owner)
                else:
                    for name, (_old, new) in row.owner_changes.items():
                        setattr(owner, name, new)
                    changed_owners.append(owner)
                if owner is not None:
                    business.women_led = owner.gender == Gender.FEMALE
            business.updated_by = actor
            business.updated_at = timezone.now()
            changed_businesses.append(business)
            if business.size_class != previous:
                snapshots.append(
                    SizeClassSnapshot(
                        business=business,
                        size_class=business.size_class,
                        basis=business.size_basis,
                        previous_class=previous,
                        capital=business.capital,
                        annual_sales=business.annual_sales,
                    )
                )
            after = {name: getattr(business, name) for name in _AUDIT_FIELDS}
            after["village"] = business.village_id
            changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
            for name, pair in (row.owner_changes or {}).items():
                changes[f"owner.{name}"] = pair
            changes["import"] = [
                None,
                f"{self.job.filename} #{self.job.pk}, {row.sheet}:{row.row_number}",
            ]
            audits.append(
                AuditEntry(
                    organisation=self.organisation,
                    actor=actor,
                    actor_label=self.actor_label,
                    action="business.update",
                    object_type=self.business_type,
                    object_id=str(business.pk),
                    object_repr=str(business)[:200],
                    changes=_jsonable(changes),
                )
            )
        # only the columns some row of this batch changes (bulk_update's CASE per column
        # and row is costly), plus what is derived from them
        names = {name for row in rows for name in (row.changes or {})}
        fields = {"village" if name == "village_id" else name for name in names}
        fields |= {"size_class", "size_basis", "women_led", "updated_by", "updated_at"}
        if "village" in fields:
            fields |= {"province_code", "regency_code", "district_code"}
        if "capital" in fields:
            fields.add("capital_reported_on")
        if "annual_sales" in fields:
            fields.add("sales_reported_on")
        Business.objects.bulk_update(changed_businesses, sorted(fields), batch_size=500)
        if changed_owners:
            BusinessOwner.objects.bulk_update(
                changed_owners, ["name", "gender", "phone", "email", "nik"]
            )
        BusinessOwner.objects.bulk_create(new_owners)
        SizeClassSnapshot.objects.bulk_create(snapshots)
        with scopes_disabled():
            AuditEntry.objects.bulk_create(audits)


_AUDIT_FIELDS = [name for name in AUDITED_FIELDS if name not in ("village", "merged_into")]


def _record_key(record: Any) -> str:
    """A row's values as one comparable text (the same values read twice are equal)."""
    return json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)


_NORMALISED = {
    "name": normalise_business_name,
    "address": normalise_address,
    "owner.name": normalise_owner_name,
}


def _says_more(business: Business, owner: BusinessOwner | None, record: dict[str, Any]) -> bool:
    """Whether a duplicate row has a value its business lacks or has otherwise: worth an
    officer's review. Names and addresses are compared as duplicate detection reads them
    (a title, a legal form or the case written differently is nothing new)."""
    changes, owner_changes = _business_changes(business, owner, record)
    for name, (before, after) in [
        *changes.items(),
        *((f"owner.{key}", pair) for key, pair in owner_changes.items()),
    ]:
        normalise = _NORMALISED.get(name)
        if normalise is None or normalise(before or None) != normalise(after or None):
            return True
    return bool(record.get("halal_number") or record.get("pirt_number"))


def _jsonable(value: Any) -> Any:
    from naikkelas.core.audit import _plain

    return _plain(value)


def import_run(
    *, job: ImportJob, actor: User | None = None, batch_size: int = BATCH_SIZE
) -> ImportPlan:
    """Import every row of the job's file: plan, then store in batches. Running it again
    after a failure continues where it stopped; a finished job is left as it is."""
    with scopes_disabled():
        return _import_run(job=job, actor=actor, batch_size=batch_size)


def _import_run(*, job: ImportJob, actor: User | None, batch_size: int) -> ImportPlan:
    actor = actor if actor is not None else job.uploaded_by
    started = time.perf_counter()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, started_at=job.started_at or timezone.now(), error=""
    )
    try:
        plan = job_plan(job)
        store = _Store(job, plan, actor)
        done = store.done()
        pending = [(i, row) for i, row in enumerate(plan.rows) if row.key not in done]
        job.total_rows = len(plan.rows)
        job.processed_rows = len(done)
        job.mapping = {**job.mapping, "header_rows": plan.header_rows, "notes": plan.notes}
        job.save(update_fields=["total_rows", "processed_rows", "mapping"])
        stored = time.perf_counter()
        for chunk in _chunks(pending, batch_size):
            with transaction.atomic():
                store.store(list(chunk))
                job.processed_rows += len(chunk)
                ImportJob.objects.filter(pk=job.pk).update(processed_rows=job.processed_rows)
        plan.timings["store_s"] = time.perf_counter() - stored
    except Exception as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        job.status = ImportStatus.FAILED
        raise
    counts = dict.fromkeys(RowOutcome.values, 0)
    for outcome, number in (
        ImportRow.objects.filter(job=job).values_list("outcome").annotate(n=Count("id"))
    ):
        counts[outcome] = number
    with transaction.atomic():
        job.status = ImportStatus.DONE
        job.counts = counts
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "counts", "finished_at"])
        audit_record(
            actor=actor,
            action="import.run",
            obj=job,
            organisation=job.organisation,
            changes={
                "filename": job.filename,
                "sha256": job.sha256,
                "area": job.area_code,
                "rows": job.total_rows,
                "counts": counts,
            },
        )
    plan.timings["total_s"] = time.perf_counter() - started
    return plan


def import_run_by_id(job_id: int) -> None:
    """The task's entry point."""
    with scopes_disabled():
        job = ImportJob.objects.select_related("organisation", "uploaded_by").get(pk=job_id)
    if job.status == ImportStatus.DONE:
        return
    import_run(job=job)


# --- result file --------------------------------------------------------------------------


def result_rows(job: ImportJob) -> dict[tuple[str, int], ImportRow]:
    return {(row.sheet, row.row_number): row for row in ImportRow.objects.filter(job=job)}


def annotated_workbook(
    data: bytes,
    filename: str,
    *,
    header_rows: dict[str, int],
    extra: dict[tuple[str, int], list[Any]],
    headers: list[str],
) -> bytes:
    """A copy of an uploaded spreadsheet, every sheet and row as it was, with ``extra``
    cells appended to the rows it names (``(sheet name, row number)``) and ``headers``
    appended to each sheet's header row: the result file of an import."""
    import openpyxl

    book_in = read_workbook(data, filename)
    book = openpyxl.Workbook(write_only=True)
    for sheet in book_in.sheets:
        out = book.create_sheet(sheet.name[:31] or "Sheet")
        width = max((len(row.cells) for row in sheet.rows), default=0)
        header_row = header_rows.get(sheet.name)
        for row in sheet.rows:
            cells = list(row.cells) + [None] * (width - len(row.cells))
            cells = [None if cell == "" else cell for cell in cells]
            found = extra.get((sheet.name[:100], row.number))
            if found is not None:
                cells += found
            elif header_row == row.number:
                cells += headers
            out.append(cells)
        if not sheet.rows:
            out.append([])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def kept_result_file(job: Any, make: Callable[[], bytes]) -> bytes:
    """The job's result file: made by ``make`` the first time, then read from storage."""
    if job.result_file:
        job.result_file.open("rb")
        try:
            data: bytes = job.result_file.read()
            return data
        finally:
            job.result_file.close()
    data = make()
    stem = os.path.splitext(job.filename)[0]
    job.result_file.save(f"{stem}-hasil.xlsx", ContentFile(data), save=False)
    with scopes_disabled():
        type(job).objects.filter(pk=job.pk).update(result_file=job.result_file.name)
    return data


def result_workbook(job: ImportJob) -> bytes:
    """The original rows of every sheet plus the columns "Hasil" and "Keterangan"."""
    with translation.override("id"):
        labels = {value: str(label) for value, label in RowOutcome.choices}
    extra = {
        key: [labels[row.outcome], "; ".join(m.get("id", "") for m in row.messages)]
        for key, row in result_rows(job).items()
    }
    return annotated_workbook(
        _read(job),
        job.filename,
        header_rows=job.mapping.get("header_rows") or {},
        extra=extra,
        headers=["Hasil", "Keterangan"],
    )


def import_result_file(*, job: ImportJob) -> bytes:
    """The result workbook, made once when the import is done and kept with the job."""
    if job.status != ImportStatus.DONE:
        raise ValidationError(_("The import has not finished yet."))
    return kept_result_file(job, lambda: result_workbook(job))


# --- reports (CLI and API) ----------------------------------------------------------------


def report_rows(
    rows: Iterable[tuple[str, int, str, int | None, int | None, list[dict[str, str]]]],
    *,
    include_skipped: bool = True,
) -> list[dict[str, Any]]:
    return [
        {
            "sheet": sheet,
            "row": number,
            "outcome": outcome,
            "business_id": business_id,
            "duplicate_of": duplicate_of,
            "messages": [m.get("id", "") for m in messages],
        }
        for sheet, number, outcome, business_id, duplicate_of, messages in rows
        if include_skipped or outcome != RowOutcome.SKIPPED
    ]


def plan_report(plan: ImportPlan) -> list[dict[str, Any]]:
    """Report rows of a dry run: nothing is created, so ``business_id`` is the existing
    business for updates and ``duplicate_of`` the registry business (or null)."""
    return report_rows(
        (
            row.sheet,
            row.row_number,
            row.outcome,
            row.target_id if row.outcome == RowOutcome.UPDATED else None,
            row.target_id if row.outcome == RowOutcome.DUPLICATE else None,
            row.messages,
        )
        for row in plan.rows
    )


def job_report(job: ImportJob) -> list[dict[str, Any]]:
    return report_rows(
        ImportRow.objects.filter(job=job)
        .order_by("id")
        .values_list("sheet", "row_number", "outcome", "business_id", "duplicate_of_id", "messages")
    )


__all__ = [
    "BATCH_SIZE",
    "FORMATS",
    "MAX_UPLOAD_BYTES",
    "TARGETS",
    "ImportPlan",
    "PlannedRow",
    "current_mapping",
    "import_mapping_set",
    "import_plan",
    "import_preview",
    "import_preview_start",
    "import_result_file",
    "import_run",
    "import_start",
    "import_template_apply",
    "import_upload",
    "job_report",
    "mapping_template_save",
    "plan_report",
    "region_index",
]
