"""Pagination that stays fast on millions of rows: the total is counted up to a cap."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet

COUNT_CAP = 10_000


def capped_count(queryset: QuerySet[Any], cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(count, exact): counts at most ``cap`` rows, so a list of a million rows costs the
    same as one of ten thousand; ``exact`` is False when there are more."""
    count = queryset.order_by()[: cap + 1].count()
    return (cap, False) if count > cap else (count, True)


class CappedPaginator(Paginator):
    """``exact_count``: a total known cheaply another way (e.g. one indexed table), used
    instead of counting the list."""

    cap = COUNT_CAP

    def __init__(self, *args: Any, exact_count: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.exact_count = exact_count

    @cached_property
    def _capped(self) -> tuple[int, bool]:
        if self.exact_count is not None:
            return self.exact_count, True
        return capped_count(self.object_list, self.cap)

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return self._capped[0]

    @property
    def count_is_exact(self) -> bool:
        return self._capped[1]
