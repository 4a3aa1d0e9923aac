"""Duplicate detection of businesses, plain Python (no Django): docs/decisions/0011.

The Django layer calls :func:`find_duplicates` (within one set of records),
:func:`link_records` (a new batch against the registry) and :func:`compare` (score and
explain any two records), with plain :class:`BusinessRecord` values in and out."""

from .blocking import BlockingSettings
from .match import DedupeSettings, compare, find_duplicates, link_records
from .records import BusinessRecord, DedupeResult, Evidence, LinkResult, MatchPair, RecordId
from .scoring import ScoringSettings

__all__ = [
    "BlockingSettings",
    "BusinessRecord",
    "DedupeResult",
    "DedupeSettings",
    "Evidence",
    "LinkResult",
    "MatchPair",
    "RecordId",
    "ScoringSettings",
    "compare",
    "find_duplicates",
    "link_records",
]
