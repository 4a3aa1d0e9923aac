import datetime as dt
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_scopes import scopes_disabled

from naikkelas.core.models import Role
from naikkelas.registry.models import Business, BusinessOwner, CoachingRelation
from naikkelas.registry.selectors.businesses import BusinessFilters, business_list, business_page
from naikkelas.registry.services.businesses import business_coach, certificate_save
from naikkelas.registry.sizeclass import MILIAR
from tests.core.test_pages import assert_csp_clean
from tests.factories import member
from tests.factories.registry import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER, name="Bambang Petugas")


@pytest.fixture
def registry(surakarta, kediri, officer):
    """Four Surakarta businesses and one of Kediri's."""
    batik = register(
        surakarta,
        actor=officer,
        name="Batik Laweyan Sari",
        owner="Hj. Siti Aminah",
        phone="0812-1111-2222",
        village_code="33.72.01.1002",
        kbli="13",
        annual_sales=3 * MILIAR,
        nib="1234567890123",
    )
    keripik = register(
        surakarta,
        actor=officer,
        name="Keripik Tempe Bu Sri",
        owner="Sri Wahyuningsih",
        phone="0813-2222-3333",
        village_code="33.72.02.1001",
        kbli="10792",
        annual_sales=500_000_000,
    )
    bengkel = register(
        surakarta,
        actor=officer,
        name="Bengkel Las Pak Joko",
        owner="Joko Susilo",
        gender="male",
        phone="0814-3333-4444",
        village_code="33.72.01.1001",
        kbli="33",
        annual_sales=20 * MILIAR,
    )
    closed = register(
        surakarta,
        actor=officer,
        name="Warung Tutup",
        owner="Agus",
        gender="male",
        phone="0815-4444-5555",
        village_code="33.72.02.1003",
    )
    Business.objects.filter(pk=closed.pk).update(status="closed")
    certificate_save(actor=officer, business=keripik, kind="halal", expires_on=dt.date(2030, 1, 1))
    certificate_save(actor=officer, business=batik, kind="brand")
    with scopes_disabled():
        CoachingRelation.objects.filter(business=batik).update(program="Kelas Ekspor 2025")
        CoachingRelation.objects.filter(business=keripik).update(program="Pelatihan Halal")
    kediri_tenun = register(
        kediri,
        name="Tenun Ikat Bandar",
        owner="Sulastri",
        phone="0816-5555-6666",
        village_code="35.71.01.1001",
    )
    return {
        "batik": batik,
        "keripik": keripik,
        "bengkel": bengkel,
        "closed": closed,
        "kediri": kediri_tenun,
    }


def _names(response):
    return [b.name for b in response.context["page"].object_list]


def test_officer_list_shows_only_coached_businesses_sorted_by_name(
    client, surakarta, officer, registry
):
    client.force_login(officer)
    response = client.get(f"/o/{surakarta.slug}/registry/")
    assert response.status_code == 200
    assert _names(response) == [
        "Batik Laweyan Sari",
        "Bengkel Las Pak Joko",
        "Keripik Tempe Bu Sri",
        "Warung Tutup",
    ]
    html = response.content.decode()
    assert "4 pelaku usaha" in html
    assert "Tenun Ikat Bandar" not in html
    assert_csp_clean(response)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "33.72.01"}, ["Batik Laweyan Sari", "Bengkel Las Pak Joko"]),
        ({"region": "33.72.01.1002"}, ["Batik Laweyan Sari"]),
        (
            {"region": "33.72"},
            ["Batik Laweyan Sari", "Bengkel Las Pak Joko", "Keripik Tempe Bu Sri", "Warung Tutup"],
        ),
        (
            {"kbli_section": "C"},
            ["Batik Laweyan Sari", "Bengkel Las Pak Joko", "Keripik Tempe Bu Sri"],
        ),
        ({"size_class": "small"}, ["Batik Laweyan Sari"]),
        ({"size_class": "medium"}, ["Bengkel Las Pak Joko"]),
        ({"size_class": "micro"}, ["Keripik Tempe Bu Sri"]),
        ({"certificate": "halal"}, ["Keripik Tempe Bu Sri"]),
        ({"certificate": "brand"}, ["Batik Laweyan Sari"]),
        ({"program": "Kelas Ekspor 2025"}, ["Batik Laweyan Sari"]),
        ({"status": "closed"}, ["Warung Tutup"]),
        ({"status": "active", "women_led": "1"}, ["Batik Laweyan Sari", "Keripik Tempe Bu Sri"]),
        ({"women_led": "0"}, ["Bengkel Las Pak Joko", "Warung Tutup"]),
        ({"q": "laweyan"}, ["Batik Laweyan Sari"]),
        ({"q": "siti aminah"}, ["Batik Laweyan Sari"]),
        ({"q": "1234567890123"}, ["Batik Laweyan Sari"]),
        ({"q": "0813 2222 3333"}, ["Keripik Tempe Bu Sri"]),
        ({"q": "+62 814-3333-4444"}, ["Bengkel Las Pak Joko"]),
        ({"q": "tenun"}, []),
    ],
)
def test_every_filter_narrows_the_list(client, surakarta, officer, registry, params, expected):
    client.force_login(officer)
    response = client.get(f"/o/{surakarta.slug}/registry/", params)
    assert response.status_code == 200
    assert _names(response) == expected


