"""factory_boy factories for the core models; each app adds its own module here."""

from __future__ import annotations

import factory
from django_scopes import scopes_disabled

from naikkelas.core.models import Membership, Organisation, Region, Role, User

PASSWORD = "kata-sandi-uji-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    name = factory.Faker("name", locale="id_ID")
    email = factory.Sequence(lambda n: f"orang{n}@contoh.test")
    phone = None
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Dinas Perindustrian Contoh {n}")
    slug = factory.Sequence(lambda n: f"dinas-contoh-{n}")
    kind = "dinas_industry"
    region = factory.LazyFunction(lambda: Region.objects.get(code="33.72"))


def member(organisation: Organisation, role: str = Role.OFFICER, **user_fields) -> User:
    """A new person holding ``role`` in ``organisation``."""
    user = UserFactory(**user_fields)
    with scopes_disabled():
        Membership.objects.create(organisation=organisation, user=user, role=role)
    return user
