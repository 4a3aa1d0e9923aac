import pytest
from django.db import IntegrityError, transaction

from naikkelas.catalog.models import Category, HsCode, ProductStatus
from naikkelas.catalog.services.reference import categories_seed, hs_codes_load
from tests.factories.catalog import product

pytestmark = pytest.mark.django_db


def test_the_category_tree_is_seeded_after_migrate():
    snacks = Category.objects.get(slug="kuliner-makanan-ringan")
    assert (snacks.name, snacks.parent.slug, snacks.hs_hint) == (
        "Makanan ringan",
        "kuliner",
        "2005",
    )
    assert set(
        Category.objects.filter(parent__slug="kerajinan").values_list("slug", flat=True)
    ) >= {
        "kerajinan-kayu",
        "kerajinan-logam",
        "kerajinan-kulit",
        "kerajinan-anyaman",
        "kerajinan-gerabah",
    }
    assert Category.objects.get(slug="fesyen-tenun-lurik").name == "Tenun dan lurik"


def test_the_tree_is_not_seeded_again_over_an_administrators_changes():
    Category.objects.filter(slug="lainnya").update(name="Lain-lain")
    assert categories_seed() == 0
    assert Category.objects.get(slug="lainnya").name == "Lain-lain"


def test_category_label_follows_the_language():
    from django.utils import translation

    batik = Category.objects.get(slug="fesyen")
    with translation.override("en"):
        assert batik.label == "Fashion"
    with translation.override("id"):
        assert batik.label == "Fesyen"


def test_hs_2022_codes_are_loaded_once():
    assert HsCode.objects.count() == 6939
    assert HsCode.objects.get(code="200520").parent == "2005"
    assert hs_codes_load() == 0


def test_a_product_hs_code_has_six_digits():
    with pytest.raises(IntegrityError), transaction.atomic():
        product(hs_code="2005")


def test_a_hidden_product_has_a_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        product(status=ProductStatus.HIDDEN, hidden_reason="")


def test_the_highest_price_is_not_below_the_lowest():
    with pytest.raises(IntegrityError), transaction.atomic():
        product(price_min=15_000, price_max=10_000)


def test_a_search_page_shows_only_public_products_in_the_engines_order():
    from naikkelas.catalog.models import Product
    from naikkelas.catalog.selectors.products import products_by_ids
    from naikkelas.registry.models import Business
    from tests.factories.registry import register

    live, closed, merged = register(), register(name="Tutup"), register(name="Digabung")
    Business.objects.filter(pk=closed.pk).update(status="closed")
    Business.objects.filter(pk=merged.pk).update(merged_into=live)
    shown = product(live, name="Batik Tulis")
    also = product(live, name="Batik Cap")
    others = [
        product(live, name="Draf", status=ProductStatus.DRAFT),
        product(live, name="Disembunyikan", status=ProductStatus.HIDDEN, hidden_reason="foto"),
        product(closed, name="Usaha tutup"),
        product(merged, name="Usaha digabung"),
    ]
    ids = [o.pk for o in others] + [also.pk, 999_999, shown.pk]
    assert [p.name for p in products_by_ids(ids)] == ["Batik Cap", "Batik Tulis"]
    # the Python rule and the query's rule agree on every product
    public = set(Product.objects.public().values_list("pk", flat=True))
    for p in Product.objects.select_related("business"):
        assert p.shown_publicly() == (p.pk in public), p.name