def test_sorting_by_newest_and_by_size_class(client, surakarta, officer, registry):
    client.force_login(officer)
    newest = client.get(f"/o/{surakarta.slug}/registry/", {"sort": "newest"})
    assert _names(newest) == [
        "Warung Tutup",
        "Bengkel Las Pak Joko",
        "Keripik Tempe Bu Sri",
        "Batik Laweyan Sari",
    ]
    by_size = client.get(f"/o/{surakarta.slug}/registry/", {"sort": "size"})
    assert _names(by_size) == [
        "Keripik Tempe Bu Sri",
        "Batik Laweyan Sari",
        "Bengkel Las Pak Joko",
        "Warung Tutup",
    ]


def _link(html, rel):
    found = re.search(rf'<a href="([^"]*)" rel="{rel}">', html)
    return unescape(found.group(1)) if found else None


def test_list_pages_by_50_with_links_that_keep_the_filters(client, surakarta, officer):
    for n in range(103):
        register(surakarta, name=f"Usaha {n:03d}", phone="", owner=f"Pemilik {n}")
    register(surakarta, name="Warung Lain", phone="", owner="Sri")
    client.force_login(officer)
    url = f"/o/{surakarta.slug}/registry/"
    first = client.get(url, {"q": "usaha"})
    html = first.content.decode()
    assert _names(first) == [f"Usaha {n:03d}" for n in range(50)]
    assert "Halaman 1 dari 3" in html
    assert _link(html, "prev") is None
    # the next page is found after the last row of this one (not by counting rows again)
    following = _link(html, "next")
    assert following.startswith("?q=usaha&page=2&after=")
    second = client.get(url + following)
    assert _names(second) == [f"Usaha {n:03d}" for n in range(50, 100)]
    third = client.get(url + _link(second.content.decode(), "next"))
    html = third.content.decode()
    assert _names(third) == ["Usaha 100", "Usaha 101", "Usaha 102"]
    assert "Halaman 3 dari 3" in html
    assert _link(html, "next") is None
    back = _link(html, "prev")
    assert back.startswith("?q=usaha&page=2&before=")
    assert _names(client.get(url + back)) == [f"Usaha {n:03d}" for n in range(50, 100)]
    assert _link(second.content.decode(), "prev") == "?q=usaha"
    # a typed page number still works, and a damaged cursor shows the first page
    assert _names(client.get(url, {"q": "usaha", "page": 3})) == [
        "Usaha 100",
        "Usaha 101",
        "Usaha 102",
    ]
    broken = client.get(url, {"q": "usaha", "after": "bukan-kursor"})
    assert _names(broken)[:2] == ["Usaha 000", "Usaha 001"]


def test_every_sort_pages_forwards_and_back_in_the_same_order(surakarta):
    made = [
        register(
            surakarta,
            name=f"Usaha {n % 3}",
            phone="",
            owner=f"Pemilik {n}",
            annual_sales=(n % 4) * 3 * MILIAR or None,
        )
        for n in range(7)
    ]  # equal names, equal sizes: the id decides
    Business.objects.filter(pk__in=[b.pk for b in made[:4]]).update(
        created_at=timezone.now() - dt.timedelta(days=1)
    )
    for sort in ("name", "newest", "size"):
        filters = BusinessFilters(sort=sort)
        with scopes_disabled():
            whole = [b.pk for b in business_list(surakarta, filters)]
            pages = [business_page(surakarta, filters, size=3)]
            while pages[-1].has_next:
                pages.append(
                    business_page(
                        surakarta,
                        filters,
                        after=pages[-1].next_cursor,
                        number=pages[-1].number + 1,
                        size=3,
                    )
                )
            back = business_page(
                surakarta, filters, before=pages[-1].previous_cursor, number=2, size=3
            )
        assert [len(page.object_list) for page in pages] == [3, 3, 1], sort
        assert [b.pk for page in pages for b in page.object_list] == whole, sort
        assert [b.pk for b in back.object_list] == [b.pk for b in pages[1].object_list], sort
    assert [b.name for b in business_list(surakarta, BusinessFilters(sort="size"))][:2] == [
        "Usaha 0",
        "Usaha 0",
    ]


