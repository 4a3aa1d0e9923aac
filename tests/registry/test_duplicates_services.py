"""Finding duplicate businesses, merging them without losing anything, dismissing them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope, scopes_disabled

from naikkelas.core.models import AuditEntry, Region, Role
from naikkelas.registry.models import (
    Business,
    BusinessMerge,
    BusinessSource,
    Certificate,
    Cluster,
    CoachingRelation,
    DuplicateCluster,
    ImportJob,
    ImportRow,
    OnlineChannel,
    SizeClassSnapshot,
)
from naikkelas.registry.services.businesses import business_coach
from naikkelas.registry.services.duplicates import (
    business_merge,
    duplicate_dismiss,
    duplicates_find,
)
from naikkelas.registry.sizeclass import MILIAR
from tests.factories import OrganisationFactory, member
from tests.factories.registry import register

pytestmark = pytest.mark.django_db

LAWEYAN = "33.72.01.1002"
EVIDENCE = (
    "same business name; same owner; same phone; NIB missing on one side or both; "
    "same village; address similarity 0.96"
)


def make_scenario(surakarta, officer):
    """Bu Sri's business registered twice (by the office and by herself), her catering
    business on the same phone (a different business), her husband's workshop."""
    office = register(
        surakarta,
        actor=officer,
        name="CV. Keripik Tempe Bu Sri",
        owner="Hj. Sri Wahyuni, S.E.",
        legal_form="cv",
        nib="9120001234567",
        address="Jl. Slamet Riyadi No. 12, RT 02/RW 05",
        kbli="10792",
        workforce_women=3,
        capital=400_000_000,
        capital_reported_on=dt.date(2024, 1, 15),
    )
    with scopes_disabled():
        CoachingRelation.objects.filter(business=office).update(
            program="Kelas Ekspor", since=dt.date(2024, 3, 1)
        )
    own = register(
        None,
        name="Kripik Tempe Sri",
        owner="Sri Wahyuni",
        address="Jalan Slamet Riyadi 12 RT 2 RW 5",
        product_types="keripik tempe, keripik sukun",
        workforce_men=1,
        workforce_women=4,
        annual_sales=3 * MILIAR,
        sales_reported_on=dt.date(2025, 6, 30),
        extra={"merek": "Sri Rasa"},
    )
    Business.objects.filter(pk=own.pk).update(source=BusinessSource.SELF)
    own.refresh_from_db()
    catering = register(
        surakarta, actor=officer, name="Catering Bu Sri", owner="Ibu Sri Wahyuni",
        address="Jl. Slamet Riyadi No. 12",
    )  # fmt: skip
    workshop = register(
        surakarta, actor=officer, name="Bengkel Motor Pak Budi", owner="Budi Santoso",
        gender="male", address="Jl. Slamet Riyadi No. 12",
    )  # fmt: skip
    return office, own, catering, workshop


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER, name="Bambang Setiawan")


@pytest.fixture
def scenario(surakarta, officer):
    return make_scenario(surakarta, officer)


def test_find_stores_one_open_cluster_with_its_evidence_and_leaves_the_hard_negatives(
    surakarta, scenario
):
    office, own, catering, workshop = scenario
    result = duplicates_find(organisation=surakarta)

    assert (result.records, result.found, result.created) == (4, 1, 1)
    cluster = DuplicateCluster.objects.get()
    assert cluster.status == "open"
    assert sorted(cluster.members.values_list("pk", flat=True)) == [office.pk, own.pk]
    [pair] = cluster.evidence
    assert (pair["left"], pair["right"], pair["origin"]) == (office.pk, own.pk, "detection")
    assert pair["explanation"] == EVIDENCE
    assert cluster.score == pair["score"]
    # the same owner's catering business and her husband's workshop (same phone) stay apart
    assert catering.duplicate_clusters.count() == workshop.duplicate_clusters.count() == 0
    assert [item["field"] for item in pair["fields"]] == [
        "name", "owner", "phone", "nib", "email", "place", "address",
    ]  # fmt: skip


