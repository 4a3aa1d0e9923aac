import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from naikkelas.catalog.models import Product
from tests.factories import UserFactory
from tests.factories.catalog import created, jpeg

pytestmark = pytest.mark.django_db


def test_the_owners_business_page_links_to_its_products(client, owner, business):
    client.force_login(owner)
    page = client.get(f"/usaha-saya/{business.pk}/").content.decode()
    assert f'href="/usaha-saya/{business.pk}/products/"' in page
    assert "Belum ada produk" in page


def test_an_owner_adds_a_product_from_the_phone_form_and_a_photo(client, owner, business):
    client.force_login(owner)
    base = f"/usaha-saya/{business.pk}/products/"
    response = client.post(
        base + "add/",
        {
            "name": "Keripik Tempe Sagu",
            "category": "kuliner-makanan-ringan",
            "description": "Renyah, tanpa pengawet.",
            "unit": "pack",
            "min_order": "10",
            "variant_name_0": "Original",
            "variant_price_0": "15000",
            "variant_name_1": "Pedas",
            "variant_price_1": "16000",
            "publish": "1",
        },
    )
    product = Product.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{base}{product.pk}/"
    assert (product.price_min, product.price_max, product.status) == (15_000, 16_000, "published")
    response = client.post(
        f"{base}{product.pk}/photos/",
        {
            "photo": SimpleUploadedFile("kripik.jpg", jpeg(), "image/jpeg"),
            "alt_text": "Bungkus depan",
        },
    )
    assert response.status_code == 302
    assert list(product.photos.values_list("alt_text", flat=True)) == ["Bungkus depan"]
    page = client.get(f"{base}{product.pk}/").content.decode()
    assert 'loading="lazy"' in page and 'width="160" height="120"' in page


def test_a_refused_photo_shows_its_message_on_the_product_page(client, owner, business):
    client.force_login(owner)
    product = created(business, actor=owner)
    url = f"/usaha-saya/{business.pk}/products/{product.pk}/"
    client.post(url + "photos/", {"photo": SimpleUploadedFile("foto.jpg", b"%PDF-1.4 bukan foto")})
    page = client.get(url).content.decode()
    assert "Berkas ini bukan foto. Kirim foto produk berformat JPG, PNG, atau WebP." in page


def test_another_persons_products_do_not_exist_for_an_owner(client, owner, business):
    product = created(business, actor=owner)
    client.force_login(UserFactory())
    assert client.get(f"/usaha-saya/{business.pk}/products/").status_code == 404
    assert client.get(f"/usaha-saya/{business.pk}/products/{product.pk}/").status_code == 404
    response = client.post(
        f"/usaha-saya/{business.pk}/products/{product.pk}/status/", {"action": "delete"}
    )
    assert response.status_code == 404
    assert Product.objects.filter(pk=product.pk).exists()


def test_an_officer_hides_a_product_and_the_owner_reads_why(
    client, owner, business, officer, surakarta
):
    product = created(business, actor=owner)
    client.force_login(officer)
    base = f"/o/{surakarta.slug}/registry/{business.pk}/products/{product.pk}/"
    response = client.post(base + "hide/", {"reason": "Foto tidak sesuai produk."})
    assert response.status_code == 302
    client.force_login(owner)
    page = client.get(f"/usaha-saya/{business.pk}/products/{product.pk}/").content.decode()
    assert "Foto tidak sesuai produk." in page
    assert 'data-testid="publish"' not in page


def test_an_officer_of_another_office_cannot_reach_the_products(
    client, owner, business, other_officer, kediri
):
    created(business, actor=owner)
    client.force_login(other_officer)
    assert client.get(f"/o/{kediri.slug}/registry/{business.pk}/products/").status_code == 404


def test_the_hs_suggestion_partial_lists_codes_from_the_name(client, owner):
    client.force_login(owner)
    page = client.get(
        "/katalog/hs-suggest/", {"name": "Kripik Tempe Sagu", "category": "kuliner-makanan-ringan"}
    ).content.decode()
    assert 'data-hs-code="210690"' in page
