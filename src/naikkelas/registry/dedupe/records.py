"""The plain data that goes in and out of duplicate detection (no Django)."""

from __future__ import annotations

from dataclasses import dataclass, field

RecordId = int | str


@dataclass(frozen=True, slots=True)
class BusinessRecord:
    """One business as some source has it: an import row, a registry row, a self-registration.

    ``phone`` is E.164 (``+6281234567890``) or None, ``nib`` the 13-digit Nomor Induk
    Berusaha or None, ``village_code``/``district_code`` Kemendagri dotted codes
    (``33.72.01.1002`` / ``33.72.01``) or None. The district is taken from the village code
    when only the village is given."""

    id: RecordId
    name: str
    owner_name: str | None = None
    phone: str | None = None
    nib: str | None = None
    address: str | None = None
    village_code: str | None = None
    district_code: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one field says about a pair, for the officer who reviews it.

    ``weight`` is the field's contribution to the match weight (log2 of a likelihood ratio:
    +5 means about 32 times likelier for a duplicate than for two different businesses)."""

    field: str
    level: str
    weight: float
    similarity: float | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class MatchPair:
    """Two records and how sure we are they are one business (``score`` 0..1)."""

    left_id: RecordId
    right_id: RecordId
    score: float
    weight: float
    evidence: tuple[Evidence, ...] = ()

    def explanation(self) -> str:
        """``"name similarity 0.93; same phone; NIB missing on one side; …"``."""
        return "; ".join(item.text for item in self.evidence if item.text)


@dataclass(slots=True)
class DedupeResult:
    """Duplicates within one set of records."""

    clusters: list[list[RecordId]]
    """Groups of two or more records taken to be one business (auto-merge candidates)."""
    pairs: list[MatchPair]
    """Every pair at or above the match threshold, best first."""
    review: list[MatchPair]
    """Pairs between the review and the match threshold: possible duplicates for an officer."""
    stats: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class LinkResult:
    """A new batch linked against an existing registry."""

    matches: dict[RecordId, MatchPair]
    """Batch record id -> its best registry match at or above the threshold
    (``left_id`` is the batch record, ``right_id`` the registry record)."""
    review: list[MatchPair]
    """Batch-to-registry pairs of batch records left unmatched, at or above the review
    threshold (or above the match threshold but in conflict with a within-batch cluster)."""
    batch_clusters: list[list[RecordId]]
    """Within-batch duplicate groups (only when asked for, else empty); a group's records
    have at most one registry record among their matches."""
    batch_pairs: list[MatchPair]
    """Within-batch pairs at or above the threshold (only when asked for)."""
    stats: dict[str, float] = field(default_factory=dict)
