"""The event report: what the organiser and the leader read after (or during) an event.

Every figure is one aggregate query (GROUP BY in the database) or a small read; the page,
the XLSX and the PDF all draw on the same :class:`EventReport`, so they agree."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django_scopes import scopes_disabled

from naikkelas.catalog.models import Category, Product
from naikkelas.core.models import Region
from naikkelas.events.models import (
    Application,
    ApplicationStatus,
    Event,
    EventDay,
    Exhibitor,
    ExhibitorDailyStat,
    FestivalMerchant,
    Lead,
    MerchantDailyReport,
    Promotion,
    SaleEntry,
    Scan,
    Ticket,
    TicketSource,
)

OTHER = "—"


@dataclass(frozen=True)
class Row:
    label: str
    count: int = 0
    amount: int = 0
    transactions: int = 0


@dataclass(frozen=True)
class DayVisitors:
    date: dt.date
    registered: int
    walk_ins: int
    entries: int
    visitors: int  # tickets of the day that came in at least once
    peak: int
    peak_at: dt.datetime | None


@dataclass(frozen=True)
class DaySales:
    date: dt.date
    amount: int
    transactions: int


@dataclass
class EventReport:
    event: Event
    days: list[dt.date]
    exhibitors: int
    women_led: int
    by_category: list[Row]
    by_region: list[Row]
    applications: dict[str, int]
    applied: int
    accepted: int
    visitors: list[DayVisitors]
    registered_total: int
    visitors_total: int
    peak: int
    venue_capacity: int | None
    sales_days: list[DaySales]
    sales_total: int
    transactions_total: int
    sales_by_category: list[Row]
    sales_by_buyer: list[Row]
    sales_by_exhibitor: list[Row]
    top_products: list[Row]
    leads: int
    lead_value: int
    hall_views: int
    hall_clicks: int
    hall_days: list[Row]
    merchants: int = 0
    promotions: int = 0
    festival_days: list[DaySales] = field(default_factory=list)
    festival_total: int = 0
    festival_transactions: int = 0

    @property
    def target_share(self) -> int | None:
        target = self.event.sales_target
        return round(100 * self.sales_total / target) if target else None


def _exhibitor_categories(exhibitors: list[Exhibitor]) -> dict[int, str]:
    """Each exhibitor's category: its quota's catalog category, else the top-level
    category most of its products belong to."""
    categories = {c.pk: c for c in Category.objects.all()}

    def top(category_id: int | None) -> Category | None:
        seen = 0
        category = categories.get(category_id) if category_id else None
        while category is not None and category.parent_id and seen < 10:
            category = categories.get(category.parent_id)
            seen += 1
        return category

    result: dict[int, str] = {}
    need: dict[int, int] = {}
    for exhibitor in exhibitors:
        quota = exhibitor.quota
        if quota is not None and quota.category_id:
            found = top(quota.category_id)
            if found is not None:
                result[exhibitor.pk] = found.label
                continue
        need[exhibitor.business_id] = exhibitor.pk
    if need:
        votes: dict[int, Counter[str]] = defaultdict(Counter)
        rows = Product.objects.filter(business_id__in=list(need)).values_list(
            "business_id", "category_id"
        )
        for business_id, category_id in rows:
            found = top(category_id)
            if found is not None:
                votes[business_id][found.label] += 1
        for business_id, exhibitor_id in need.items():
            counted = votes.get(business_id)
            result[exhibitor_id] = counted.most_common(1)[0][0] if counted else OTHER
    return result


def _rows(counter: dict[str, list[int]], *, key: str = "amount") -> list[Row]:
    rows = [Row(label, *values) for label, values in counter.items()]
    index = {"count": 1, "amount": 2, "transactions": 3}[key]
    return sorted(rows, key=lambda r: (-[0, r.count, r.amount, r.transactions][index], r.label))


_PEAKS_SQL = """
WITH moves AS (
    SELECT s.day_id, s.scanned_at, CASE WHEN s.outcome = 'entry' THEN 1 ELSE -1 END AS step
    FROM {scan} s
    WHERE s.event_id = %s AND s.outcome IN ('entry', 'exit')
), running AS (
    SELECT day_id, scanned_at, step,
           SUM(step) OVER (
               PARTITION BY day_id ORDER BY scanned_at, step
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
           ) AS inside
    FROM moves
), peaks AS (
    SELECT day_id, MAX(inside) AS peak, SUM(CASE WHEN step = 1 THEN 1 ELSE 0 END) AS entries
    FROM running GROUP BY day_id
)
SELECT d.date, p.entries, p.peak, MIN(r.scanned_at)
FROM peaks p
JOIN {day} d ON d.id = p.day_id
LEFT JOIN running r ON r.day_id = p.day_id AND r.inside = p.peak AND p.peak > 0
GROUP BY d.date, p.entries, p.peak
"""


def day_peaks(event: Event) -> dict[dt.date, tuple[int, int, dt.datetime | None]]:
    """Per day: entries, the most people inside at once and when that was first reached,
    replayed from the counted scans in the database (a window function; exits before
    entries at the same instant, as ``checkin.peak_occupancy`` does)."""
    sql = _PEAKS_SQL.format(scan=Scan._meta.db_table, day=EventDay._meta.db_table)
    result = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [event.pk])
        for date, entries, peak, at in cursor.fetchall():
            if isinstance(date, str):  # SQLite
                date = dt.date.fromisoformat(date)
            if isinstance(at, str):
                at = dt.datetime.fromisoformat(at)
            if at is not None and timezone.is_naive(at):
                at = timezone.make_aware(at, dt.UTC)
            peak = max(int(peak or 0), 0)
            result[date] = (int(entries or 0), peak, at if peak else None)
    return result


def event_report(event: Event) -> EventReport:
    """The whole report of ``event`` (read across organisers: the caller checked access)."""
    with scopes_disabled():
        return _build(event)


def _build(event: Event) -> EventReport:
    days = list(
        EventDay.objects.filter(event=event).order_by("date").values_list("date", flat=True)
    )
    exhibitors = list(
        Exhibitor.objects.filter(event=event, is_active=True)
        .select_related("quota", "business")
        .only(
            "id",
            "display_name",
            "business_id",
            "quota__category_id",
            "business__regency_code",
            "business__women_led",
        )
    )
    category_of = _exhibitor_categories(exhibitors)
    regency_codes = {e.business.regency_code for e in exhibitors if e.business.regency_code}
    regency_names = {r.code: r.label for r in Region.objects.filter(code__in=regency_codes)}
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_region: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for exhibitor in exhibitors:
        by_category[category_of.get(exhibitor.pk, OTHER)][0] += 1
        by_region[regency_names.get(exhibitor.business.regency_code, OTHER)][0] += 1

    statuses = dict(
        Application.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    applications = {s: statuses.get(s, 0) for s in ApplicationStatus.values}
    accepted = sum(
        applications[s]
        for s in (
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.CONFIRMED,
            ApplicationStatus.DECLINED,
        )
    )

    # visitors: tickets per day
    tickets: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0, 0])
    for ticket_date, source, came, n in (
        Ticket.objects.filter(event=event, is_cancelled=False)
        .values_list("day__date", "source")
        .annotate(came=Count("id", filter=Q(entries__gt=0)), n=Count("id"))
        .values_list("day__date", "source", "came", "n")
    ):
        row = tickets[ticket_date]
        row[0 if source == TicketSource.ONLINE else 1] += n
        row[2] += came
    # entries and the peak replayed from the counted scans (offline scans included)
    peaks = day_peaks(event)
    visitors = []
    for date in days:
        registered, walk_ins, came = tickets.get(date, [0, 0, 0])
        entries, peak, peak_at = peaks.get(date, (0, 0, None))
        visitors.append(
            DayVisitors(
                date=date,
                registered=registered,
                walk_ins=walk_ins,
                entries=entries,
                visitors=came,
                peak=peak,
                peak_at=peak_at,
            )
        )

    # sales
    sales = SaleEntry.objects.filter(event=event, is_void=False)
    per_day = {
        d: (a or 0, t or 0)
        for d, a, t in sales.values_list("date")
        .annotate(a=Sum("amount"), t=Sum("transactions"))
        .values_list("date", "a", "t")
    }
    sales_days = [DaySales(d, *per_day.get(d, (0, 0))) for d in days]
    per_exhibitor = {
        e: (a or 0, t or 0)
        for e, a, t in sales.values_list("exhibitor_id")
        .annotate(a=Sum("amount"), t=Sum("transactions"))
        .values_list("exhibitor_id", "a", "t")
    }
    names = {e.pk: e.display_name for e in exhibitors}
    sales_by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    sales_by_exhibitor: dict[str, list[int]] = {}
    for exhibitor_id, (amount, transactions) in per_exhibitor.items():
        label = category_of.get(exhibitor_id, OTHER)
        sales_by_category[label][1] += amount
        sales_by_category[label][2] += transactions
        name = names.get(exhibitor_id) or str(exhibitor_id)
        sales_by_exhibitor[f"{name} #{exhibitor_id}" if name in sales_by_exhibitor else name] = [
            0,
            amount,
            transactions,
        ]
    by_buyer = {
        kind: [0, a or 0, t or 0]
        for kind, a, t in sales.values_list("buyer_kind")
        .annotate(a=Sum("amount"), t=Sum("transactions"))
        .values_list("buyer_kind", "a", "t")
    }
    from naikkelas.events.models import BuyerKind

    sales_by_buyer = [
        Row(str(BuyerKind(kind).label), 0, *by_buyer.get(kind, [0, 0, 0])[1:])
        for kind in BuyerKind.values
    ]
    top = list(
        sales.filter(product__isnull=False)
        .values_list("product_id", "product__name")
        .annotate(a=Sum("amount"), t=Sum("transactions"))
        .order_by("-a", "product_id")[:10]
    )
    top_products = [Row(name, 0, a or 0, t or 0) for _pid, name, a, t in top]
    total_amount = sum(a for a, _t in per_day.values())
    total_transactions = sum(t for _a, t in per_day.values())

    lead_totals = Lead.objects.filter(event=event).aggregate(
        n=Count("id"), v=Sum("estimated_value")
    )
    hall = {
        d: (v or 0, c or 0)
        for d, v, c in ExhibitorDailyStat.objects.filter(event=event)
        .values_list("date")
        .annotate(v=Sum("page_views"), c=Sum("whatsapp_clicks"))
        .values_list("date", "v", "c")
    }
    hall_days = [
        Row(d.isoformat(), views, 0, clicks) for d, (views, clicks) in sorted(hall.items())
    ]

    report = EventReport(
        event=event,
        days=days,
        exhibitors=len(exhibitors),
        women_led=sum(1 for e in exhibitors if e.business.women_led),
        by_category=_rows(by_category, key="count"),
        by_region=_rows(by_region, key="count"),
        applications=applications,
        applied=sum(applications.values()),
        accepted=accepted,
        visitors=visitors,
        registered_total=sum(v.registered + v.walk_ins for v in visitors),
        visitors_total=sum(v.visitors for v in visitors),
        peak=max((v.peak for v in visitors), default=0),
        venue_capacity=event.venue_capacity,
        sales_days=sales_days,
        sales_total=total_amount,
        transactions_total=total_transactions,
        sales_by_category=_rows(sales_by_category),
        sales_by_buyer=sales_by_buyer,
        sales_by_exhibitor=_rows(sales_by_exhibitor)[:20],
        top_products=top_products,
        leads=lead_totals["n"] or 0,
        lead_value=lead_totals["v"] or 0,
        hall_views=sum(v for v, _c in hall.values()),
        hall_clicks=sum(c for _v, c in hall.values()),
        hall_days=hall_days,
    )
    merchants = FestivalMerchant.objects.filter(event=event, is_active=True).count()
    if merchants:
        festival = {
            d: (a or 0, t or 0)
            for d, a, t in MerchantDailyReport.objects.filter(event=event)
            .values_list("date")
            .annotate(a=Sum("amount"), t=Sum("transactions"))
            .values_list("date", "a", "t")
        }
        report.merchants = merchants
        report.promotions = Promotion.objects.filter(event=event, is_active=True).count()
        report.festival_days = [DaySales(d, *festival.get(d, (0, 0))) for d in days]
        report.festival_total = sum(a for a, _t in festival.values())
        report.festival_transactions = sum(t for _a, t in festival.values())
    return report
