"""Records turned into columns of normalised keys and integer codes, ready to block and score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .normalise import (
    normalise_address,
    normalise_business_name,
    normalise_email,
    normalise_nib,
    normalise_owner_name,
    sorted_words,
)
from .records import BusinessRecord, RecordId


@dataclass(slots=True)
class Prepared:
    """Columns of one or more record sets; row ``i`` is ``records[i]``.

    String columns are normalised (``""`` when missing); code columns are small integers,
    equal codes for equal values across everything prepared together, 0 when missing."""

    records: list[BusinessRecord]
    ids: list[RecordId]
    # Strings as numpy object arrays (cheap to gather by pair), normalised, "" when missing.
    name: np.ndarray  # word order kept
    name_key: np.ndarray  # words sorted, so word order never matters
    name_length: np.ndarray
    owner: np.ndarray  # word order kept
    owner_key: np.ndarray
    owner_length: np.ndarray
    owner_short: np.ndarray  # code of first + last word, for owners written with 2+ words
    address: np.ndarray
    address_length: np.ndarray
    phone: np.ndarray
    nib: np.ndarray
    email: np.ndarray
    village: np.ndarray
    district: np.ndarray
    source: np.ndarray  # 0 for the first record set (the registry), 1 for the second (the batch)

    def __len__(self) -> int:
        return len(self.ids)


def _codes(values: list[str], table: dict[str, int]) -> np.ndarray:
    """Integer code per value, 0 for ``""``; ``table`` is shared so codes agree across sets."""
    table.setdefault("", 0)
    for value in dict.fromkeys(values):
        if value not in table:
            table[value] = len(table)
    return np.array([table[value] for value in values], dtype=np.int32)


def _strings(values: list[str]) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _lengths(values: list[str]) -> np.ndarray:
    return np.fromiter(map(len, values), dtype=np.int32, count=len(values))


def _first_last(owner: str) -> str:
    words = owner.split()
    return f"{words[0]} {words[-1]}" if len(words) >= 2 else ""


def _district(record: BusinessRecord) -> str:
    if record.district_code:
        return record.district_code
    if record.village_code and record.village_code.count(".") == 3:
        return record.village_code.rsplit(".", 1)[0]
    return ""


def prepare(*record_sets: Sequence[BusinessRecord]) -> Prepared:
    """Normalise one record set (dedupe) or two (registry first, then batch: linking)."""
    records: list[BusinessRecord] = []
    source: list[int] = []
    for index, record_set in enumerate(record_sets):
        records.extend(record_set)
        source.extend([index] * len(record_set))
    name = [normalise_business_name(record.name) for record in records]
    owner = [normalise_owner_name(record.owner_name) for record in records]
    address = [normalise_address(record.address) for record in records]
    tables: dict[str, dict[str, int]] = {key: {} for key in ("p", "n", "e", "v", "d", "o")}
    return Prepared(
        records=records,
        ids=[record.id for record in records],
        name=_strings(name),
        name_key=_strings([sorted_words(value) for value in name]),
        name_length=_lengths(name),
        owner=_strings(owner),
        owner_key=_strings([sorted_words(value) for value in owner]),
        owner_length=_lengths(owner),
        owner_short=_codes([_first_last(value) for value in owner], tables["o"]),
        address=_strings(address),
        address_length=_lengths(address),
        phone=_codes([record.phone or "" for record in records], tables["p"]),
        nib=_codes([normalise_nib(record.nib) for record in records], tables["n"]),
        email=_codes([normalise_email(record.email) for record in records], tables["e"]),
        village=_codes([record.village_code or "" for record in records], tables["v"]),
        district=_codes([_district(record) for record in records], tables["d"]),
        source=np.asarray(source, dtype=np.int8),
    )
