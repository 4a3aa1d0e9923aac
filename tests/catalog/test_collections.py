import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from naikkelas.catalog import indexing
from naikkelas.catalog.models import Collection, CollectionItem
from naikkelas.catalog.services.collections import (
    collection_add_product,
    collection_create,
    collection_move,
    collection_set_cover,
)
from naikkelas.catalog.services.products import product_hide
from naikkelas.core.models import Role
from tests.core.test_pages import assert_csp_clean
from tests.factories import member
from tests.factories.catalog import created, jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def products(owner, business):
    return [
        created(business, actor=owner, name=name)
        for name in ("Keripik Tempe Sagu", "Batik Tulis Parang", "Wedang Uwuh")
    ]


def test_an_officer_assembles_orders_and_publishes_a_collection(
    client, officer, surakarta, products
):
    indexing.rebuild()
    client.force_login(officer)
    base = f"/o/{surakarta.slug}/catalog/collections/"
    response = client.post(base, {"title": "Produk Unggulan Solo"})
    with scopes_disabled():
        collection = Collection.objects.get()
    assert response["Location"] == f"{base}{collection.pk}/"
    assert collection.slug == "produk-unggulan-solo"
    page = client.get(f"{base}{collection.pk}/", {"q": "tempe"})
    assert 'data-testid="add-to-collection"' in page.content.decode()
    assert_csp_clean(page)
    for product in products:
        client.post(f"{base}{collection.pk}/items/", {"action": "add", "product": product.pk})
    client.post(f"{base}{collection.pk}/items/", {"action": "up", "product": products[2].pk})
    client.post(
        f"{base}{collection.pk}/cover/",
        {"cover": SimpleUploadedFile("sampul.jpg", jpeg(1200, 630), "image/jpeg")},
    )
    assert client.get("/katalog/koleksi/produk-unggulan-solo/").status_code == 404  # draft
    client.post(f"{base}{collection.pk}/", {"title": "Produk Unggulan Solo", "is_published": "on"})
    html = client.get("/katalog/koleksi/produk-unggulan-solo/").content.decode()
    names = [p.name for p in products]
    positions = [html.index(name) for name in (names[0], names[2], names[1])]
    assert positions == sorted(positions)
    with scopes_disabled():
        collection.refresh_from_db()
    assert collection.cover.name.endswith(".jpg") and collection.cover_thumb.name.endswith(".webp")


def test_a_hidden_product_drops_out_of_a_public_collection(client, officer, surakarta, products):
    with scopes_disabled():
        collection = collection_create(actor=officer, organisation=surakarta, title="Pilihan")
        for product in products:
            collection_add_product(actor=officer, collection=collection, product=product)
        collection.is_published = True
        collection.save()
    product_hide(actor=officer, product=products[0], organisation=surakarta, reason="Uji.")
    html = client.get("/katalog/koleksi/pilihan/").content.decode()
    assert products[0].name not in html and products[1].name in html


def test_collections_need_manage_catalog_and_public_products(
    surakarta, officer, products, owner, business
):
    curator = member(surakarta, Role.CURATOR)
    with pytest.raises(PermissionDenied):
        collection_create(actor=curator, organisation=surakarta, title="X")
    with scopes_disabled():
        collection = collection_create(actor=officer, organisation=surakarta, title="Pilihan")
        draft = created(business, actor=owner, name="Draf", publish=False)
        with pytest.raises(ValidationError):
            collection_add_product(actor=officer, collection=collection, product=draft)
        collection_add_product(actor=officer, collection=collection, product=products[0])
        with pytest.raises(ValidationError) as error:
            collection_add_product(actor=officer, collection=collection, product=products[0])
        assert error.value.messages == ["Keripik Tempe Sagu sudah ada di koleksi ini."]
        collection_move(actor=officer, collection=collection, product_id=products[0].pk, up=True)
        assert CollectionItem.objects.count() == 1
        with pytest.raises(ValidationError) as error:
            collection_set_cover(actor=officer, collection=collection, file=io.BytesIO(b"%PDF"))
        assert "bukan foto" in error.value.messages[0]


def test_another_office_cannot_reach_a_collection(client, kediri, surakarta, officer):
    with scopes_disabled():
        collection = collection_create(actor=officer, organisation=surakarta, title="Pilihan")
    client.force_login(member(kediri, Role.OFFICER))
    assert client.get(f"/o/{kediri.slug}/catalog/collections/{collection.pk}/").status_code == 404
