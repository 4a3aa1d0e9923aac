"""Resolve district (kecamatan) and village (kelurahan/desa) names to Kemendagri codes.

The regions are injected as plain records ``(code, parent_code, name, level)`` — level 1
province, 2 regency/city, 3 district, 4 village; codes in the dotted Kemendagri form
(``33.72.01.1002``) — and resolution is scoped to the importing organisation's area
(a code prefix such as ``33.72``, Kota Surakarta). Names match in any case, with or
without ``Kec.``/``Kecamatan``/``Kel.``/``Kelurahan``/``Desa``/``Ds.``, and a small typo
is accepted only when exactly one name in scope is that close.
"""

from __future__ import annotations

import csv
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .problems import Problem
from .values import is_blank

PROVINCE, REGENCY, DISTRICT, VILLAGE = 1, 2, 3, 4


class RegionRecord(NamedTuple):
    code: str  # dotted Kemendagri code: "33", "33.72", "33.72.01", "33.72.01.1002"
    parent_code: str | None
    name: str
    level: int  # 1 province, 2 regency/city, 3 district, 4 village


RegionLike = RegionRecord | tuple[str, str | None, str, int]

_PREFIXES: dict[int, frozenset[str]] = {
    PROVINCE: frozenset({"PROVINSI", "PROV", "PROPINSI"}),
    REGENCY: frozenset({"KABUPATEN", "KAB", "KOTA", "KOTAMADYA", "KODYA", "KOTIF"}),
    DISTRICT: frozenset({"KECAMATAN", "KEC", "KAPANEWON", "KEMANTREN", "DISTRIK"}),
    VILLAGE: frozenset({"KELURAHAN", "KEL", "DESA", "DS", "KALURAHAN", "NAGARI", "GAMPONG"}),
}
_CITY_WORDS = frozenset({"KOTA", "KOTAMADYA", "KODYA", "KOTIF"})
_REGENCY_WORDS = frozenset({"KABUPATEN", "KAB"})
# Everyday names of cities that differ from the official one.
REGENCY_ALIASES = {"SOLO": "SURAKARTA", "JOGJA": "YOGYAKARTA", "JOGJAKARTA": "YOGYAKARTA"}
_NON_ALNUM = re.compile(r"[^0-9A-Z]+")


def _words(name: Any) -> list[str]:
    return _NON_ALNUM.sub(" ", str(name).upper()).split()


def region_key(name: Any, level: int) -> str:
    """Compare key: upper case, prefixes (``Kec.``, ``Kel.``, ``Desa``…) and spaces dropped."""
    words = _words(name)
    while len(words) > 1 and words[0] in _PREFIXES[level]:
        words = words[1:]
    if level == REGENCY and len(words) == 1:
        words = [REGENCY_ALIASES.get(words[0], words[0])]
    return "".join(words)


def _regency_kind(name: Any) -> str | None:
    words = _words(name)
    if words and words[0] in _CITY_WORDS:
        return "kota"
    if words and words[0] in _REGENCY_WORDS:
        return "kabupaten"
    return None


def dotted_code(code: str) -> str:
    """``"3372011002"`` → ``"33.72.01.1002"``; a dotted code is returned as it is."""
    code = code.strip()
    if "." in code or not code.isdigit():
        return code
    parts = [code[:2], code[2:4], code[4:6], code[6:]]
    return ".".join(part for part in parts if part)


@dataclass(frozen=True, slots=True)
class RegionResolution:
    regency: str | None = None
    district: str | None = None
    village: str | None = None
    problems: tuple[Problem, ...] = ()


@dataclass(slots=True)
class _Found:
    """A resolution being built."""

    regency: str | None = None
    district: str | None = None
    village: str | None = None
    problems: list[Problem] = field(default_factory=list)


class _Scope:
    """Records of one level, indexed by key, with fuzzy lookup."""

    __slots__ = ("by_key", "keys")

    def __init__(self, records: Iterable[RegionRecord], level: int) -> None:
        self.by_key: dict[str, list[RegionRecord]] = defaultdict(list)
        for record in records:
            self.by_key[region_key(record.name, level)].append(record)
        self.keys = list(self.by_key)

    def exact(self, key: str) -> list[RegionRecord]:
        return self.by_key.get(key, [])

    def near(self, key: str) -> list[RegionRecord] | None:
        """Records of the one key within a small edit distance, or None if none or several."""
        allowed = 1 if len(key) <= 6 else 2
        found = process.extract(
            key, self.keys, scorer=Levenshtein.distance, score_cutoff=allowed, limit=2
        )
        if len(found) != 1:
            return None
        return self.by_key[found[0][0]]


