"""Parse a whole business spreadsheet: read, find headers, classify rows, normalise.

Every row below a recognised header ends as exactly one :class:`RowResult`:

- ``ok``: a normalised record (warnings possible);
- ``rejected``: a record with at least one error the officer can act on;
- ``skipped``: a reason (blank, total, repeated header, …); it creates nothing.

Nothing is dropped silently: ``len(sheet.rows) == sheet.data_rows`` for every sheet
that was imported, and sheets that were not are listed with a note.
"""

from __future__ import annotations

import gc
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from typing import Any, BinaryIO

from . import values as v
from .mapping import (
    BUSINESSES,
    CERTIFICATES,
    FIELDS,
    NUMBERING,
    ColumnMapping,
    FieldSet,
    HeaderLayout,
    detect_header,
    normalise_template,
)
from .problems import Problem, display_value
from .readers import Row, Sheet, UnreadableFileError, read_workbook
from .regions import RegionIndex, RegionLike, dotted_code

PROGRESS_EVERY = 5000  # rows between two progress reports


class Outcome(StrEnum):
    OK = "ok"
    REJECTED = "rejected"
    SKIPPED = "skipped"


@dataclass(slots=True)
class RowResult:
    sheet: str
    row_number: int  # 1-based, as in the spreadsheet
    outcome: Outcome
    record: dict[str, Any] | None  # None when skipped
    problems: list[Problem] = field(default_factory=list)
    reason: Problem | None = None  # why it was skipped
    cells: list[Any] = field(default_factory=list)  # the raw row, for showing it back

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.is_error]


@dataclass(slots=True)
class SheetResult:
    name: str
    header_row: int | None  # 1-based row number of the header; None when not imported
    columns: list[ColumnMapping]
    rows: list[RowResult]
    notes: list[Problem] = field(default_factory=list)
    data_rows: int = 0  # rows below the header, each with one result in ``rows``

    @property
    def imported(self) -> bool:
        return self.header_row is not None


@dataclass(slots=True)
class ParseResult:
    filename: str
    format: str | None
    sheets: list[SheetResult]
    notes: list[Problem] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None

    @property
    def rows(self) -> list[RowResult]:
        return [row for sheet in self.sheets for row in sheet.rows]

    @property
    def mapping(self) -> dict[str, str | None]:
        """Suggested (or applied) mapping, header text → field, over all imported sheets;
        save it as a template and pass it back as ``mapping=``."""
        found: dict[str, str | None] = {}
        for sheet in self.sheets:
            for column in sheet.columns:
                if column.header and (column.header not in found or column.field):
                    found[column.header] = column.field
        return found

    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys((o.value for o in Outcome), 0)
        for sheet in self.sheets:
            for row in sheet.rows:
                totals[row.outcome.value] += 1
        return totals


Parser = Callable[[Any], Any]

MONEY_FIELDS = ("monthly_sales", "annual_sales", "capital")
WORKFORCE_FIELDS = ("workforce_total", "workforce_men", "workforce_women")
REGION_FIELDS = ("regency", "district", "village")
# A value that could not be used in these fields is kept in the notes (with a warning).
KEEP_IN_NOTES = frozenset({"legal_form", "kbli", "halal_number", "pirt_number"})
SPECIAL_FIELDS = KEEP_IN_NOTES | {"notes", "phone"}

_PARSERS: dict[str, Callable[..., Any]] = {
    "legal_form": v.parse_legal_form,
    "owner_gender": v.parse_gender,
    "phone": v.parse_phone,
    "email": v.parse_email,
    "nib": v.parse_nib,
    "nik": v.parse_nik,
    "product_types": v.parse_product_types,
    "kbli": v.parse_kbli,
    "halal_number": v.parse_halal,
    "pirt_number": v.parse_pirt,
    **dict.fromkeys(MONEY_FIELDS, v.parse_money),
    **dict.fromkeys(WORKFORCE_FIELDS, v.parse_workforce),
}


def _parser(target: str) -> Parser:
    if target in ("name", "owner_name"):
        return v.clean_name
    if target in ("address", "notes"):
        return v.clean_text
    return partial(_PARSERS[target], field=target)


