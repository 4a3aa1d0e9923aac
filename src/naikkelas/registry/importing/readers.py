"""Read XLSX, XLS, ODS and CSV files into plain sheets of rows.

Every row keeps its real spreadsheet row number (1-based, as the officer sees it in
Excel or LibreOffice), so that every message can point at the row to fix. Cells are
left as the reader gives them (``""`` for an empty cell, ``float`` for numbers from
spreadsheets, ``str`` for everything in a CSV); the values module interprets them.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, BinaryIO, NamedTuple

import python_calamine

SPREADSHEET_FORMATS = ("xlsx", "xls", "ods")
CSV_DELIMITERS = (",", ";", "\t", "|")

# ((first_row, first_col), (last_row, last_col)), 0-based and inclusive, as calamine gives
MergedRange = tuple[tuple[int, int], tuple[int, int]]


class UnreadableFileError(ValueError):
    """The file is not a spreadsheet or CSV we can read (or it is password-protected)."""


class Row(NamedTuple):
    number: int  # 1-based spreadsheet row number
    cells: list[Any]


@dataclass(slots=True)
class Sheet:
    name: str
    rows: list[Row]
    merged: list[MergedRange] = field(default_factory=list)
    visible: bool = True


@dataclass(slots=True)
class Workbook:
    filename: str
    format: str  # "xlsx", "xls", "ods" or "csv"
    sheets: list[Sheet]
    encoding: str | None = None  # CSV only
    delimiter: str | None = None  # CSV only


def read_workbook(
    source: str | os.PathLike[str] | bytes | BinaryIO, filename: str | None = None
) -> Workbook:
    """Read a whole file (a path, bytes or a binary file object) into sheets of rows."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str | os.PathLike):
        filename = filename or os.fspath(source)
        with open(source, "rb") as handle:
            data = handle.read()
    else:
        data = source.read()
    filename = filename or ""
    fmt = detect_format(data, filename)
    if fmt == "csv":
        sheet, encoding, delimiter = read_csv(data, name=_stem(filename) or "CSV")
        return Workbook(filename, "csv", [sheet], encoding=encoding, delimiter=delimiter)
    return Workbook(filename, fmt, read_spreadsheet(data))


def detect_format(data: bytes, filename: str = "") -> str:
    """``xlsx``, ``xls``, ``ods`` or ``csv``, from the content first and the name second."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").decode("ascii", "replace")
                    if "opendocument.spreadsheet" in mimetype:
                        return "ods"
                if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                    return "xlsx"
        except zipfile.BadZipFile as exc:
            raise UnreadableFileError("damaged zip archive") from exc
        raise UnreadableFileError("zip archive that is not XLSX or ODS")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    ext = os.path.splitext(filename)[1].lower().lstrip(".")
    if ext in SPREADSHEET_FORMATS:
        raise UnreadableFileError(f"not a valid .{ext} file")
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableFileError("binary file that is not a spreadsheet")
    return "csv"


def read_spreadsheet(data: bytes) -> list[Sheet]:
    """All worksheets of an XLSX, XLS or ODS file, through calamine (Rust, fast)."""
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise UnreadableFileError("password-protected") from exc
    except Exception as exc:  # calamine raises several error types for damaged files
        raise UnreadableFileError(str(exc) or type(exc).__name__) from exc
    sheets: list[Sheet] = []
    for index, meta in enumerate(book.sheets_metadata):
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        sheet = book.get_sheet_by_index(index)
        # skip_empty_area=False keeps leading blank rows, so index + 1 is the row number
        values = sheet.to_python(skip_empty_area=False)
        rows = [Row(number, cells) for number, cells in enumerate(values, start=1)]
        merged = sheet.merged_cell_ranges or []
        visible = meta.visible == python_calamine.SheetVisibleEnum.Visible
        sheets.append(Sheet(meta.name, rows, list(merged), visible))
    return sheets


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the ANSI code page; five bytes are undefined in it
        return data.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(text: str, candidates: tuple[str, ...] = CSV_DELIMITERS) -> str:
    """The delimiter that splits the most lines into the same number (> 1) of fields."""
    lines = [line for line in text.splitlines()[:100] if line.strip()]
    best, best_score = candidates[0], (0, 0)
    for delimiter in candidates:
        counts = [len(fields) for fields in csv.reader(lines, delimiter=delimiter)]
        wide = Counter(count for count in counts if count > 1)
        if not wide:
            continue
        width, agreeing = max(wide.items(), key=lambda item: (item[1], item[0]))
        score = (agreeing, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes, *, name: str = "CSV") -> tuple[Sheet, str, str]:
    """One sheet from CSV bytes, with the encoding and delimiter that were detected."""
    text, encoding = decode_text(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows = [Row(number, cells) for number, cells in enumerate(reader, start=1)]
    while rows and not any(cell.strip() for cell in rows[-1].cells):
        rows.pop()
    return Sheet(name, rows), encoding, delimiter


def _stem(filename: str) -> str:
    return os.path.splitext(os.path.basename(filename))[0]
