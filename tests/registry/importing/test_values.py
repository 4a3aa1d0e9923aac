"""Value normalisers: exact values in, exact values (or a problem code) out."""

import random

import phonenumbers
import pytest

from naikkelas.registry.importing.problems import CATALOGUE, Problem, render
from naikkelas.registry.importing.values import (
    _quick_validator,
    clean_name,
    clean_text,
    is_blank,
    kbli_codes,
    parse_email,
    parse_gender,
    parse_halal,
    parse_kbli,
    parse_legal_form,
    parse_money,
    parse_nib,
    parse_nik,
    parse_phone,
    parse_pirt,
    parse_product_types,
    parse_workforce,
    split_certificates,
    split_phones,
)


def code(result):
    assert isinstance(result, Problem), f"expected a problem, got {result!r}"
    return result.code


# --- phones ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("0062 812 3456 7890", "+6281234567890"),
        ("(0812) 3456.7890", "+6281234567890"),
        ("'081234567890", "+6281234567890"),
        ("WA: 0812 3456 7890", "+6281234567890"),
        ("0271-714222", "+62271714222"),
    ],
)
def test_parse_phone_text_to_e164(raw, e164):
    assert parse_phone(raw) == e164


def test_parse_phone_number_cell_that_lost_its_leading_zero():
    assert parse_phone(81234567890) == "+6281234567890"


def test_parse_phone_float_cell_that_lost_its_leading_zero():
    assert parse_phone(8123456789.0) == "+628123456789"


def test_parse_phone_text_without_leading_zero():
    assert parse_phone("812 3456 7890") == "+6281234567890"


def test_parse_phone_foreign_number_is_kept_in_e164():
    assert parse_phone("+60 12-345 6789") == "+60123456789"


@pytest.mark.parametrize("raw", ["12345", "0812", "08123456789012345", "abc", "0812-ABCD-7890"])
def test_parse_phone_rejects_invalid(raw):
    result = parse_phone(raw)
    assert code(result) == "phone_invalid"
    assert result.field == "phone"
    assert result.value == raw


def test_parse_phone_rejects_fractional_float():
    assert code(parse_phone(812345.5)) == "phone_invalid"


@pytest.mark.parametrize("raw", [None, "", "   ", "-", "—"])
def test_parse_phone_blank_is_none(raw):
    assert parse_phone(raw) is None


def test_split_phones_separates_several_numbers():
    assert split_phones("0812-3456-7890 / 0813 1111 2222") == ["0812-3456-7890", "0813 1111 2222"]


def test_split_phones_leaves_one_number_alone():
    assert split_phones("0271/714222") == ["0271/714222"]


def test_quick_phone_check_never_accepts_what_phonenumbers_rejects():
    quick = _quick_validator("ID")
    rng = random.Random(3)
    accepted = 0
    for _ in range(20_000):
        nsn = str(rng.randrange(1, 10)) + "".join(
            str(rng.randrange(10)) for _ in range(rng.randrange(6, 12))
        )
        if quick(nsn):
            accepted += 1
            number = phonenumbers.PhoneNumber(country_code=62, national_number=int(nsn))
            assert phonenumbers.is_valid_number(number), nsn
    assert accepted > 1000  # the shortcut is taken for real numbers


# --- money ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "rupiah"),
    [
        ("Rp 5.000.000", 5_000_000),
        ("Rp. 5.000.000,-", 5_000_000),
        ("5.000.000,00", 5_000_000),
        ("5,000,000", 5_000_000),
        ("5 000 000", 5_000_000),
        ("5 jt", 5_000_000),
        ("5,5 jt", 5_500_000),
        ("5.5jt", 5_500_000),
        ("Rp5juta", 5_000_000),
        ("2 M", 2_000_000_000),
        ("2 miliar", 2_000_000_000),
        ("1,25 milyar", 1_250_000_000),
        ("500 rb", 500_000),
        ("500 ribu", 500_000),
        ("750K", 750_000),
        ("5.500", 5_500),
        ("IDR 1.250.000", 1_250_000),
        ("5 jt/bln", 5_000_000),
        ("0", 0),
        ("12345", 12_345),
        (5_000_000, 5_000_000),
        (5000000.0, 5_000_000),
        (1234.5, 1_235),
    ],
)
def test_parse_money_to_integer_rupiah(raw, rupiah):
    result = parse_money(raw)
    assert result == rupiah
    assert type(result) is int


