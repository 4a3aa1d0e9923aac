"""Clusters from matched pairs: union-find with guards against chaining.

Pairs are merged best first. A merge is refused when it would

* make a cluster larger than ``max_size`` (a long chain of "A looks like B looks like C"
  is how two different "Toko Sumber Rejeki" end up in one giant cluster);
* put two different NIBs in one cluster (one NIB is one *pelaku usaha*);
* put two records in one cluster that must stay apart (``cannot_link``: e.g. two registry
  records when linking, since the registry already holds distinct businesses).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x


def cluster_pairs(
    edges: Iterable[tuple[int, int]],
    n: int,
    *,
    nib: Sequence[int] | None = None,
    exclusive: Sequence[bool] | None = None,
    max_size: int = 10,
) -> tuple[list[list[int]], int]:
    """Clusters (lists of row indices, two or more rows each, smallest row first) from
    ``edges`` given best first; returns (clusters, number of merges refused).

    ``nib``: NIB code per row (0 = none); ``exclusive``: rows of which a cluster may hold
    at most one."""
    uf = _UnionFind(n)
    nibs: dict[int, int] = {}
    if nib is not None:
        nibs = {row: int(code) for row, code in enumerate(nib) if code}
    held: dict[int, bool] = {}
    if exclusive is not None:
        held = {row: True for row, flag in enumerate(exclusive) if flag}
    refused = 0
    for a, b in edges:
        root_a, root_b = uf.find(a), uf.find(b)
        if root_a == root_b:
            continue
        if uf.size[root_a] + uf.size[root_b] > max_size:
            refused += 1
            continue
        nib_a, nib_b = nibs.get(root_a), nibs.get(root_b)
        if nib_a is not None and nib_b is not None and nib_a != nib_b:
            refused += 1
            continue
        if held.get(root_a) and held.get(root_b):
            refused += 1
            continue
        if uf.size[root_a] < uf.size[root_b]:
            root_a, root_b = root_b, root_a
        uf.parent[root_b] = root_a
        uf.size[root_a] += uf.size[root_b]
        if nib_a is None and nib_b is not None:
            nibs[root_a] = nib_b
        if held.get(root_b):
            held[root_a] = True
    members: dict[int, list[int]] = {}
    for row in range(n):
        root = uf.find(row)
        if uf.size[root] > 1:
            members.setdefault(root, []).append(row)
    clusters = sorted(members.values(), key=lambda rows: rows[0])
    return clusters, refused
