"""``naikkelas bench registry-list [--size N]``: the officer's business list and the API list
with N businesses (default 1,000,000) coached by one organisation.

A scratch database of the configured vendor (``core.bench._scratch_database``) takes the
place of the default connection for the run, so the developer's data is untouched and the
real pages and endpoints answer: ``/o/<slug>/registry/`` and
``GET /api/v1/registry/organisations/<slug>/businesses``. The rows are generated from the
duplicate generator's vocabulary on the real villages of Java and loaded with COPY on
PostgreSQL and multi-row ``INSERT`` statements on SQLite (the database's triggers keep the
owners' names, the search index and the counts as they go). Then 200 requests of each kind
with random filters (region, size class, KBLI section, search, sort, page) are timed
in-process: the server time, from the request to the rendered response, without the
network. A page beyond the first is asked for as the officer reaches it, with the cursor
the "next" link of the page before carries (API: ``after``); the cursor is found before
the timing. The figures also give the database's share by part, the number of queries
(which must not depend on the rows) and the load average of the machine during the run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import time
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlencode

from django.core.management import call_command
from django.db import connection, connections, models, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from naikkelas.core.bench import _scratch_database
from naikkelas.core.models import Membership, Organisation, Region, RegionLevel, Role, User
from naikkelas.registry import sizeclass
from naikkelas.registry.db_objects import owner_text
from naikkelas.registry.dedupe import generate as gen
from naikkelas.registry.models import Business, BusinessOwner, Certificate, CoachingRelation
from naikkelas.registry.selectors import businesses as selectors
from naikkelas.registry.services.imports import sqlite_insert

DEFAULT_SIZE = 1_000_000
REQUESTS = 200
SLUG = "bench-dinas"
JAVA = ("31", "32", "33", "34", "35", "36")
PROGRAMS = (
    "Pelatihan Desain Kemasan", "Kelas Ekspor", "Pendampingan Halal", "OK OCE",
    "Temu Bisnis IKM", "Gelar Produk IKM",
)  # fmt: skip
SEARCH_WORDS = ("keripik", "batik", "mebel", "sari", "jaya", "tempe", "sri", "budi", "gerabah")
BATCH = 20_000
PAGE = 50


# --- loading -------------------------------------------------------------------------------


def _defaults(model: type[models.Model]) -> dict[str, Any]:
    values = {}
    for field in model._meta.concrete_fields:
        value = field.get_default()
        if isinstance(field, models.JSONField):
            value = json.dumps(value)
        values[field.attname] = value
    return values


def _insert(model: type[models.Model], rows: Iterable[dict[str, Any]], *, with_id: bool) -> int:
    """Insert plain rows (attname -> value) with COPY or executemany; unset fields get the
    model's defaults."""
    fields = [
        f for f in model._meta.concrete_fields if (with_id or not f.primary_key) and not f.generated
    ]
    defaults = _defaults(model)
    names = [f.attname for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([row[n] if n in row else defaults[n] for n in names])
                    count += 1
            return count
        batch: list[list[Any]] = []
        for row in rows:
            batch.append([row[n] if n in row else defaults[n] for n in names])
            if len(batch) == BATCH:
                sqlite_insert(cursor, model._meta.db_table, columns, len(fields), batch)
                count += len(batch)
                batch = []
        if batch:
            sqlite_insert(cursor, model._meta.db_table, columns, len(fields), batch)
            count += len(batch)
    return count


def _businesses(size: int, villages: list[tuple[str, str]], seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    owners = _owners(size, seed)  # the same owners as loaded after: their names on the row
    products = list(gen.FOOD + gen.CRAFT)
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    span = 6 * 365 * 86400
    for pk in range(1, size + 1):
        village, district = villages[rng.randrange(len(villages))]
        female = rng.random() < 0.55
        if rng.random() < 0.4:
            name = f"{rng.choice(products)} {rng.choice(gen.HON_F if female else gen.HON_M)} " + (
                rng.choice(gen.FEMALE if female else gen.MALE)
            )
        else:
            name = f"{rng.choice(products)} {rng.choice(gen.BRAND)} {rng.choice(gen.BRAND)}"
        roll = rng.random()
        if roll < 0.85:
            sales = rng.randint(12, 1900) * 1_000_000
        elif roll < 0.97:
            sales = rng.randint(2001, 15_000) * 1_000_000
        else:
            sales = rng.randint(15_001, 50_000) * 1_000_000
        capital = sales // rng.randint(3, 10)
        size_of = sizeclass.size_class(capital=capital, annual_sales=sales)
        section_roll = rng.random()
        section, division = (
            ("C", rng.choice(("10", "11", "13", "14", "15", "16", "23", "31", "32")))
            if section_roll < 0.8
            else (("G", "47") if section_roll < 0.9 else ("I", "56"))
        )
        created = (start + dt.timedelta(seconds=rng.randrange(span))).strftime("%Y-%m-%d %H:%M:%S")
        yield {
            "id": pk,
            "name": name,
            "legal_form": "individual",
            "nib": f"9{pk:012d}" if rng.random() < 0.4 else None,
            "status": "active" if rng.random() < 0.95 else "dormant",
            "address": f"Jl. {rng.choice(gen.STREETS)} No. {rng.randint(1, 250)}",
            "village_id": village,
            "province_code": village[:2],
            "regency_code": village[:5],
            "district_code": district,
            "kbli_section": section,
            "kbli_division": division,
            "product_types": "",
            "workforce_men": rng.randint(0, 5),
            "workforce_women": rng.randint(0, 5),
            "capital": capital,
            "capital_reported_on": "2024-12-31",
            "annual_sales": sales,
            "sales_reported_on": "2024-12-31",
            "size_class": size_of.size,
            "size_basis": size_of.basis or "",
            "women_led": female,
            "owner_names": owner_text((owner := next(owners))["name"], owner["phone"]),
            "source": "import",
            # one in 200 was merged into the previous record: the list leaves it out
            "merged_into_id": pk - 1 if pk % 200 == 0 else None,
            "created_at": created,
            "updated_at": created,
        }


def _owners(size: int, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed + 1)
    for pk in range(1, size + 1):
        female = rng.random() < 0.55
        yield {
            "business_id": pk,
            "user_id": None,
            "name": f"{rng.choice(gen.FEMALE if female else gen.MALE)} {rng.choice(gen.SURNAMES)}",
            "gender": "female" if female else "male",
            "phone": f"+628{rng.choice(gen.OPERATORS)}{pk:08d}",
            "whatsapp": True,
            "email": "",
            "nik": "",
            "is_primary": True,
        }


def _coaching(size: int, organisation: int, other: int, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed + 2)
    for pk in range(1, size + 1):
        since = f"{rng.randint(2016, 2025)}-{rng.randint(1, 12):02d}-01"
        yield {"business_id": pk, "organisation_id": organisation, "since": since,
               "program": rng.choice(PROGRAMS), "active": True}  # fmt: skip
        if rng.random() < 0.1:  # also coached by a second office
            yield {"business_id": pk, "organisation_id": other, "since": since,
                   "program": "", "active": True}  # fmt: skip


def _certificates(size: int, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed + 3)
    today = dt.date(2026, 1, 1)
    for pk in range(1, size + 1):
        if rng.random() < 0.3:
            expires = today + dt.timedelta(days=rng.randint(-300, 1800))
            yield {
                "business_id": pk,
                "kind": rng.choice(("pirt", "halal", "brand", "bpom")),
                "number": f"{pk:015d}",
                "issuer": "",
                "issued_on": (expires - dt.timedelta(days=1825)).isoformat(),
                "expires_on": expires.isoformat(),
                "scan": "",
                "reminded_on": None,
            }


def _load(size: int, seed: int) -> tuple[Organisation, User, dict[str, Any]]:
    region = Region.objects.get(code="33")
    organisation = Organisation.objects.create(
        name="Dinas Perindustrian Uji", slug=SLUG, kind="dinas_industry", region=region
    )
    other = Organisation.objects.create(
        name="Kadin Uji", slug="bench-kadin", kind="chamber", region=region
    )
    officer = User.objects.create_user("petugas@bench.test", "x", name="Petugas Uji")
    Membership.objects.create(organisation=organisation, user=officer, role=Role.OFFICER)
    villages = list(
        Region.objects.filter(level=RegionLevel.VILLAGE, parent__parent__parent__in=JAVA)
        .order_by("code")
        .values_list("code", "parent_id")
    )
    figures: dict[str, Any] = {"villages": len(villages)}
    if connection.vendor == "sqlite":
        # Loading only: a 1 GiB page cache for this connection keeps the index pages of a
        # million rows in memory (the default 2 MB makes the load ten times slower). The
        # requests run on new connections, with the configured defaults.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size=-1048576")
    started = time.perf_counter()
    figures["businesses"] = _insert(Business, _businesses(size, villages, seed), with_id=True)
    figures["owners"] = _insert(BusinessOwner, _owners(size, seed), with_id=False)
    figures["coaching_relations"] = _insert(
        CoachingRelation, _coaching(size, organisation.pk, other.pk, seed), with_id=False
    )
    figures["certificates"] = _insert(Certificate, _certificates(size, seed), with_id=False)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            table = Business._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}"  # noqa: S608
            )
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    figures["load_s"] = round(time.perf_counter() - started, 1)
    return organisation, officer, figures