@pytest.mark.parametrize("raw", ["-500000", "-5 jt", "(500.000)", -2.0, -1])
def test_parse_money_rejects_negative(raw):
    assert code(parse_money(raw)) == "money_negative"


@pytest.mark.parametrize("raw", ["banyak", "5-10 jt", "lima juta", "5 kg", "5.00.000", True])
def test_parse_money_rejects_non_numeric(raw):
    assert code(parse_money(raw, field="capital")) == "money_invalid"


def test_parse_money_problem_names_its_field():
    assert parse_money("banyak", field="capital").field == "capital"


def test_parse_money_blank_is_none():
    assert parse_money(" - ") is None


# --- NIB and NIK ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["1234567890123", "1234 5678 90123", "'1234567890123", 1234567890123, 1234567890123.0],
)
def test_parse_nib_text_or_number(raw):
    assert parse_nib(raw) == "1234567890123"


def test_parse_nib_scientific_notation_with_all_digits():
    assert parse_nib("1.234567890123E+12") == "1234567890123"


def test_parse_nib_scientific_notation_that_lost_digits():
    assert code(parse_nib("1,23457E+12")) == "nib_precision_lost"


def test_parse_nib_number_that_lost_its_leading_zero():
    assert code(parse_nib(220100541097.0)) == "nib_leading_zero_lost"


def test_parse_nib_text_with_leading_zero_is_kept():
    assert parse_nib("0220100541097") == "0220100541097"


def test_parse_nib_wrong_length():
    result = parse_nib("12345678901")
    assert code(result) == "nib_length"
    assert result.params == {"length": 11}


def test_parse_nib_not_digits():
    assert code(parse_nib("NIB-ABC")) == "nib_invalid"


def test_parse_nik_sixteen_digits():
    assert parse_nik("3372011234567891") == "3372011234567891"


def test_parse_nik_typed_as_number_in_excel_lost_its_last_digit():
    assert code(parse_nik(3372011234567890.0)) == "nik_precision_lost"


def test_parse_nik_wrong_length():
    assert code(parse_nik("337201123456")) == "nik_length"


# --- workforce ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "count"), [(5, 5), (5.0, 5), ("5", 5), ("5 orang", 5), ("12 org", 12), ("0", 0)]
)
def test_parse_workforce(raw, count):
    assert parse_workforce(raw) == count


def test_parse_workforce_rejects_negative():
    assert code(parse_workforce("-2")) == "workforce_negative"


@pytest.mark.parametrize("raw", ["banyak", 2.5, "2-3"])
def test_parse_workforce_rejects_non_count(raw):
    assert code(parse_workforce(raw)) == "workforce_invalid"


# --- gender, names, small vocabularies ------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "gender"),
    [
        ("L", "male"),
        ("l", "male"),
        ("Laki-laki", "male"),
        ("LAKI - LAKI", "male"),
        ("Pria", "male"),
        ("M", "male"),
        ("P", "female"),
        ("Perempuan", "female"),
        ("Wanita", "female"),
        ("F", "female"),
    ],
)
def test_parse_gender(raw, gender):
    assert parse_gender(raw) == gender


def test_parse_gender_unknown_is_a_warning():
    result = parse_gender("X")
    assert code(result) == "gender_invalid"
    assert result.severity == "warning"


def test_clean_name_folds_whitespace():
    assert clean_name("  Batik   Sekar\tArum ") == "Batik Sekar Arum"


