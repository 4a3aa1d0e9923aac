import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from naikkelas.core.demo import DEMO_PASSWORD, ORGANISATIONS, PEOPLE
from naikkelas.core.models import Membership, Organisation, User

pytestmark = pytest.mark.django_db


def test_demo_loads_the_scenarios_and_running_it_again_adds_nothing(capsys):
    call_command("demo", no_serve=True)
    first = capsys.readouterr().out
    counts = (Organisation.objects.count(), User.objects.count())
    with scopes_disabled():
        memberships = Membership.objects.count()
    call_command("demo", no_serve=True)
    with scopes_disabled():
        assert (Organisation.objects.count(), User.objects.count(), Membership.objects.count()) == (
            *counts,
            memberships,
        )
    assert counts == (len(ORGANISATIONS), len(PEOPLE) + 1)
    assert "petugas.solo@naikkelas.test" in first and DEMO_PASSWORD in first
    solo = Organisation.objects.get(slug="disnakerperin-surakarta")
    assert (solo.name, solo.region_id) == (
        "Dinas Tenaga Kerja dan Perindustrian Kota Surakarta",
        "33.72",
    )
    assert Organisation.objects.get(slug="disperindag-blitar").region.name == "Kabupaten Blitar"
    assert Organisation.objects.get(slug="rumah-kurasi-kediri").kind == "curation_house"
    owner = User.objects.get(email="pemilik@naikkelas.test")
    assert owner.phone == "+6281234500001" and owner.check_password(DEMO_PASSWORD)
    with scopes_disabled():
        assert not Membership.objects.filter(user=owner).exists()
        assert list(
            Membership.objects.filter(user__email="petugas.solo@naikkelas.test").values_list(
                "organisation__slug", "role"
            )
        ) == [("disnakerperin-surakarta", "officer")]


@pytest.mark.django_db(transaction=True)
def test_demo_reset_starts_over(capsys):
    call_command("demo", no_serve=True)
    User.objects.create_user("tamu@contoh.test", "x", name="Tamu")
    call_command("demo", no_serve=True, reset=True)
    assert not User.objects.filter(email="tamu@contoh.test").exists()
    assert User.objects.filter(email="petugas.solo@naikkelas.test").exists()
