"""Printable booth plan and booth cards (PDF with reportlab, QR codes with segno).

Plain Python: it takes plain rows (``PlanBooth``) and returns PDF bytes, so it is tested
and timed without Django. The plan draws each zone's grid; a booth shows its code, size,
power/water marks and its exhibitor; closed booths (capacity rule) are grey and crossed.
A card per taken booth carries the code in large type, the exhibitor, the category and a
QR code to the exhibitor's catalog page."""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas


@dataclass(frozen=True)
class PlanBooth:
    code: str
    zone: str
    column: int
    row: int
    size: str
    is_open: bool
    has_power: bool = False
    has_water: bool = False
    exhibitor: str = ""
    category: str = ""
    link: str = ""  # the exhibitor's catalog page, for the card's QR code
    price: int = 0


@dataclass(frozen=True)
class PlanTexts:
    """The words on the page, already translated by the caller."""

    title: str
    subtitle: str
    legend: str
    closed: str
    free: str
    zone: str
    power: str = "P"  # the mark of a booth with electricity
    water: str = "W"  # the mark of a booth with water
    scan: str = ""


FONT = "Helvetica"
BOLD = "Helvetica-Bold"


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    while size > 4 and canvas.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def booth_plan_pdf(booths: list[PlanBooth], texts: PlanTexts) -> bytes:
    """One landscape A4 page per zone (zones in name order), booths on their grid."""
    buffer = io.BytesIO()
    page_w, page_h = landscape(A4)
    canvas = Canvas(buffer, pagesize=(page_w, page_h))
    canvas.setTitle(texts.title)
    zones: dict[str, list[PlanBooth]] = defaultdict(list)
    for booth in booths:
        zones[booth.zone].append(booth)
    if not zones:
        zones[""] = []
    margin = 12 * mm
    for zone in sorted(zones):
        items = zones[zone]
        canvas.setFont(BOLD, 16)
        canvas.drawString(margin, page_h - margin - 4 * mm, texts.title)
        canvas.setFont(FONT, 10)
        canvas.drawString(margin, page_h - margin - 10 * mm, texts.subtitle)
        canvas.setFont(BOLD, 12)
        canvas.drawString(margin, page_h - margin - 17 * mm, f"{texts.zone}: {zone or '—'}")
        canvas.setFont(FONT, 8)
        canvas.drawString(margin, margin - 6 * mm + 6, texts.legend)
        if items:
            columns = max(b.column for b in items) + 1
            rows = max(b.row for b in items) - min(b.row for b in items) + 1
            top_row = min(b.row for b in items)
            area_w = page_w - 2 * margin
            area_h = page_h - 2 * margin - 22 * mm
            cell = min(area_w / columns, area_h / rows, 40 * mm)
            gap = min(2 * mm, cell * 0.08)
            origin_y = page_h - margin - 22 * mm
            for booth in items:
                x = margin + booth.column * cell
                y = origin_y - (booth.row - top_row + 1) * cell
                w = h = cell - gap
                if booth.is_open:
                    fill = colors.HexColor("#e8f4ea") if booth.exhibitor else colors.white
                else:
                    fill = colors.HexColor("#d0d0d0")
                canvas.setFillColor(fill)
                canvas.setStrokeColor(colors.black)
                canvas.rect(x, y, w, h, fill=1, stroke=1)
                if not booth.is_open:
                    canvas.setStrokeColor(colors.HexColor("#808080"))
                    canvas.line(x, y, x + w, y + h)
                    canvas.line(x, y + h, x + w, y)
                canvas.setFillColor(colors.black)
                size = _fit(canvas, booth.code, BOLD, min(12, cell / 4), w - 4)
                canvas.setFont(BOLD, size)
                canvas.drawString(x + 2, y + h - size - 1, booth.code)
                marks = " ".join(
                    m
                    for m, on in ((texts.power, booth.has_power), (texts.water, booth.has_water))
                    if on
                )
                small = max(min(7, cell / 7), 4)
                canvas.setFont(FONT, small)
                canvas.drawRightString(x + w - 2, y + h - small - 1, marks)
                canvas.drawString(x + 2, y + 2, booth.size)
                label = booth.exhibitor or (texts.free if booth.is_open else texts.closed)
                lines = simpleSplit(label, FONT, small, w - 4)[:3]
                for i, line in enumerate(lines):
                    canvas.drawString(x + 2, y + h / 2 - i * (small + 1), line)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _qr_image(link: str) -> ImageReader:
    png = io.BytesIO()
    segno.make(link, error="m").save(png, kind="png", scale=6, border=2)
    png.seek(0)
    return ImageReader(png)


def booth_cards_pdf(booths: list[PlanBooth], texts: PlanTexts) -> bytes:
    """Cards for the booths that have an exhibitor: four per portrait A4 page (A6 each),
    to cut and put up on the booth."""
    buffer = io.BytesIO()
    page_w, page_h = A4
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(texts.title)
    card_w, card_h = page_w / 2, page_h / 2
    taken = [b for b in booths if b.exhibitor]
    if not taken:
        canvas.setFont(FONT, 12)
        canvas.drawString(20 * mm, page_h - 30 * mm, texts.free)
        canvas.showPage()
    for index, booth in enumerate(taken):
        slot = index % 4
        if index and slot == 0:
            canvas.showPage()
        x = (slot % 2) * card_w
        y = page_h - (slot // 2 + 1) * card_h
        pad = 8 * mm
        canvas.setStrokeColor(colors.HexColor("#b0b0b0"))
        canvas.setDash(3, 3)
        canvas.rect(x, y, card_w, card_h, fill=0, stroke=1)
        canvas.setDash()
        canvas.setFillColor(colors.black)
        canvas.setFont(FONT, 9)
        canvas.drawString(x + pad, y + card_h - pad - 2 * mm, texts.title[:70])
        size = _fit(canvas, booth.code, BOLD, 64, card_w - 2 * pad)
        canvas.setFont(BOLD, size)
        canvas.drawString(x + pad, y + card_h - pad - 2 * mm - size, booth.code)
        name_size = 14
        lines = simpleSplit(booth.exhibitor, BOLD, name_size, card_w - 2 * pad)[:3]
        canvas.setFont(BOLD, name_size)
        top = y + card_h - pad - 2 * mm - size - 8 * mm
        for i, line in enumerate(lines):
            canvas.drawString(x + pad, top - i * (name_size + 2), line)
        canvas.setFont(FONT, 10)
        canvas.drawString(x + pad, top - len(lines) * (name_size + 2) - 2, booth.category)
        if booth.link:
            qr = 42 * mm
            canvas.drawImage(_qr_image(booth.link), x + pad, y + pad, qr, qr)
            canvas.setFont(FONT, 8)
            for i, line in enumerate(simpleSplit(texts.scan, FONT, 8, card_w - qr - 3 * pad)):
                canvas.drawString(x + pad + qr + 4 * mm, y + pad + qr - 10 - i * 10, line)
            canvas.setFont(FONT, 6)
            canvas.drawString(x + pad, y + pad - 8, booth.link[:90])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
