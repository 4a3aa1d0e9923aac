"""A sale festival run by its organisers' officers: merchants (from the registry or shops
outside it) and their promotions through the officer pages, the merchant's own pages,
the promo page and the totals."""

import datetime as dt
import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from naikkelas.catalog.models import Category
from naikkelas.core.models import AuditEntry, Role
from naikkelas.events.models import EventKind, FestivalMerchant, Promotion
from naikkelas.events.services.festival import (
    MerchantData,
    PromotionData,
    merchant_add,
    merchant_report,
    merchant_withdraw,
    promotion_add,
    promotion_end,
    promotion_update,
)
from naikkelas.registry.models import BusinessOwner
from tests.core.test_pages import assert_csp_clean
from tests.factories import UserFactory, member
from tests.factories.floor import day_of, event_on
from tests.factories.registry import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def festival(surakarta):
    return event_on(surakarta, kind=EventKind.SALE_FESTIVAL, days=5, title="Solo Great Sale")


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER)


def culinary():
    return Category.objects.get(slug="kuliner")


def shop(festival, name="Warung Selat Mbak Lies", area="33.72.02", **fields):
    return merchant_add(
        actor=None,
        event=festival,
        data=MerchantData(name=name, category_id=culinary().pk, area_code=area, **fields),
    )


def offer(merchant, first, *, title="Diskon 20%", days=2, **fields):
    return promotion_add(
        actor=None,
        merchant=merchant,
        data=PromotionData(
            title=title, starts_on=first, ends_on=first + dt.timedelta(days=days), **fields
        ),
    )


def urls(organisation, festival, merchant=None):
    base = [organisation.slug, festival.pk]
    found = {
        "list": reverse("events:festival_merchants", args=base),
        "new": reverse("events:festival_merchant_new", args=base),
    }
    if merchant is not None:
        found["merchant"] = reverse("events:festival_merchant", args=[*base, merchant.pk])
        found["promotion_new"] = reverse("events:festival_promotion_new", args=[*base, merchant.pk])
        found["withdraw"] = reverse("events:festival_merchant_withdraw", args=[*base, merchant.pk])
    return found


# --- permissions ---------------------------------------------------------------------------


def test_the_officer_pages_are_for_the_organisers_officers_only(
    client, surakarta, kediri, festival
):
    merchant = shop(festival)
    pages = urls(surakarta, festival, merchant)
    get_pages = [pages["list"], pages["new"], pages["merchant"], pages["promotion_new"]]

    for url in get_pages:  # anonymous: sent to log in
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")

    client.force_login(member(surakarta, Role.OFFICER))
    for url in get_pages:
        page = client.get(url)
        assert page.status_code == 200, url
        assert_csp_clean(page)

    client.force_login(member(surakarta, Role.LEADER))  # of the organisers, without the right
    assert client.get(pages["list"]).status_code == 403

    # another organisation's officer: its own slug does not reach the event, Surakarta's
    # slug is not theirs
    client.force_login(member(kediri, Role.OFFICER))
    assert client.get(pages["list"]).status_code == 404
    theirs = urls(kediri, festival, merchant)
    for name in ("list", "new", "merchant", "promotion_new"):
        assert client.get(theirs[name]).status_code == 404
    assert client.post(urls(kediri, festival, merchant)["withdraw"]).status_code == 404
    with scopes_disabled():
        assert FestivalMerchant.objects.get(pk=merchant.pk).is_active is True


def test_the_merchant_pages_are_404_for_an_expo(client, surakarta, officer):
    expo = event_on(surakarta, kind=EventKind.EXPO)
    client.force_login(officer)
    assert client.get(urls(surakarta, expo)["list"]).status_code == 404


def test_the_event_page_links_to_the_merchants(client, surakarta, festival, officer):
    client.force_login(officer)
    page = client.get(reverse("events:event_detail", args=[surakarta.slug, festival.pk]))
    assert urls(surakarta, festival)["list"] in page.content.decode()


# --- merchants -----------------------------------------------------------------------------


