import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from naikkelas.catalog import indexing
from naikkelas.catalog.models import Product
from naikkelas.registry.models import BusinessOwner, Certificate
from tests.factories import PASSWORD, UserFactory
from tests.factories.catalog import created
from tests.factories.registry import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def index(settings, tmp_path):
    settings.SEARCH_URL = f"tantivy://{tmp_path / 'search'}"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_a_buyer_searches_kripik_tempe_filters_and_opens_whatsapp(phone, index, surakarta):
    solo = register(surakarta)  # Keripik Tempe Bu Sri, Laweyan, Kota Surakarta
    halal = Certificate.objects.create(business=solo, kind="halal", number="ID33110001")
    created(
        solo,
        name="Keripik Tempe Sagu Original",
        price_min=15_000,
        min_order=10,
        certificate_ids=[halal.pk],
    )
    created(solo, name="Keripik Tempe Pedas", price_min=16_000)  # not halal-certified
    jakarta = register(
        name="Tempe Mendoan Jaya",
        owner="Andi",
        phone="0813-5555-6666",
        village_code="31.71.01.1001",
    )
    other_halal = Certificate.objects.create(business=jakarta, kind="halal", number="ID31")
    created(jakarta, name="Keripik Tempe Jakarta", certificate_ids=[other_halal.pk])
    indexing.rebuild()

    phone.goto("/katalog/")
    phone.get_by_test_id("search-box").fill("kripik tempe")
    phone.get_by_test_id("search-box").press("Enter")
    expect(phone.get_by_test_id("result-count")).to_have_text("3 produk")

    phone.get_by_test_id("facet-certificate").get_by_role("link", name=re.compile("Halal")).click()
    expect(phone.get_by_test_id("result-count")).to_have_text("2 produk")
    phone.get_by_test_id("facet-region").get_by_role("link", name=re.compile("Jawa Tengah")).click()
    phone.get_by_test_id("facet-region").get_by_role(
        "link", name=re.compile("Kota Surakarta")
    ).click()
    expect(phone.get_by_test_id("result-count")).to_have_text("1 produk")
    expect(phone.get_by_test_id("chosen-filter")).to_have_count(2)  # halal, Kota Surakarta

    phone.get_by_test_id("product-card").click()
    expect(phone.get_by_test_id("product-name")).to_have_text("Keripik Tempe Sagu Original")
    whatsapp = phone.get_by_test_id("whatsapp")
    expect(whatsapp).to_be_visible()
    href = whatsapp.get_attribute("href")
    assert href.startswith("https://wa.me/6281234567890?text=Halo%2C%20saya%20tertarik%20dengan%20")
    assert "keripik-tempe-sagu-original" in href


def _photo_file(tmp_path):
    path = tmp_path / "foto-keripik.jpg"
    Image.new("RGB", (900, 700), (210, 150, 60)).save(path, "JPEG")
    return path


def test_an_owner_adds_a_product_with_a_photo_on_the_phone_and_finds_it(
    phone, index, surakarta, tmp_path
):
    owner = UserFactory(email="sri@contoh.test")
    business = register(surakarta)
    BusinessOwner.objects.filter(business=business).update(user=owner)

    phone.goto("/login/")
    phone.get_by_label("Email atau nomor HP").fill("sri@contoh.test")
    phone.get_by_label("Kata sandi").fill(PASSWORD)
    phone.get_by_test_id("login-submit").click()
    phone.goto(f"/usaha-saya/{business.pk}/")
    phone.get_by_test_id("manage-products").click()
    phone.get_by_test_id("add-product").click()

    phone.get_by_label("Nama produk").fill("Keripik Belut Sawah")
    phone.get_by_label("Kategori").select_option("kuliner-makanan-ringan")
    phone.get_by_label("Harga (Rp)", exact=True).fill("25000")
    phone.get_by_label("Pesanan minimum").fill("5")
    phone.get_by_test_id("save-publish").click()
    expect(phone.get_by_test_id("product-status")).to_have_text("Tayang di katalog")

    phone.get_by_test_id("photo-form").locator("input[type=file]").set_input_files(
        str(_photo_file(tmp_path))
    )
    phone.get_by_test_id("photo-form").get_by_label("Keterangan foto").fill(
        "Keripik belut dalam kemasan 250 g"
    )
    phone.get_by_test_id("upload-photo").click()
    expect(phone.get_by_test_id("photo")).to_have_count(1)

    phone.goto("/katalog/?q=belut")
    expect(phone.get_by_test_id("result-count")).to_have_text("1 produk")
    card = phone.get_by_test_id("product-card")
    expect(card).to_contain_text("Keripik Belut Sawah")
    expect(card.locator("img")).to_have_attribute("alt", "Keripik belut dalam kemasan 250 g")
    product = Product.objects.get(name="Keripik Belut Sawah")
    assert product.photos.get().thumb.name.endswith(".webp")