def test_clean_name_all_caps_becomes_title_case_keeping_legal_forms():
    assert clean_name("UD. SUMBER REJEKI JUM'AT") == "UD. Sumber Rejeki Jum'at"


def test_clean_name_mixed_case_is_left_alone():
    assert clean_name("Warung bu SRI") == "Warung bu SRI"


def test_clean_text_number_cell():
    assert clean_text(12.0) == "12"


@pytest.mark.parametrize(
    ("raw", "form"),
    [
        ("Perorangan", "individual"),
        ("CV", "cv"),
        ("C.V.", "cv"),
        ("PT Perorangan", "pt_individual"),
        ("pt", "pt"),
        ("Koperasi", "cooperative"),
        ("U.D.", "ud"),
    ],
)
def test_parse_legal_form(raw, form):
    assert parse_legal_form(raw) == form


def test_parse_legal_form_unknown_is_a_warning():
    assert code(parse_legal_form("Bebas")) == "legal_form_unknown"
    assert CATALOGUE["legal_form_unknown"][0] == "warning"


def test_parse_kbli_from_text_and_number():
    assert parse_kbli("10792 - Industri roti") == "10792"
    assert parse_kbli(10710.0) == "10710"
    assert kbli_codes("10792, 10793") == ["10792", "10793"]


def test_parse_kbli_without_code_is_a_warning():
    assert code(parse_kbli("Makanan")) == "kbli_invalid"


def test_parse_product_types_splits_lists():
    assert parse_product_types("keripik, PEYEK; Rempeyek") == ["keripik", "Peyek", "Rempeyek"]


def test_parse_email():
    assert parse_email(" Batik.Sekar@Gmail.COM ") == "batik.sekar@gmail.com"
    assert code(parse_email("batik@")) == "email_invalid"


def test_parse_halal_and_pirt_numbers():
    assert parse_halal("ID33110000123450121") == "ID33110000123450121"
    assert parse_pirt("P-IRT No. 2063372010001-25") == "2063372010001-25"
    assert parse_halal("Tidak") is None
    assert code(parse_halal("Ya")) == "certificate_without_number"


def test_split_certificates():
    numbers, notes, problems = split_certificates(
        "Halal ID33110000123450121; PIRT 2063372010001-25, BPOM MD 123"
    )
    assert numbers == {"halal_number": "ID33110000123450121", "pirt_number": "2063372010001-25"}
    assert notes == ["BPOM MD 123"]
    assert problems == []


def test_is_blank():
    assert [is_blank(x) for x in (None, "", " ", "-", "#N/A", 0, "0", "x")] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
        False,
    ]


# --- messages -------------------------------------------------------------------------


def test_render_indonesian_by_default_and_english():
    problem = parse_money("banyak", field="monthly_sales")
    assert render(problem) == "Omzet per bulan 'banyak' bukan jumlah rupiah yang dikenali"
    assert render(problem, lang="en") == "Monthly sales 'banyak' is not a rupiah amount"


def test_render_shows_float_cells_as_typed():
    problem = parse_nib(220100541097.0)
    assert render(problem, lang="en").startswith("NIB '220100541097' was stored as a number")


def test_every_catalogue_entry_renders_in_both_languages():
    params = {
        "sheet": "S",
        "filename": "f.xlsx",
        "reason": "r",
        "header": "h",
        "kept": "k",
        "owner": "o",
        "phone": "+62",
        "length": 3,
        "total": 1,
        "men": 1,
        "women": 1,
        "area": "Kota Surakarta",
        "candidates": ["a", "b"],
        "match": "m",
        "district": "d",
        "text": "t",
        "suggestions": "s",  # the product import's codes (registered when it is loaded)
    }
    for problem_code, (severity, text_id, text_en) in CATALOGUE.items():
        problem = Problem(problem_code, "name", "v", params)
        assert severity in ("error", "warning", "skip", "note")
        assert render(problem, "id") and render(problem, "en")
        assert render(problem, "id") != render(problem, "en") or text_id == text_en