def test_list_query_count_does_not_grow_with_rows(
    client, surakarta, officer, django_assert_max_num_queries
):
    def load(count):
        for n in range(count):
            business = register(surakarta, name=f"Usaha {n}", phone="")
            certificate_save(actor=officer, business=business, kind="pirt")
        client.force_login(officer)
        cache.clear()  # the program filter's choices are cached: measure the cold page
        with django_assert_max_num_queries(18) as context:
            response = client.get(f"/o/{surakarta.slug}/registry/")
        assert response.status_code == 200
        return len(context.captured_queries)

    few = load(2)
    many = load(30)
    assert few == many


def test_kediri_officer_cannot_see_or_change_a_surakarta_business(client, kediri, registry):
    stranger = member(kediri, Role.OFFICER)
    client.force_login(stranger)
    batik = registry["batik"]
    assert client.get(f"/o/kadin-kediri/registry/{batik.pk}/").status_code == 404
    assert client.get(f"/o/kadin-kediri/registry/{batik.pk}/edit/").status_code == 404
    response = client.post(
        f"/o/kadin-kediri/registry/{batik.pk}/edit/",
        {"name": "Dibajak", "legal_form": "individual", "status": "active"},
    )
    assert response.status_code == 404
    # and the Surakarta pages do not exist for a non-member
    assert client.get("/o/disnakerperin-surakarta/registry/").status_code == 404
    batik.refresh_from_db()
    assert batik.name == "Batik Laweyan Sari"
    kediri_list = client.get("/o/kadin-kediri/registry/")
    assert _names(kediri_list) == ["Tenun Ikat Bandar"]


def test_leader_reads_the_list_but_cannot_register(client, surakarta, registry):
    leader = member(surakarta, Role.LEADER)
    client.force_login(leader)
    assert client.get(f"/o/{surakarta.slug}/registry/").status_code == 200
    assert client.get(f"/o/{surakarta.slug}/registry/{registry['batik'].pk}/").status_code == 200
    assert client.get(f"/o/{surakarta.slug}/registry/new/").status_code == 403
    curator = member(surakarta, Role.CURATOR)
    client.force_login(curator)
    assert client.get(f"/o/{surakarta.slug}/registry/").status_code == 403


def test_org_nav_links_to_businesses_for_officers_only(client, surakarta, officer):
    client.force_login(officer)
    assert (
        f'href="/o/{surakarta.slug}/registry/"'
        in client.get(f"/o/{surakarta.slug}/").content.decode()
    )
    curator = member(surakarta, Role.CURATOR)
    client.force_login(curator)
    assert "/registry/" not in client.get(f"/o/{surakarta.slug}/").content.decode()


# --- officer registers and edits -----------------------------------------------------------------


def test_officer_registers_a_business_on_behalf_of_its_owner(client, surakarta, officer):
    client.force_login(officer)
    form = client.get(f"/o/{surakarta.slug}/registry/new/")
    assert form.status_code == 200
    assert_csp_clean(form)
    response = client.post(
        f"/o/{surakarta.slug}/registry/new/",
        {
            "name": "Batik Kauman Indah",
            "legal_form": "ud",
            "nib": "9876543210123",
            "village": "33.72.02.1002",
            "address": "Jl. Kauman 5",
            "kbli": "13",
            "product_types": "batik cap",
            "owner_name": "Dewi Lestari",
            "gender": "female",
            "phone": "0812 9999 8888",
            "whatsapp": "on",
            "nik": "3372010101800001",
            "workforce_men": "2",
            "workforce_women": "6",
            "annual_sales": "1500000000",
            "program": "Kelas Ekspor 2025",
            "since": "2024-03-01",
        },
    )
    business = Business.objects.get(name="Batik Kauman Indah")
    assert response.status_code == 302
    assert response["Location"] == f"/o/{surakarta.slug}/registry/{business.pk}/"
    assert (business.source, business.legal_form, business.nib) == (
        "officer",
        "ud",
        "9876543210123",
    )
    assert (business.district_code, business.kbli_section, business.size_class) == (
        "33.72.02",
        "C",
        "micro",
    )
    owner = business.owners.get()
    assert (owner.name, owner.phone, owner.nik, owner.whatsapp) == (
        "Dewi Lestari",
        "+6281299998888",
        "3372010101800001",
        True,
    )
    with scopes_disabled():
        relation = CoachingRelation.objects.get(business=business)
    assert (relation.organisation, relation.program, relation.since) == (
        surakarta,
        "Kelas Ekspor 2025",
        dt.date(2024, 3, 1),
    )
    detail = client.get(response["Location"])
    html = detail.content.decode()
    assert "3372010101800001" in html  # the coaching organisation sees the NIK
    assert "Kecamatan Serengan" in html
    assert_csp_clean(detail)