# --- measuring -----------------------------------------------------------------------------


def _requests(rng: random.Random, villages: list[str], count: int) -> list[dict[str, Any]]:
    """Filters an officer might use: most ask for a first page, a few go deep."""
    chosen = []
    for _ in range(count):
        params: dict[str, Any] = {}
        roll = rng.random()
        village = rng.choice(villages)
        if roll < 0.15:
            params["region"] = village[:2]
        elif roll < 0.35:
            params["region"] = village[:5]
        elif roll < 0.45:
            params["region"] = village[:8]
        elif roll < 0.5:
            params["region"] = village
        if rng.random() < 0.3:
            params["size_class"] = rng.choice(("micro", "small", "medium"))
        if rng.random() < 0.25:
            params["kbli_section"] = rng.choice(("C", "C", "G", "I"))
        if rng.random() < 0.2:
            params["q"] = rng.choice(SEARCH_WORDS)
        params["sort"] = rng.choices(("name", "newest", "size"), weights=(6, 3, 1))[0]
        page_roll = rng.random()
        page = (
            1
            if page_roll < 0.7
            else rng.randint(2, 10)
            if page_roll < 0.9
            else rng.randint(11, 200)
        )
        params["page"] = page
        chosen.append(params)
    return chosen


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    return {
        "p50_ms": round(at(0.5), 1),
        "p95_ms": round(at(0.95), 1),
        "max_ms": round(ordered[-1], 1),
        "mean_ms": round(statistics.fmean(ordered), 1),
    }


