from __future__ import annotations

import os

import pytest
from django.db import connection

from naikkelas.core.models import Region
from tests.factories import OrganisationFactory


def pytest_collection_modifyitems(config, items):
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgis"))
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)


@pytest.fixture
def surakarta(db):
    return OrganisationFactory(
        slug="disnakerperin-surakarta",
        name="Dinas Tenaga Kerja dan Perindustrian Kota Surakarta",
        region=Region.objects.get(code="33.72"),
    )


@pytest.fixture
def kediri(db):
    return OrganisationFactory(
        slug="kadin-kediri",
        name="Kadin Kota Kediri",
        kind="chamber",
        region=Region.objects.get(code="35.71"),
    )


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 is slow on purpose; tests check behaviour, not hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _search_index_outside_the_data_folder(tmp_path_factory):
    """Tests never write the catalog search index of the data folder."""
    from django.conf import settings

    settings.SEARCH_URL = f"tantivy://{tmp_path_factory.mktemp('search')}"