def test_register_form_shows_service_errors_in_indonesian(client, surakarta, officer):
    client.force_login(officer)
    response = client.post(
        f"/o/{surakarta.slug}/registry/new/",
        {
            "name": "Usaha Salah",
            "legal_form": "individual",
            "nib": "123",
            "owner_name": "Budi",
            "phone": "0812 5555 6666",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "NIB &#x27;123&#x27; harus 13 angka." in html
    assert Business.objects.count() == 0


def test_officer_edits_a_business_and_the_size_class_follows(client, surakarta, officer, registry):
    client.force_login(officer)
    keripik = registry["keripik"]
    url = f"/o/{surakarta.slug}/registry/{keripik.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["village"] == "33.72.02.1001"
    response = client.post(
        url,
        {
            "name": "Keripik Tempe Bu Sri",
            "legal_form": "individual",
            "status": "active",
            "village": "33.72.02.1001",
            "kbli": "10",
            "annual_sales": str(4 * MILIAR),
            "workforce_women": "4",
        },
    )
    assert response.status_code == 302
    keripik.refresh_from_db()
    assert (keripik.size_class, keripik.annual_sales, keripik.workforce_women) == (
        "small",
        4 * MILIAR,
        4,
    )
    assert keripik.sales_reported_on == timezone.localdate()


def test_officer_adds_an_owner_a_channel_and_changes_coaching(client, surakarta, officer, registry):
    client.force_login(officer)
    batik = registry["batik"]
    base = f"/o/{surakarta.slug}/registry/{batik.pk}/"
    assert (
        client.post(
            base + "owners/add/", {"name": "Ahmad", "gender": "male", "phone": "081233334444"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            base + "channels/add/",
            {"kind": "marketplace", "label": "Shopee", "url": "shopee.co.id/batiksari"},
        ).status_code
        == 302
    )
    assert list(batik.channels.values_list("url", flat=True)) == ["https://shopee.co.id/batiksari"]
    assert (
        client.post(
            base + "coaching/", {"program": "Gelar Produk", "since": "2023-01-02"}
        ).status_code
        == 302
    )
    with scopes_disabled():
        relation = CoachingRelation.objects.get(business=batik)
    assert (relation.program, relation.since) == ("Gelar Produk", dt.date(2023, 1, 2))
    assert sorted(BusinessOwner.objects.filter(business=batik).values_list("name", flat=True)) == [
        "Ahmad",
        "Hj. Siti Aminah",
    ]


def test_business_coached_by_two_offices_is_in_both_lists(
    client, surakarta, kediri, officer, registry
):
    business_coach(actor=None, business=registry["batik"], organisation=kediri)
    other = member(kediri, Role.OFFICER)
    client.force_login(other)
    assert _names(client.get("/o/kadin-kediri/registry/")) == [
        "Batik Laweyan Sari",
        "Tenun Ikat Bandar",
    ]
    client.force_login(officer)
    assert len(_names(client.get(f"/o/{surakarta.slug}/registry/"))) == 4


def test_list_shows_phones_as_indonesians_read_them(client, surakarta, officer):
    register(surakarta, name="Keripik Tempe Bu Sri", phone="+62 812 3456 7890")
    client.force_login(officer)
    html = client.get(f"/o/{surakarta.slug}/registry/").content.decode()
    assert "0812-3456-7890" in html


def test_the_whole_list_is_counted_exactly_beyond_the_cap(client, surakarta, officer, monkeypatch):
    from naikkelas.registry.selectors import businesses

    for n in range(4):
        register(surakarta, name=f"Usaha {n}", phone="")
    client.force_login(officer)
    monkeypatch.setattr(businesses, "FILTERED_COUNT_CAP", 2)  # as if it coached over 1,000
    whole = client.get(f"/o/{surakarta.slug}/registry/").content.decode()
    narrowed = client.get(f"/o/{surakarta.slug}/registry/", {"q": "Usaha"}).content.decode()
    assert "4 pelaku usaha" in whole
    assert "Lebih dari 2 usaha: persempit daftar dengan filter" in narrowed


@pytest.mark.parametrize(
    "e164",
    ["+6281234567890", "+628123456789", "+62812345678901", "+62215551234", "+6281", "+12025550123"],
)
def test_the_list_writes_phones_as_every_other_page_does(e164):
    from naikkelas.core.phones import phone_display
    from naikkelas.registry.views.businesses import _phone

    assert _phone(e164) == phone_display(e164)
