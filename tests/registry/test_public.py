import pytest

from naikkelas.core.models import Role
from naikkelas.registry.models import BusinessOwner
from naikkelas.registry.services.businesses import (
    business_set_public,
    business_update,
    certificate_save,
    channel_save,
)
from tests.core.test_pages import assert_csp_clean
from tests.factories import UserFactory, member
from tests.factories.registry import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_user():
    return UserFactory()


@pytest.fixture
def business(surakarta, owner_user):
    officer = member(surakarta, Role.OFFICER)
    business = register(
        surakarta,
        actor=officer,
        name="Batik Laweyan Sari",
        owner="Siti Aminah",
        phone="0812-1111-2222",
        kbli="13",
        product_types="batik tulis, batik cap",
    )
    BusinessOwner.objects.filter(business=business).update(
        user=owner_user, email="siti@batik.test", nik="3372014101900002"
    )
    business_update(
        actor=owner_user,
        business=business,
        address="Jl. Sidoluhur 12",
        description="Batik tulis tangan sejak 1965.",
    )
    certificate_save(actor=owner_user, business=business, kind="halal", number="RAHASIA-123")
    channel_save(
        actor=owner_user,
        business=business,
        kind="marketplace",
        label="Shopee",
        url="https://shopee.co.id/batiksari",
    )
    return business


def test_a_private_business_has_no_public_profile(client, business):
    assert client.get(f"/usaha/{business.pk}/").status_code == 404


def test_public_profile_shows_only_the_published_details(client, owner_user, business):
    business_set_public(
        actor=owner_user,
        business=business,
        is_public=True,
        public_fields=["description", "product_types", "region", "whatsapp", "certificates"],
    )
    response = client.get(f"/usaha/{business.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Batik Laweyan Sari" in html
    assert "Batik tulis tangan sejak 1965." in html
    assert "batik tulis, batik cap" in html
    assert "Kelurahan Laweyan, Kecamatan Laweyan, Kota Surakarta, Jawa Tengah" in html
    assert 'href="https://wa.me/6281211112222"' in html
    assert "Halal" in html and "RAHASIA-123" not in html
    for secret in ["Siti Aminah", "Sidoluhur", "siti@batik.test", "3372", "shopee.co.id", "+62812"]:
        assert secret not in html, secret
    assert_csp_clean(response)


def test_whatsapp_and_owner_only_when_chosen(client, owner_user, business):
    business_set_public(
        actor=owner_user,
        business=business,
        is_public=True,
        public_fields=["owner_name", "channels"],
    )
    html = client.get(f"/usaha/{business.pk}/").content.decode()
    assert "Siti Aminah" in html and "https://shopee.co.id/batiksari" in html
    assert "wa.me" not in html


def test_owner_chooses_what_to_publish_on_the_page(client, owner_user, business):
    client.force_login(owner_user)
    response = client.post(
        f"/usaha-saya/{business.pk}/publish/",
        {"is_public": "on", "public_fields": ["whatsapp", "description"]},
    )
    assert response.status_code == 302
    business.refresh_from_db()
    assert (business.is_public, business.public_fields) == (True, ["description", "whatsapp"])
    client.logout()
    assert "wa.me/6281211112222" in client.get(f"/usaha/{business.pk}/").content.decode()


def test_unpublishing_hides_the_profile_again(client, owner_user, business):
    business_set_public(actor=owner_user, business=business, is_public=True, public_fields=[])
    assert client.get(f"/usaha/{business.pk}/").status_code == 200
    business_set_public(actor=owner_user, business=business, is_public=False, public_fields=[])
    assert client.get(f"/usaha/{business.pk}/").status_code == 404


def test_unknown_public_fields_are_refused(owner_user, business):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        business_set_public(
            actor=owner_user, business=business, is_public=True, public_fields=["nik"]
        )
    assert error.value.message_dict == {"public_fields": ["Data tidak dikenal: nik."]}
