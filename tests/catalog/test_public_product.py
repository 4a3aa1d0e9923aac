import pytest

from naikkelas.catalog.models import ProductStatus
from naikkelas.catalog.services.products import product_hide
from naikkelas.registry.models import Certificate
from tests.core.test_pages import assert_csp_clean
from tests.factories.catalog import created

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(owner, business):
    halal = Certificate.objects.create(business=business, kind="halal", number="ID33110001")
    return created(
        business,
        actor=owner,
        name="Keripik Tempe Sagu",
        variants=[("Original", 15_000), ("Pedas", 16_000)],
        min_order=10,
        certificate_ids=[halal.pk],
        description="<p>Renyah <b>gurih</b></p>",
    )


def test_the_product_page_has_whatsapp_share_microdata_and_open_graph(client, product, settings):
    settings.SITE_URL = "https://katalog.example.go.id"
    response = client.get("/produk/keripik-tempe-sagu/")
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        'href="https://wa.me/6281234567890?text=Halo%2C%20saya%20tertarik%20dengan%20Keripik%20'
        'Tempe%20Sagu%3A%20https%3A//katalog.example.go.id/produk/keripik-tempe-sagu/"'
    ) in html
    assert 'itemtype="https://schema.org/Product"' in html
    assert '<meta itemprop="lowPrice" content="15000">' in html
    assert '<meta property="og:title" content="Keripik Tempe Sagu · Keripik Tempe Bu Sri">' in html
    assert (
        '<meta property="og:url" content="https://katalog.example.go.id/produk/keripik-tempe-sagu/">'
        in html
    )
    assert "Rp15.000 – Rp16.000" in html and "10 bungkus" not in html and "10 buah" in html
    assert 'data-testid="certificate-badge">Halal<' in html
    assert_csp_clean(response)


def test_a_hidden_or_draft_product_is_not_public(client, product, officer, surakarta):
    product_hide(actor=officer, product=product, organisation=surakarta, reason="Foto salah.")
    assert client.get("/produk/keripik-tempe-sagu/").status_code == 404
    product.status = ProductStatus.DRAFT
    product.hidden_reason = ""
    product.save()
    assert client.get("/produk/keripik-tempe-sagu/").status_code == 404
    assert client.get("/produk/keripik-tempe-sagu/qr.png").status_code == 404


def test_the_qr_code_comes_as_svg_and_png(client, product):
    svg = client.get("/produk/keripik-tempe-sagu/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.startswith(b"<svg")
    png = client.get("/produk/keripik-tempe-sagu/qr.png")
    assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_sitemap_lists_public_products_and_storefronts(client, product, business, settings):
    settings.SITE_URL = "https://katalog.example.go.id"
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://katalog.example.go.id/produk/keripik-tempe-sagu/</loc>" in xml
    assert f"<loc>https://katalog.example.go.id/katalog/usaha/{business.pk}/</loc>" in xml
    assert "<loc>https://katalog.example.go.id/katalog/wilayah/33.72/</loc>" in xml
