import pytest

from naikkelas.catalog import indexing
from naikkelas.catalog.models import Product
from tests.factories import UserFactory
from tests.factories.catalog import created

pytestmark = pytest.mark.django_db


def test_public_search_with_facets(client, owner, business):
    created(business, actor=owner, name="Keripik Tempe Sagu", price_min=15_000)
    indexing.rebuild()
    data = client.get("/api/v1/catalog/search", {"q": "kripik tempe"}).json()
    assert (data["total"], data["items"][0]["name"]) == (1, "Keripik Tempe Sagu")
    assert data["items"][0]["url"].endswith("/produk/keripik-tempe-sagu/")
    category = next(f for f in data["facets"] if f["key"] == "category")
    assert category["parameter"] == "kategori"
    assert category["options"] == [
        {"value": "kuliner", "label": "Kuliner", "count": 1, "chosen": False}
    ]


def test_search_facets_name_the_value_that_filters_and_one_region_level(client, owner, business):
    created(business, actor=owner, name="Keripik Tempe Sagu", price_min=15_000)
    indexing.rebuild()

    def regions(params):
        data = client.get("/api/v1/catalog/search", params).json()
        region = next(f for f in data["facets"] if f["key"] == "region")
        return data["total"], region["parameter"], region["options"]

    total, parameter, options = regions({"q": "tempe"})
    assert (total, parameter) == (1, "wilayah")
    assert options == [{"value": "33", "label": "Jawa Tengah", "count": 1, "chosen": False}]
    # a client follows the value: the province's regencies, then the regency's districts
    total, _p, options = regions({"q": "tempe", parameter: "33"})
    assert (total, options[0]["value"], options[0]["label"]) == (1, "33.72", "Kota Surakarta")
    total, _p, options = regions({"q": "tempe", parameter: "33.72"})
    assert (total, [o["value"] for o in options]) == (1, ["33.72.01"])


def test_an_owner_creates_and_publishes_a_product_through_the_api(client, owner, business):
    client.force_login(owner)
    response = client.post(
        f"/api/v1/catalog/businesses/{business.pk}/products",
        {"name": "Sambal Bawang", "category": "kuliner-bumbu", "price_min": 20000},
        content_type="application/json",
    )
    assert response.status_code == 201
    product_id = response.json()["id"]
    assert response.json()["status"] == "draft"
    published = client.post(f"/api/v1/catalog/items/{product_id}/publish").json()
    assert published["status"] == "published"
    assert Product.objects.public().count() == 1


def test_api_errors_in_the_requests_language_and_scoped_to_the_caller(client, owner, business):
    client.force_login(owner)
    url = f"/api/v1/catalog/businesses/{business.pk}/products"
    response = client.post(
        url,
        {"name": "", "category": "nope"},
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert response.json()["fields"] == {
        "name": ["Give the product's name."],
        "category": ["Choose a category."],
    }
    response = client.post(url, {"name": "", "category": "nope"}, content_type="application/json")
    assert response.json()["fields"]["name"] == ["Isi nama produk."]
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_a_renamed_category_shows_at_once_in_the_search_facets(client, owner, business):
    from naikkelas.catalog.models import Category

    created(business, actor=owner, name="Keripik Tempe Sagu", price_min=15_000)
    indexing.rebuild()

    def labels(language="id"):
        data = client.get(
            "/api/v1/catalog/search", {"q": "tempe"}, HTTP_ACCEPT_LANGUAGE=language
        ).json()
        category = next(f for f in data["facets"] if f["key"] == "category")
        return [o["label"] for o in category["options"]]

    assert (labels(), labels("en")) == (["Kuliner"], ["Food and drink"])
    root = Category.objects.get(slug="kuliner")
    root.name, root.name_en = "Kuliner Nusantara", "Indonesian food"
    root.save()
    assert (labels(), labels("en")) == (["Kuliner Nusantara"], ["Indonesian food"])