def _kind(sql: str) -> str:
    """Which part of the request a query is, for the breakdown of database time."""
    if " MATCH " in sql or f"LIMIT {selectors.SEARCH_SPARSE + 1}" in sql:
        return "search"
    if sql.startswith('SELECT "registry_businessowner"."business_id"'):
        return "search"
    if "COUNT(" in sql and "registry_" in sql:
        return "count"
    if "WITH RECURSIVE found(program)" in sql:
        return "programs"
    if sql.startswith('SELECT "registry_business"."') and "ORDER BY" in sql and "LIMIT" in sql:
        return "page"
    if "registry_" in sql:
        return "rows"
    return "session/organisation"


def _shape(params: dict[str, Any]) -> str:
    return "+".join(
        sorted(f"{k}={v}" if k == "sort" else k for k, v in params.items() if k != "page")
    )


def _measure(client: Client, urls: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    totals, database, statuses = [], [], set()
    by_kind: dict[str, list[float]] = {}
    counts: dict[str, set[int]] = {}
    slowest: list[tuple[float, str]] = []
    for url, params in urls:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        statuses.add(response.status_code)
        per_kind: dict[str, float] = {}
        for query in captured.captured_queries:
            kind = _kind(query["sql"])
            per_kind[kind] = per_kind.get(kind, 0.0) + float(query["time"]) * 1000
        for kind, ms in per_kind.items():
            by_kind.setdefault(kind, []).append(ms)
        totals.append(elapsed)
        database.append(sum(per_kind.values()))
        shape = _shape(params) + ("" if "rows" in per_kind else " (empty page)")
        counts.setdefault(shape, set()).add(len(captured.captured_queries))
        slowest.append((elapsed, f"{elapsed:.0f} ms {params}"))
    return {
        **_percentiles(totals),
        "db": {
            "p50_ms": _percentiles(database)["p50_ms"],
            "p95_ms": _percentiles(database)["p95_ms"],
        },
        "db_p95_by_part_ms": {
            kind: _percentiles(v)["p95_ms"] for kind, v in sorted(by_kind.items())
        },
        # one query count per kind of filter, whatever the page and the number of rows
        "queries_constant": all(len(c) == 1 for c in counts.values()),
        "queries": sorted({n for c in counts.values() for n in c}),
        "status": sorted(statuses),
        "slowest": [text for _ms, text in sorted(slowest, reverse=True)[:3]],
    }


def _cursor(organisation: Organisation, params: dict[str, Any]) -> str:
    """The cursor of the row before page ``params["page"]``: what the "next" link of the
    page before it carries (an officer reaches page 150 by following "next"). Found with
    an OFFSET query, not timed."""
    filters = selectors.BusinessFilters.from_mapping(params)
    sort = filters.sort if filters.sort in selectors.SORT_KEYS else "name"
    keys, descending = selectors.SORT_KEYS[sort]
    with scope(organisation=organisation):
        order = [f"-{key}" if descending else key for key in keys]
        before = selectors.business_list(organisation, filters).order_by(*order)
        row = before.values(*keys)[(params["page"] - 1) * PAGE - 1 : (params["page"] - 1) * PAGE]
        found = list(row)
    if not found:
        return ""
    return selectors.cursor_encode(sort, selectors._key_values(found[0], sort))


def _urls(
    organisation: Organisation, chosen: list[dict[str, Any]]
) -> tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, dict[str, Any]]]]:
    """The page and API requests; beyond page 1 they carry the cursor of their page, as
    the "next" links (``next_after`` in the API) give it."""
    pages, api = [], []
    for params in chosen:
        query = dict(params)
        cursor = _cursor(organisation, params) if params["page"] > 1 else ""
        if cursor:
            query["after"] = cursor
        pages.append((f"/o/{organisation.slug}/registry/?{urlencode(query)}", params))
        query = {k: v for k, v in query.items() if k != "page"}
        query["limit"] = PAGE
        api.append(
            (f"/api/v1/registry/organisations/{organisation.slug}/businesses?"
             f"{urlencode(query)}", params)
        )  # fmt: skip
    return pages, api


