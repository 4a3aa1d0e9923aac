"""An officer reviews a cluster of duplicates on a phone, picks values, merges."""

import re

import pytest
from playwright.sync_api import expect

from naikkelas.core.models import Role
from naikkelas.registry.models import Business, DuplicateCluster
from naikkelas.registry.services.duplicates import duplicates_find
from tests.factories import PASSWORD, member
from tests.registry.test_duplicates_services import make_scenario

EVIDENCE_ID = (
    "nama usaha sama; pemilik sama; nomor HP sama; NIB tidak ada di salah satu atau "
    "keduanya; desa/kelurahan sama; alamat mirip (0.96)"
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_reviews_a_cluster_side_by_side_and_merges(phone, surakarta):
    officer = member(surakarta, Role.OFFICER, email="petugas@contoh.test")
    office, own, _catering, _workshop = make_scenario(surakarta, officer)
    duplicates_find(organisation=surakarta)
    cluster = DuplicateCluster.objects.get()

    phone.goto("/login/")
    phone.get_by_label("Email atau nomor HP").fill("petugas@contoh.test")
    phone.get_by_label("Kata sandi").fill(PASSWORD)
    phone.get_by_test_id("login-submit").click()
    expect(phone).to_have_url(re.compile(r"/o/disnakerperin-surakarta/$"))

    phone.get_by_test_id("nav-duplicates").click()
    expect(phone.locator("h1")).to_have_text("Usaha yang mungkin duplikat")
    link = phone.get_by_test_id("cluster-link")
    expect(link).to_have_text("CV. Keripik Tempe Bu Sri · Kripik Tempe Sri")
    link.click()

    expect(phone).to_have_url(re.compile(rf"/registry/duplicates/{cluster.pk}/$"))
    expect(phone.get_by_test_id("evidence")).to_contain_text(EVIDENCE_ID)
    expect(phone.locator("tr[data-field=name]")).to_have_class("dup-differs")
    expect(phone.locator("tr[data-field=village]")).not_to_have_class("dup-differs")
    # keep the office's record, but the self-registered name and her count of women workers
    expect(phone.get_by_test_id("survivor-column")).to_contain_text("CV. Keripik Tempe Bu Sri")
    phone.locator(f"input[name=choice_name][value='{own.pk}']").check()
    phone.locator(f"input[name=choice_workforce_women][value='{own.pk}']").check()
    expect(phone.locator(f"input[name=choice_product_types][value='{own.pk}']")).to_be_checked()
    phone.get_by_test_id("merge").click()

    expect(phone.get_by_text("tidak ada data yang hilang")).to_be_visible()
    expect(phone.get_by_test_id("cluster-status")).to_have_text("Digabung")
    business = phone.get_by_test_id("business")
    expect(business).to_have_count(1)
    expect(business.locator("h2")).to_have_text("Kripik Tempe Sri")
    expect(business).to_contain_text("9120001234567")
    expect(business).to_contain_text("Hj. Sri Wahyuni, S.E. · 0812-3456-7890")

    office.refresh_from_db()
    assert (office.name, office.workforce_women, office.product_types) == (
        "Kripik Tempe Sri", 4, "keripik tempe, keripik sukun",
    )  # fmt: skip
    assert Business.objects.get(pk=own.pk).merged_into_id == office.pk
