from __future__ import annotations

import pytest

from naikkelas.registry.dedupe.normalise import (
    normalise_address,
    normalise_business_name,
    normalise_email,
    normalise_nib,
    normalise_owner_name,
    sorted_words,
)


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("CV. Keripik Tempe Bu Sri", "keripik tempe sri"),
        ('C.V. KRIPIK TEMPE "BU SRI"', "keripik tempe sri"),
        ("CV.Keripik Tempe", "keripik tempe"),
        ("Mebel Jati Makmur, CV", "mebel jati makmur"),
        ("PT. Mebel Jati Makmur", "mebel jati makmur"),
        ("P.T. Sido Muncul Tbk.", "sido muncul"),
        ("Usaha Dagang Maju", "maju"),
        ("Perseroan Terbatas Sido Muncul", "sido muncul"),
        ("Toko Sumber Rezeki", "sumber rejeki"),
        ("Toko Tk. Berkah", "berkah"),
        ("KUD Sari Tani", "unit desa sari tani"),
        ("Koperasi Unit Desa Sari Tani", "unit desa sari tani"),
        ("Kop. Wanita Melati", "wanita melati"),
        ("Kopwan Melati", "wanita melati"),
        ("Batik Laweyan Sekar Jagad", "batik laweyan sekar jagad"),
        ("Warung Makan Bu Tini", "warung makan tini"),
        ("Sate Mbok Ni'ah", "sate niah"),
        ("Tjahaja Djaja", "cahaya jaya"),
        ("Meubel Widjaja", "mebel wijaya"),
        ("Bakso & Mie Ayam Pak Min", "bakso mie ayam min"),
    ],
)
def test_business_name_drops_legal_form_filler_and_spelling_variants(written, normalised):
    assert normalise_business_name(written) == normalised


@pytest.mark.parametrize(
    ("written", "normalised"),
    [("UD", "ud"), ("Toko", "toko"), ("Usaha Dagang", "usaha dagang"), ("", ""), (None, "")],
)
def test_business_name_of_only_filler_keeps_its_words(written, normalised):
    assert normalise_business_name(written) == normalised


def test_signal_words_are_kept_so_two_crafts_stay_apart():
    assert normalise_business_name("Batik Sekar") == "batik sekar"
    assert normalise_business_name("Tenun Sekar") == "tenun sekar"


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("Hj. Sri Wahyuni, S.E.", "sri wahyuni"),
        ("Sri Wahyuni, S.E., M.M.", "sri wahyuni"),
        ("Ibu Siti Aminah S.Pd", "siti aminah"),
        ("BAPAK SLAMET RIYADI SE", "slamet riyadi"),
        ("Bpk Drs. H. Moch. Djoko", "muhammad joko"),
        ("Drs. H. Muh. Ali, M.Pd.", "muhammad ali"),
        ("Prof. Dr. Ir. Bambang Hartono, M.Sc.", "bambang hartono"),
        ("Sdr. Budi Santoso, A.Md.", "budi santoso"),
        ("H.Ahmad", "ahmad"),
        ("Achmad Yusuf", "ahmad yusuf"),
        ("St. Aminah", "siti aminah"),
        ("Mbak Yuni", "yuni"),
        ("Pak Slamet", "slamet"),
        ("Ir. Soekarno", "sukarno"),
        ("Ny. Rahajoe Wahjoeni", "rahayu wahyuni"),
    ],
)
def test_owner_name_drops_titles_and_degrees_before_and_after(written, normalised):
    assert normalise_owner_name(written) == normalised


@pytest.mark.parametrize(("written", "normalised"), [("Ibu", "ibu"), ("Haji", "haji"), (None, "")])
def test_owner_name_of_only_a_title_keeps_it(written, normalised):
    assert normalise_owner_name(written) == normalised


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("Jalan Slamet Riyadi No. 012, RT 002/RW 05", "jl slamet riyadi no12 rt2 rw5"),
        ("Jl.Slamet Riyadi no.12 rt02 rw05", "jl slamet riyadi no12 rt2 rw5"),
        ("Dsn. Kragilan RT.01/RW.03", "dsn kragilan rt1 rw3"),
        ("Dusun Kragilan Rt 1 Rw 3", "dsn kragilan rt1 rw3"),
        ("Kampung Surya RT 09/RW 04, Kel. Keloran", "kp surya rt9 rw4 kel keloran"),
    ],
)
def test_address_folds_abbreviations_and_numbers(written, normalised):
    assert normalise_address(written) == normalised


def test_address_keeps_rt_and_rw_apart():
    assert normalise_address("RT 04/RW 09") == "rt4 rw9"
    assert normalise_address("RT 09/RW 04") == "rt9 rw4"


def test_nib_is_thirteen_digits_or_nothing():
    assert normalise_nib("9120-0012-34567") == "9120001234567"
    assert normalise_nib("912000123456") == ""
    assert normalise_nib(None) == ""


def test_email_and_word_order():
    assert normalise_email(" Sri.Keripik@Gmail.com ") == "sri.keripik@gmail.com"
    assert sorted_words("tempe keripik sri") == "keripik sri tempe"
