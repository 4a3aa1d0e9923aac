from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os

import pytest

from naikkelas.catalog.search import ProductDoc, open_engine

BASE = ProductDoc(
    id=0,
    name="",
    description="",
    category="kuliner-makanan-ringan",
    category_path=("kuliner", "kuliner-makanan-ringan"),
    business_id=1,
    business_name="UD Sari Rasa",
    province_code="33",
    regency_code="33.72",
    district_code="33.72.01",
    cluster_ids=(),
    certificates=(),
    size_class="micro",
    price_min=15_000,
    price_max=20_000,
    min_order=10,
    export_ready=False,
    photo_count=0,
    curated=False,
    published_at=1_700_000_000.0,
)


def product(id: int, name: str, **fields) -> ProductDoc:
    return dataclasses.replace(
        BASE, id=id, name=name, published_at=BASE.published_at + id, **fields
    )


FESYEN = {"category": "fesyen-tenun", "category_path": ("fesyen", "fesyen-tenun")}
ANYAMAN = {"category": "kerajinan-anyaman", "category_path": ("kerajinan", "kerajinan-anyaman")}
BATIK = {"category": "fesyen-batik", "category_path": ("fesyen", "fesyen-batik")}

# The shared catalogue of the conformance suite: every engine answers the same.
CATALOGUE = [
    product(1, "Keripik Tempe Pedas", certificates=("halal", "pirt"), photo_count=3),
    product(2, "Kripik Singkong Balado", certificates=("pirt",), price_min=8_000, price_max=None),
    product(3, "Kain Tenun Ikat Troso", **FESYEN, price_min=450_000, price_max=900_000,
            regency_code="33.20", district_code="33.20.05", size_class="small",
            export_ready=True, min_order=2),
    product(4, "Selendang tenunan ATBM", **FESYEN, price_min=None, price_max=None,
            description="Ditenun tangan dari benang katun", min_order=None),
    product(5, "Tas Anyaman Pandan", **ANYAMAN, price_min=75_000, price_max=None,
            province_code="34", regency_code="34.02", district_code="34.02.03",
            export_ready=True, min_order=50, cluster_ids=(7,)),
    product(6, "Keranjang rotan", **ANYAMAN, description="Keranjang dianyam dari rotan asli",
            price_min=120_000, price_max=150_000, cluster_ids=(7, 8), business_id=2,
            business_name="CV Rotan Jaya"),
    product(7, "Jamu Beras Kencur", category="kuliner-minuman",
            category_path=("kuliner", "kuliner-minuman"), certificates=("bpom",),
            price_min=12_000, price_max=12_000, size_class="small"),
    product(8, "Kemeja Batik Tulis", **BATIK, price_min=300_000, price_max=None,
            size_class="medium", photo_count=2, curated=True),
    product(9, "Meja Kayu Jati", category="kerajinan-kayu",
            category_path=("kerajinan", "kerajinan-kayu"), price_min=2_500_000,
            price_max=None, regency_code="33.20", district_code="33.20.01"),
    product(10, "Sambal Bawang", description="Sambel bawang pedas tanpa pengawet",
            certificates=("halal",), price_min=25_000, price_max=None),
]  # fmt: skip

ENGINES = ["tantivy", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def engine_url_for(kind: str, tmp_path) -> str:
    if kind == "tantivy":
        return f"tantivy://{tmp_path / 'search'}"
    if kind == "sqlite":
        return f"sqlite://{tmp_path / 'search.sqlite3'}"
    if kind == "postgres":
        # a schema of its own per test in the developer's database (DATABASE_URL)
        schema = f"search_test_{next(_SCHEMAS)}_{os.getpid()}"
        _ensure_database(os.environ["DATABASE_URL"])
        _dropped.append(schema)
        return f"{os.environ['DATABASE_URL']}?schema={schema}"
    raise AssertionError(kind)


_SCHEMAS = itertools.count()
_dropped: list[str] = []
_ensured: list[str] = []


def _ensure_database(url: str) -> None:
    """Create the database DATABASE_URL names when it is missing (a fresh CI machine has
    only the server: Django's test runner makes ``test_<name>``, not ``<name>``)."""
    if url in _ensured:
        return
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(url)
    name = params.get("dbname") or "postgres"
    try:
        psycopg.connect(url, autocommit=True).close()
    except psycopg.OperationalError as error:
        if "does not exist" not in str(error):
            raise
        server = psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True)
        # another test process may have made it first
        with server, contextlib.suppress(psycopg.errors.DuplicateDatabase):
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    _ensured.append(url)


@pytest.fixture(autouse=True, scope="session")
def _drop_test_schemas():
    yield
    if _dropped:
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as db:
            for schema in _dropped:
                db.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=ENGINES)
def engine_url(request, tmp_path):
    return engine_url_for(request.param, tmp_path)


@pytest.fixture
def engine(engine_url):
    return open_engine(engine_url)


@pytest.fixture
def catalogue(engine):
    engine.rebuild(CATALOGUE)
    return engine