def test_an_officer_adds_a_shop_outside_the_registry_with_its_phone_in_e164(
    client, surakarta, festival, officer
):
    client.force_login(officer)
    response = client.post(
        urls(surakarta, festival)["new"],
        {
            "name": "Toko Batik  Laweyan",
            "kind": "shop",
            "category": Category.objects.get(slug="fesyen").pk,
            "area": "33.72.01",
            "address": "Jl. Dr. Rajiman 521",
            "phone": "0812-2233-4455",
        },
    )
    with scopes_disabled():
        merchant = FestivalMerchant.objects.get(event=festival)
        audit = AuditEntry.objects.get(action="merchant.add")
    assert response.status_code == 302
    assert response["Location"] == urls(surakarta, festival, merchant)["merchant"]
    assert (merchant.name, merchant.kind, merchant.area_id, merchant.phone) == (
        "Toko Batik Laweyan",
        "shop",
        "33.72.01",
        "+6281222334455",
    )
    assert merchant.business_id is None
    assert audit.actor == officer


def test_the_merchant_form_says_what_is_wrong(client, surakarta, festival, officer):
    shop(festival, name="Warung Selat Mbak Lies")
    client.force_login(officer)
    page = client.post(
        urls(surakarta, festival)["new"],
        {
            "name": "warung selat mbak lies",
            "kind": "shop",
            "category": culinary().pk,
            "area": "33.72.02",
            "phone": "12345",
        },
    )
    text = html.unescape(page.content.decode())
    assert page.status_code == 200
    assert "Nomor '12345' tidak valid. Tulis seperti 0812-3456-7890." in text
    assert "Merchant dengan nama ini sudah ikut." in text
    with scopes_disabled():
        assert FestivalMerchant.objects.filter(event=festival).count() == 1


