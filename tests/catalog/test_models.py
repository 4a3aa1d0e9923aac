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
