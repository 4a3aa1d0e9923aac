"""Factories for the registry."""

from __future__ import annotations

from naikkelas.registry.services.businesses import BusinessData, OwnerData, business_register


def register(
    organisation=None,
    *,
    actor=None,
    name="Keripik Tempe Bu Sri",
    owner="Sri Wahyuningsih",
    gender="female",
    phone="0812-3456-7890",
    village_code="33.72.01.1002",
    **fields,
):
    """A business registered through the service, as an officer (or the owner) would."""
    return business_register(
        actor=actor,
        organisation=organisation,
        data=BusinessData(name=name, village_code=village_code, **fields),
        owners=[OwnerData(name=owner, gender=gender, phone=phone)],
    )