def test_an_officer_adds_a_coached_business_found_by_name(client, surakarta, kediri, festival):
    ours = register(surakarta, name="Keripik Tempe Bu Sri", phone="0812-3456-7890")
    register(kediri, name="Keripik Tahu Kediri", village_code="35.71.01.1001")
    client.force_login(member(surakarta, Role.OFFICER))
    url = urls(surakarta, festival)["new"]
    found = client.get(url, {"q": "keripik"}).content.decode()
    assert "Keripik Tempe Bu Sri" in found
    assert "Keripik Tahu Kediri" not in found  # not coached by this organisation
    chosen = client.get(url, {"usaha": ours.pk}).content.decode()
    assert 'value="Keripik Tempe Bu Sri"' in chosen
    assert 'value="0812-3456-7890"' in chosen
    assert 'value="33.72.01"' in chosen
    response = client.post(
        url,
        {
            "business": ours.pk,
            "name": "Keripik Tempe Bu Sri",
            "kind": "sme",
            "category": culinary().pk,
            "area": "33.72.01",
            "phone": "0812-3456-7890",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        merchant = FestivalMerchant.objects.get(event=festival)
    assert (merchant.business_id, merchant.kind, merchant.phone) == (
        ours.pk,
        "sme",
        "+6281234567890",
    )


def test_a_business_another_organisation_coaches_cannot_be_added(
    client, surakarta, kediri, festival
):
    theirs = register(kediri, name="Keripik Tahu Kediri", village_code="35.71.01.1001")
    client.force_login(member(surakarta, Role.OFFICER))
    client.post(
        urls(surakarta, festival)["new"],
        {
            "business": theirs.pk,
            "name": "Keripik Tahu Kediri",
            "kind": "sme",
            "category": culinary().pk,
            "area": "33.72.01",
        },
    )
    with scopes_disabled():
        merchant = FestivalMerchant.objects.get(event=festival)
    assert merchant.business_id is None  # added as a shop, not linked to their record


def test_the_merchant_list_filters_by_area_category_and_kind(client, surakarta, festival, officer):
    fashion = Category.objects.get(slug="fesyen")
    for name, category, area, kind in [
        ("Toko Batik Laweyan", fashion, "33.72.01", "shop"),
        ("Warung Selat Solo", culinary(), "33.72.02", "restaurant"),
        ("Serabi Notosuman", culinary(), "33.72.01", "sme"),
    ]:
        merchant_add(
            actor=None,
            event=festival,
            data=MerchantData(name=name, category_id=category.pk, area_code=area, kind=kind),
        )
    client.force_login(officer)
    url = urls(surakarta, festival)["list"]

    def names(**params):
        text = client.get(url, params).content.decode()
        return [
            n for n in ("Toko Batik Laweyan", "Warung Selat Solo", "Serabi Notosuman") if n in text
        ]

    assert names() == ["Toko Batik Laweyan", "Warung Selat Solo", "Serabi Notosuman"]
    assert names(wilayah="33.72.01") == ["Toko Batik Laweyan", "Serabi Notosuman"]
    assert names(kategori="kuliner") == ["Warung Selat Solo", "Serabi Notosuman"]
    assert names(jenis="sme") == ["Serabi Notosuman"]
    assert names(wilayah="33.72.01", kategori="kuliner") == ["Serabi Notosuman"]


def test_the_merchant_list_query_count_does_not_grow(
    client, surakarta, festival, officer, django_assert_max_num_queries
):
    client.force_login(officer)
    url = urls(surakarta, festival)["list"]
    for n in range(3):
        shop(festival, name=f"Toko {n}")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(3, 15):
        shop(festival, name=f"Toko {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_an_officer_edits_and_withdraws_a_merchant(client, surakarta, festival, officer):
    merchant = shop(festival)
    first = day_of(festival).date
    offer(merchant, first, title="Es teh gratis")
    pages = urls(surakarta, festival, merchant)
    client.force_login(officer)
    client.post(
        pages["merchant"],
        {
            "name": "Warung Selat Mbak Lies (Pasar Gede)",
            "kind": "restaurant",
            "category": culinary().pk,
            "area": "33.72.04",
            "address": "Pasar Gede",
            "phone": "+62 812 9999 0000",
        },
    )
    with scopes_disabled():
        merchant.refresh_from_db()
    assert (merchant.name, merchant.kind, merchant.area_id, merchant.phone) == (
        "Warung Selat Mbak Lies (Pasar Gede)",
        "restaurant",
        "33.72.04",
        "+6281299990000",
    )
    promo = reverse("events:promos", args=[festival.slug])
    assert "Es teh gratis" in client.get(promo).content.decode()
    client.post(pages["withdraw"], {"action": "withdraw"})
    with scopes_disabled():
        merchant.refresh_from_db()
        actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert merchant.is_active is False
    assert actions[-2:] == ["merchant.update", "merchant.withdraw"]
    assert "Es teh gratis" not in client.get(promo).content.decode()
    client.post(pages["withdraw"], {"action": "return"})
    with scopes_disabled():
        merchant.refresh_from_db()
    assert merchant.is_active is True


# --- promotions ----------------------------------------------------------------------------


def promotion_post(client, url, first, **fields):
    data = {
        "title": "Diskon akhir pekan",
        "discount_percent": "",
        "discount_amount": "",
        "starts_on": first.isoformat(),
        "ends_on": (first + dt.timedelta(days=1)).isoformat(),
        "conditions": "",
    }
    data.update(fields)
    return client.post(url, data)


def test_the_promotion_form_says_what_is_wrong(client, surakarta, festival, officer):
    merchant = shop(festival)
    first = day_of(festival).date  # the festival runs 5 days from ``first``
    last = first + dt.timedelta(days=4)
    client.force_login(officer)
    url = urls(surakarta, festival, merchant)["promotion_new"]
    cases = [
        (
            {"ends_on": (first + dt.timedelta(days=5)).isoformat()},
            f"Promo harus berlaku dalam masa festival ({first:%d-%m-%Y}–{last:%d-%m-%Y}).",
        ),
        (
            {"starts_on": (first - dt.timedelta(days=1)).isoformat()},
            "Promo harus berlaku dalam masa festival",
        ),
        (
            {"discount_percent": "-10"},
            "Diskon paling sedikit 1 %. Kosongkan untuk penawaran berupa kata-kata.",
        ),
        ({"discount_percent": "120"}, "Diskon tidak boleh lebih dari 100 %."),
        (
            {"discount_amount": "-5000"},
            "Diskon dalam rupiah paling sedikit Rp 1. Kosongkan untuk penawaran berupa kata-kata.",
        ),
        (
            {"discount_percent": "10", "discount_amount": "5000"},
            "Isi diskon dalam % atau dalam rupiah, jangan keduanya;",
        ),
        (
            {"ends_on": (first - dt.timedelta(days=1)).isoformat()},
            "Promo harus berakhir pada atau setelah hari pertamanya.",
        ),
    ]
    for fields, message in cases:
        page = promotion_post(client, url, first, **fields)
        assert page.status_code == 200, fields
        assert message in page.content.decode(), fields
    with scopes_disabled():
        assert Promotion.objects.count() == 0


def test_the_services_refuse_a_bad_discount_with_the_field(festival):
    merchant = shop(festival)
    first = day_of(festival).date
    with pytest.raises(ValidationError) as refused:
        offer(merchant, first, discount_percent=101)
    assert refused.value.message_dict == {
        "discount_percent": ["Diskon tidak boleh lebih dari 100 %."]
    }
    with pytest.raises(ValidationError) as refused:
        offer(merchant, first, discount_amount=-1)
    assert list(refused.value.message_dict) == ["discount_amount"]


def test_a_new_promotion_shows_on_the_promo_page_and_an_ended_one_does_not(
    client, surakarta, festival, officer
):
    merchant = shop(festival, area="33.72.01")
    first = day_of(festival).date
    client.force_login(officer)
    pages = urls(surakarta, festival, merchant)
    response = promotion_post(
        client,
        pages["promotion_new"],
        first,
        title="Nasi liwet diskon 25%",
        discount_percent="25",
        conditions="Makan di tempat",
    )
    assert response.status_code == 302
    with scopes_disabled():
        promotion = Promotion.objects.get()
    assert (promotion.discount_percent, promotion.conditions) == (25, "Makan di tempat")
    promo_url = reverse("events:promos", args=[festival.slug])
    text = client.get(promo_url, {"wilayah": "33.72.01"}).content.decode()
    assert "Nasi liwet diskon 25%" in text and "Makan di tempat" in text

    edit = reverse(
        "events:festival_promotion", args=[surakarta.slug, festival.pk, merchant.pk, promotion.pk]
    )
    promotion_post(client, edit, first, title="Nasi liwet diskon 30%", discount_percent="30")
    text = client.get(promo_url).content.decode()
    assert "Nasi liwet diskon 30%" in text and "Nasi liwet diskon 25%" not in text

    client.post(edit + "end/")
    with scopes_disabled():
        promotion.refresh_from_db()
        ended = AuditEntry.objects.filter(action="promotion.end").count()
    assert (promotion.is_active, ended) == (False, 1)
    assert "Nasi liwet" not in client.get(promo_url).content.decode()
    assert '<span class="tag">berakhir</span>' in client.get(pages["merchant"]).content.decode()


def test_another_organisations_officer_cannot_change_a_promotion(kediri, festival):
    merchant = shop(festival)
    promotion = offer(merchant, day_of(festival).date)
    stranger = member(kediri, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        promotion_end(actor=stranger, promotion=promotion)
    with pytest.raises(PermissionDenied):
        merchant_withdraw(actor=stranger, merchant=merchant)
    with scopes_disabled():
        promotion.refresh_from_db()
    assert promotion.is_active is True


# --- the merchant itself -------------------------------------------------------------------


def owned_merchant(surakarta, festival):
    business = register(surakarta, name="Serabi Notosuman Ny. Lidia")
    owner = UserFactory()
    with scopes_disabled():
        BusinessOwner.objects.filter(business=business).update(user=owner)
    merchant = merchant_add(
        actor=None,
        event=festival,
        data=MerchantData(
            name=business.name,
            category_id=culinary().pk,
            area_code="33.72.01",
            business_id=business.pk,
        ),
    )
    return owner, merchant


def test_the_owner_sees_the_festival_and_manages_own_promotions(client, surakarta, festival):
    owner, merchant = owned_merchant(surakarta, festival)
    first = day_of(festival).date
    client.force_login(owner)
    mine = client.get(reverse("events:my_applications"))
    assert_csp_clean(mine)
    text = mine.content.decode()
    assert "Solo Great Sale" in text
    report_url = reverse("events:merchant_report", args=[merchant.pk])
    assert report_url in text

    response = promotion_post(
        client,
        reverse("events:own_promotion_new", args=[merchant.pk]),
        first,
        title="Beli 10 gratis 1",
    )
    assert response.status_code == 302
    assert response["Location"] == report_url
    with scopes_disabled():
        promotion = Promotion.objects.get()
    assert (promotion.title, promotion.discount_percent, promotion.discount_amount) == (
        "Beli 10 gratis 1",
        None,
        None,
    )
    page = client.get(report_url)
    assert_csp_clean(page)
    assert "Beli 10 gratis 1" in page.content.decode()
    promotion_post(
        client,
        reverse("events:own_promotion", args=[merchant.pk, promotion.pk]),
        first,
        title="Beli 10 gratis 2",
    )
    client.post(reverse("events:own_promotion_end", args=[merchant.pk, promotion.pk]))
    with scopes_disabled():
        promotion.refresh_from_db()
    assert (promotion.title, promotion.is_active) == ("Beli 10 gratis 2", False)


def test_someone_else_cannot_touch_a_merchants_promotions(client, surakarta, festival):
    _owner, merchant = owned_merchant(surakarta, festival)
    promotion = offer(merchant, day_of(festival).date)
    client.force_login(UserFactory())
    assert client.get(reverse("events:own_promotion_new", args=[merchant.pk])).status_code == 403
    end = reverse("events:own_promotion_end", args=[merchant.pk, promotion.pk])
    assert client.post(end).status_code == 403
    client.logout()
    assert client.get(reverse("events:own_promotion_new", args=[merchant.pk]))[
        "Location"
    ].startswith("/login/")
    with scopes_disabled():
        promotion.refresh_from_db()
    assert promotion.is_active is True


def test_a_withdrawn_merchant_no_longer_edits_its_promotions(surakarta, festival):
    owner, merchant = owned_merchant(surakarta, festival)
    promotion = offer(merchant, day_of(festival).date)
    merchant_withdraw(actor=None, merchant=merchant)
    with scopes_disabled():
        merchant.refresh_from_db()
    with pytest.raises(PermissionDenied):
        promotion_update(
            actor=owner,
            promotion=promotion,
            data=PromotionData(title="x", starts_on=promotion.starts_on, ends_on=promotion.ends_on),
        )


# --- totals --------------------------------------------------------------------------------


def test_the_totals_change_after_a_merchant_reports(client, surakarta, festival, officer):
    owner, merchant = owned_merchant(surakarta, festival)
    other = shop(festival)
    first = day_of(festival).date
    merchant_report(actor=None, merchant=other, date=first, transactions=3, amount=150_000)
    client.force_login(officer)
    totals = reverse("events:festival_totals", args=[surakarta.slug, festival.pk])
    before = client.get(totals).content.decode()
    assert "Rp150.000" in before
    client.force_login(owner)
    response = client.post(
        reverse("events:merchant_report", args=[merchant.pk]),
        {"date": first.isoformat(), "transactions": "12", "amount": "2400000"},
    )
    assert response.status_code == 302
    client.force_login(officer)
    after = client.get(totals)
    assert after.context["total"] == {"amount": 2_550_000, "transactions": 15}
    assert "Rp2.550.000" in after.content.decode()


def test_the_days_page_keeps_the_festival_days_in_its_date_inputs(
    client, surakarta, festival, officer
):
    """The promotions' period is checked against these days: editing them must not blank
    them (a date input shows only an ISO date)."""
    client.force_login(officer)
    page = client.get(reverse("events:event_days", args=[surakarta.slug, festival.pk]))
    first = day_of(festival).date
    assert f'type="date" name="days-0-date" value="{first.isoformat()}"' in page.content.decode()