def test_find_again_adds_nothing_and_a_dismissed_cluster_is_not_reopened(
    surakarta, officer, scenario
):
    duplicates_find(organisation=surakarta)
    again = duplicates_find(organisation=surakarta)
    assert (again.found, again.created, again.updated, again.unchanged) == (1, 0, 0, 1)
    assert DuplicateCluster.objects.count() == 1

    duplicate_dismiss(actor=officer, cluster=DuplicateCluster.objects.get())
    third = duplicates_find()
    assert (third.created, third.dismissed_before) == (0, 1)
    assert list(DuplicateCluster.objects.values_list("status", flat=True)) == ["dismissed"]


def test_an_open_cluster_grows_when_more_of_its_records_are_found(surakarta, scenario):
    office, own, _catering, _workshop = scenario
    earlier = DuplicateCluster.objects.create(score=0.5)
    earlier.members.add(office)
    result = duplicates_find(organisation=surakarta)
    assert (result.created, result.updated) == (0, 1)
    assert DuplicateCluster.objects.get() == earlier
    earlier.refresh_from_db()
    assert sorted(earlier.members.values_list("pk", flat=True)) == [office.pk, own.pk]
    assert earlier.evidence[0]["explanation"] == EVIDENCE


@pytest.fixture
def rich(surakarta, officer, scenario):
    """The self-registered record carries what the office's record lacks."""
    office, own, _catering, _workshop = scenario
    dekranasda = OrganisationFactory(
        slug="dekranasda-surakarta", name="Dekranasda Kota Surakarta", kind="dekranasda"
    )
    with scopes_disabled():
        CoachingRelation.objects.create(
            business=own, organisation=surakarta, since=dt.date(2023, 5, 1),
            program="Pasar Digital",
        )  # fmt: skip
        CoachingRelation.objects.create(
            business=own, organisation=dekranasda, since=dt.date(2022, 2, 1), program="Kriya"
        )
    own.owners.create(name="Agus Wibowo", gender="male", is_primary=False)
    Certificate.objects.create(
        business=own, kind="halal", number="ID33110000123450823", issuer="BPJPH",
        issued_on=dt.date(2023, 8, 1), expires_on=dt.date(2027, 8, 1),
    )  # fmt: skip
    Certificate.objects.create(business=own, kind="pirt", number="P-IRT 2063372010123-28")
    OnlineChannel.objects.create(
        business=own, kind="marketplace", label="Shopee", url="https://shopee.co.id/kripiksri"
    )
    sentra = Cluster.objects.create(
        organisation=surakarta, name="Kampung Tempe Laweyan", slug="kampung-tempe-laweyan",
        region=Region.objects.get(code="33.72.01"),
    )  # fmt: skip
    sentra.members.add(own)
    job = ImportJob.objects.create(
        organisation=surakarta, filename="umkm.xlsx", sha256="1" * 64, area_code="33.72"
    )
    row = ImportRow.objects.create(
        job=job, sheet="Data", row_number=4, outcome="duplicate", business=own,
        duplicate_of=office,
    )  # fmt: skip
    duplicates_find(organisation=surakarta)
    return office, own, dekranasda, sentra, row