TOTAL_WORDS = frozenset(
    {
        "JUMLAH",
        "TOTAL",
        "JML",
        "GRAND TOTAL",
        "SUB TOTAL",
        "SUBTOTAL",
        "JUMLAH TOTAL",
        "TOTAL KESELURUHAN",
        "JUMLAH KESELURUHAN",
        "JUMLAH AKHIR",
    }
)
_TOTAL_START = ("JUMLAH", "TOTAL", "JML", "GRAND", "SUB")
_NON_ALNUM = re.compile(r"[^0-9A-Z]+")
_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2})\)?$")
_TOTAL_SEARCH = re.compile(r"(?:^|\x00)\s*(?:JUMLAH|TOTAL|JML|GRAND|SUB)", re.I)
_NUMERIC_TEXT = re.compile(r"^(?:rp\.?\s*)?[\d.,\s]+$", re.I)


def _key(text: str) -> str:
    return " ".join(_NON_ALNUM.sub(" ", text.upper()).split())


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class SheetParser(ABC):
    """Turns the rows below one sheet's header into results: the classification of rows
    (blank, total, repeated header, …) is shared; :meth:`build_record` makes the record of
    a data row and is the part each kind of import (businesses, products) writes."""

    key_fields: frozenset[str] = frozenset({"name", "owner_name"})
    numeric_fields: frozenset[str] = frozenset()  # summed to recognise a total row

    def __init__(self, sheet: Sheet, layout: HeaderLayout) -> None:
        self.sheet = sheet
        self.layout = layout
        columns = layout.columns
        self.numbering = layout.column_of(NUMBERING)
        self.name_cols = {c.index for c in columns if c.field in self.key_fields}
        header_cells = [
            cell
            for row in sheet.rows[layout.header_index : layout.first_data_index]
            for cell in row.cells
        ]
        self.header_texts = {
            " ".join(cell.split()).upper()
            for cell in header_cells
            if isinstance(cell, str) and cell.strip()
        }
        self.numeric_cols = {
            column.index: column.field for column in columns if column.field in self.numeric_fields
        }
        self.sums: dict[int, float] = {}
        self.counts: dict[int, int] = {}
        self.after_total = False

    @abstractmethod
    def build_record(self, present: dict[int, Any]) -> tuple[dict[str, Any], list[Problem]]:
        """The normalised record of one data row's present cells, and its problems."""

    def parse(self, progress: Callable[[int], None] | None = None) -> list[RowResult]:
        rows = self.sheet.rows[self.layout.first_data_index :]
        if progress is None:
            return [self.parse_row(row) for row in rows]
        results = []
        for start in range(0, len(rows), PROGRESS_EVERY):
            results += [self.parse_row(row) for row in rows[start : start + PROGRESS_EVERY]]
            progress(len(results))
        return results

    def skipped(self, row: Row, code: str, **params: Any) -> RowResult:
        reason = Problem(code, None, None, params)
        return RowResult(self.sheet.name, row.number, Outcome.SKIPPED, None, [], reason, row.cells)

    def parse_row(self, row: Row) -> RowResult:
        cells = row.cells
        present = _present(cells)
        if not present:
            return self.skipped(row, "skip_blank")
        if self.numbering is not None and len(present) == 1 and self.numbering in present:
            return self.skipped(row, "skip_number_only")
        if self._is_repeated_header(present):
            return self.skipped(row, "skip_repeated_header")
        if self._is_column_numbers(present):
            return self.skipped(row, "skip_column_numbers")
        if self._is_total(present):
            self.after_total = True
            return self.skipped(row, "skip_total")
        if self.after_total and len(present) <= 2:
            text = " ".join(display_value(cell) for cell in present.values())
            return self.skipped(row, "skip_footer", text=text)
        if self.numbering is not None and len(present) == 1:
            (only,) = present.values()
            if isinstance(only, str) and not _NUMERIC_TEXT.match(only):
                return self.skipped(row, "skip_section", text=" ".join(only.split()))
        record, problems = self.build_record(present)
        self._add_to_sums(present, record)
        errors = any(problem.is_error for problem in problems)
        outcome = Outcome.REJECTED if errors else Outcome.OK
        return RowResult(self.sheet.name, row.number, outcome, record, problems, None, cells)

    # --- row classification -----------------------------------------------------------

    def _is_repeated_header(self, present: dict[int, Any]) -> bool:
        header_texts = self.header_texts
        for index in self.name_cols:
            cell = present.get(index)
            if isinstance(cell, str) and " ".join(cell.split()).upper() not in header_texts:
                return False  # the usual data row: a name that is not a header
        matches = sum(
            1
            for cell in present.values()
            if isinstance(cell, str) and " ".join(cell.split()).upper() in header_texts
        )
        return matches >= 2 and matches >= 0.6 * len(present)

    @staticmethod
    def _is_column_numbers(present: dict[int, Any]) -> bool:
        if len(present) < 3:
            return False
        first = next(iter(present.values()))
        if first != 1 and first not in ("1", "(1)"):
            return False
        numbers = []
        for cell in present.values():
            if _is_number(cell) and float(cell).is_integer():
                numbers.append(int(cell))
            elif isinstance(cell, str) and (match := _COLUMN_NUMBER.match(cell.strip())):
                numbers.append(int(match.group(1)))
            else:
                return False
        return numbers == list(range(1, len(numbers) + 1))

    def _is_total(self, present: dict[int, Any]) -> bool:
        if self.numbering is not None and _is_number(present.get(self.numbering)):
            return False  # a row with its running number is a business, not a total
        texts = [(i, cell) for i, cell in present.items() if cell.__class__ is str]
        if texts and _TOTAL_SEARCH.search("\x00".join(cell for _, cell in texts)):
            for index, cell in texts:
                key = _key(cell)
                if key in TOTAL_WORDS:
                    return True
                if index not in self.name_cols and key.startswith(("JUMLAH ", "TOTAL ")):
                    return True
        if any(not _NUMERIC_TEXT.match(cell) for _, cell in texts):
            return False
        if len(texts) < len(present) and not all(
            _is_number(cell) for cell in present.values() if cell.__class__ is not str
        ):
            return False
        # a row of numbers only: a total if one of them sums its column above it
        for index, cell in present.items():
            if index == self.numbering or self.counts.get(index, 0) < 2:
                continue
            amount = cell if _is_number(cell) else v.parse_money(cell)
            if isinstance(amount, int | float) and abs(amount - self.sums[index]) < 1:
                return True
        return False

    def _add_to_sums(self, present: dict[int, Any], record: dict[str, Any]) -> None:
        for index, target in self.numeric_cols.items():
            amount = record.get(target)
            if index in present and isinstance(amount, int):
                self.sums[index] = self.sums.get(index, 0) + amount
                self.counts[index] = self.counts.get(index, 0) + 1


