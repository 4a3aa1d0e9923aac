import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scopes_disabled

from naikkelas.catalog.models import Product, ProductStatus
from naikkelas.catalog.services.products import (
    ProductData,
    description_clean,
    description_text,
    product_create,
    product_hide,
    product_publish,
    product_unhide,
    product_update,
)
from naikkelas.core.models import AuditEntry
from naikkelas.registry.models import Certificate
from tests.factories import UserFactory
from tests.factories.catalog import created
from tests.factories.registry import register

pytestmark = pytest.mark.django_db


def test_an_owner_adds_a_product_with_variants_and_the_price_range_follows_them(owner, business):
    product = created(
        business,
        actor=owner,
        variants=[("Original 250 g", 15_000), ("Pedas 250 g", 16_500)],
        min_order=10,
    )
    assert (product.price_min, product.price_max, product.status) == (15_000, 16_500, "published")
    assert [(v.name, v.price) for v in product.variants.all()] == [
        ("Original 250 g", 15_000),
        ("Pedas 250 g", 16_500),
    ]
    assert product.slug == "keripik-tempe-sagu"
    assert product.updated_by == owner
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="product.create")
    assert entry.changes["name"] == [None, "Keripik Tempe Sagu"]


def test_a_second_product_of_the_same_name_gets_its_own_slug(owner, business):
    created(business, actor=owner)
    assert created(business, actor=owner).slug == "keripik-tempe-sagu-2"


def test_an_owner_edits_only_their_own_products(owner, business):
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        created(business, actor=stranger)
    product = created(business, actor=owner)
    with pytest.raises(PermissionDenied):
        product_update(
            actor=stranger,
            product=product,
            data=ProductData(name="Dicuri", category="kuliner-makanan-ringan"),
        )
    assert Product.objects.get(pk=product.pk).name == "Keripik Tempe Sagu"


def test_an_officer_of_a_coaching_organisation_edits_products_and_another_office_cannot(
    business, officer, other_officer
):
    product = created(business, actor=officer, name="Kripik Belut")
    assert product.created_by == officer
    with pytest.raises(PermissionDenied):
        product_update(
            actor=other_officer,
            product=product,
            data=ProductData(name="X", category="kuliner-makanan-ringan"),
        )


def test_a_hidden_product_is_not_public_and_its_owner_cannot_publish_it_again(
    owner, business, officer, surakarta
):
    product = created(business, actor=owner)
    assert list(Product.objects.public()) == [product]
    product_hide(
        actor=officer,
        product=product,
        organisation=surakarta,
        reason="Sertifikat halal kedaluwarsa.",
    )
    product.refresh_from_db()
    assert (product.status, product.hidden_reason, product.hidden_by) == (
        "hidden",
        "Sertifikat halal kedaluwarsa.",
        officer,
    )
    assert list(Product.objects.public()) == []
    with pytest.raises(PermissionDenied):
        product_publish(actor=owner, product=product)
    product_unhide(actor=officer, product=product, organisation=surakarta)
    assert list(Product.objects.public()) == [product]


def test_hiding_needs_a_reason_and_an_officer_of_a_coaching_organisation(
    owner, business, officer, other_officer, surakarta, kediri
):
    product = created(business, actor=owner)
    with pytest.raises(ValidationError) as error:
        product_hide(actor=officer, product=product, organisation=surakarta, reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        product_hide(actor=other_officer, product=product, organisation=kediri, reason="Tidak suka")
    with pytest.raises(PermissionDenied):
        product_hide(actor=owner, product=product, organisation=surakarta, reason="Coba")


def test_a_product_of_a_merged_or_closed_business_is_not_public(owner, business):
    created(business, actor=owner)
    business.status = "closed"
    business.save()
    assert Product.objects.public().count() == 0


def test_no_script_survives_in_a_description():
    html = description_clean(
        '<p onclick="steal()">Gurih <script>alert(1)</script><b>renyah</b></p>'
        '<img src=x onerror=alert(2)><a href="javascript:alert(3)">klik</a><style>p{}</style>'
    )
    assert html == "<p>Gurih <b>renyah</b></p>klik"


def test_a_plain_text_description_becomes_paragraphs_and_is_escaped():
    assert description_clean("Gurih & renyah.\nTanpa pengawet.\n\n<3 Solo") == (
        "<p>Gurih &amp; renyah.<br>Tanpa pengawet.</p><p>&lt;3 Solo</p>"
    )
    assert description_text("<p>Gurih &amp; renyah.<br>Tanpa</p><p>pengawet</p>") == (
        "Gurih & renyah. Tanpa pengawet"
    )


def test_an_hs_code_has_six_digits_and_is_in_the_hs_2022_list(owner, business):
    with pytest.raises(ValidationError) as error:
        created(business, actor=owner, hs_code="2005")
    assert error.value.message_dict["hs_code"] == [
        "Kode HS terdiri dari 6 digit, misalnya 200520 (keripik kentang)."
    ]
    with pytest.raises(ValidationError) as error:
        created(business, actor=owner, hs_code="770000")
    assert error.value.message_dict["hs_code"] == ["770000 tidak ada dalam daftar HS 2022."]
    assert created(business, actor=owner, hs_code="2106.90").hs_code == "210690"


def test_certificates_come_from_the_businesss_own_wallet(owner, business):
    mine = Certificate.objects.create(business=business, kind="halal", number="ID331100")
    other = Certificate.objects.create(business=register(name="Lain"), kind="pirt", number="1")
    with pytest.raises(ValidationError) as error:
        created(business, actor=owner, certificate_ids=[other.pk])
    assert "certificates" in error.value.message_dict
    product = created(business, actor=owner, certificate_ids=[mine.pk])
    assert list(product.certificates.all()) == [mine]


def test_prices_are_checked(owner, business):
    with pytest.raises(ValidationError) as error:
        created(business, actor=owner, price_min=20_000, price_max=10_000)
    assert error.value.message_dict == {
        "price_max": ["Harga tertinggi tidak boleh di bawah harga terendah."]
    }
    with pytest.raises(ValidationError) as error:
        created(business, actor=owner, variants=[("Pedas", None)])
    assert error.value.message_dict == {"variants": ["Setiap varian perlu nama dan harga."]}


def test_a_draft_is_not_public_until_published(owner, business):
    product = created(business, actor=owner, publish=False)
    assert (product.status, product.published_at) == (ProductStatus.DRAFT, None)
    assert Product.objects.public().count() == 0
    product_publish(actor=owner, product=product)
    product.refresh_from_db()
    assert product.status == "published" and product.published_at is not None


def test_product_create_without_an_actor_is_for_imports_and_demo(business):
    product = product_create(
        actor=None, business=business, data=ProductData(name="Batik Tulis", category="fesyen-batik")
    )
    assert product.created_by is None