def test_merge_keeps_every_value_history_and_coaching_and_leaves_a_tombstone(
    surakarta, officer, rich
):
    office, own, dekranasda, sentra, row = rich
    cluster = DuplicateCluster.objects.get()
    merge = business_merge(
        actor=officer, survivor=office, merged=own, cluster=cluster, choices={"name": own.pk}
    )
    office.refresh_from_db()
    own.refresh_from_db()

    # the survivor: chosen name, its own non-empty values, the other's where it had none
    assert (office.name, office.legal_form, office.nib) == (
        "Kripik Tempe Sri",
        "cv",
        "9120001234567",
    )
    assert office.address == "Jl. Slamet Riyadi No. 12, RT 02/RW 05"
    assert (office.product_types, office.workforce_men, office.workforce_women) == (
        "keripik tempe, keripik sukun", 1, 3,
    )  # fmt: skip
    assert (office.capital, office.capital_reported_on) == (400_000_000, dt.date(2024, 1, 15))
    assert (office.annual_sales, office.sales_reported_on) == (3 * MILIAR, dt.date(2025, 6, 30))
    assert (office.size_class, office.size_basis, office.women_led) == (
        "small", "annual_sales", True,
    )  # fmt: skip

    # every value not kept, in the survivor's extra ...
    kept = office.extra["merged"][str(own.pk)]
    assert kept.pop("created_at") == own.created_at.isoformat()
    assert kept.pop("merged_at")
    assert kept == {
        "legal_form": "individual",
        "address": "Jalan Slamet Riyadi 12 RT 2 RW 5",
        "workforce_women": 4,
        "source": "self",
        "extra": {"merek": "Sri Rasa"},
        "replaced": {"name": "CV. Keripik Tempe Bu Sri"},
        "owners": [
            {
                "folded_into": office.owners.get(is_primary=True).pk,
                "name": "Sri Wahyuni", "gender": "female", "phone": "+6281234567890",
                "whatsapp": True, "email": "", "nik": "", "is_primary": True, "user": None,
            }
        ],
    }  # fmt: skip
    # ... and the full record in the merge snapshot
    assert merge.snapshot["merged"]["name"] == "Kripik Tempe Sri"
    assert merge.snapshot["merged"]["extra"] == {"merek": "Sri Rasa"}
    assert [o["name"] for o in merge.snapshot["merged"]["owners"]] == ["Sri Wahyuni", "Agus Wibowo"]
    assert [c["kind"] for c in merge.snapshot["merged"]["certificates"]] == ["halal", "pirt"]
    assert merge.snapshot["survivor_before"]["name"] == "CV. Keripik Tempe Bu Sri"
    assert merge.snapshot["moved"] == {
        "owners_moved": 1, "owners_folded": 1, "certificates_moved": 2, "channels_moved": 1,
        "size_history_moved": 1, "coaching_moved": 1,
    }  # fmt: skip

    # the rows that hung off the merged record now hang off the survivor
    assert list(office.owners.values_list("name", "is_primary")) == [
        ("Hj. Sri Wahyuni, S.E.", True), ("Agus Wibowo", False),
    ]  # fmt: skip
    assert sorted(office.certificates.values_list("kind", flat=True)) == ["halal", "pirt"]
    assert list(office.channels.values_list("url", flat=True)) == ["https://shopee.co.id/kripiksri"]
    with scopes_disabled():
        assert sorted(
            CoachingRelation.objects.filter(business=office).values_list(
                "organisation__slug", "since", "program", "active"
            )
        ) == [
            ("dekranasda-surakarta", dt.date(2022, 2, 1), "Kriya", True),
            ("disnakerperin-surakarta", dt.date(2023, 5, 1), "Kelas Ekspor; Pasar Digital", True),
        ]
        assert CoachingRelation.objects.filter(business=own).count() == 0
    assert list(
        SizeClassSnapshot.objects.filter(business=office).values_list(
            "size_class", "previous_class"
        )
    ) == [("micro", ""), ("small", ""), ("small", "micro")]
    assert list(sentra.members.all()) == [office]
    row.refresh_from_db()
    assert (row.business_id, row.duplicate_of_id) == (office.pk, office.pk)

    # the tombstone stays, out of every live list
    assert own.merged_into == office
    assert list(Business.objects.live().filter(pk__in=[office.pk, own.pk])) == [office]
    assert own.owners.count() == own.certificates.count() == own.channels.count() == 0
    cluster.refresh_from_db()
    assert (cluster.status, cluster.resolved_by) == ("merged", officer)
    assert BusinessMerge.objects.get().cluster == cluster

    # one audit entry of the merge per coaching organisation, with before and after
    for organisation in (surakarta, dekranasda):
        with scope(organisation=organisation):
            entry = AuditEntry.objects.filter(organisation=organisation).get(
                action="business.merge"
            )
            assert entry.object_id == str(office.pk)
            assert entry.changes["name"] == ["CV. Keripik Tempe Bu Sri", "Kripik Tempe Sri"]
            assert entry.changes["size_class"] == ["micro", "small"]
            assert entry.changes["merged_business"] == [
                None,
                {"id": own.pk, "name": "Kripik Tempe Sri"},
            ]
            tombstone = AuditEntry.objects.filter(organisation=organisation).get(
                action="business.merged_into"
            )
            assert (tombstone.object_id, tombstone.changes) == (
                str(own.pk), {"merged_into": [None, office.pk]},
            )  # fmt: skip


