"""Region matching against the real Kemendagri data shipped in the package."""

import pytest

from naikkelas.core.regions import DATA_DIR as REGION_DATA_DIR
from naikkelas.registry.importing.problems import render
from naikkelas.registry.importing.regions import (
    RegionIndex,
    RegionRecord,
    dotted_code,
    load_wilayah,
    region_key,
)

DATA_DIR = REGION_DATA_DIR  # the copy shipped in the package

SURAKARTA = "33.72"
SUKOHARJO = "33.11"


@pytest.fixture(scope="module")
def regions():
    # Kota Surakarta and its neighbour Kabupaten Sukoharjo, with Jawa Tengah above them
    return load_wilayah(DATA_DIR, [SURAKARTA, SUKOHARJO])


@pytest.fixture(scope="module")
def solo(regions):
    return RegionIndex(regions, SURAKARTA)


def codes(result):
    return (result.regency, result.district, result.village)


def test_load_wilayah_keeps_the_area_and_its_ancestors(regions):
    by_code = {r.code: r for r in regions}
    assert by_code["33"] == RegionRecord("33", None, "Jawa Tengah", 1)
    assert by_code["33.72"] == RegionRecord("33.72", "33", "Kota Surakarta", 2)
    assert by_code["33.72.01"] == RegionRecord("33.72.01", "33.72", "Laweyan", 3)
    assert by_code["33.72.01.1002"] == RegionRecord("33.72.01.1002", "33.72.01", "Laweyan", 4)
    assert "34" not in by_code and "33.01" not in by_code
    assert sum(1 for r in regions if r.code.startswith("33.72.") and r.level == 4) == 54


def test_region_key_drops_prefixes_case_and_spaces():
    assert region_key("Kec. Pasar Kliwon", 3) == "PASARKLIWON"
    assert region_key("KELURAHAN  kepatihan-kulon", 4) == "KEPATIHANKULON"
    assert region_key("Ds. Bulu", 4) == "BULU"
    assert region_key("Kota Solo", 2) == "SURAKARTA"


def test_dotted_code():
    assert dotted_code("3372011002") == "33.72.01.1002"
    assert dotted_code("3372") == "33.72"
    assert dotted_code("33.72") == "33.72"


@pytest.mark.parametrize("district", ["Laweyan", "LAWEYAN", "Kec. Laweyan", "kecamatan laweyan"])
def test_district_in_any_case_with_or_without_prefix(solo, district):
    result = solo.resolve(district=district)
    assert codes(result) == ("33.72", "33.72.01", None)
    assert result.problems == ()


@pytest.mark.parametrize("village", ["Kel. Pajang", "PAJANG", "Kelurahan Pajang", "Desa Pajang"])
def test_village_in_its_district(solo, village):
    result = solo.resolve(district="Kec. Laweyan", village=village)
    assert codes(result) == ("33.72", "33.72.01", "33.72.01.1001")
    assert result.problems == ()


def test_village_written_in_two_words_matches_one_word_name(solo):
    result = solo.resolve(district="Pasar Kliwon", village="Pasar Kliwon")
    assert codes(result) == ("33.72", "33.72.03", "33.72.03.1003")


def test_village_without_district_fills_in_the_district(solo):
    result = solo.resolve(village="Kepatihan Wetan")
    assert codes(result) == ("33.72", "33.72.04", "33.72.04.1002")
    assert result.problems == ()


def test_small_typo_in_district_accepted_with_warning(solo):
    result = solo.resolve(district="Lawean")
    assert result.district == "33.72.01"
    [problem] = result.problems
    assert problem.code == "district_guessed"
    assert problem.severity == "warning"
    assert render(problem) == "Kecamatan 'Lawean' dibaca sebagai Kecamatan Laweyan"
    assert render(problem, "en") == "District 'Lawean' read as Kecamatan Laweyan"


def test_small_typo_in_village_accepted_with_warning(solo):
    result = solo.resolve(district="Banjarsari", village="Manahn")
    assert result.village == "33.72.05.1011"
    assert [p.code for p in result.problems] == ["village_guessed"]


