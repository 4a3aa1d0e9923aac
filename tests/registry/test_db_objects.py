"""What the database keeps by itself (naikkelas.registry.db_objects): the owners' names on
each business, the search index, the count of coached businesses; and that a lost trigger
(SQLite rebuilds tables in some migrations) is put back and what it missed made right."""

from __future__ import annotations

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from naikkelas.core.models import Role
from naikkelas.registry import db_objects
from naikkelas.registry.models import Business, BusinessOwner, CoachedCount, CoachingRelation
from naikkelas.registry.selectors import businesses as selectors
from naikkelas.registry.selectors.businesses import BusinessFilters, business_page
from naikkelas.registry.services.businesses import business_coach
from naikkelas.registry.services.duplicates import business_merge
from tests.factories import OrganisationFactory, member
from tests.factories.registry import register

pytestmark = pytest.mark.django_db


def _names(business):
    return Business.objects.values_list("owner_names", flat=True).get(pk=business.pk)


def _counts():
    with scopes_disabled():
        kept = dict(CoachedCount.objects.values_list("organisation_id", "businesses"))
        real = {}
        for organisation_id in CoachingRelation.objects.values_list("organisation_id", flat=True):
            real[organisation_id] = real.get(organisation_id, 0) + 1
    return {k: v for k, v in kept.items() if v}, real


def test_owner_names_follow_every_change_of_the_owners(surakarta):
    business = register(surakarta, owner="Sri Wahyuni", phone="0812-3456-7890")
    assert _names(business) == "Sri Wahyuni +6281234567890"
    second = BusinessOwner.objects.create(business=business, name="Budi Santoso", phone="")
    assert _names(business) == "Sri Wahyuni +6281234567890 | Budi Santoso"
    BusinessOwner.objects.filter(pk=second.pk).update(phone="+6281399998888")
    assert _names(business) == "Sri Wahyuni +6281234567890 | Budi Santoso +6281399998888"
    second.delete()
    assert _names(business) == "Sri Wahyuni +6281234567890"


def test_a_stale_copy_of_the_owner_names_never_overwrites_them(surakarta):
    business = register(surakarta, owner="Sri Wahyuni", phone="")
    stale = Business.objects.get(pk=business.pk)
    BusinessOwner.objects.create(business=business, name="Budi Santoso")
    stale.name = "Keripik Tempe Sri Rejeki"
    stale.save()  # writes every column, owner_names as it was read
    assert _names(business) == "Sri Wahyuni | Budi Santoso"


def test_search_finds_renamed_businesses_and_owners_on_the_index(surakarta, officer):
    business = register(surakarta, name="Keripik Tempe Bu Sri", owner="Sri Wahyuni")
    register(surakarta, name="Batik Laweyan", owner="Rahmat Hidayat")

    def found(text):
        with scopes_disabled():
            page = business_page(surakarta, BusinessFilters(q=text))
        return [b.name for b in page.object_list]

    assert found("wahyuni") == ["Keripik Tempe Bu Sri"]
    Business.objects.filter(pk=business.pk).update(name="Kripik Sari Rasa")
    assert found("sari rasa") == ["Kripik Sari Rasa"]
    assert found("tempe bu") == []
    BusinessOwner.objects.filter(business=business).update(name="Endang Lestari")
    assert found("lestari") == ["Kripik Sari Rasa"]
    assert found("wahyuni") == []


def test_a_common_word_is_searched_row_by_row_with_the_same_results_newest_first(
    surakarta, monkeypatch
):
    made = [
        register(surakarta, name=f"Keripik {n}", owner=f"Pemilik {n}", phone="") for n in range(4)
    ]
    register(surakarta, name="Batik Laweyan", owner="Sri Keripik Wati", phone="")
    register(surakarta, name="Bengkel Las", owner="Joko", phone="")
    with scopes_disabled():
        few = business_page(surakarta, BusinessFilters(q="keripik"))
        monkeypatch.setattr(selectors, "SEARCH_SPARSE", 2)  # now "keripik" is common
        many = business_page(surakarta, BusinessFilters(q="keripik"))
    assert [b.name for b in few.object_list] == [
        "Batik Laweyan", "Keripik 0", "Keripik 1", "Keripik 2", "Keripik 3"
    ]  # fmt: skip
    assert (few.sort, few.common_search, few.count, few.count_is_exact) == ("name", False, 5, True)
    newest = sorted([*made, Business.objects.get(name="Batik Laweyan")], key=lambda b: -b.pk)
    assert [b.pk for b in many.object_list] == [b.pk for b in newest]
    assert (many.sort, many.common_search) == ("newest", True)


def test_numbers_find_the_phone_and_the_nib(surakarta):
    register(surakarta, name="Keripik Tempe", phone="0812-3456-7890", nib="9120001234567")
    register(surakarta, name="Batik Laweyan", phone="0813-1111-2222")
    with scopes_disabled():
        for text, expected in [
            ("0812-3456-7890", ["Keripik Tempe"]),  # the whole number, as typed
            ("+62 813 1111 2222", ["Batik Laweyan"]),
            ("3456-78", ["Keripik Tempe"]),  # a part of it
            ("912000", ["Keripik Tempe"]),  # the start of the NIB
            ("0819", []),
        ]:
            page = business_page(surakarta, BusinessFilters(q=text))
            assert [b.name for b in page.object_list] == expected, text


def test_the_count_of_coached_businesses_follows_every_write(surakarta, kediri, officer):
    first = register(surakarta, actor=officer, name="Keripik Tempe Bu Sri", owner="Sri")
    second = register(surakarta, actor=officer, name="Keripik Tempe Sri", owner="Sri")
    third = register(kediri, name="Tenun Ikat Bandar", owner="Sulastri")
    business_coach(actor=None, business=third, organisation=surakarta, program="Kelas Ekspor")
    assert selectors.business_total(surakarta) == 3
    assert selectors.business_total(kediri) == 1
    business_merge(actor=officer, survivor=first, merged=second)
    assert selectors.business_total(surakarta) == 2
    third.delete()
    assert (selectors.business_total(surakarta), selectors.business_total(kediri)) == (1, 0)
    kept, real = _counts()
    assert kept == real


def test_a_lost_trigger_is_put_back_after_migrate_and_what_it_missed_made_right(surakarta):
    business = register(surakarta, name="Keripik Tempe Bu Sri", owner="Sri Wahyuni", phone="")
    with connection.cursor() as cursor:  # as a rebuilt SQLite table would have them
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER registry_owner_names_insert")
            cursor.execute("DROP TRIGGER registry_coachedcount_insert")
        else:
            cursor.execute("DROP TRIGGER registry_owner_names_insert ON registry_businessowner")
            cursor.execute("DROP TRIGGER registry_coachedcount_insert ON registry_coachingrelation")
    BusinessOwner.objects.create(business=business, name="Budi Santoso")
    other = OrganisationFactory(slug="dekranasda-surakarta", kind="dekranasda")
    with scopes_disabled():
        CoachingRelation.objects.create(business=business, organisation=other)
    assert _names(business) == "Sri Wahyuni"  # missed
    assert selectors.business_total(other) == 0

    done = db_objects.install(connection)

    assert "owner_names" in done and db_objects.COUNTS in done
    assert _names(business) == "Sri Wahyuni | Budi Santoso"
    assert selectors.business_total(other) == 1
    assert db_objects.install(connection) == []  # nothing left to do
    with scopes_disabled():
        page = business_page(surakarta, BusinessFilters(q="budi santoso"))
    assert [b.name for b in page.object_list] == ["Keripik Tempe Bu Sri"]


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER)
