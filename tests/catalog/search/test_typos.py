from __future__ import annotations

from naikkelas.catalog.search.typos import Vocabulary, doc_words


def test_doc_words_skip_short_words_and_numbers():
    assert doc_words("Kopi 250 gr", "Tas anyam") == {"kopi", "tas", "anyam"}


def test_correct_prefers_the_nearest_then_the_most_frequent_word():
    vocabulary = Vocabulary({"batik": 10, "botol": 3, "batok": 1, "keranjang": 2})
    assert vocabulary.correct("batik") is None  # known
    assert vocabulary.correct("bstik") == "batik"  # one letter replaced
    assert vocabulary.correct("batk") == "batik"  # one dropped
    assert vocabulary.correct("abtik") == "batik"  # two neighbours swapped
    assert vocabulary.correct("batek") == "batik"  # batik and batok at 1: the frequent one
    assert vocabulary.correct("karanjnag") == "keranjang"  # two edits in a long word
    assert vocabulary.correct("krnjang") is None  # two edits in a shorter word
    assert vocabulary.correct("bxxxk") is None


def test_vocabulary_knows_stems_of_its_words():
    vocabulary = Vocabulary()
    vocabulary.add([{"tenunan"}, {"kripik"}])
    assert (vocabulary.knows("tenun"), vocabulary.knows("keripik")) == (True, True)
    assert vocabulary.counts == {"tenunan": 1, "kripik": 1}


def test_vocabulary_does_not_learn_short_words_or_numbers():
    vocabulary = Vocabulary()
    vocabulary.add([{"tas", "kg", "250", "250gr", "batik"}, {"batik", "di"}])
    assert vocabulary.counts == {"tas": 1, "250gr": 1, "batik": 2}
