import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from naikkelas.catalog import indexing
from naikkelas.catalog.models import SearchChange
from naikkelas.catalog.services.products import product_hide
from naikkelas.registry.models import Certificate, Cluster
from tests.core.test_pages import assert_csp_clean
from tests.factories.catalog import created
from tests.factories.registry import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(owner, business, surakarta, kediri):
    halal = Certificate.objects.create(business=business, kind="halal", number="ID3311")
    tempe = created(
        business,
        actor=owner,
        name="Keripik Tempe Sagu",
        price_min=15_000,
        min_order=10,
        certificate_ids=[halal.pk],
    )
    plain = created(business, actor=owner, name="Kripik Tempe Original", price_min=12_000)
    kediri_business = register(
        kediri,
        name="Tenun Ikat Bandar",
        owner="Siti",
        phone="0813-1111-2222",
        village_code="35.71.01.1002",
    )
    tenun = created(
        kediri_business, name="Kain Tenun Ikat", category="fesyen-tenun-lurik", price_min=250_000
    )
    indexing.rebuild()
    return {"tempe": tempe, "plain": plain, "tenun": tenun, "business": business}


def test_search_finds_kripik_tempe_and_filters_by_halal_and_surakarta(client, catalog):
    html = client.get("/katalog/", {"q": "kripik tempe"}).content.decode()
    assert 'data-testid="result-count">2 produk<' in html
    assert "Kain Tenun Ikat" not in html
    html = client.get(
        "/katalog/", {"q": "kripik tempe", "sertifikat": "halal", "wilayah": "33.72"}
    ).content.decode()
    assert 'data-testid="result-count">1 produk<' in html
    assert "/produk/keripik-tempe-sagu/" in html and "kripik-tempe-original" not in html
    assert 'aria-label="Hapus filter Halal"' in html
    assert 'aria-label="Hapus filter Kota Surakarta"' in html


def test_facets_show_counts_and_links(client, catalog):
    html = client.get("/katalog/").content.decode()
    assert re.search(r'<span>Kuliner</span> <span class="muted">2</span>', html)
    assert re.search(r'<span>Fesyen</span> <span class="muted">1</span>', html)
    assert re.search(r'<span>Jawa Tengah</span> <span class="muted">2</span>', html)
    assert 'href="?sertifikat=halal"' in html


def test_a_typo_gets_a_did_you_mean(client, catalog):
    html = client.get("/katalog/", {"q": "tenum"}).content.decode()
    assert 'data-testid="did-you-mean"' in html and "<strong>tenun</strong>" in html


def test_a_hidden_product_leaves_the_search_after_the_update(client, catalog, officer, surakarta):
    product_hide(actor=officer, product=catalog["tempe"], organisation=surakarta, reason="Uji.")
    assert SearchChange.objects.filter(product_id=catalog["tempe"].pk).count() == 2
    indexing.apply_update([catalog["tempe"].pk])
    html = client.get("/katalog/", {"q": "tempe"}).content.decode()
    assert "keripik-tempe-sagu" not in html and "kripik-tempe-original" in html


def test_storefront_cluster_and_region_pages(client, catalog, surakarta):
    business = catalog["business"]
    cluster = Cluster.objects.create(
        organisation=surakarta,
        name="Sentra Keripik Tempe Sanan",
        slug="sentra-tempe",
        region_id="33.72.01",
        story="Sentra keripik tempe sejak 1970-an.",
    )
    cluster.members.add(business)
    indexing.rebuild()
    html = client.get(f"/katalog/usaha/{business.pk}/").content.decode()
    assert 'data-testid="result-count">2 produk<' in html and "Kain Tenun" not in html
    html = client.get("/katalog/sentra/sentra-tempe/").content.decode()
    assert "Sentra keripik tempe sejak 1970-an." in html
    assert 'data-testid="result-count">2 produk<' in html
    html = client.get("/katalog/wilayah/33.72/").content.decode()
    assert "Produk IKM Kota Surakarta" in html and 'data-testid="result-count">2 produk<' in html
    assert client.get("/katalog/wilayah/99.99/").status_code == 404


def test_search_pages_pass_the_csp_check(client, catalog):
    for path in ["/katalog/?q=tempe", "/produk/keripik-tempe-sagu/", "/katalog/wilayah/33/"]:
        assert_csp_clean(client.get(path))


def test_the_search_page_weighs_under_150_kb_before_images(client, catalog):
    response = client.get("/katalog/", {"q": "tempe"})
    html = response.content.decode()
    weight = len(response.content)
    for asset in re.findall(r'(?:src|href)="/static/([^"]+\.(?:css|js))"', html):
        weight += len(Path(finders.find(asset)).read_bytes())
    assert weight < 150 * 1024


def test_the_search_page_queries_do_not_grow_with_results(
    client, owner, business, django_assert_max_num_queries
):
    for number in range(25):
        created(business, actor=owner, name=f"Keripik Tempe Nomor {number}")
    indexing.rebuild()
    client.get("/katalog/", {"q": "nomor"})  # the category labels are cached from now on
    with django_assert_max_num_queries(12):  # a search not seen before: not cached
        response = client.get("/katalog/", {"q": "keripik"})
    assert response.status_code == 200