class _SheetParser(SheetParser):
    """The business list's rows."""

    numeric_fields = frozenset((*MONEY_FIELDS, *WORKFORCE_FIELDS))

    def __init__(self, sheet: Sheet, layout: HeaderLayout, regions: RegionIndex) -> None:
        super().__init__(sheet, layout)
        self.regions = regions
        # simple fields: value → parser → record; special ones may also write notes
        self.simple: list[tuple[int, str, Parser]] = []
        self.special: list[tuple[int, str, str, Parser | None]] = []
        self.region_cols: dict[str, int] = {}
        self.unmapped: list[tuple[int, str]] = []
        for column in layout.columns:
            label = column.header or f"Kolom {column.letter}"
            if column.field in REGION_FIELDS:
                self.region_cols[column.field] = column.index
            elif column.field == CERTIFICATES:
                self.special.append((column.index, column.field, label, None))
            elif column.field in SPECIAL_FIELDS:
                self.special.append((column.index, column.field, label, _parser(column.field)))
            elif column.field in FIELDS:
                self.simple.append((column.index, column.field, _parser(column.field)))
            elif column.field is None:
                self.unmapped.append((column.index, label))

    # --- records ----------------------------------------------------------------------

    def build_record(self, present: dict[int, Any]) -> tuple[dict[str, Any], list[Problem]]:
        record: dict[str, Any] = dict.fromkeys(FIELDS)
        problems: list[Problem] = []
        notes: list[str] = []
        get = present.get
        for index, target, simple_parser in self.simple:
            value = get(index)
            if value is not None:
                result = simple_parser(value)
                if result.__class__ is Problem:
                    problems.append(result)
                else:
                    record[target] = result
        for index, target, label, parser in self.special:
            value = present.get(index)
            if value is None:
                continue
            if parser is None:  # a free SERTIFIKAT column
                numbers, cert_notes, cert_problems = v.split_certificates(value)
                for key, number in numbers.items():
                    record[key] = record[key] or number
                notes.extend(f"{label}: {note}" for note in cert_notes)
                problems.extend(cert_problems)
                continue
            if target == "notes":
                notes.append(f"{label}: {v.clean_text(value)}")
                continue
            if target == "phone":
                phones = v.split_phones(value)
                if len(phones) > 1:
                    value = phones[0]
                    others = ", ".join(" ".join(str(p).split()) for p in phones[1:])
                    notes.append(f"{label}: {others}")
                    problems.append(
                        Problem("phone_multiple", "phone", present[index], {"phone": value})
                    )
            elif target == "kbli" and len(v.kbli_codes(value)) > 1:
                notes.append(f"{label}: {v.clean_text(value)}")
            result = parser(value)
            if isinstance(result, Problem):
                problems.append(result)
                if target in KEEP_IN_NOTES and not result.is_error:
                    notes.append(f"{label}: {v.clean_text(value)}")
            elif record[target] is None:
                record[target] = result
        for index, label in self.unmapped:
            if index in present:
                notes.append(f"{label}: {v.clean_text(present[index])}")
        if self.region_cols:
            region_cols = self.region_cols
            found = self.regions.resolve(
                regency=present.get(region_cols.get("regency", -1)),
                district=present.get(region_cols.get("district", -1)),
                village=present.get(region_cols.get("village", -1)),
            )
            record["regency"], record["district"], record["village"] = (
                found.regency,
                found.district,
                found.village,
            )
            problems.extend(found.problems)
        self._check_name(record, problems)
        self._check_workforce(record, problems)
        record["notes"] = "\n".join(notes) if notes else None
        return record, problems

    @staticmethod
    def _check_name(record: dict[str, Any], problems: list[Problem]) -> None:
        if record["name"]:
            return
        owner = record["owner_name"]
        if owner:
            record["name"] = owner
            problems.append(Problem("name_from_owner", "name", None, {"owner": owner}))
        else:
            problems.append(Problem("name_missing", "name"))

    @staticmethod
    def _check_workforce(record: dict[str, Any], problems: list[Problem]) -> None:
        total, men, women = (record[f] for f in WORKFORCE_FIELDS)
        if men is None and women is None:
            return
        parts = (men or 0) + (women or 0)
        if total is None:
            record["workforce_total"] = parts
        elif men is not None and women is not None and parts != total:
            problems.append(
                Problem(
                    "workforce_sum_mismatch",
                    "workforce_total",
                    total,
                    {"total": total, "men": men, "women": women},
                )
            )