def bench_registry_list(options: dict[str, Any]) -> dict[str, Any]:
    size = options.get("size") or DEFAULT_SIZE
    requests = options.get("requests") or REQUESTS
    seed = 7
    _name, config, drop = _scratch_database()
    connections.databases["bench"] = config
    default_settings = connections.settings["default"]
    default_connection = connections["default"]
    del connections["default"]  # keep the object: an in-memory test database lives in it
    connections.settings["default"] = {**default_settings, "NAME": config["NAME"]}
    try:
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        organisation, officer, figures = _load(size, seed)
        villages = list(
            Business.objects.order_by().values_list("village_id", flat=True).distinct()[:5000]
        )
        client = Client()
        client.force_login(officer)
        chosen = _requests(random.Random(seed), villages, requests)
        pages, api = _urls(organisation, chosen)
        # warm the caches (templates, connection) before timing
        _measure(client, pages[:3] + api[:3])
        figures["load_average_before"] = [round(x, 2) for x in os.getloadavg()]
        figures["page"] = _measure(client, pages)
        figures["api"] = _measure(client, api)
        figures["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    finally:
        connections["default"].close()
        del connections["default"]
        connections.settings["default"] = default_settings
        connections["default"] = default_connection
        drop()
        del connections.databases["bench"]
    return {
        "database": config["ENGINE"].rsplit(".", 1)[-1],
        "size": size,
        "requests_each": requests,
        **figures,
    }


BENCHES = {"registry-list": bench_registry_list}
