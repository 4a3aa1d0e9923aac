"""Charts of the event report as SVG text, in plain Python: no JavaScript, no library.

Horizontal bars read well on a phone and carry long Indonesian labels. The SVG has no
``style`` attribute (the pages' Content Security Policy forbids inline styles): colours
come from classes styled in ``events/report.css``, with plain ``fill`` attributes as the
fallback for a file opened alone."""

from __future__ import annotations

from html import escape

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 150
WIDTH = 600


def rupiah(value: int) -> str:
    """``1234567`` → ``Rp1.234.567``, as the pages' ``rupiah`` filter writes it."""
    return "Rp" + f"{value:,}".replace(",", ".")


def number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _short(label: str, limit: int = 24) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(rows: list[tuple[str, int]], *, title: str, money: bool = False) -> str:
    """An accessible SVG of horizontal bars: one row per (label, value)."""
    shown = format_value = rupiah if money else number
    top = max((value for _label, value in rows), default=0) or 1
    height = max(len(rows), 1) * (BAR_HEIGHT + GAP) + GAP
    room = WIDTH - LABEL_WIDTH - 130
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    if not rows:
        parts.append(f'<text x="0" y="{BAR_HEIGHT}" class="chart-empty">—</text>')
    for index, (label, value) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = round(room * value / top) if value > 0 else 0
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 6}" text-anchor="end" '
            f'class="chart-label" font-size="13">{escape(_short(label))}</text>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(width, 1)}" height="{BAR_HEIGHT}" '
            f'class="chart-bar" fill="#0b6e4f"><title>{escape(label)}: '
            f"{escape(format_value(value))}</title></rect>"
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + max(width, 1) + 6}" y="{y + BAR_HEIGHT - 6}" '
            f'class="chart-value" font-size="13">{escape(shown(value))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