def _present(cells: list[Any]) -> dict[int, Any]:
    """Column index → value, for the cells that are not blank (see values.is_blank)."""
    is_blank = v.is_blank
    return {index: cell for index, cell in enumerate(cells) if not is_blank(cell)}


MakeParser = Callable[[Sheet, HeaderLayout], SheetParser]


def parse_sheet(
    sheet: Sheet,
    *,
    regions: RegionIndex | None = None,
    template: Mapping[str, str | None] | None = None,
    progress: Callable[[int], None] | None = None,
    fieldset: FieldSet = BUSINESSES,
    make_parser: MakeParser | None = None,
) -> SheetResult:
    """One sheet: its header, column mapping and a result for every row below the header.
    ``progress(rows_done)`` is called every :data:`PROGRESS_EVERY` rows. A business list
    needs ``regions``; another kind of import passes its ``fieldset`` and ``make_parser``."""
    if not any(not v.is_blank(cell) for row in sheet.rows for cell in row.cells):
        return SheetResult(
            sheet.name, None, [], [], [Problem("sheet_empty", None, None, {"sheet": sheet.name})]
        )
    layout = detect_header(sheet, template, fieldset)
    if layout is None:
        note = Problem("sheet_no_header", None, None, {"sheet": sheet.name})
        return SheetResult(sheet.name, None, [], [], [note])
    if make_parser is None:
        if regions is None:
            raise ValueError("a business list needs the region index")
        parser: SheetParser = _SheetParser(sheet, layout, regions)
    else:
        parser = make_parser(sheet, layout)
    rows = parser.parse(progress)
    header_row = sheet.rows[layout.header_index].number
    data_rows = len(sheet.rows) - layout.first_data_index
    return SheetResult(sheet.name, header_row, layout.columns, rows, layout.notes, data_rows)