def test_a_nib_chosen_from_the_merged_record_moves_to_the_survivor(surakarta, officer):
    first = register(surakarta, actor=officer, name="Batik Tulis Laweyan", owner="Siti Aminah")
    second = register(
        surakarta, actor=officer, name="Batik Tulis Laweyan", owner="Siti Aminah",
        nib="9120009999999",
    )  # fmt: skip
    business_merge(actor=officer, survivor=first, merged=second, choices={"nib": second.pk})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.nib, second.nib, second.merged_into) == ("9120009999999", None, first)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("itself", "Usaha tidak dapat digabungkan dengan dirinya sendiri."),
        ("already", "Kripik Tempe Sri sudah digabungkan ke data lain."),
    ],
)
def test_merge_refuses_itself_and_an_already_merged_record(
    surakarta, officer, scenario, case, message
):
    office, own, catering, _workshop = scenario
    business_coach(actor=officer, business=own, organisation=surakarta)
    if case == "itself":
        survivor, merged = office, office
    else:
        business_merge(actor=officer, survivor=office, merged=own)
        survivor, merged = catering, own
    with pytest.raises(ValidationError) as error:
        business_merge(actor=officer, survivor=survivor, merged=merged)
    assert error.value.messages == [message]
    assert BusinessMerge.objects.count() == (0 if case == "itself" else 1)


def test_merge_refuses_an_officer_who_coaches_neither(surakarta, kediri, scenario):
    _office, own, _catering, _workshop = scenario
    stranger = register(None, name="Kripik Tempe Sri Rejeki", owner="Sri Wahyuni")
    kediri_officer = member(kediri, Role.OFFICER)
    with pytest.raises(PermissionDenied) as error:
        business_merge(actor=kediri_officer, survivor=own, merged=stranger)
    assert str(error.value) == "Anda tidak membina satu pun dari kedua usaha ini."
    assert Business.objects.filter(merged_into__isnull=False).count() == 0


def test_dismiss_closes_the_cluster_with_an_audit_entry(surakarta, kediri, officer, scenario):
    duplicates_find(organisation=surakarta)
    cluster = DuplicateCluster.objects.get()
    with pytest.raises(PermissionDenied):
        duplicate_dismiss(actor=member(kediri, Role.OFFICER), cluster=cluster)
    duplicate_dismiss(actor=officer, cluster=cluster)
    cluster.refresh_from_db()
    assert (cluster.status, cluster.resolved_by) == ("dismissed", officer)
    with scope(organisation=surakarta):
        entry = AuditEntry.objects.get(action="duplicates.dismiss")
    assert entry.changes == {
        "status": ["open", "dismissed"],
        "businesses": [None, sorted(cluster.members.values_list("pk", flat=True))],
    }
    with pytest.raises(ValidationError) as error:
        duplicate_dismiss(actor=officer, cluster=cluster)
    assert error.value.messages == ["Kelompok ini sudah ditinjau."]


def test_after_a_merge_the_office_total_counts_the_business_once(surakarta):
    from naikkelas.core.models import Role
    from naikkelas.registry.models import Business
    from naikkelas.registry.selectors.businesses import business_list, business_total
    from naikkelas.registry.services.duplicates import business_merge
    from tests.factories import member
    from tests.factories.registry import register

    officer = member(surakarta, Role.OFFICER)
    first = register(surakarta, actor=officer, name="Keripik Tempe Bu Sri")
    second = register(surakarta, actor=officer, name="Keripik Tempe Bu Sri", phone="")
    register(surakarta, actor=officer, name="Batik Laweyan", phone="")
    business_merge(actor=officer, survivor=first, merged=second)
    with scope(organisation=surakarta):
        assert business_total(surakarta) == 2 == business_list(surakarta).count()
    assert Business.objects.count() == 3
