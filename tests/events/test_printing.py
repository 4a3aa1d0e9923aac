"""The printable booth plan and booth cards (plain Python)."""

import base64
import re
import zlib

from naikkelas.events.printing import PlanBooth, PlanTexts, booth_cards_pdf, booth_plan_pdf

TEXTS = PlanTexts(
    title="Solo Leading Industry Expo 2020",
    subtitle="50 stan direncanakan, 25 boleh dipakai, 2 terisi",
    legend="Abu-abu dan bersilang: ditutup menurut aturan kapasitas.",
    closed="ditutup",
    free="kosong",
    zone="Zona",
    power="L",
    water="A",
    scan="Pindai untuk melihat produk kami di katalog.",
)


def booths():
    return [
        PlanBooth("A1", "Pamedan", 0, 0, "3 × 3 m", True, True, exhibitor="Batik Laweyan",
                  category="Fesyen", link="https://naikkelas.test/katalog/usaha/7/"),
        PlanBooth("A2", "Pamedan", 1, 0, "3 × 3 m", True, exhibitor="Keripik Bu Sri",
                  category="Kuliner", link="https://naikkelas.test/katalog/usaha/8/"),
        PlanBooth("A3", "Pamedan", 2, 0, "3 × 3 m", False),
        PlanBooth("K1", "Kuliner", 0, 0, "2 × 2 m", True),
    ]  # fmt: skip


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf))


def text_of(pdf: bytes) -> bytes:
    """The page streams, decoded (reportlab writes them ASCII85 + Flate)."""
    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            out.append(zlib.decompress(base64.a85decode(stream.strip(), adobe=True)))
        except ValueError:
            continue
    return b"\n".join(out)


def test_the_plan_has_a_page_per_zone_with_every_booth_and_exhibitor():
    pdf = booth_plan_pdf(booths(), TEXTS)
    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == 2
    text = text_of(pdf)
    for word in (b"(A1)", b"(A3)", b"(K1)", b"(Batik Laweyan)", b"(ditutup)", b"(kosong)"):
        assert word in text


def test_cards_are_made_for_taken_booths_only_with_a_qr_image():
    pdf = booth_cards_pdf(booths(), TEXTS)
    assert pages(pdf) == 1
    text = text_of(pdf)
    assert b"(Keripik Bu Sri)" in text and b"(K1)" not in text
    assert pdf.count(b"/Subtype /Image") == 2


def test_five_cards_take_two_pages():
    many = [
        PlanBooth(f"B{i}", "Hall", i, 0, "3 × 3 m", True, exhibitor=f"Usaha {i}", link="x")
        for i in range(5)
    ]
    assert pages(booth_cards_pdf(many, TEXTS)) == 2