def _sheet_progress(
    progress: Callable[[int, int], None], before: int, total: int
) -> Callable[[int], None]:
    """Rows done in one sheet → rows done in the file (``before``: rows of earlier sheets)."""

    def report(done: int) -> None:
        progress(before + done, total)

    return report


def parse_workbook(
    source: str | os.PathLike[str] | bytes | BinaryIO,
    filename: str,
    *,
    regions: RegionIndex | Iterable[RegionLike],
    area_code: str,
    mapping: Mapping[str, str | None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ParseResult:
    """Parse a business list (XLSX, XLS, ODS or CSV) into results, one per data row.

    ``regions`` are plain region records ``(code, parent_code, name, level)`` (or a
    prebuilt :class:`RegionIndex` to reuse across files); ``area_code`` scopes them to the
    importing organisation (``"33.72"``). ``mapping`` is a saved template, header text →
    field (``None`` to ignore a column); without it the mapping is suggested.
    ``progress(rows_done, rows_in_file)``, when given, is called after the file is read
    and then every :data:`PROGRESS_EVERY` rows.
    """
    if not isinstance(regions, RegionIndex):
        regions = RegionIndex(regions, area_code)
    elif regions.area_code != dotted_code(area_code):
        raise ValueError(f"the region index is for {regions.area_code}, not {area_code}")
    index = regions
    return parse_file(
        source,
        filename,
        fieldset=BUSINESSES,
        make_parser=lambda sheet, layout: _SheetParser(sheet, layout, index),
        mapping=mapping,
        progress=progress,
    )


def parse_file(
    source: str | os.PathLike[str] | bytes | BinaryIO,
    filename: str,
    *,
    fieldset: FieldSet,
    make_parser: MakeParser,
    mapping: Mapping[str, str | None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ParseResult:
    """Parse any kind of list: ``fieldset`` maps the headers, ``make_parser`` builds the
    records (see :class:`SheetParser`); otherwise as :func:`parse_workbook`."""
    template = normalise_template(mapping, fieldset) if mapping else None
    try:
        book = read_workbook(source, filename)
    except (UnreadableFileError, OSError) as exc:
        note = Problem("file_unreadable", None, None, {"filename": filename, "reason": str(exc)})
        return ParseResult(filename, None, [], [note])
    # Cyclic garbage collection finds nothing to free here but costs 10-15 % on big files
    collecting = gc.isenabled()
    gc.disable()
    total = sum(len(sheet.rows) for sheet in book.sheets)
    sheets: list[SheetResult] = []
    try:
        for sheet in book.sheets:
            report = None
            if progress is not None:
                report = _sheet_progress(
                    progress, sum(len(s.rows) for s in book.sheets[: len(sheets)]), total
                )
                report(0)
            sheets.append(
                parse_sheet(
                    sheet,
                    template=template,
                    progress=report,
                    fieldset=fieldset,
                    make_parser=make_parser,
                )
            )
    finally:
        if collecting:
            gc.enable()
    notes = [note for sheet in sheets for note in sheet.notes]
    return ParseResult(filename, book.format, sheets, notes, book.encoding, book.delimiter)