def test_typo_close_to_two_villages_is_not_guessed(solo):
    # "Majahan" is one letter away from both Gajahan and Manahan
    result = solo.resolve(village="Majahan")
    assert result.village is None
    [problem] = result.problems
    assert problem.code == "village_not_in_area"
    assert problem.is_error
    assert render(problem) == "Kelurahan/desa 'Majahan' tidak ada di Kota Surakarta"


def test_district_out_of_area_says_where_it_is(solo):
    result = solo.resolve(district="Kartasura")
    assert codes(result) == (None, None, None)
    [problem] = result.problems
    assert problem.code == "district_not_in_area"
    assert problem.is_error
    assert (
        render(problem)
        == "Kecamatan 'Kartasura' tidak ada di Kota Surakarta (ada di Kabupaten Sukoharjo)"
    )
    assert (
        render(problem, "en")
        == "District 'Kartasura' is not in Kota Surakarta (it is in Kabupaten Sukoharjo)"
    )


def test_unknown_district(solo):
    [problem] = solo.resolve(district="Atlantis").problems
    assert problem.code == "district_not_in_area"
    assert render(problem) == "Kecamatan 'Atlantis' tidak ada di Kota Surakarta"
    assert render(problem, "en") == "District 'Atlantis' is not in Kota Surakarta"


def test_village_not_in_the_given_district(solo):
    result = solo.resolve(district="Laweyan", village="Jebres")
    assert result.district == "33.72.01"
    assert result.village is None
    [problem] = result.problems
    assert problem.code == "village_not_in_district"
    assert render(problem) == (
        "Kelurahan/desa 'Jebres' tidak ada di Kecamatan Laweyan (ada di Kecamatan Jebres)"
    )


def test_regency_column_of_the_area_is_accepted(solo):
    for regency in ("Kota Surakarta", "SURAKARTA", "Solo"):
        assert solo.resolve(regency=regency, district="Jebres").regency == "33.72"


def test_regency_column_outside_the_area_is_rejected(solo):
    result = solo.resolve(regency="Kab. Sukoharjo", district="Kartasura")
    [problem] = result.problems
    assert problem.code == "regency_not_in_area"
    assert render(problem, "en") == "Regency/city 'Kab. Sukoharjo' is not Kota Surakarta"


def test_village_name_in_two_districts_needs_the_district(regions):
    sukoharjo = RegionIndex(regions, SUKOHARJO)
    [problem] = sukoharjo.resolve(village="Bulu").problems
    assert problem.code == "village_ambiguous"
    assert problem.params["candidates"] == ["Kecamatan Bulu", "Kecamatan Polokarto"]
    resolved = sukoharjo.resolve(district="Polokarto", village="Bulu")
    assert resolved.problems == ()
    assert resolved.village is not None and resolved.village.startswith("33.11.07.")


def test_district_name_in_two_regencies_of_a_province_is_ambiguous():
    records = load_wilayah(DATA_DIR, ["33"])
    central_java = RegionIndex(records, "33")
    [problem] = central_java.resolve(district="Karanganyar").problems
    assert problem.code == "district_ambiguous"
    assert len(problem.params["candidates"]) == 5
    narrowed = central_java.resolve(regency="Kabupaten Kebumen", district="Karanganyar")
    assert narrowed.problems == ()
    assert narrowed.regency == "33.05"


def test_resolve_results_are_cached_and_immutable(solo):
    first = solo.resolve(district="Kartasura")
    assert solo.resolve(district="Kartasura") is first
    assert solo.resolve(district="  Kartasura ") == first
    with pytest.raises(AttributeError):
        first.problems = ()


def test_unknown_area_is_refused(regions):
    with pytest.raises(ValueError, match=r"99\.99"):
        RegionIndex(regions, "99.99")


def test_plain_tuples_are_accepted():
    index = RegionIndex(
        [("35.71", None, "Kota Kediri", 2), ("35.71.01", "35.71", "Mojoroto", 3)], "3571"
    )
    assert index.resolve(district="mojoroto").district == "35.71.01"
