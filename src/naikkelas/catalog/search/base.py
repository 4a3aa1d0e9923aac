"""What every engine shares: query checks, the text plan (synonyms, typo correction) and the
facet rules. An engine implements the three ``_`` methods on its own storage."""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Iterable

from naikkelas.catalog.search.analysis import Synonyms
from naikkelas.catalog.search.plan import TextPlan, plan_text
from naikkelas.catalog.search.types import (
    ProductDoc,
    SearchQuery,
    SearchResult,
    check_query,
)
from naikkelas.catalog.search.typos import Vocabulary

# Disjunctive facets: counted without their own filter (the query's other filters apply).
DISJUNCTIVE: dict[str, dict[str, object]] = {
    "size_class": {"size_classes": ()},
    "price_band": {"price_min": None, "price_max": None},
    "min_order_band": {"min_order_max": None},
    "export_ready": {"export_ready": None},
}


def _filter_active(query: SearchQuery, facet: str) -> bool:
    defaults = SearchQuery()
    return any(getattr(query, name) != getattr(defaults, name) for name in DISJUNCTIVE[facet])


class BaseEngine(ABC):
    """Implements :class:`~naikkelas.catalog.search.types.SearchEngine`'s ``search``."""

    def search(self, query: SearchQuery) -> SearchResult:
        check_query(query)
        self._refresh()
        plan = plan_text(query.text, self._synonyms(), self._vocabulary())
        total, ids = self._ids(query, plan)
        facets: dict[str, dict[str, int]] = {}
        if query.facets:
            plain = [
                f for f in query.facets if f not in DISJUNCTIVE or not _filter_active(query, f)
            ]
            if plain:
                facets.update(self._facets(query, plan, plain))
            for facet in query.facets:
                if facet not in plain:
                    widened = dataclasses.replace(query, **DISJUNCTIVE[facet])  # type: ignore[arg-type]
                    facets.update(self._facets(widened, plan, [facet]))
            facets = {f: facets.get(f, {}) for f in query.facets}
        return SearchResult(total=total, ids=ids, facets=facets, corrected=plan.corrected)

    def rebuild(self, docs: Iterable[ProductDoc]) -> None:
        self._replace_all(docs)

    # --- per engine ------------------------------------------------------------------------

    def _refresh(self) -> None:  # noqa: B027 - optional: engines without caches skip it
        """See changes made by other processes (synonyms, vocabulary)."""

    @abstractmethod
    def _synonyms(self) -> Synonyms: ...

    @abstractmethod
    def _vocabulary(self) -> Vocabulary | None: ...

    @abstractmethod
    def _ids(self, query: SearchQuery, plan: TextPlan) -> tuple[int, list[int]]: ...

    @abstractmethod
    def _facets(
        self, query: SearchQuery, plan: TextPlan, names: list[str]
    ) -> dict[str, dict[str, int]]: ...

    @abstractmethod
    def _replace_all(self, docs: Iterable[ProductDoc]) -> None: ...


def normalise_groups(groups: Iterable[Iterable[str]]) -> list[list[str]]:
    """Synonym groups as stored: words trimmed, empty members and one-member groups dropped."""
    return Synonyms(groups).groups
