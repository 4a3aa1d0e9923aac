"""The conformance suite: every engine behind SEARCH_URL answers these the same way."""

from __future__ import annotations

import dataclasses

import pytest

from naikkelas.catalog.search import SearchQuery, SearchQueryError, open_engine
from tests.catalog.search.conftest import CATALOGUE, product


def ids(engine, **query):
    return engine.search(SearchQuery(**query)).ids


def test_rebuild_indexes_every_product(catalogue):
    assert catalogue.count() == 10
    assert catalogue.search(SearchQuery(limit=0)).total == 10


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("keripik", [1, 2]),
        ("kripik", [1, 2]),
        ("tenun", [3, 4]),
        ("tenunan", [3, 4]),
        ("anyaman", [5, 6]),
        ("dianyam", [5, 6]),
        ("sambel", [10]),
    ],
)
def test_stemmed_and_variant_forms_find_each_other(catalogue, text, expected):
    assert sorted(ids(catalogue, text=text)) == expected


def test_every_query_word_must_match(catalogue):
    assert ids(catalogue, text="keripik tempe") == [1]
    assert ids(catalogue, text="keripik tenun") == []


def test_function_words_are_ignored(catalogue):
    assert ids(catalogue, text="tas dari pandan") == [5]


def test_a_match_in_the_name_ranks_before_one_in_the_description(catalogue):
    catalogue.index([product(11, "Tikar mendong", description="Tikar dan tas anyaman")])
    assert ids(catalogue, text="tas")[:2] == [5, 11]


def test_quality_ranks_the_better_presented_of_two_equal_matches_first(catalogue):
    catalogue.index(
        [
            product(21, "Bakpia kacang hijau"),
            product(22, "Bakpia kacang hijau", photo_count=3, curated=True),
        ]
    )
    assert ids(catalogue, text="bakpia") == [22, 21]


def test_synonyms_apply_at_query_time_without_reindexing(catalogue):
    assert ids(catalogue, text="herbal") == []
    catalogue.set_synonyms([["jamu", "herbal"], ["tas", "kantong"]])
    assert ids(catalogue, text="herbal") == [7]
    assert ids(catalogue, text="kantong pandan") == [5]
    catalogue.set_synonyms([["tas", "kantong"]])
    assert ids(catalogue, text="herbal") == []


def test_a_synonym_of_several_words_needs_all_of_them(catalogue):
    catalogue.set_synonyms([["songket", "kain tenun"]])
    assert ids(catalogue, text="songket") == [3]


def test_one_wrong_letter_is_corrected_and_reported(catalogue):
    result = catalogue.search(SearchQuery(text="kerpik tempe"))
    assert (result.ids, result.corrected) == ([1], "keripik tempe")
    result = catalogue.search(SearchQuery(text="keranjag"))
    assert (result.ids, result.corrected) == ([6], "keranjang")


def test_a_known_word_is_not_corrected(catalogue):
    result = catalogue.search(SearchQuery(text="meja"))
    assert (result.ids, result.corrected) == ([9], None)


def test_a_word_far_from_every_known_word_finds_nothing(catalogue):
    result = catalogue.search(SearchQuery(text="komputer"))
    assert (result.total, result.ids, result.corrected) == (0, [], None)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"categories": ("fesyen",)}, [3, 4, 8]),
        ({"categories": ("fesyen-tenun", "kerajinan-kayu")}, [3, 4, 9]),
        ({"region": "34"}, [5]),
        ({"region": "33.20"}, [3, 9]),
        ({"region": "33.20.05"}, [3]),
        ({"certificates": ("halal",)}, [1, 10]),
        ({"certificates": ("halal", "pirt")}, [1]),
        ({"size_classes": ("small", "medium")}, [3, 7, 8]),
        ({"price_max": 10_000}, [2]),
        ({"price_min": 500_000}, [3, 9]),
        ({"price_min": 100_000, "price_max": 200_000}, [6]),
        ({"min_order_max": 2}, [3, 4]),
        ({"export_ready": True}, [3, 5]),
        ({"business_id": 2}, [6]),
        ({"cluster_id": 7}, [5, 6]),
        ({"cluster_id": 8, "text": "rotan"}, [6]),
    ],
)
def test_filters(catalogue, query, expected):
    result = catalogue.search(SearchQuery(limit=50, **query))
    assert (sorted(result.ids), result.total) == (expected, len(expected))


