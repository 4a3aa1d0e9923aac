import pytest

from naikkelas.core.models import AuditEntry, Role
from naikkelas.registry.models import Cluster
from tests.core.test_pages import assert_csp_clean
from tests.factories import member
from tests.factories.registry import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER)


def test_officer_creates_edits_and_removes_a_cluster(client, surakarta, kediri, officer):
    sari = register(surakarta, name="Batik Laweyan Sari")
    mega = register(surakarta, name="Batik Mega Laweyan", phone="")
    foreign = register(kediri, name="Tenun Ikat Bandar", village_code="35.71.01.1001", phone="")
    client.force_login(officer)
    page = client.get(f"/o/{surakarta.slug}/registry/clusters/new/")
    assert page.status_code == 200
    assert [b.name for b in page.context["form"].fields["members"].queryset] == [
        "Batik Laweyan Sari",
        "Batik Mega Laweyan",
    ]
    assert_csp_clean(page)
    response = client.post(
        f"/o/{surakarta.slug}/registry/clusters/new/",
        {
            "name": "Kampung Batik Laweyan",
            "region": "33.72.01.1002",
            "story": "Sentra batik sejak abad ke-15.",
            "coordinator": "Alpha Febela",
            "coordinator_phone": "0813 2900 1122",
            "members": [sari.pk, mega.pk],
        },
    )
    assert response.status_code == 302
    cluster = Cluster.objects.get()
    assert (cluster.slug, cluster.organisation, cluster.coordinator_phone) == (
        "kampung-batik-laweyan",
        surakarta,
        "+6281329001122",
    )
    assert sorted(cluster.members.values_list("name", flat=True)) == [
        "Batik Laweyan Sari",
        "Batik Mega Laweyan",
    ]
    listing = client.get(f"/o/{surakarta.slug}/registry/clusters/")
    assert "Kampung Batik Laweyan" in listing.content.decode()
    assert "2 pelaku usaha" in listing.content.decode()
    # a business of another office cannot be added
    refused = client.post(
        f"/o/{surakarta.slug}/registry/clusters/{cluster.pk}/",
        {"name": "Kampung Batik Laweyan", "region": "33.72.01", "members": [sari.pk, foreign.pk]},
    )
    assert refused.status_code == 200
    assert cluster.members.count() == 2
    client.post(
        f"/o/{surakarta.slug}/registry/clusters/{cluster.pk}/",
        {"name": "Kampung Batik Laweyan", "region": "33.72.01", "members": [sari.pk]},
    )
    cluster.refresh_from_db()
    assert (cluster.region_id, list(cluster.members.all())) == ("33.72.01", [sari])
    from django_scopes import scope

    with scope(organisation=surakarta):
        assert AuditEntry.objects.filter(action="cluster.save").count() == 2
    client.post(f"/o/{surakarta.slug}/registry/clusters/{cluster.pk}/delete/")
    assert Cluster.objects.count() == 0
    sari.refresh_from_db()  # the businesses stay


def test_another_office_cannot_see_or_change_the_cluster(client, surakarta, kediri, officer):
    cluster = Cluster.objects.create(
        organisation=surakarta, name="Kampung Batik Kauman", slug="kauman", region_id="33.72.02"
    )
    stranger = member(kediri, Role.OFFICER)
    client.force_login(stranger)
    assert client.get(f"/o/kadin-kediri/registry/clusters/{cluster.pk}/").status_code == 404
    assert client.post(f"/o/kadin-kediri/registry/clusters/{cluster.pk}/delete/").status_code == 404
    assert client.get(f"/o/{surakarta.slug}/registry/clusters/").status_code == 404
    assert Cluster.objects.count() == 1


def test_public_cluster_page_names_only_public_members(client, surakarta):
    public = register(surakarta, name="Batik Laweyan Sari")
    public.is_public = True
    public.save()
    private = register(surakarta, name="Batik Rahasia", phone="")
    cluster = Cluster.objects.create(
        organisation=surakarta,
        name="Kampung Batik Laweyan",
        slug="kampung-batik-laweyan",
        region_id="33.72.01.1002",
        story="Sentra batik tertua di Solo.",
    )
    cluster.members.set([public, private])
    response = client.get("/sentra/kampung-batik-laweyan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kampung Batik Laweyan" in html and "Sentra batik tertua di Solo." in html
    assert f'href="/usaha/{public.pk}/"' in html
    assert "Batik Rahasia" not in html
    assert response.context["member_count"] == 2
    assert_csp_clean(response)
    assert client.get("/sentra/tidak-ada/").status_code == 404


def test_support_staff_find_businesses_in_the_admin(client, surakarta):
    from tests.factories import UserFactory

    business = register(surakarta, name="Batik Laweyan Sari")
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    listing = client.get("/admin/registry/business/", {"q": "laweyan"})
    assert listing.status_code == 200
    assert "Batik Laweyan Sari" in listing.content.decode()
    detail = client.get(f"/admin/registry/business/{business.pk}/change/")
    assert detail.status_code == 200
    assert "Sri Wahyuningsih" in detail.content.decode()
    assert "Dinas Tenaga Kerja" in detail.content.decode()
    assert client.get("/admin/registry/cluster/").status_code == 200
    assert client.get("/admin/registry/importjob/").status_code == 200
