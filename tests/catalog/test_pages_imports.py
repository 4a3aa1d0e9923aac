"""The product import pages: who may see them, and the steps an officer and an owner take."""

import io

import openpyxl
import pytest

from naikkelas.catalog.models import Product, ProductImportJob
from naikkelas.catalog.services import imports as services
from naikkelas.core.models import Role
from naikkelas.registry.models import BusinessOwner
from tests.core.test_pages import assert_csp_clean
from tests.factories import UserFactory, member
from tests.factories.registry import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]

NIB = "9120001234567"


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(data: bytes, name="produk.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


ROWS = [
    ["NIB", "NAMA PRODUK", "KATEGORI", "HARGA"],
    [NIB, "Keripik Tempe", "Makanan ringan", "25rb"],
    [NIB, "Keripik Bayam", "Entah", "20rb"],
]


@pytest.fixture
def business(owner, surakarta):
    business = register(surakarta, nib=NIB)
    BusinessOwner.objects.filter(business=business).update(user=owner)
    return business


def test_an_officer_uploads_maps_previews_runs_and_downloads(
    client, officer, surakarta, business, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    base = f"/o/{surakarta.slug}/catalog/imports/"
    response = client.post(base, {"file": upload(xlsx(ROWS))})
    job = ProductImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{base}{job.pk}/mapping/"
    page = client.get(f"{base}{job.pk}/mapping/")
    assert page.status_code == 200
    assert_csp_clean(page)
    assert 'data-header="NAMA PRODUK"' in page.content.decode()
    response = client.post(
        f"{base}{job.pk}/mapping/",
        {"map-0-0": "business_nib", "map-0-1": "name", "map-0-2": "category", "map-0-3": "price"},
    )
    assert response["Location"] == f"{base}{job.pk}/preview/"
    preview = client.get(f"{base}{job.pk}/preview/").content.decode()
    assert 'data-outcome="created"' in preview and 'data-outcome="rejected"' in preview
    assert Product.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{base}{job.pk}/preview/")
    assert response["Location"] == f"{base}{job.pk}/"
    job.refresh_from_db()
    assert (job.status, job.counts) == (
        "done",
        {"created": 1, "updated": 0, "rejected": 1, "skipped": 0},
    )
    detail = client.get(f"{base}{job.pk}/").content.decode()
    assert "Kategori &#x27;Entah&#x27; tidak dikenal" in detail
    result = client.get(f"{base}{job.pk}/result.xlsx")
    assert result.status_code == 200
    assert result["Content-Disposition"] == 'attachment; filename="produk-hasil.xlsx"'


def test_the_pages_need_manage_catalog_and_hide_other_offices_imports(
    client, officer, surakarta, kediri, business
):
    job = services.product_import_upload(
        actor=officer, organisation=surakarta, data=xlsx(ROWS), filename="p.xlsx"
    )
    viewer = member(surakarta, Role.LEADER)
    client.force_login(viewer)
    assert client.get(f"/o/{surakarta.slug}/catalog/imports/").status_code == 403
    stranger = member(kediri, Role.OFFICER)
    client.force_login(stranger)
    assert client.get(f"/o/{surakarta.slug}/catalog/imports/{job.pk}/").status_code == 404
    assert client.get(f"/o/{kediri.slug}/catalog/imports/{job.pk}/").status_code == 404
    client.logout()
    response = client.get(f"/o/{surakarta.slug}/catalog/imports/")
    assert response.status_code == 302


def test_an_owner_imports_into_their_business_and_not_into_anothers(
    client, owner, business, surakarta, django_capture_on_commit_callbacks
):
    other = register(surakarta, name="Batik Lain", nib="9120009999999", phone="0813-1111-2222")
    client.force_login(owner)
    products_page = client.get(f"/usaha-saya/{business.pk}/products/").content.decode()
    assert f'href="/usaha-saya/{business.pk}/products/import/" data-testid="import-products"' in (
        products_page
    )
    assert client.get(f"/usaha-saya/{other.pk}/products/import/").status_code == 404
    base = f"/usaha-saya/{business.pk}/products/import/"
    response = client.post(base, {"file": upload(xlsx(ROWS))})
    job = ProductImportJob.objects.get()
    assert (job.business, job.organisation) == (business, None)
    client.post(
        f"{base}{job.pk}/mapping/",
        {"map-0-0": "business_nib", "map-0-1": "name", "map-0-2": "category", "map-0-3": "price"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{base}{job.pk}/preview/")
    assert list(Product.objects.values_list("name", "business_id")) == [
        ("Keripik Tempe", business.pk)
    ]
    assert response.status_code == 302
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(f"{base}{job.pk}/").status_code == 404
