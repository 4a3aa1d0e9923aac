import pytest

from naikkelas.core import regions as region_data
from naikkelas.core.models import Region, RegionLevel
from naikkelas.core.selectors import region_path_label, region_search
from naikkelas.core.services import regions_load

pytestmark = pytest.mark.django_db


def test_all_official_regions_are_loaded_after_migrate():
    counts = {level: Region.objects.filter(level=level).count() for level in RegionLevel.values}
    assert counts == {1: 38, 2: 514, 3: 7285, 4: 83762}


def test_region_rows_keep_codes_kinds_and_parents():
    laweyan = Region.objects.get(code="33.72.01")
    assert (laweyan.name, laweyan.kind, laweyan.parent_id) == ("Laweyan", "kecamatan", "33.72")
    assert str(laweyan.label) == "Kecamatan Laweyan"
    assert laweyan.digits == "337201"
    solo = Region.objects.get(code="33.72")
    assert (solo.name, solo.kind, solo.parent_id) == ("Kota Surakarta", "kota", "33")
    assert Region.objects.get(code="35.05").name == "Kabupaten Blitar"
    kelurahan = Region.objects.get(code="33.72.01.1002")
    assert (kelurahan.kind, str(kelurahan.label)) == ("kelurahan", "Kelurahan Laweyan")
    assert solo.contains("33.72.01.1002") and not solo.contains("33.73")


def test_loading_again_adds_nothing():
    result = regions_load()
    assert (result.loaded, result.total) == (False, 91599)
    assert Region.objects.count() == 91599


def test_load_fills_in_missing_rows_only():
    Region.objects.filter(code__startswith="33.72.01.").delete()
    result = regions_load()
    assert result.loaded is True
    assert Region.objects.count() == 91599
    assert Region.objects.get(code="33.72.01.1002").parent_id == "33.72.01"


def test_search_laweyan_finds_the_district_first():
    found = region_search("laweyan")
    assert [r.code for r in found] == ["33.72.01", "33.72.01.1002", "35.13.21.2006"]
    assert region_path_label(found[0]) == "Kecamatan Laweyan, Kota Surakarta, Jawa Tengah"
    assert region_path_label(found[1]) == (
        "Kelurahan Laweyan, Kecamatan Laweyan, Kota Surakarta, Jawa Tengah"
    )


def test_search_ignores_case_and_kind_words_and_filters():
    assert [r.code for r in region_search("Kec. LAWEYAN", level=3)] == ["33.72.01"]
    assert [r.code for r in region_search("laweyan", within="33.72")] == [
        "33.72.01",
        "33.72.01.1002",
    ]
    assert region_search("x") == []
    assert region_search("tidakadanamanya") == []
    assert region_search("surakarta", levels={2})[0].code == "33.72"


def test_search_key_normalises_names():
    assert region_data.search_key("Kec. Laweyan") == "laweyan"
    assert region_data.search_key("KELURAHAN  Pasar-Kliwon") == "pasar kliwon"
    assert region_data.search_key("Kota Surakarta") == "surakarta"


def test_reader_yields_every_row_parents_first():
    # How fast they load is measured by `naikkelas bench regions`, not here.
    rows = list(region_data.read_regions())
    assert len(rows) == 91599
    seen: set[str] = set()
    for row in rows:
        assert row.parent_code is None or row.parent_code in seen
        seen.add(row.code)


def test_region_api_search_and_detail(client):
    response = client.get("/api/v1/regions", {"q": "laweyan", "level": 3})
    assert response.status_code == 200
    assert response.json() == [
        {
            "code": "33.72.01",
            "name": "Laweyan",
            "label": "Kecamatan Laweyan",
            "level": 3,
            "kind": "kecamatan",
            "parent_code": "33.72",
            "path": "Kecamatan Laweyan, Kota Surakarta, Jawa Tengah",
        }
    ]
    children = client.get("/api/v1/regions", {"parent": "33.72"}).json()
    assert [c["name"] for c in children] == [
        "Banjarsari",
        "Jebres",
        "Laweyan",
        "Pasar Kliwon",
        "Serengan",
    ]
    assert client.get("/api/v1/regions/35.71").json()["name"] == "Kota Kediri"
    missing = client.get("/api/v1/regions/99.99", HTTP_ACCEPT_LANGUAGE="id")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Tidak ditemukan."}


def test_region_picker_partial_lists_matches(client):
    response = client.get("/regions/search/", {"q": "laweyan", "levels": "3", "target": "id_x"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-code="33.72.01"' in html
    assert "33.72.01.1002" not in html
    empty = client.get("/regions/search/", {"q": "zzzz"}).content.decode()
    assert "zzzz" in empty


def test_region_pages_browse_the_tree(client):
    response = client.get("/regions/33.72/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kota Surakarta" in html and "/regions/33.72.01/" in html
    assert client.get("/regions/00/").status_code == 404
