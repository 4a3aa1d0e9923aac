"""The demo's example product list: every quirk it carries ends as the guide says."""

import pytest
from django.conf import settings
from django.core.management import call_command

from naikkelas.catalog.demo import PRODUCTS_WORKBOOK
from naikkelas.catalog.models import Product
from naikkelas.catalog.services import imports as services
from naikkelas.core.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_example_product_list_dry_runs_with_each_outcome(capsys):
    call_command("demo", no_serve=True)
    path = settings.DATA_DIR / "contoh" / PRODUCTS_WORKBOOK
    assert f"Impor produk): {path}" in capsys.readouterr().out
    before = Product.objects.count()
    job = services.product_import_upload(
        actor=None,
        organisation=Organisation.objects.get(slug="disnakerperin-surakarta"),
        data=path.read_bytes(),
        filename=PRODUCTS_WORKBOOK,
    )
    plan = services.product_import_preview(actor=None, job=job)
    outcomes = {
        row.row_number: (row.outcome, row.messages[0]["code"] if row.messages else "")
        for row in plan.rows
    }
    assert outcomes == {
        5: ("updated", "fields_updated"),
        6: ("created", "published"),
        7: ("created", ""),
        8: ("rejected", "category_unknown"),
        9: ("rejected", "hs_invalid"),
        10: ("rejected", "quantity_negative"),
        11: ("skipped", "skip_blank"),
        12: ("created", "published"),
        13: ("rejected", "business_not_coached"),
        14: ("skipped", "skip_total"),
    }
    assert Product.objects.count() == before
