"""The registry's demo: realistic businesses in four regions, clusters, duplicates to
review, the demo owner's business, and the example spreadsheet for the import."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from naikkelas.core.models import User
from naikkelas.registry import demo
from naikkelas.registry.importing.engine import parse_workbook
from naikkelas.registry.importing.regions import load_wilayah
from naikkelas.registry.models import (
    Business,
    BusinessOwner,
    Certificate,
    Cluster,
    CoachingRelation,
    DuplicateCluster,
    OnlineChannel,
    SizeClassSnapshot,
)

pytestmark = pytest.mark.django_db


def _counts():
    with scopes_disabled():
        return {
            "businesses": Business.objects.count(),
            "owners": BusinessOwner.objects.count(),
            "certificates": Certificate.objects.count(),
            "channels": OnlineChannel.objects.count(),
            "coaching": CoachingRelation.objects.count(),
            "snapshots": SizeClassSnapshot.objects.count(),
            "clusters": Cluster.objects.count(),
            "duplicate_clusters": DuplicateCluster.objects.count(),
        }


@pytest.fixture
def loaded(capsys):
    call_command("demo", no_serve=True)
    return capsys.readouterr().out


def test_demo_registers_the_businesses_of_four_regions(loaded):
    demo_businesses = Business.objects.filter(extra__demo=demo.MARKER)
    assert demo_businesses.count() == Business.objects.count() == 400
    per_area = {
        prefix: demo_businesses.filter(regency_code__startswith=prefix).count()
        for prefix in ("33.72", "31", "35.71", "35.05")
    }
    # 380 generated, Siti's, 20 second records (3 of them without a village)
    assert per_area == {"33.72": 147, "31": 103, "35.71": 84, "35.05": 63}
    assert demo_businesses.filter(village__isnull=True).count() == 3
    # every village code is a real one and the derived codes follow it
    for business in demo_businesses.exclude(village__isnull=True).select_related("village"):
        assert business.village.level == 4
        assert business.district_code == business.village.parent_id
        assert business.regency_code == business.village_id[:5]
    divisions = set(
        demo_businesses.exclude(kbli_division="").values_list("kbli_division", flat=True)
    )
    assert divisions <= {"10", "11", "13", "14", "15", "16", "23", "31", "32"}
    assert {"10", "11", "13", "16", "31"} <= divisions
    sizes = {
        size: demo_businesses.filter(size_class=size).count()
        for size in ("micro", "small", "medium", "large", "unknown")
    }
    assert sizes == {"micro": 298, "small": 67, "medium": 15, "large": 0, "unknown": 20}
    assert demo_businesses.filter(women_led=True).count() == 221
    assert demo_businesses.exclude(nib=None).count() == 221
    assert not BusinessOwner.objects.exclude(phone="").exclude(phone__startswith="+62").exists()


def test_demo_coaching_certificates_channels_and_history(loaded):
    today = timezone.localdate()
    with scopes_disabled():
        coached = {
            slug: CoachingRelation.objects.filter(organisation__slug=slug).count()
            for slug in ("disnakerperin-surakarta", "disperin-dki", "kadin-kediri",
                         "disperindag-blitar", "rumah-kurasi-kediri", "dekranasda-dki",
                         "kadin-surakarta")
        }  # fmt: skip
        assert coached == {
            "disnakerperin-surakarta": 140,
            "disperin-dki": 100,
            "kadin-kediri": 80,
            "disperindag-blitar": 60,
            "rumah-kurasi-kediri": 23,
            "dekranasda-dki": 24,
            "kadin-surakarta": 22,
        }
        assert CoachingRelation.objects.exclude(program="").count() > 350
    soon = Certificate.objects.filter(
        expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=60)
    )
    assert (soon.count(), Certificate.objects.count()) == (32, 299)
    kinds = set(Certificate.objects.values_list("kind", flat=True))
    assert kinds == {"pirt", "halal", "bpom", "sni", "brand"}
    assert OnlineChannel.objects.values("business").distinct().count() > 100
    moved_up = [
        business_id
        for business_id in SizeClassSnapshot.objects.values_list("business", flat=True)
        if SizeClassSnapshot.objects.filter(business=business_id).count() == 2
    ]
    assert len(set(moved_up)) == 9  # eight generated and Siti's
    for snapshot in SizeClassSnapshot.objects.filter(business__in=moved_up).exclude(
        previous_class=""
    ):
        assert (snapshot.previous_class, snapshot.recorded_on) != ("", None)
        assert snapshot.size_class in ("small", "medium")


def test_demo_owner_has_her_business(loaded):
    owner = User.objects.get(email="pemilik@naikkelas.test")
    business = Business.objects.get(owners__user=owner)
    assert business.name == "Keripik Tempe Bu Siti"
    assert (business.size_class, business.size_basis, business.women_led) == (
        "small",
        "annual_sales",
        True,
    )
    assert business.village_id == "33.72.01.1001"
    assert list(
        business.size_history.order_by("recorded_on").values_list("previous_class", "size_class")
    ) == [("", "micro"), ("micro", "small")]
    halal = business.certificates.get(kind="halal")
    assert halal.expires_on == timezone.localdate() + dt.timedelta(days=21)
    assert business.is_public


def test_demo_clusters_and_duplicates_to_review(loaded):
    laweyan = Cluster.objects.get(slug="kampung-batik-laweyan")
    kauman = Cluster.objects.get(slug="kampung-batik-kauman")
    tenun = Cluster.objects.get(slug="kampung-tenun-ikat-bandar-kidul")
    assert (laweyan.region_id, kauman.region_id, tenun.region_id) == (
        "33.72.01.1002",
        "33.72.03.1009",
        "35.71.01.1002",
    )
    assert (laweyan.members.count(), kauman.members.count(), tenun.members.count()) == (14, 10, 10)
    assert set(laweyan.members.values_list("village_id", flat=True)) == {"33.72.01.1002"}
    assert tenun.organisation.slug == "kadin-kediri" and tenun.coordinator
    assert "Samanhudi" in laweyan.story
    second_records = Business.objects.filter(extra__has_key="demo_duplicate_of")
    assert second_records.count() == 20
    assert second_records.filter(source="self").exists()
    assert second_records.filter(source="officer").exists()
    # the duplicate detection found every labelled pair (and opened them for review)
    keys = {b.extra["demo_key"]: b.pk for b in Business.objects.filter(extra__demo=demo.MARKER)}
    found = 0
    for record in second_records:
        original = keys[record.extra["demo_duplicate_of"]]
        if DuplicateCluster.objects.filter(members=record).filter(members=original).exists():
            found += 1
    assert found == 20
    assert DuplicateCluster.objects.filter(status="open").count() == 20


def test_running_the_demo_again_adds_nothing(loaded, capsys):
    before = _counts()
    call_command("demo", no_serve=True)
    assert _counts() == before
    assert "contoh-data-ikm-surakarta.xlsx" in capsys.readouterr().out


def test_demo_copies_the_example_spreadsheet_to_the_data_folder(loaded, settings):
    copied = settings.DATA_DIR / "contoh" / demo.EXAMPLE_WORKBOOK
    assert str(copied) in loaded
    assert copied.read_bytes() == (demo.DEMO_DATA / demo.EXAMPLE_WORKBOOK).read_bytes()


# --- the example spreadsheet ---------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return demo.DEMO_DATA / demo.EXAMPLE_WORKBOOK


def test_example_workbook_has_the_quirks_offices_have(shipped):
    sheet = openpyxl.load_workbook(shipped).active
    assert sheet["A1"].value == demo.WORKBOOK_TITLE
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:L1", "A2:L2", "B68:H68"}
    assert [cell.value for cell in sheet[4]] == demo.WORKBOOK_HEADER
    rows = {row[0].row: [cell.value for cell in row] for row in sheet.iter_rows(min_row=5)}
    assert [n for n, values in rows.items() if not any(values)] == [25, 46, 67]
    assert rows[68][1] == "JUMLAH" and isinstance(rows[68][8], int)
    numbered = [values for values in rows.values() if isinstance(values[0], int)]
    assert [values[0] for values in numbered] == list(range(1, 61))
    assert (rows[11][6], rows[11][7]) == ("Pucangan", "Kartasura")
    assert rows[37][7] == "KEC. KARTASURA"
    assert rows[19][4] == "0812-345"
    assert rows[51][10] == "91201234567"
    assert rows[28][1:5] == ["KERIPIK TEMPE BU SITI", "Ibu Siti Rahayu", "P", "0812-3450-0001"]
    phones = [values[4] for values in numbered]
    assert any(isinstance(p, int) for p in phones)  # lost its leading 0
    assert any(isinstance(p, str) and p.startswith("+62 ") for p in phones)
    assert any(isinstance(p, str) and p.count("-") == 2 for p in phones)
    money = [values[9] for values in numbered]
    assert any(isinstance(m, str) and m.startswith("Rp ") for m in money)
    assert any(isinstance(m, str) and m.endswith(" jt") for m in money)
    assert any(isinstance(m, str) and m.endswith(",00") for m in money)
    assert any(isinstance(v[10], int) for v in numbered)  # NIB typed as a number
    assert any(isinstance(v[8], str) and v[8].endswith(" orang") for v in numbered)


def test_example_workbook_imports_with_one_outcome_per_row(shipped):
    regions = load_wilayah(demo.gen.VILLAGES_CSV.parent, ["33.72"])
    result = parse_workbook(shipped, shipped.name, regions=regions, area_code="33.72")
    assert result.sheets[0].header_row == 4
    assert result.counts() == {"ok": 56, "rejected": 4, "skipped": 4}
    outcomes = {
        row.row_number: (row.outcome.value, [p.code for p in row.problems])
        for row in result.rows
        if row.outcome.value != "ok"
    }
    assert outcomes == {
        11: ("rejected", ["district_not_in_area"]),
        19: ("rejected", ["phone_invalid"]),
        25: ("skipped", []),
        37: ("rejected", ["district_not_in_area"]),
        46: ("skipped", []),
        51: ("rejected", ["nib_length"]),
        67: ("skipped", []),
        68: ("skipped", []),
    }


def test_example_workbook_is_written_the_same_way_again(shipped, tmp_path):
    again = demo.write_example_workbook(tmp_path / "again.xlsx")
    ours = openpyxl.load_workbook(again).active
    theirs = openpyxl.load_workbook(shipped).active
    assert [[c.value for c in row] for row in ours.iter_rows()] == [
        [c.value for c in row] for row in theirs.iter_rows()
    ]
