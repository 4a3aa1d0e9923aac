from naikkelas.catalog import hs_suggest, hscodes


def test_every_bridge_code_is_an_hs_2022_subheading():
    subheadings = {row.code for row in hscodes.read_codes() if row.level == 6}
    assert [code for _words, code in hs_suggest.BRIDGE if code not in subheadings] == []


def test_the_longer_phrase_wins_and_spelling_is_folded():
    assert hs_suggest.suggest("Kripik Tempe Sagu Pedas")[0].code == "210690"
    assert hs_suggest.suggest("Keripik Singkong Balado")[0].code == "200899"
    assert hs_suggest.suggest("Krupuk Rambak Kulit Sapi")[0].code == "160250"
    assert hs_suggest.suggest("Kerupuk Puli")[0].code == "190590"


def test_clothing_and_crafts():
    assert hs_suggest.suggest("Kemeja Batik Tulis Pria Lengan Panjang")[0].code == "620520"
    assert hs_suggest.suggest("Kain Batik Tulis Motif Parang")[0].code == "520852"
    assert hs_suggest.suggest("Tas Anyaman Pandan")[0].code == "460219"
    assert hs_suggest.suggest("Guci Gerabah Kasongan")[0].code == "691390"


def test_the_description_counts_less_than_the_name():
    result = hs_suggest.suggest("Oleh-oleh Khas Solo", "Kopi bubuk robusta dari lereng Lawu")
    assert result[0].code == "090121"


def test_no_bridge_word_means_no_suggestion():
    assert hs_suggest.suggest("Produk Unggulan Kami") == []
