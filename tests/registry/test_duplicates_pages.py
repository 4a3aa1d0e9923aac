"""The officer's pages: clusters to review, one cluster side by side, merge, dismiss."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from naikkelas.core.models import Role
from naikkelas.registry.models import Business, DuplicateCluster
from naikkelas.registry.services.duplicates import duplicates_find
from tests.factories import member
from tests.factories.registry import register
from tests.registry.test_duplicates_services import make_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER, name="Bambang Setiawan")


@pytest.fixture
def cluster(surakarta, officer):
    make_scenario(surakarta, officer)
    duplicates_find(organisation=surakarta)
    return DuplicateCluster.objects.get()


def _rows(html: str) -> dict[str, str]:
    """data-field -> the row's class attribute ("" when none)."""
    return {
        field: classes or ""
        for classes, field in re.findall(r'<tr(?: class="([^"]*)")? data-field="([a-z_]+)"', html)
    }


def test_the_list_shows_open_clusters_with_names_and_villages(client, surakarta, officer, cluster):
    client.force_login(officer)
    response = client.get(reverse("registry:duplicate_list", args=[surakarta.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "CV. Keripik Tempe Bu Sri · Kripik Tempe Sri" in html
    assert "Kelurahan Laweyan · Kelurahan Laweyan" in html
    assert f'href="/o/{surakarta.slug}/registry/duplicates/{cluster.pk}/"' in html
    assert "Catering Bu Sri" not in html


def test_the_list_query_count_does_not_grow_with_clusters(
    client, surakarta, officer, cluster, django_assert_max_num_queries
):
    client.force_login(officer)
    url = reverse("registry:duplicate_list", args=[surakarta.slug])
    client.get(url)
    for i in range(5):
        a = register(surakarta, actor=officer, name=f"Batik Cap Sekar {i}", owner=f"Rini {i}",
                     phone=f"0813-0000-00{i:02d}")  # fmt: skip
        b = register(surakarta, actor=officer, name=f"Batik Tulis Melati {i}", owner=f"Dewi {i}",
                     phone=f"0813-0000-01{i:02d}")  # fmt: skip
        DuplicateCluster.objects.create(score=0.5).members.add(a, b)
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert response.content.decode().count('data-testid="cluster-link"') == 6


def test_the_cluster_page_shows_both_records_side_by_side_with_differences(
    client, surakarta, officer, cluster
):
    office, own = cluster.members.order_by("pk")
    client.force_login(officer)
    response = client.get(reverse("registry:duplicate_detail", args=[surakarta.slug, cluster.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "nama usaha sama; pemilik sama; nomor HP sama; NIB tidak ada di salah satu atau "
        "keduanya; desa/kelurahan sama; alamat mirip (0.96)"
    ) in html
    rows = _rows(html)
    assert [field for field, classes in rows.items() if classes == "dup-differs"] == [
        "name", "legal_form", "nib", "owners", "address", "kbli", "product_types",
        "workforce_men", "workforce_women", "capital", "annual_sales", "size_class",
        "coaching", "source", "created",
    ]  # fmt: skip
    assert rows["village"] == rows["status"] == ""
    # the office's record is kept (more details); per field its value, else the other's
    assert f'name="survivor" value="{office.pk}"' in html
    assert f'name="choice_name" value="{office.pk}" checked' in html
    assert f'name="choice_product_types" value="{own.pk}" checked' in html
    assert "Rp 400.000.000 (15-01-2024)" in html
    assert "Rp 3.000.000.000 (30-06-2025)" in html
    assert "Kelurahan Laweyan, Kecamatan Laweyan, Kota Surakarta, Jawa Tengah" in html
    assert "+6281234567890 (WhatsApp)" in html
    assert 'style="' not in html


def test_merging_on_the_page_keeps_the_chosen_values(client, surakarta, officer, cluster):
    office, own = cluster.members.order_by("pk")
    client.force_login(officer)
    response = client.post(
        reverse("registry:duplicate_merge", args=[surakarta.slug, cluster.pk]),
        {"survivor": office.pk, "merged": own.pk, "choice_name": own.pk,
         "choice_workforce_women": own.pk},
    )  # fmt: skip
    assert response.status_code == 302
    office.refresh_from_db()
    assert (office.name, office.workforce_women) == ("Kripik Tempe Sri", 4)
    assert Business.objects.get(pk=own.pk).merged_into == office
    page = client.get(response.url).content.decode()
    assert (
        "Kripik Tempe Sri digabungkan ke CV. Keripik Tempe Bu Sri; tidak ada data yang hilang."
        in page
    )
    assert 'data-testid="cluster-status">Digabung<' in page
    assert page.count('data-testid="business"') == 1


def test_dismissing_on_the_page(client, surakarta, officer, cluster):
    client.force_login(officer)
    response = client.post(reverse("registry:duplicate_dismiss", args=[surakarta.slug, cluster.pk]))
    assert response.status_code == 302
    cluster.refresh_from_db()
    assert cluster.status == "dismissed"


def test_a_kediri_officer_can_neither_see_nor_merge_surakarta_clusters(
    client, surakarta, kediri, cluster
):
    office, own = cluster.members.order_by("pk")
    client.force_login(member(kediri, Role.OFFICER))
    listing = client.get(reverse("registry:duplicate_list", args=[kediri.slug]))
    assert "Kripik Tempe Sri" not in listing.content.decode()
    for url in (
        reverse("registry:duplicate_detail", args=[kediri.slug, cluster.pk]),
        reverse("registry:duplicate_detail", args=[surakarta.slug, cluster.pk]),
    ):
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("registry:duplicate_merge", args=[kediri.slug, cluster.pk]),
        {"survivor": office.pk, "merged": own.pk},
    )
    assert response.status_code == 404
    assert (
        client.post(
            reverse("registry:duplicate_dismiss", args=[kediri.slug, cluster.pk])
        ).status_code
        == 404
    )
    assert Business.objects.filter(merged_into__isnull=False).count() == 0
    cluster.refresh_from_db()
    assert cluster.status == "open"


def test_a_leader_may_not_review_duplicates(client, surakarta, cluster):
    client.force_login(member(surakarta, Role.LEADER))
    response = client.get(reverse("registry:duplicate_list", args=[surakarta.slug]))
    assert response.status_code == 403


def test_the_organisation_menu_links_to_duplicates(client, surakarta, officer):
    client.force_login(officer)
    html = client.get(reverse("core:org_dashboard", args=[surakarta.slug])).content.decode()
    assert f'href="/o/{surakarta.slug}/registry/duplicates/"' in html


def test_look_for_duplicates_now_runs_in_the_background(
    client, surakarta, officer, immediate_tasks
):
    make_scenario(surakarta, officer)
    client.force_login(officer)
    response = client.post(reverse("registry:duplicate_find", args=[surakarta.slug]))
    assert response.status_code == 302
    assert DuplicateCluster.objects.filter(status="open").count() == 1
