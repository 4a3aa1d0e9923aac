import pytest
from django_scopes import scopes_disabled

from naikkelas.core.models import Role
from naikkelas.registry.models import BusinessOwner
from naikkelas.registry.services.businesses import business_coach
from tests.factories import UserFactory, member
from tests.factories.registry import register


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SEARCH_URL = f"tantivy://{tmp_path / 'search'}"  # an empty index per test


@pytest.fixture
def owner(db):
    return UserFactory(name="Sri Wahyuningsih", phone="+6281234567890")


@pytest.fixture
def business(owner, surakarta):
    business = register(surakarta)
    BusinessOwner.objects.filter(business=business).update(user=owner)
    return business


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER, name="Bambang Petugas")


@pytest.fixture
def other_officer(kediri):
    return member(kediri, Role.OFFICER, name="Officer Kediri")


def coach(business, organisation):
    with scopes_disabled():
        business_coach(actor=None, business=business, organisation=organisation)
