from __future__ import annotations

import dataclasses

from naikkelas.catalog.search import SearchQuery, open_engine
from naikkelas.catalog.search.follow import SYNONYMS, Follower
from tests.catalog.search.conftest import CATALOGUE, product


class Log:
    """A change log and a product table, as the catalog's database would hold them."""

    def __init__(self):
        self.products = {d.id: d for d in CATALOGUE[:3]}
        self.changes: list[tuple[int, int]] = []
        self.synonyms = [["gula", "pemanis"]]

    def change(self, doc=None, *, remove=None, synonyms=None):
        if doc is not None:
            self.products[doc.id] = doc
        if remove is not None:
            self.products.pop(remove)
        if synonyms is not None:
            self.synonyms = synonyms
        self.changes.append((len(self.changes) + 1, doc.id if doc else remove or SYNONYMS))

    def follower(self, engine, path):
        return Follower(
            engine=engine,
            position_file=path,
            changes_after=lambda pos, limit: [c for c in self.changes if c[0] > pos][:limit],
            documents=lambda ids: {i: self.products.get(i) for i in ids},
            rebuild_documents=lambda: list(self.products.values()),
            last_change=lambda: len(self.changes),
            synonyms=lambda: self.synonyms,
            batch=2,
        )


def test_a_new_machine_rebuilds_then_follows_the_log(tmp_path):
    log = Log()
    log.change(product(50, "Gula aren cair"))
    engine = open_engine(f"tantivy://{tmp_path / 'search'}")
    follower = log.follower(engine, tmp_path / "position.json")
    assert follower.step() == 0  # the rebuild took in everything so far
    assert (engine.count(), follower.position()) == (4, 1)

    log.change(dataclasses.replace(CATALOGUE[0], name="Keripik Gadung"))
    log.change(remove=2)
    log.change(product(51, "Gula semut"))
    assert follower.step() == 2  # a batch at a time
    assert follower.step() == 1
    assert follower.step() == 0
    assert follower.position() == 4
    assert engine.search(SearchQuery(text="gadung")).ids == [1]
    assert engine.search(SearchQuery(text="gula")).total == 2
    assert engine.search(SearchQuery(text="pemanis")).total == 2  # synonyms at the rebuild
    assert engine.count() == 4


def test_a_synonym_change_in_the_log_reaches_the_engine(tmp_path):
    log = Log()
    engine = open_engine(f"tantivy://{tmp_path / 'search'}")
    follower = log.follower(engine, tmp_path / "position.json")
    follower.step()
    log.change(synonyms=[["tenun", "wastra"]])
    assert follower.step() == 1
    assert engine.search(SearchQuery(text="wastra")).ids == [3]


def test_a_restarted_follower_resumes_from_its_position(tmp_path):
    log = Log()
    engine = open_engine(f"tantivy://{tmp_path / 'search'}")
    log.follower(engine, tmp_path / "position.json").step()
    log.change(product(60, "Madu klanceng"))
    again = log.follower(
        open_engine(f"tantivy://{tmp_path / 'search'}"), tmp_path / "position.json"
    )
    assert again.step() == 1
    assert engine.search(SearchQuery(text="klanceng")).ids == [60]
