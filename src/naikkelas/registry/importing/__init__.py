"""Spreadsheet import engine for businesses: plain Python, no Django.

The Django layer calls :func:`parse_workbook` and turns each ``ok`` row's record into a
business (created, updated or merged), and shows ``rejected`` and ``skipped`` rows with
:func:`render` messages. See docs/decisions/0010-import-engine.md.
"""

from .engine import Outcome, ParseResult, RowResult, SheetResult, parse_sheet, parse_workbook
from .mapping import FIELDS, ColumnMapping, detect_header, map_columns, suggest_field
from .problems import CATALOGUE, Problem, render
from .readers import Sheet, UnreadableFileError, Workbook, read_workbook
from .regions import RegionIndex, RegionRecord, RegionResolution, load_wilayah

__all__ = [
    "CATALOGUE",
    "FIELDS",
    "ColumnMapping",
    "Outcome",
    "ParseResult",
    "Problem",
    "RegionIndex",
    "RegionRecord",
    "RegionResolution",
    "RowResult",
    "Sheet",
    "SheetResult",
    "UnreadableFileError",
    "Workbook",
    "detect_header",
    "load_wilayah",
    "map_columns",
    "parse_sheet",
    "parse_workbook",
    "read_workbook",
    "render",
    "suggest_field",
]