def test_sort_newest_first(catalogue):
    assert ids(catalogue, categories=("fesyen",), sort="newest") == [8, 4, 3]


def test_sort_by_price_puts_products_without_a_price_last(catalogue):
    assert ids(catalogue, categories=("fesyen",), sort="price_asc") == [8, 3, 4]
    assert ids(catalogue, categories=("fesyen",), sort="price_desc") == [3, 8, 4]


def test_paging_returns_the_page_and_the_whole_total(catalogue):
    everything = ids(catalogue, sort="newest", limit=50)
    assert everything == [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    page = catalogue.search(SearchQuery(sort="newest", offset=3, limit=4))
    assert (page.ids, page.total) == ([7, 6, 5, 4], 10)


def test_facets_count_the_result_set(catalogue):
    result = catalogue.search(
        SearchQuery(
            categories=("fesyen",),
            facets=("category", "province", "regency", "district", "certificate"),
        )
    )
    assert result.facets == {
        "category": {"fesyen": 3, "fesyen-tenun": 2, "fesyen-batik": 1},
        "province": {"33": 3},
        "regency": {"33.72": 2, "33.20": 1},
        "district": {"33.72.01": 2, "33.20.05": 1},
        "certificate": {},
    }


def test_band_facets_in_band_order(catalogue):
    result = catalogue.search(SearchQuery(facets=("price_band", "min_order_band")))
    assert result.facets == {
        "price_band": {
            "lt10k": 1,
            "10k-25k": 2,
            "25k-50k": 1,
            "50k-100k": 1,
            "100k-250k": 1,
            "250k-1m": 2,
            "1m-5m": 1,
        },
        "min_order_band": {"1": 1, "2-10": 8, "11-50": 1},
    }


def test_a_facets_own_filter_does_not_narrow_its_counts(catalogue):
    result = catalogue.search(
        SearchQuery(
            categories=("kuliner",),
            size_classes=("small",),
            export_ready=False,
            facets=("size_class", "export_ready", "certificate"),
        )
    )
    assert result.ids == [7]
    assert result.facets == {
        "size_class": {"micro": 3, "small": 1},
        "export_ready": {"false": 1},
        "certificate": {"bpom": 1},
    }


def test_facets_follow_the_text_query(catalogue):
    result = catalogue.search(SearchQuery(text="anyam", facets=("category", "export_ready")))
    assert result.facets == {
        "category": {"kerajinan": 2, "kerajinan-anyaman": 2},
        "export_ready": {"false": 1, "true": 1},
    }


def test_index_replaces_a_product_by_id(catalogue):
    catalogue.index([dataclasses.replace(CATALOGUE[0], name="Keripik Gadung")])
    assert catalogue.count() == 10
    assert ids(catalogue, text="tempe") == []
    assert ids(catalogue, text="gadung") == [1]


def test_delete_removes_products(catalogue):
    catalogue.delete([1, 2, 999])
    assert catalogue.count() == 8
    assert ids(catalogue, text="keripik") == []


def test_rebuild_replaces_everything(catalogue):
    catalogue.rebuild([product(30, "Batik cap")])
    assert (catalogue.count(), ids(catalogue, limit=50)) == (1, [30])
    # the vocabulary follows the rebuild: a removed product's word is no longer offered
    result = catalogue.search(SearchQuery(text="temple"))
    assert (result.ids, result.corrected) == ([], None)


def test_another_process_sees_index_updates_and_synonyms(catalogue, engine_url):
    other = open_engine(engine_url)
    assert other.search(SearchQuery(text="rendang")).ids == []
    catalogue.index([product(40, "Rendang daging")])
    catalogue.set_synonyms([["rendang", "randang"]])
    assert other.search(SearchQuery(text="randang")).ids == [40]
    assert other.count() == 11


def test_unknown_sort_or_facet_is_refused(catalogue):
    with pytest.raises(SearchQueryError):
        catalogue.search(SearchQuery(sort="cheapest"))
    with pytest.raises(SearchQueryError):
        catalogue.search(SearchQuery(facets=("colour",)))


def test_open_engine_refuses_an_unknown_url():
    with pytest.raises(ValueError, match="unknown search engine"):
        open_engine("solr://localhost/products")
