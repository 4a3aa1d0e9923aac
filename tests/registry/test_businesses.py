import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope

from naikkelas.core.models import AuditEntry, Role
from naikkelas.registry.models import Business, SizeClassSnapshot
from naikkelas.registry.services.businesses import business_update, can_edit_business
from naikkelas.registry.sizeclass import MILIAR
from tests.factories import UserFactory, member
from tests.factories.registry import register

pytestmark = pytest.mark.django_db


def test_register_stores_normalised_values_region_and_size_class(surakarta):
    officer = member(surakarta, Role.OFFICER)
    business = register(
        surakarta,
        actor=officer,
        nib="1234567890123",
        kbli="10792",
        capital=500_000_000,
        annual_sales=3 * MILIAR,
        workforce_men=2,
        workforce_women=5,
    )
    assert (business.province_code, business.regency_code, business.district_code) == (
        "33",
        "33.72",
        "33.72.01",
    )
    assert (business.kbli_section, business.kbli_division) == ("C", "10")
    assert (business.size_class, business.size_basis) == ("small", "annual_sales")
    assert business.women_led is True and business.workforce == 7
    owner = business.owners.get()
    assert (owner.phone, owner.gender) == ("+6281234567890", "female")
    assert list(SizeClassSnapshot.objects.values_list("size_class", "previous_class")) == [
        ("small", "")
    ]
    with scope(organisation=surakarta):
        assert AuditEntry.objects.get().action == "business.register"
        assert surakarta.coached_businesses.get().business == business


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"nib": "12345"}, {"nib": ["NIB '12345' harus 13 angka."]}),
        ({"village_code": "33.72.01"}, {"village": ["'33.72.01' bukan kode desa/kelurahan."]}),
        ({"capital": -5}, {"capital": ["Jumlah rupiah tidak boleh negatif."]}),
        ({"workforce_men": -2}, {"workforce_men": ["Jumlah tenaga kerja tidak boleh negatif."]}),
        ({"kbli": "04999"}, {"kbli": ["'04999' bukan kode KBLI 2020."]}),
    ],
)
def test_register_refuses_bad_values_and_stores_nothing(surakarta, fields, message):
    with pytest.raises(ValidationError) as error:
        register(surakarta, **fields)
    if message:
        assert error.value.message_dict == message
    assert Business.objects.count() == 0


def test_duplicate_nib_is_refused(surakarta):
    register(surakarta, nib="1234567890123")
    with pytest.raises(ValidationError) as error:
        register(surakarta, name="Lain", nib="1234567890123")
    assert error.value.message_dict == {"nib": ["NIB 1234567890123 sudah terdaftar."]}


def test_size_class_change_is_kept_as_a_dated_snapshot(surakarta):
    officer = member(surakarta, Role.OFFICER)
    business = register(surakarta, actor=officer, annual_sales=2 * MILIAR)
    assert business.size_class == "micro"
    business_update(
        actor=officer, business=business, organisation=surakarta, annual_sales=2 * MILIAR + 1
    )
    business_update(
        actor=officer, business=business, organisation=surakarta, description="Keripik tempe renyah"
    )
    assert list(
        SizeClassSnapshot.objects.order_by("id").values_list("previous_class", "size_class")
    ) == [("", "micro"), ("micro", "small")]
    with scope(organisation=surakarta):
        change = AuditEntry.objects.filter(action="business.update").order_by("id").first()
    assert change.changes == {
        "annual_sales": [2 * MILIAR, 2 * MILIAR + 1],
        "size_class": ["micro", "small"],
    } | {k: v for k, v in change.changes.items() if k == "sales_reported_on"}


def test_only_owner_or_coaching_officer_may_edit(surakarta, kediri):
    officer = member(surakarta, Role.OFFICER)
    stranger = member(kediri, Role.OFFICER)
    business = register(surakarta, actor=officer)
    owner_user = UserFactory()
    business.owners.update(user=owner_user)
    assert can_edit_business(officer, business) and can_edit_business(owner_user, business)
    assert not can_edit_business(stranger, business)
    with pytest.raises(PermissionDenied):
        business_update(actor=stranger, business=business, name="Diambil")


def test_in_region_selects_by_province_regency_district_or_village(surakarta):
    inside = register(surakarta, village_code="33.72.01.1002")
    register(surakarta, name="Batik Kauman", village_code="33.72.04.1004")
    register(surakarta, name="Tenun Kediri", village_code="35.71.01.1001")
    assert Business.objects.in_region("33").count() == 2
    assert Business.objects.in_region("33.72").count() == 2
    assert list(Business.objects.in_region("33.72.01")) == [inside]
    assert list(Business.objects.in_region("33.72.01.1002")) == [inside]
    assert Business.objects.in_region("35.71").count() == 1
