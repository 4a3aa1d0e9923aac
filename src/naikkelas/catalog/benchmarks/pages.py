"""The public search page under load (``naikkelas bench catalog-page``).

In a scratch data folder (SQLite, tantivy index, nothing of the real data touched): migrate,
generate ``--size`` products (default 20,000) of 4,000 businesses across Surakarta,
Jakarta, Kediri and Blitar with the demo's names, prices and certificates, build the index,
start the production server (``naikkelas serve``: gunicorn, 2 workers × 4 threads) in a
second process and load it with wrk from Debian's packages, cycling through 40 search URLs
(1-3 words, half with a facet filter or a sort). Prints requests/s, latency percentiles and
the page weight (HTML + CSS + JS before images)."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""
QUERIES = [
    "kripik tempe", "keripik", "batik tulis", "batik", "tenun ikat", "sambal", "kopi bubuk",
    "madu", "tas kulit", "gerabah", "jamu", "wedang uwuh", "abon sapi", "kerupuk rambak",
    "mebel jati", "blangkon", "anyaman bambu", "emping", "serabi", "gamelan",
]  # fmt: skip
BRANDS = ["Makmur", "Jaya", "Sari", "Barokah", "Lestari"]
FILTERS = ["", "&sertifikat=halal", "&wilayah=33.72", "&urut=price_asc", "&kategori=kuliner"]


def _urls() -> list[str]:
    rng = random.Random(7)
    urls = ["/katalog/"]
    for query in QUERIES:
        urls.append("/katalog/?q=" + query.replace(" ", "+"))
        urls.append("/katalog/?q=" + query.replace(" ", "+") + rng.choice(FILTERS[1:]))
    return urls[:40]


def _generate(size: int) -> dict[str, Any]:
    """Runs inside the scratch process (``python -m naikkelas.catalog.benchmarks.pages``)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from naikkelas.catalog import indexing
    from naikkelas.catalog.demo import DEMO_HS, TEMPLATES
    from naikkelas.catalog.models import Category, Product, ProductStatus
    from naikkelas.core.models import Region
    from naikkelas.registry.models import Business, BusinessOwner, Certificate

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    rng = random.Random(2026)
    villages = list(
        Region.objects.filter(level=4)
        .filter(code__regex=r"^(33\.72|31\.7[1-5]|35\.71|35\.05)\.")
        .values_list("code", flat=True)
    )
    categories = {c.slug: c for c in Category.objects.all()}
    businesses = []
    for number in range(max(1, size // 5)):
        code = rng.choice(villages)
        parts = code.split(".")
        businesses.append(
            Business(
                name=" ".join(
                    [rng.choice(TEMPLATES).names[0].split()[0], rng.choice(BRANDS), str(number)]
                ),
                village_id=code,
                province_code=parts[0],
                regency_code=".".join(parts[:2]),
                district_code=".".join(parts[:3]),
                size_class=rng.choice(["micro", "micro", "small", "medium"]),
                source="import",
            )
        )
    Business.objects.bulk_create(businesses, batch_size=1000)
    BusinessOwner.objects.bulk_create(
        [
            BusinessOwner(business=b, name="Pemilik", phone=f"+62812{b.pk:08d}", whatsapp=True)
            for b in businesses
        ],
        batch_size=1000,
    )
    halal = Certificate.objects.bulk_create(
        [Certificate(business=b, kind="halal") for b in businesses if rng.random() < 0.4],
        batch_size=1000,
    )
    halal_of = {c.business_id: c.pk for c in halal}
    now = timezone.now()
    products = []
    for number in range(size):
        template = rng.choice(TEMPLATES)
        name = rng.choice(template.names)
        business = businesses[number % len(businesses)]
        price = rng.randint(*template.price) // 500 * 500 or 500
        products.append(
            Product(
                business=business,
                name=f"{name} {rng.choice(template.variants) if template.variants else ''}".strip(),
                slug=f"p{number}",
                description=f"<p>{template.description}</p>",
                category=categories[template.category],
                price_min=price,
                price_max=price * 2 if rng.random() < 0.3 else price,
                unit=template.unit,
                min_order=rng.choice(template.min_order),
                hs_code=DEMO_HS.get(name, ""),
                status=ProductStatus.PUBLISHED,
                published_at=now - timezone.timedelta(minutes=number),
            )
        )
    Product.objects.bulk_create(products, batch_size=1000)
    through = Product.certificates.through
    through.objects.bulk_create(
        [
            through(product_id=p.pk, certificate_id=halal_of[p.business_id])
            for p in products
            if p.business_id in halal_of
        ],
        batch_size=2000,
    )
    started = time.perf_counter()
    count = indexing.rebuild()
    return {"products": count, "index_seconds": round(time.perf_counter() - started, 1)}


API_QUERIES = 500


def _api_urls(count: int = API_QUERIES) -> list[str]:
    """``count`` distinct searches of 1-3 words of the demo's product names, 70 % with a
    category filter (the product's leaf or root category), as a buyer's app would send."""
    from urllib.parse import urlencode

    from naikkelas.catalog.demo import TEMPLATES

    rng = random.Random(11)
    seen: set[str] = set()
    urls: list[str] = []
    while len(urls) < count:
        template = rng.choice(TEMPLATES)
        words = rng.choice(template.names).lower().split()
        start = rng.randrange(len(words))
        text = " ".join(words[start : start + rng.randint(1, 3)])
        params = {"q": text}
        if rng.random() < 0.7:
            category = template.category
            params["kategori"] = category if rng.random() < 0.3 else category.split("-")[0]
        if rng.random() < 0.2:
            params["sertifikat"] = "halal"
        query = urlencode(params)
        if query in seen:
            if len(seen) > count * 20:
                break
            continue
        seen.add(query)
        urls.append(query)
    return urls


def _server_times() -> dict[str, Any]:
    """Inside the scratch process: every API search and result page requested once with no
    cached result (a new index version first, so each is a full search; what does not
    change with the index, such as the category labels, stays cached as in production),
    timed from request to response in Django."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from naikkelas.catalog import indexing

    client = Client()
    figures: dict[str, Any] = {}
    for kind, prefix in (("api", "/api/v1/catalog/search?"), ("page", "/katalog/?")):
        times: list[float] = []
        queries: set[int] = set()
        for query in _api_urls()[:25]:  # warm up: the index opened, templates compiled
            client.get(prefix + query)
        for query in _api_urls():
            indexing.bump_version()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(prefix + query)
                times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise RuntimeError(f"{prefix}{query}: HTTP {response.status_code}")
            queries.add(len(captured))
        ordered = sorted(times)
        for q in (50, 95, 99):
            figures[f"{kind}_p{q}_ms"] = round(ordered[int(len(ordered) * q / 100) - 1] * 1000, 1)
        figures[f"{kind}_queries"] = "-".join(str(n) for n in (min(queries), max(queries)))
    figures["requests"] = len(_api_urls())
    return figures


def bench_catalog_api(options: dict[str, Any]) -> dict[str, Any]:
    """``naikkelas bench catalog-api [--size N]``: the whole API request (and the result
    page) in server time, at N products (default 1,000,000), each search a cache miss."""
    size = options.get("size") or 1_000_000
    scratch = Path(tempfile.mkdtemp(prefix="naikkelas-bench-catalog-api-"))
    env = {
        **os.environ,
        "NAIKKELAS_DATA_DIR": str(scratch),
        "DJANGO_SETTINGS_MODULE": "naikkelas.settings",
        "SEARCH_URL": f"tantivy://{scratch / 'search'}",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    try:
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "naikkelas.catalog.benchmarks.pages", str(size), "api"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        figures = dict(item.split("=") for item in out.splitlines()[-1].split())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {
        "products": figures["products"],
        "database": "SQLite (embedded tier), search engine tantivy",
        "index build (s)": figures["index_seconds"],
        "setup incl. generation (s)": round(time.perf_counter() - started, 1),
        "requests": f"{figures['requests']} distinct searches (1-3 words, 70 % with a "
        "category), none of them answered from the result cache",
        "API /api/v1/catalog/search p50 / p95 / p99": (
            f"{figures['api_p50_ms']} / {figures['api_p95_ms']} / {figures['api_p99_ms']} ms"
        ),
        "API queries per request": figures["api_queries"],
        "page /katalog/ p50 / p95 / p99": (
            f"{figures['page_p50_ms']} / {figures['page_p95_ms']} / {figures['page_p99_ms']} ms"
        ),
        "page queries per request": figures["page_queries"],
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def _wait(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - localhost
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not answer {url}")


def _weight(base: str) -> int:
    with urllib.request.urlopen(base + "/katalog/?q=kripik+tempe") as response:  # noqa: S310
        html = response.read()
    total = len(html)
    for asset in re.findall(rb'(?:src|href)="(/static/[^"]+\.(?:css|js))"', html):
        with urllib.request.urlopen(base + asset.decode()) as response:  # noqa: S310
            total += len(response.read())
    return total


def bench_catalog_page(options: dict[str, Any]) -> dict[str, Any]:
    size = options.get("size") or 20_000
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed: apt-get install wrk")
    scratch = Path(tempfile.mkdtemp(prefix="naikkelas-bench-catalog-"))
    env = {
        **os.environ,
        "NAIKKELAS_DATA_DIR": str(scratch),
        "DJANGO_SETTINGS_MODULE": "naikkelas.settings",
        "SEARCH_URL": f"tantivy://{scratch / 'search'}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    server = None
    try:
        started = time.perf_counter()
        out = (
            subprocess.run(
                [sys.executable, "-m", "naikkelas.catalog.benchmarks.pages", str(size)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        generated = dict(item.split("=") for item in out.split())
        setup = time.perf_counter() - started
        port = 18000 + random.Random().randint(0, 999)
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(  # the production server, as `naikkelas serve` runs it
            [sys.executable, "-m", "naikkelas", "serve", "--bind", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait(base + "/katalog/?q=batik")
        weight = _weight(base)
        script = scratch / "paths.lua"
        script.write_text(WRK_SCRIPT % ", ".join(f'"{u}"' for u in _urls()))
        subprocess.run(  # warm-up: both workers open the index and fill their caches
            [wrk, "-t1", "-c4", "-d5s", "-s", str(script), base],
            check=True,
            capture_output=True,
        )
        result = subprocess.run(
            [wrk, "-t2", "-c16", "-d30s", "--latency", "-s", str(script), base],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", result)
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+\w+)", result, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result)
    return {
        "products": generated.get("products"),
        "index build (s)": generated.get("index_seconds"),
        "setup (s)": round(setup, 1),
        "server": "naikkelas serve (gunicorn gthread, 2 workers x 4 threads)",
        "load": "wrk -t2 -c16 -d30s, 40 search URLs in turn",
        "requests/s": rps.group(1) if rps else "?",
        "latency p50": percentiles.get("50", "?"),
        "latency p90": percentiles.get("90", "?"),
        "latency p99": percentiles.get("99", "?"),
        "non-2xx": errors.group(1) if errors else "0",
        "page weight (HTML+CSS+JS, bytes)": weight,
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


BENCHES = {"catalog-page": bench_catalog_page, "catalog-api": bench_catalog_api}

if __name__ == "__main__":
    figures = _generate(int(sys.argv[1]))
    if sys.argv[2:] == ["api"]:
        figures.update(_server_times())
    print(" ".join(f"{key}={value}" for key, value in figures.items()))
