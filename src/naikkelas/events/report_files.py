"""The event report as files for official use: XLSX (openpyxl) and PDF (reportlab).

Headings are Indonesian whatever the interface language: these files go into official
reports (*laporan kegiatan*). Both are built from the same :class:`EventReport` as the
page. ``progress(percent)`` is called as sections are written."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from naikkelas.events.charts import number, rupiah
from naikkelas.events.selectors.report import EventReport, Row

Progress = Callable[[int], None]

STATUS_ID = {
    "submitted": "Diajukan",
    "accepted": "Diterima",
    "waitlisted": "Daftar tunggu",
    "rejected": "Ditolak",
    "confirmed": "Dikonfirmasi",
    "declined": "Mengundurkan diri",
    "withdrawn": "Ditarik",
}


def _date(value: object) -> str:
    return value.strftime("%d-%m-%Y") if hasattr(value, "strftime") else str(value)


def _sections(report: EventReport) -> list[tuple[str, list[str], list[list[object]]]]:
    """The report's tables: (title, headers, rows), shared by the XLSX and the PDF."""
    event = report.event
    summary = [
        ["Acara", event.title],
        ["Tempat", ", ".join(filter(None, [event.venue_name, event.address]))],
        [
            "Tanggal",
            f"{_date(report.days[0])} s.d. {_date(report.days[-1])}" if report.days else "-",
        ],
        ["Peserta pameran (exhibitor)", report.exhibitors],
        ["Dipimpin perempuan", report.women_led],
        ["Pendaftar exhibitor", report.applied],
        ["Diterima", report.accepted],
        ["Pengunjung terdaftar", report.registered_total],
        ["Pengunjung hadir", report.visitors_total],
        ["Puncak pengunjung di dalam", report.peak],
        ["Batas kapasitas tempat", report.venue_capacity or "-"],
        ["Nilai transaksi (Rp)", report.sales_total],
        ["Jumlah transaksi", report.transactions_total],
        ["Target transaksi (Rp)", event.sales_target or "-"],
        ["Peminat/prospek (leads)", report.leads],
        ["Kunjungan stan daring", report.hall_views],
        ["Klik WhatsApp", report.hall_clicks],
    ]
    if report.merchants:
        summary += [
            ["Merchant festival", report.merchants],
            ["Promo", report.promotions],
            ["Transaksi merchant (Rp)", report.festival_total],
            ["Jumlah transaksi merchant", report.festival_transactions],
        ]

    def rows(items: list[Row], *, count: bool = False) -> list[list[object]]:
        if count:
            return [[r.label, r.count] for r in items]
        return [[r.label, r.amount, r.transactions] for r in items]

    sections: list[tuple[str, list[str], list[list[object]]]] = [
        ("Ringkasan", ["Uraian", "Nilai"], summary),
        ("Exhibitor per kategori", ["Kategori", "Exhibitor"], rows(report.by_category, count=True)),
        (
            "Exhibitor per daerah",
            ["Kabupaten/Kota", "Exhibitor"],
            rows(report.by_region, count=True),
        ),
        (
            "Pendaftaran exhibitor",
            ["Status", "Jumlah"],
            [[STATUS_ID.get(k, k), v] for k, v in report.applications.items()],
        ),
        (
            "Pengunjung per hari",
            ["Tanggal", "Daftar online", "Daftar di tempat", "Hadir", "Masuk (scan)", "Puncak"],
            [
                [_date(v.date), v.registered, v.walk_ins, v.visitors, v.entries, v.peak]
                for v in report.visitors
            ],
        ),
        (
            "Transaksi per hari",
            ["Tanggal", "Nilai (Rp)", "Transaksi"],
            [[_date(d.date), d.amount, d.transactions] for d in report.sales_days],
        ),
        (
            "Transaksi per kategori",
            ["Kategori", "Nilai (Rp)", "Transaksi"],
            rows(report.sales_by_category),
        ),
        (
            "Transaksi per jenis pembeli",
            ["Pembeli", "Nilai (Rp)", "Transaksi"],
            rows(report.sales_by_buyer),
        ),
        (
            "Transaksi per exhibitor (20 teratas)",
            ["Exhibitor", "Nilai (Rp)", "Transaksi"],
            rows(report.sales_by_exhibitor),
        ),
        ("Produk terlaris", ["Produk", "Nilai (Rp)", "Transaksi"], rows(report.top_products)),
        (
            "Pameran daring per hari",
            ["Tanggal", "Kunjungan stan", "Klik WhatsApp"],
            [[r.label, r.count, r.transactions] for r in report.hall_days],
        ),
    ]
    if report.merchants:
        sections.append(
            (
                "Transaksi merchant festival per hari",
                ["Tanggal", "Nilai (Rp)", "Transaksi"],
                [[_date(d.date), d.amount, d.transactions] for d in report.festival_days],
            )
        )
    return sections


