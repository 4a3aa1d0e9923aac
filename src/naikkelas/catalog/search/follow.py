"""Keeping a machine's index up to date from a change log (server tier, several machines;
[decision 0022](../../../../docs/decisions/0022-search-engines-and-index-updates.md)).

Every product change writes one row to a change log in the shared database (in the same
transaction as the change): ``(change id, product id)``. On each machine one follower
process reads the rows after the last one it applied, asks the catalog for the products'
current documents and applies them to the local index: a document is indexed, a product
that is gone or not public is deleted. The position is kept beside the index, written only
after the engine applied the batch, so a follower that stops resumes where it was; applying
a change twice does no harm. A change with product id ``SYNONYMS`` (0) means "the
synonym groups changed": the follower reads them and gives them to its engine.

The catalog provides the two reads (Django side); this module is plain Python:

    follower = Follower(
        engine=open_engine(SEARCH_URL),
        position_file=Path(DATA_DIR, "search-position.json"),
        changes_after=lambda position, limit: [(change_id, product_id), ...],
        documents=lambda product_ids: {product_id: ProductDoc or None},
        rebuild_documents=lambda: iter(all public ProductDocs),
        last_change=lambda: the highest change id (0 when none),
        synonyms=lambda: [["kripik", "keripik"], ...],
    )
    follower.run(poll_seconds=1.0)
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from naikkelas.catalog.search.types import ProductDoc, SearchEngine

BATCH = 500
SYNONYMS = 0  # the product id of a change log row that says "synonyms changed"


@dataclass
class Follower:
    engine: SearchEngine
    position_file: Path
    changes_after: Callable[[int, int], list[tuple[int, int]]]
    documents: Callable[[list[int]], Mapping[int, ProductDoc | None]]
    rebuild_documents: Callable[[], Iterable[ProductDoc]]
    last_change: Callable[[], int]
    synonyms: Callable[[], Iterable[Iterable[str]]]
    batch: int = BATCH

    def position(self) -> int | None:
        try:
            return int(json.loads(self.position_file.read_text())["position"])
        except FileNotFoundError:
            return None

    def _save(self, position: int) -> None:
        self.position_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.position_file.parent, prefix=".position.")
        with os.fdopen(fd, "w") as handle:
            json.dump({"position": position}, handle)
        os.replace(tmp, self.position_file)

    def start(self) -> int:
        """A machine without a position rebuilds its index first. The log position is read
        before the rebuild, so changes made during it are applied afterwards."""
        position = self.position()
        if position is None:
            position = self.last_change()
            self.engine.set_synonyms(self.synonyms())
            self.engine.rebuild(self.rebuild_documents())
            self._save(position)
        return position

    def step(self) -> int:
        """Apply the next batch of changes; the number of changes applied."""
        position = self.start()
        changes = self.changes_after(position, self.batch)
        if not changes:
            return 0
        product_ids = list(dict.fromkeys(pid for _change, pid in changes if pid != SYNONYMS))
        if len(product_ids) < len({pid for _change, pid in changes}):
            self.engine.set_synonyms(self.synonyms())
        found = self.documents(product_ids) if product_ids else {}
        docs = [doc for pid in product_ids if (doc := found.get(pid)) is not None]
        gone = [pid for pid in product_ids if found.get(pid) is None]
        if docs:
            self.engine.index(docs)
        if gone:
            self.engine.delete(gone)
        self._save(max(change for change, _product in changes))
        return len(changes)

    def run(self, *, poll_seconds: float = 1.0, stop: Callable[[], bool] = lambda: False) -> None:
        while not stop():
            if self.step() < self.batch:
                time.sleep(poll_seconds)