class RegionIndex:
    """Regions of one area, for resolving names typed in a spreadsheet."""

    def __init__(self, regions: Iterable[RegionLike], area_code: str) -> None:
        records = [r if isinstance(r, RegionRecord) else RegionRecord(*r) for r in regions]
        self.area_code = dotted_code(area_code)
        self.by_code = {record.code: record for record in records}
        if self.area_code not in self.by_code:
            raise ValueError(f"area {self.area_code!r} is not in the regions given")
        self.area = self.by_code[self.area_code]
        self.area_label = self.label(self.area)
        inside = self.area_code + "."
        in_area = [r for r in records if r.code == self.area_code or r.code.startswith(inside)]
        if self.area.level > REGENCY:  # a district or village office: its regency is in scope
            parent = self.area_code.rsplit(".", self.area.level - REGENCY)[0]
            if parent in self.by_code:
                in_area.append(self.by_code[parent])
        self._regencies = [r for r in in_area if r.level == REGENCY]
        self._districts = [r for r in in_area if r.level == DISTRICT]
        self._villages = [r for r in in_area if r.level == VILLAGE]
        self._district_scope = _Scope(self._districts, DISTRICT)
        self._village_scope = _Scope(self._villages, VILLAGE)
        self._scopes: dict[tuple[str, int], _Scope] = {}
        self._elsewhere = _Scope((r for r in records if r.level == DISTRICT), DISTRICT)
        self._cache: dict[tuple[Any, ...], RegionResolution] = {}

    def label(self, record: RegionRecord) -> str:
        """How a region is named in messages: ``Kota Surakarta``, ``Kecamatan Laweyan``."""
        if record.level == PROVINCE:
            return f"Provinsi {record.name}"
        if record.level == DISTRICT:
            return f"Kecamatan {record.name}"
        if record.level == VILLAGE:
            return f"Kelurahan/Desa {record.name}"
        return record.name

    def _children(self, parent_code: str, level: int) -> _Scope:
        scope = self._scopes.get((parent_code, level))
        if scope is None:
            pool = self._districts if level == DISTRICT else self._villages
            prefix = parent_code + "."
            scope = _Scope((r for r in pool if r.code.startswith(prefix)), level)
            self._scopes[(parent_code, level)] = scope
        return scope

    def resolve(
        self, *, district: Any = None, village: Any = None, regency: Any = None
    ) -> RegionResolution:
        """Codes for the names given (any may be empty), with problems; results are cached."""
        values = (regency, district, village)
        raw: tuple[Any, ...] | None = values
        try:
            return self._cache[values]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell value
            raw = None
        regency_text, district_text, village_text = (
            "" if is_blank(v) else " ".join(str(v).split()) for v in values
        )
        texts = (regency_text, district_text, village_text)
        result = self._cache.get(texts)
        if result is None:
            found = _Found()
            self._resolve(regency_text, district_text, village_text, found)
            result = RegionResolution(
                found.regency, found.district, found.village, tuple(found.problems)
            )
            self._cache[texts] = result
        if raw is not None and len(self._cache) < 100_000:
            self._cache[raw] = result
        return result

    def _resolve(
        self, regency_text: str, district_text: str, village_text: str, result: _Found
    ) -> None:
        regency = self._match_regency(regency_text, result) if regency_text else None
        if regency_text and regency is None:
            return
        district = None
        if district_text:
            scope = self._children(regency.code, DISTRICT) if regency else self._district_scope
            district = self._match_district(district_text, scope, result)
            if district is None:
                return
        if village_text:
            village = self._match_village(village_text, district, regency, result)
            if village is not None:
                result.village = village.code
                district = district or self.by_code.get(village.parent_code or "")
        if district is not None:
            result.district = district.code
            regency = regency or self.by_code.get(district.parent_code or "")
        if regency is not None:
            result.regency = regency.code

    def _match_regency(self, text: str, result: _Found) -> RegionRecord | None:
        key, kind = region_key(text, REGENCY), _regency_kind(text)
        for record in self._regencies:
            same_kind = kind is None or _regency_kind(record.name) in (None, kind)
            if region_key(record.name, REGENCY) == key and same_kind:
                return record
        result.problems.append(
            Problem("regency_not_in_area", "regency", text, {"area": self.area_label})
        )
        return None

    def _match_district(self, text: str, scope: _Scope, result: _Found) -> RegionRecord | None:
        key = region_key(text, DISTRICT)
        found = scope.exact(key)
        guessed = False
        if not found:
            found = scope.near(key) or []
            guessed = bool(found)
        if len(found) == 1:
            if guessed:
                match = self.label(found[0])
                result.problems.append(
                    Problem("district_guessed", "district", text, {"match": match})
                )
            return found[0]
        params: dict[str, Any] = {"area": self.area_label}
        if found:
            params["candidates"] = [self._parent_label(r) for r in found]
            result.problems.append(Problem("district_ambiguous", "district", text, params))
            return None
        elsewhere = [self._parent_label(r) for r in self._elsewhere.exact(key)]
        if elsewhere:
            params["elsewhere"] = elsewhere
        result.problems.append(Problem("district_not_in_area", "district", text, params))
        return None

    def _match_village(
        self,
        text: str,
        district: RegionRecord | None,
        regency: RegionRecord | None,
        result: _Found,
    ) -> RegionRecord | None:
        key = region_key(text, VILLAGE)
        if district is not None:
            scope = self._children(district.code, VILLAGE)
        elif regency is not None:
            scope = self._children(regency.code, VILLAGE)
        else:
            scope = self._village_scope
        found = scope.exact(key)
        guessed = False
        if not found:
            found = scope.near(key) or []
            guessed = bool(found)
        if len(found) == 1:
            if guessed:
                match = self.label(found[0])
                result.problems.append(
                    Problem("village_guessed", "village", text, {"match": match})
                )
            return found[0]
        if found:  # no district given and the name is in several districts
            candidates = [self._parent_label(r) for r in found]
            result.problems.append(
                Problem("village_ambiguous", "village", text, {"candidates": candidates})
            )
            return None
        if district is not None:
            params: dict[str, Any] = {"district": district.name}
            elsewhere = [self._parent_label(r) for r in self._village_scope.exact(key)]
            if elsewhere:
                params["elsewhere"] = elsewhere
            result.problems.append(Problem("village_not_in_district", "village", text, params))
            return None
        area = self.label(regency) if regency is not None else self.area_label
        result.problems.append(Problem("village_not_in_area", "village", text, {"area": area}))
        return None

    def _parent_label(self, record: RegionRecord) -> str:
        parent = self.by_code.get(record.parent_code or "")
        return self.label(parent) if parent is not None else (record.parent_code or "")


def load_wilayah(
    data_dir: str | os.PathLike[str], prefixes: Sequence[str] | None = None
) -> list[RegionRecord]:
    """Region records from the ``wilayah_*.csv`` files (shared reference data).

    With ``prefixes`` (e.g. ``["33.72"]``) only those areas are kept, with their
    ancestors, so tests and small offices do not load all 83,762 villages.
    """
    files = (
        ("wilayah_provinces.csv", PROVINCE, None),
        ("wilayah_regencies.csv", REGENCY, "province_code"),
        ("wilayah_districts.csv", DISTRICT, "regency_code"),
        ("wilayah_villages.csv", VILLAGE, "district_code"),
    )
    wanted = tuple(dotted_code(prefix) for prefix in prefixes) if prefixes else None
    records: list[RegionRecord] = []
    for filename, level, parent_column in files:
        with open(os.path.join(data_dir, filename), encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                code = row["code"]
                if wanted is not None and not any(
                    code == prefix or code.startswith(prefix + ".") or prefix.startswith(code + ".")
                    for prefix in wanted
                ):
                    continue
                parent = row[parent_column] if parent_column else None
                records.append(RegionRecord(code, parent, row["name"], level))
    return records