def report_xlsx(report: EventReport, progress: Progress | None = None) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    sections = _sections(report)
    bold = Font(bold=True)
    used: set[str] = set()
    for index, (title, headers, rows) in enumerate(sections, start=1):
        name = title[:31]
        while name in used:
            name = name[:29] + str(index)
        used.add(name)
        sheet = workbook.create_sheet(name)
        sheet.append([title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(headers)
        for cell in sheet[2]:
            cell.font = bold
        for row in rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 40
        for column in "BCDEF":
            sheet.column_dimensions[column].width = 18
        if progress:
            progress(round(90 * index / len(sections)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    if progress:
        progress(100)
    return buffer.getvalue()


def _bars(rows: list[tuple[str, int]], money: bool) -> Drawing:
    width, bar, gap, label_w = 16 * cm, 12, 5, 5 * cm
    height = max(len(rows), 1) * (bar + gap) + gap
    drawing = Drawing(width, height)
    top = max((v for _l, v in rows), default=0) or 1
    room = width - label_w - 3.2 * cm
    for index, (label, value) in enumerate(rows):
        y = height - (index + 1) * (bar + gap)
        drawing.add(String(label_w - 4, y + 3, label[:32], fontSize=8, textAnchor="end"))
        w = max(room * value / top, 1) if value > 0 else 1
        drawing.add(Rect(label_w, y, w, bar, fillColor=colors.HexColor("#0b6e4f"), strokeWidth=0))
        drawing.add(
            String(label_w + w + 4, y + 3, rupiah(value) if money else number(value), fontSize=8)
        )
    return drawing


def report_pdf(report: EventReport, progress: Progress | None = None) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=f"Laporan {report.event.title}",
        author=report.event.organisation.name,
    )
    styles = getSampleStyleSheet()
    story: list[object] = [
        Paragraph("LAPORAN KEGIATAN", styles["Title"]),
        Paragraph(report.event.title, styles["Heading2"]),
        Paragraph(
            f"{report.event.organisation.name} — dibuat {timezone.localtime():%d-%m-%Y %H:%M} WIB",
            styles["Normal"],
        ),
        Spacer(1, 0.4 * cm),
    ]
    sections = _sections(report)
    charts = {
        "Pengunjung per hari": ([(_date(v.date), v.visitors) for v in report.visitors], False),
        "Transaksi per hari": ([(_date(d.date), d.amount) for d in report.sales_days], True),
        "Transaksi per kategori": ([(r.label, r.amount) for r in report.sales_by_category], True),
        "Exhibitor per kategori": ([(r.label, r.count) for r in report.by_category], False),
    }
    for index, (title, headers, rows) in enumerate(sections, start=1):
        story.append(Paragraph(f"{index}. {title}", styles["Heading3"]))
        if title in charts and charts[title][0]:
            story.append(_bars(*charts[title]))
            story.append(Spacer(1, 0.2 * cm))
        body = [headers] + [
            [number(c) if isinstance(c, int) and not isinstance(c, bool) else str(c) for c in row]
            for row in rows
        ]
        if len(body) == 1:
            body.append(["-"] + [""] * (len(headers) - 1))
        table = Table(body, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                    ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3efe9")),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9aa59f")),
                    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
        story.append(Spacer(1, 0.3 * cm))
        if progress:
            progress(round(80 * index / len(sections)))
    document.build(story)
    if progress:
        progress(100)
    return buffer.getvalue()
