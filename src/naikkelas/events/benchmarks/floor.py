"""``naikkelas bench events``: the floor of an event under load.

On a scratch database of the configured vendor (PostgreSQL for the figures that matter;
``core.bench._scratch_database`` takes the place of the default connection for the run):

1. **races** — 500 visitors registering at once for the last 100 places; 1,000 check-in
   scans of 500 tickets, each sent twice at once (even tickets resend the same scan, odd
   tickets are scanned by two phones); the events helper's 200 allocations into 25
   usable booths when its code is there. Each checked (exactly 100 tickets, 500 entries)
   and timed: throughput = operations / wall time, 32 threads.
2. **check-in over HTTP** — ``naikkelas serve`` (gunicorn, 2 workers × 4 threads) in a
   child process, loaded from a second process: ``wrk`` (Debian's package) with a Lua
   script when it is installed, else a Python load generator; signed QR payloads, a new
   idempotency key per scan, token auth, for ``--size`` seconds (default 20).
3. **the event report** — an event with 300 exhibitors, 50,000 visitors (tickets,
   entries, 60 % exits) and 10,000 sales rows: the report page rendered in-process (the
   view, with its queries and charts), and the XLSX and PDF built.

``NAIKKELAS_BENCH_EVENTS=races,http,report`` chooses the parts (all by default).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from naikkelas.catalog.models import Category, Product
from naikkelas.core.bench import _scratch_database
from naikkelas.core.models import Membership, Organisation, Region, Role, User
from naikkelas.core.services import api_token_create
from naikkelas.events import tickets as codes
from naikkelas.events.concurrency import run_concurrently
from naikkelas.events.models import (
    Application,
    BuyerKind,
    DayOccupancy,
    Event,
    EventDay,
    EventFormat,
    EventKind,
    EventOrganiser,
    EventStatus,
    Exhibitor,
    SaleEntry,
    Scan,
    Ticket,
    TicketSource,
    VisitorSlot,
)
from naikkelas.events.services.visitors import scan_record, ticket_key, ticket_register
from naikkelas.registry.models import Business, BusinessOwner

THREADS = 32


# --- set-up ------------------------------------------------------------------------------------


def _organisation() -> tuple[Organisation, User]:
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-dinas",
        defaults={"name": "Dinas Bench", "kind": "dinas_industry", "region_id": "33.72"},
    )
    user, _ = User.objects.get_or_create(
        email="bench-staff@naikkelas.test", defaults={"name": "Bench"}
    )
    for role in (Role.OFFICER, Role.EVENT_STAFF, Role.LEADER):
        Membership.objects.get_or_create(organisation=organisation, user=user, role=role)
    return organisation, user


_counter = 0


def _event(organisation: Organisation, *, days: int = 1, capacity: int | None = None) -> Event:
    global _counter
    _counter += 1
    today = timezone.localdate()
    event = Event.objects.create(
        organisation=organisation,
        kind=EventKind.EXPO,
        format=EventFormat.HYBRID,
        title=f"Bench Expo {_counter}",
        slug=f"bench-expo-{_counter}-{random.randrange(10**6)}",
        status=EventStatus.PUBLISHED,
        venue_name="Bench Hall",
        region_id="33.72",
        venue_capacity=capacity,
        starts_on=today,
        ends_on=today + dt.timedelta(days=days - 1),
    )
    EventOrganiser.objects.create(event=event, organisation=organisation, is_lead=True)
    for n in range(days):
        day = EventDay.objects.create(
            event=event,
            date=today + dt.timedelta(days=n),
            opens_at=dt.time(0, 0),
            closes_at=dt.time(23, 59),
        )
        DayOccupancy.objects.create(event=event, day=day, capacity=capacity)
    return event


def _tickets(event: Event, count: int, *, quota: int | None = None) -> list[Ticket]:
    day = EventDay.objects.filter(event=event).order_by("date").first()
    assert day is not None
    slot = VisitorSlot.objects.create(
        event=event, day=day, label="Sepanjang hari", quota=quota or count, taken=count
    )
    rows = [
        Ticket(
            event=event,
            day=day,
            slot=slot,
            code=codes.new_code(),
            name=f"Pengunjung {n}",
            phone=f"+62812{n:08d}",
            source=TicketSource.ONLINE,
        )
        for n in range(count)
    ]
    return Ticket.objects.bulk_create(rows, batch_size=5000)


# --- 1. races -------------------------------------------------------------------------------


def _races() -> dict[str, Any]:
    organisation, _user = _organisation()
    figures: dict[str, Any] = {}
    # 500 visitors for the last 100 of 400 places
    event = _event(organisation)
    day = EventDay.objects.get(event=event)
    _tickets(event, 300, quota=400)
    slot = VisitorSlot.objects.get(event=event)
    started = time.perf_counter()
    outcomes = run_concurrently(
        500,
        lambda i: ticket_register(
            event=event,
            slot_id=slot.pk,
            name=f"Balapan {i}",
            phone=f"+62813{i:08d}",
            send_email=False,
        ),
        threads=THREADS,
    )
    seconds = time.perf_counter() - started
    won = sum(1 for kind, _ in outcomes if kind == "ok")
    assert won == 100 and Ticket.objects.filter(day=day).count() == 400, won
    figures["race_register"] = (
        f"500 at once for the last 100 places: {won} tickets, {seconds:.2f} s, "
        f"{500 / seconds:.0f} registrations/s"
    )
    # 1,000 scans of 500 tickets, each sent twice at once
    event = _event(organisation, capacity=1000)
    made = _tickets(event, 500)

    def scan(i: int) -> str:
        ticket = made[i // 2]
        key = f"k-{ticket.pk}" if (i // 2) % 2 == 0 else f"k-{ticket.pk}-{i % 2}"
        return scan_record(actor=None, event=event, code=ticket.code, key=key).outcome

    started = time.perf_counter()
    outcomes = run_concurrently(1000, scan, threads=THREADS)
    seconds = time.perf_counter() - started
    entries = Scan.objects.filter(event=event, outcome="entry").count()
    assert entries == 500 and all(kind == "ok" for kind, _ in outcomes), entries
    figures["race_checkin"] = (
        f"1,000 scans of 500 tickets, each twice at once: {entries} entries, {seconds:.2f} s, "
        f"{1000 / seconds:.0f} scans/s"
    )
    figures["race_booths"] = _booth_race(organisation)
    return figures


def _booth_race(organisation: Organisation) -> str:
    """The events helper's race, through its services: 50 booths at a 50 % rule (25 open),
    200 exhibitors placed at once (``booth_assign_next``) -> exactly 25, no booth twice."""
    from naikkelas.events.models import Booth
    from naikkelas.events.services.booths import booth_assign_next, booth_plan_generate

    event = _event(organisation)
    Event.objects.filter(pk=event.pk).update(booth_capacity_percent=50)
    event.refresh_from_db()
    booth_plan_generate(actor=None, event=event, zone="Hall", prefix="A", rows=5, columns=10)
    businesses = Business.objects.bulk_create(
        Business(name=f"Usaha Stan {n:03d}", source="officer") for n in range(200)
    )
    exhibitors = Exhibitor.objects.bulk_create(
        Exhibitor(event=event, business=b, display_name=b.name) for b in businesses
    )
    started = time.perf_counter()
    outcomes = run_concurrently(
        200, lambda i: booth_assign_next(actor=None, exhibitor=exhibitors[i]).code, threads=THREADS
    )
    seconds = time.perf_counter() - started
    placed = Booth.objects.filter(event=event, exhibitor__isnull=False)
    codes_placed = [code for kind, code in outcomes if kind == "ok"]
    assert placed.count() == 25 and len(set(codes_placed)) == 25, placed.count()
    return (
        f"200 at once into 25 usable of 50 booths: {placed.count()} placed, no booth twice; "
        f"{seconds:.2f} s, {200 / seconds:.0f} allocations/s"
    )


# --- 2. check-in over HTTP --------------------------------------------------------------------

LUA = r"""
local codes = {}
local counter = 0
init = function(args)
  for line in io.lines(args[1]) do codes[#codes + 1] = line end
end
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
request = function()
  counter = counter + 1
  local n = #codes
  local index = ((counter * 7919 + id) % n) + 1
  local direction = "in"
  if (math.floor(counter / n) % 2) == 1 then direction = "out" end
  local body = '{"code":"' .. codes[index] .. '","key":"w' .. id .. '-' .. counter ..
    '","direction":"' .. direction .. '","device":"wrk"}'
  return wrk.format("POST", wrk.path, wrk.headers, body)
end
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status in (200, 503):
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer at {url}")


def _python_load(url: str, token: str, payloads: list[str], seconds: float) -> dict[str, Any]:
    """The load from a separate Python process (when wrk is not installed)."""
    path = Path(tempfile.mkdtemp()) / "codes.txt"
    path.write_text("\n".join(payloads))
    module = "naikkelas.events.benchmarks.checkin_load"
    argv = [sys.executable, "-m", module, url, token, str(seconds), str(path)]
    out = subprocess.run(argv, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    return {
        "load": "Python load generator, 16 keep-alive connections",
        "requests": result["requests"],
        "errors": result["errors"],
        "scans_per_second": round(result["requests"] / seconds),
    }


def _wrk(url: str, token: str, payloads: list[str], seconds: float) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp())
    (folder / "checkin.lua").write_text(LUA)
    (folder / "codes.txt").write_text("\n".join(payloads))
    argv = [
        "wrk",
        "-t2",
        "-c16",
        f"-d{int(seconds)}s",
        "--latency",
        "-H",
        "Content-Type: application/json",
        "-H",
        f"Authorization: Bearer {token}",
        "-s",
        str(folder / "checkin.lua"),
        url,
        "--",
        str(folder / "codes.txt"),
        "1",
    ]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    figures: dict[str, Any] = {"load": "wrk -t2 -c16 (Lua script: signed QR payloads, new keys)"}
    for line in out.splitlines():
        words = line.split()
        if line.strip().startswith("Requests/sec:"):
            figures["scans_per_second"] = round(float(words[1]))
        elif " requests in " in line:
            figures["requests"] = int(words[0])
        elif line.strip().startswith(("50%", "90%", "99%")):
            figures[f"latency_p{words[0].rstrip('%')}"] = words[1]
        elif "Non-2xx" in line:
            figures["errors"] = int(words[-1])
    figures.setdefault("errors", 0)
    return figures


def _http_checkin(seconds: float) -> dict[str, Any]:
    organisation, user = _organisation()
    event = _event(organisation)
    made = _tickets(event, 20_000)
    key = ticket_key()
    payloads = [codes.payload(t.code, key) for t in made]
    _token, secret = api_token_create(user=user, name="bench")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "SECRET_KEY": settings.SECRET_KEY,
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
        "WEB_THREADS": os.environ.get("WEB_THREADS", "4"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "naikkelas", "serve", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(f"http://127.0.0.1:{port}/healthz")
        url = f"http://127.0.0.1:{port}/api/v1/events/{event.pk}/checkin"
        # warm up the workers (imports, connections) before timing
        _python_load(url, secret, payloads[:50], 2)
        load = _wrk if shutil.which("wrk") else _python_load
        figures = load(url, secret, payloads, seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures["server"] = "naikkelas serve: gunicorn gthread, 2 workers × 4 threads"
    figures["seconds"] = seconds
    figures["tickets"] = len(made)
    figures["scans_stored"] = Scan.objects.filter(event=event).count()
    return figures


def _database_url() -> str:
    db = connections["default"].settings_dict
    if not db["ENGINE"].endswith("postgresql"):
        return f"sqlite:///{db['NAME']}"
    host = db.get("HOST") or "127.0.0.1"
    auth = db.get("USER") or "postgres"
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


# --- 3. the event report --------------------------------------------------------------------------


def _report_event(organisation: Organisation, rng: random.Random) -> Event:
    event = _event(organisation, days=3, capacity=5000)
    days = list(EventDay.objects.filter(event=event).order_by("date"))
    top = list(Category.objects.filter(parent__isnull=True))
    children = {c.pk: list(c.children.all()) or [c] for c in top}
    villages = list(
        Region.objects.filter(code__startswith="33.72.", level=4).values_list("code", flat=True)
    )
    businesses = Business.objects.bulk_create(
        Business(
            name=f"Usaha Bench {n}",
            source="officer",
            village_id=rng.choice(villages),
            province_code="33",
            regency_code="33.72",
            women_led=rng.random() < 0.55,
        )
        for n in range(300)
    )
    BusinessOwner.objects.bulk_create(
        BusinessOwner(business=b, name=f"Pemilik {n}", phone=f"+62812555{n:05d}")
        for n, b in enumerate(businesses)
    )
    products = Product.objects.bulk_create(
        Product(
            business=b,
            name=f"Produk {n}-{k}",
            slug=f"bench-{event.pk}-{n}-{k}",
            category=rng.choice(children[rng.choice(top).pk]),
            status="published",
        )
        for n, b in enumerate(businesses)
        for k in range(3)
    )
    by_business: dict[int, list[Product]] = {}
    for product in products:
        by_business.setdefault(product.business_id, []).append(product)
    Application.objects.bulk_create(
        Application(
            event=event, business=b, status=rng.choice(["confirmed", "confirmed", "rejected"])
        )
        for b in businesses
    )
    exhibitors = Exhibitor.objects.bulk_create(
        Exhibitor(event=event, business=b, display_name=b.name) for b in businesses
    )
    for number, day in enumerate(days):
        slot = VisitorSlot.objects.create(
            event=event, day=day, label="Sepanjang hari", quota=20_000, taken=16_667
        )
        opened = timezone.make_aware(dt.datetime.combine(day.date, dt.time(9, 0)))
        count = 16_667 if number < 2 else 16_666
        made = Ticket.objects.bulk_create(
            (
                Ticket(
                    event=event,
                    day=day,
                    slot=slot,
                    code=codes.new_code(),
                    name=f"V{n}",
                    phone=f"+6285{number}{n:08d}",
                    inside=False,
                    entries=1,
                    scan_count=1,
                )
                for n in range(count)
            ),
            batch_size=5000,
        )
        scans = []
        exits = []
        for ticket in made:
            came = opened + dt.timedelta(minutes=rng.randint(0, 600))
            scans.append(
                Scan(
                    event=event,
                    ticket=ticket,
                    day=day,
                    key=f"e{ticket.pk}",
                    direction="in",
                    outcome="entry",
                    seq=1,
                    scanned_at=came,
                )
            )
            if rng.random() < 0.6:
                exits.append(ticket.pk)
                scans.append(
                    Scan(
                        event=event,
                        ticket=ticket,
                        day=day,
                        key=f"x{ticket.pk}",
                        direction="out",
                        outcome="exit",
                        seq=1,
                        scanned_at=came + dt.timedelta(minutes=rng.randint(10, 180)),
                    )
                )
        Scan.objects.bulk_create(scans, batch_size=5000)
        for start in range(0, len(exits), 5000):
            Ticket.objects.filter(pk__in=exits[start : start + 5000]).update(scan_count=2)
    SaleEntry.objects.bulk_create(
        (
            SaleEntry(
                event=event,
                exhibitor=(e := rng.choice(exhibitors)),
                date=rng.choice(days).date,
                buyer_kind=rng.choice(BuyerKind.values),
                product=rng.choice(by_business[e.business_id]),
                amount=rng.randint(1, 200) * 10_000,
                transactions=rng.randint(1, 20),
            )
            for _ in range(10_000)
        ),
        batch_size=5000,
    )
    return event


def _report(seed: int) -> dict[str, Any]:
    from naikkelas.events.report_files import report_pdf, report_xlsx
    from naikkelas.events.selectors.report import event_report

    organisation, user = _organisation()
    event = _report_event(organisation, random.Random(seed))
    client = Client()
    client.force_login(user)
    url = f"/o/{organisation.slug}/events/{event.pk}/report/"
    assert client.get(url).status_code == 200  # warm the templates and caches
    times = []
    for _ in range(5):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    report = event_report(event)
    started = time.perf_counter()
    xlsx = report_xlsx(report)
    xlsx_seconds = time.perf_counter() - started
    started = time.perf_counter()
    pdf = report_pdf(report)
    pdf_seconds = time.perf_counter() - started
    return {
        "report_sizes": (
            f"{report.exhibitors} exhibitors, {Ticket.objects.filter(event=event).count()} "
            f"visitors, {Scan.objects.filter(event=event).count()} scans, "
            f"{SaleEntry.objects.filter(event=event).count()} sales rows"
        ),
        "report_page_seconds": f"median {sorted(times)[2]:.2f}, max {max(times):.2f} (5 runs)",
        "report_xlsx_seconds": f"{xlsx_seconds:.2f} ({len(xlsx) // 1024} kB)",
        "report_pdf_seconds": f"{pdf_seconds:.2f} ({len(pdf) // 1024} kB)",
        "report_check": f"came {report.visitors_total}, sales Rp {report.sales_total:,}",
    }


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def bench_events(options: dict[str, Any]) -> dict[str, Any]:
    seconds = float(options.get("size") or 20)
    _name, config, drop = _scratch_database()
    connections.databases["bench"] = config
    default_settings = connections.settings["default"]
    default_connection = connections["default"]
    del connections["default"]
    connections.settings["default"] = {**default_settings, "NAME": config["NAME"]}
    figures: dict[str, Any] = {"load_before": _load()}
    try:
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        parts = os.environ.get("NAIKKELAS_BENCH_EVENTS", "races,http,report").split(",")
        with scopes_disabled():
            if "races" in parts:
                figures.update(_races())
            if "http" in parts:
                figures["checkin_http"] = _http_checkin(seconds)
            if "report" in parts:
                figures.update(_report(7))
    finally:
        connections.close_all()
        del connections["default"]
        connections.settings["default"] = default_settings
        connections["default"] = default_connection
        drop()
        del connections.databases["bench"]
    figures["load_after"] = _load()
    return {"database": config["ENGINE"].rsplit(".", 1)[-1], **figures}


BENCHES = {"events": bench_events}
