"""Two imports of the same product list at the same instant, on PostgreSQL: real threads,
real connections, real row locks. Each product is made once."""

import threading

import pytest
from django.db import connection

from naikkelas.catalog.models import Product, ProductImportRow
from naikkelas.catalog.services import imports as services
from naikkelas.registry.models import BusinessOwner
from tests.catalog.test_imports import HEADER, NIB, row, xlsx
from tests.factories.registry import register

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

IMPORTS = 4


def test_simultaneous_imports_of_one_list_make_each_product_once(owner, officer, surakarta):
    business = register(surakarta, nib=NIB)
    BusinessOwner.objects.filter(business=business).update(user=owner)
    data = xlsx([HEADER, *(row(i, f"Produk {i:02d}") for i in range(1, 21))])
    jobs = [
        services.product_import_upload(
            actor=officer, organisation=surakarta, data=data, filename=f"p{i}.xlsx"
        )
        for i in range(IMPORTS)
    ]
    barrier = threading.Barrier(IMPORTS)
    failures: list[BaseException] = []

    def run(job):
        try:
            barrier.wait()
            services.product_import_run(job=job)
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert Product.objects.filter(business=business).count() == 20
    outcomes = list(ProductImportRow.objects.values_list("outcome", flat=True))
    assert len(outcomes) == 20 * IMPORTS
    assert outcomes.count("created") == 20
    assert outcomes.count("updated") == 20 * (IMPORTS - 1)
