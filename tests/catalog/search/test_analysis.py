from __future__ import annotations

import pytest

from naikkelas.catalog.search.analysis import Synonyms, stem, terms, words


def test_words_are_lower_case_without_accents_or_punctuation():
    assert words("Kopi Gayo, 250gr — Café!") == ["kopi", "gayo", "250gr", "cafe"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("keripik", "keripik"),  # Snowball alone: "ripik"
        ("kripik", "keripik"),
        ("kemeja", "kemeja"),  # Snowball alone: "meja"
        ("terasi", "terasi"),  # Snowball alone: "asi"
        ("tenunan", "tenun"),
        ("ditenun", "tenun"),
        ("dianyam", "anyam"),
        ("anyaman", "anyam"),
        ("keripiknya", "keripik"),
        ("kemasan", "kemas"),
        ("makanan", "makan"),
        ("tas", "tas"),
    ],
)
def test_stem(word, expected):
    assert stem(word) == expected


def test_terms_drop_function_words():
    assert terms("Tas dan dompet dari kulit") == ["tas", "dompet", "kulit"]


def test_synonym_alternatives_put_the_word_first():
    synonyms = Synonyms([["jamu", "herbal"], ["Songket", "kain tenun", "songket"]])
    assert synonyms.groups == [["jamu", "herbal"], ["songket", "kain tenun"]]
    assert synonyms.alternatives("herbal") == [("herbal",), ("jamu",)]
    assert synonyms.alternatives("songket") == [("songket",), ("kain", "tenun")]
    assert synonyms.alternatives("batik") == [("batik",)]


def test_a_synonym_group_of_one_word_is_dropped():
    assert Synonyms([["jamu"], ["", " "]]).groups == []
