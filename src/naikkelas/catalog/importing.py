"""Reading a product spreadsheet: plain Python, no Django (see decision 0018).

The business import's engine (``registry/importing``) reads the file, finds the header,
maps the columns and classifies the rows (blank, total, repeated header…); this module
gives it the product fields (:data:`PRODUCTS`, their local header names), and turns each
data row into a product record with the problems an officer can act on: prices
(``Rp 25.000``, ``25rb``, ``25.000 - 35.000``), quantities, weights (``250 gr``,
``1,5 kg``), shelf life (``6 bulan``), units (``bungkus``, ``botol``), HS codes, the
category (against the catalog's tree, with the nearest names when unknown) and the
status. Which business a row belongs to is decided by the Django layer.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, BinaryIO

from rapidfuzz import fuzz, process

from naikkelas.registry.importing import values as v
from naikkelas.registry.importing.engine import ParseResult, SheetParser, parse_file
from naikkelas.registry.importing.mapping import (
    IGNORE,
    NUMBERING,
    FieldSet,
    HeaderLayout,
)
from naikkelas.registry.importing.problems import Problem, Severity, register, render
from naikkelas.registry.importing.readers import Sheet

FIELDS = (
    "name",
    "category",
    "price",
    "unit",
    "min_order",
    "capacity_per_month",
    "weight_grams",
    "packaging",
    "shelf_life_days",
    "hs_code",
    "description",
    "status",
    "business_nib",
    "business_id",
    "business_name",
    "business_phone",
)
BUSINESS_FIELDS = ("business_nib", "business_id", "business_name", "business_phone")

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name": ("Nama produk", "Product name"),
    "category": ("Kategori", "Category"),
    "price": ("Harga", "Price"),
    "unit": ("Satuan", "Unit"),
    "min_order": ("Minimal order", "Minimum order"),
    "capacity_per_month": ("Kapasitas per bulan", "Capacity per month"),
    "weight_grams": ("Berat", "Weight"),
    "packaging": ("Kemasan", "Packaging"),
    "shelf_life_days": ("Masa simpan", "Shelf life"),
    "hs_code": ("Kode HS", "HS code"),
    "description": ("Deskripsi", "Description"),
    "status": ("Status", "Status"),
    "business_nib": ("NIB usaha", "Business NIB"),
    "business_id": ("ID usaha", "Business ID"),
    "business_name": ("Nama usaha", "Business name"),
    "business_phone": ("No. HP usaha", "Business phone"),
}

UNITS_HELP = "pcs, pak, dus, botol, toples, kg, gram, liter, meter, lembar, set, pasang, lusin"

CATALOGUE: dict[str, tuple[Severity, str, str]] = {
    "product_name_missing": (
        "error",
        "Nama produk kosong; isi kolom NAMA PRODUK",
        "The product name is empty; fill in the NAMA PRODUK column",
    ),
    "category_missing": (
        "error",
        "Kategori kosong; isi kolom KATEGORI dengan kategori katalog, misalnya Makanan ringan",
        "The category is empty; fill in the KATEGORI column with a catalog category, "
        "e.g. Makanan ringan",
    ),
    "category_unknown": (
        "error",
        "Kategori '{value}' tidak dikenal; yang terdekat: {suggestions}",
        "Category '{value}' is unknown; the nearest: {suggestions}",
    ),
    "price_range_reversed": (
        "error",
        "Harga '{value}': harga tertinggi lebih kecil dari harga terendah",
        "Price '{value}': the highest price is below the lowest",
    ),
    "quantity_invalid": (
        "error",
        "{label} '{value}' bukan angka",
        "{label} '{value}' is not a number",
    ),
    "quantity_negative": (
        "error",
        "{label} '{value}' tidak boleh negatif",
        "{label} '{value}' cannot be negative",
    ),
    "min_order_zero": (
        "error",
        "Minimal order '{value}' paling sedikit 1",
        "Minimum order '{value}' must be at least 1",
    ),
    "weight_invalid": (
        "error",
        "Berat '{value}' tidak dikenali; tulis misalnya 250 gr atau 1,5 kg",
        "Weight '{value}' not recognised; write e.g. 250 gr or 1.5 kg",
    ),
    "shelf_life_invalid": (
        "error",
        "Masa simpan '{value}' tidak dikenali; tulis misalnya 30 hari, 6 bulan atau 1 tahun",
        "Shelf life '{value}' not recognised; write e.g. 30 hari, 6 bulan or 1 tahun",
    ),
    "unit_unknown": (
        "error",
        "Satuan '{value}' tidak dikenali; pakai salah satu: " + UNITS_HELP,
        "Unit '{value}' not recognised; use one of: " + UNITS_HELP,
    ),
    "hs_invalid": (
        "error",
        "Kode HS '{value}' harus 6 angka, misalnya 200520",
        "HS code '{value}' must be 6 digits, e.g. 200520",
    ),
    "hs_unknown": (
        "error",
        "Kode HS '{value}' tidak ada dalam daftar HS 2022",
        "HS code '{value}' is not in the HS 2022 list",
    ),
    "status_unknown": (
        "warning",
        "Status '{value}' tidak dikenali (pakai TAYANG atau DRAF); produk disimpan sebagai draf",
        "Status '{value}' not recognised (use TAYANG or DRAF); the product is kept as a draft",
    ),
    "business_id_invalid": (
        "error",
        "ID usaha '{value}' bukan nomor; salin nomor dari daftar usaha binaan",
        "Business ID '{value}' is not a number; copy it from the list of coached businesses",
    ),
}
register(CATALOGUE)


def message(problem: Problem, lang: str = "id") -> str:
    """A product import problem as a sentence (Indonesian by default)."""
    return render(problem, "en" if lang == "en" else "id", FIELD_LABELS)


# --- headers --------------------------------------------------------------------------


def _synonyms() -> dict[str, tuple[str, float]]:
    table: dict[str, tuple[str, float]] = {}

    def add(target: str, *names: str, confidence: float = 1.0) -> None:
        for name in names:
            table.setdefault(name, (target, confidence))

    add(NUMBERING, "#", "NO", "NO URUT", "NOMOR", "NOMOR URUT", "N0", "NMR")
    add(
        "name",
        "NAMA PRODUK",
        "PRODUK",
        "NAMA BARANG",
        "BARANG",
        "NAMA PRODUK UNGGULAN",
        "PRODUK UNGGULAN",
        "NAMA ITEM",
        "ITEM",
        "PRODUCT NAME",
        "PRODUCT",
        "NAMA KOMODITI",
        "KOMODITI",
    )
    add("name", "NAMA", confidence=0.7)
    add(
        "category",
        "KATEGORI",
        "KATEGORI PRODUK",
        "JENIS",
        "JENIS PRODUK",
        "KATEGORI JENIS",
        "JENIS KATEGORI",
        "KELOMPOK PRODUK",
        "SUB KATEGORI",
        "SUBKATEGORI",
        "CATEGORY",
    )
    add(
        "price",
        "HARGA",
        "HARGA JUAL",
        "HARGA SATUAN",
        "HARGA PRODUK",
        "HARGA ECERAN",
        "HARGA RP",
        "HARGA JUAL RP",
        "KISARAN HARGA",
        "RENTANG HARGA",
        "PRICE",
    )
    add("unit", "SATUAN", "UNIT", "SAT", "SATUAN JUAL")
    add(
        "min_order",
        "MIN ORDER",
        "MINIMAL ORDER",
        "MINIMUM ORDER",
        "MOQ",
        "MIN PEMESANAN",
        "MINIMAL PEMESANAN",
        "MINIMUM PEMESANAN",
        "MIN PESAN",
        "PEMESANAN MINIMAL",
    )
    add(
        "capacity_per_month",
        "KAPASITAS",
        "KAPASITAS BLN",
        "KAPASITAS BULAN",
        "KAPASITAS PER BULAN",
        "KAPASITAS PRODUKSI",
        "KAPASITAS PRODUKSI BLN",
        "KAPASITAS PRODUKSI PER BULAN",
        "PRODUKSI BLN",
        "PRODUKSI PER BULAN",
        "JUMLAH PRODUKSI",
    )
    add("weight_grams", "BERAT", "BERAT BERSIH", "BERAT GR", "BERAT KG", "NETTO", "BERAT NETTO")
    add("packaging", "KEMASAN", "JENIS KEMASAN", "PACKAGING", "BAHAN KEMASAN")
    add(
        "shelf_life_days",
        "MASA SIMPAN",
        "DAYA SIMPAN",
        "MASA KADALUARSA",
        "MASA KEDALUWARSA",
        "KADALUARSA",
        "UMUR SIMPAN",
        "KETAHANAN",
        "EXPIRED",
    )
    add("hs_code", "KODE HS", "HS", "HS CODE", "NO HS", "POS TARIF", "KODE HS 6 DIGIT")
    add(
        "description",
        "DESKRIPSI",
        "DESKRIPSI PRODUK",
        "KETERANGAN PRODUK",
        "URAIAN",
        "SPESIFIKASI",
        "KETERANGAN",
        "DESCRIPTION",
    )
    add("status", "STATUS", "STATUS PRODUK", "TAYANG", "STATUS TAYANG", "PUBLIKASI")
    add("business_nib", "NIB", "NO NIB", "NOMOR NIB", "NIB USAHA", "NOMOR INDUK BERUSAHA")
    add("business_id", "ID USAHA", "ID", "NO ID USAHA", "NOMOR ID USAHA", "ID REGISTRASI")
    add(
        "business_name",
        "NAMA USAHA",
        "USAHA",
        "NAMA UMKM",
        "NAMA IKM",
        "NAMA UKM",
        "PELAKU USAHA",
        "NAMA PERUSAHAAN",
        "NAMA TOKO",
    )
    add(
        "business_phone",
        "NO HP",
        "NO HP WA",
        "NO WA",
        "HP",
        "WA",
        "TELEPON",
        "NO TELP",
        "KONTAK",
        "NOMOR HP",
        "WHATSAPP",
    )
    return table


def _keyword_rule(words: list[str]) -> str | None:
    tokens = set(words)
    joined = f" {' '.join(words)} "
    if "NIB" in tokens:
        return "business_nib"
    if tokens & {"HP", "WA", "TELP", "TELEPON", "WHATSAPP"}:
        return "business_phone"
    if "HS" in tokens:
        return "hs_code"
    if "HARGA" in tokens:
        return "price"
    if "MOQ" in tokens or ("MIN" in tokens or "MINIMAL" in tokens or "MINIMUM" in tokens):
        return "min_order"
    if "KAPASITAS" in tokens:
        return "capacity_per_month"
    if "BERAT" in tokens or "NETTO" in tokens:
        return "weight_grams"
    if "KEMASAN" in tokens:
        return "packaging"
    if " MASA SIMPAN " in joined or tokens & {"KADALUARSA", "KEDALUWARSA"}:
        return "shelf_life_days"
    if "SATUAN" in tokens:
        return "unit"
    if "KATEGORI" in tokens:
        return "category"
    if "USAHA" in tokens and "ID" in tokens:
        return "business_id"
    if "USAHA" in tokens or "UMKM" in tokens or "IKM" in tokens:
        return "business_name"
    if "PRODUK" in tokens or "BARANG" in tokens:
        return "name"
    if "DESKRIPSI" in tokens:
        return "description"
    return None


PRODUCTS = FieldSet(
    name="products",
    fields=FIELDS,
    synonyms=_synonyms(),
    keyword_rule=_keyword_rule,
    key_fields=frozenset({"name"}),
    multi_column=frozenset({IGNORE}),
)
TARGETS: tuple[str, ...] = (*FIELDS, NUMBERING)

# --- values ---------------------------------------------------------------------------

_RANGE = re.compile(
    r"^(?P<low>.*?\d.*?)\s*(?:–|—|-|~|s\.?\s*/\s*d\.?|sd|sampai|hingga)\s*"
    r"(?P<high>(?:rp\.?\s*)?\d.*)$",
    re.I,
)
_PER_UNIT = re.compile(r"\s*(?:/|per\s)\s*[a-z][a-z .]*$", re.I)
_UNIT_SUFFIX = re.compile(r"(rb|ribu|k|jt|juta)\.?$", re.I)
_LETTERS = re.compile(r"[a-z]", re.I)


def parse_price(value: Any) -> tuple[int | None, int | None] | Problem:
    """``(lowest, highest)`` in rupiah: ``Rp 25.000`` → (25000, 25000); ``25rb`` → (25000,
    25000); ``25.000 - 35.000`` and ``25-35rb`` → (25000, 35000)."""
    if v.is_blank(value):
        return None, None
    if not isinstance(value, str):
        amount = v.parse_money(value, field="price")
        return amount if isinstance(amount, Problem) else (amount, amount)
    text = " ".join(value.split())
    text = _PER_UNIT.sub("", text).rstrip(",.- ") or text
    match = _RANGE.match(text) if not text.lstrip().startswith("-") else None
    if match is None:
        amount = v.parse_money(text, field="price")
        if isinstance(amount, Problem):
            return Problem(amount.code, "price", value)
        return amount, amount
    low_text, high_text = match.group("low").strip(), match.group("high").strip()
    suffix = _UNIT_SUFFIX.search(high_text)
    if suffix and not _LETTERS.search(low_text.replace("Rp", "").replace("rp", "")):
        low_text += suffix.group(1)
    low = v.parse_money(low_text, field="price")
    high = v.parse_money(high_text, field="price")
    for amount in (low, high):
        if isinstance(amount, Problem):
            return Problem(amount.code, "price", value)
    assert isinstance(low, int) and isinstance(high, int)
    if high < low:
        return Problem("price_range_reversed", "price", value)
    return low, high


_QUANTITY = re.compile(r"^(?P<sign>-)?\s*(?P<number>\d[\d.,]*)\s*(?P<rest>[^\d]*)$")


def _number(text: str) -> Decimal | None:
    """``1.000`` → 1000, ``1,5`` → 1.5, ``2.5`` → 2.5 (Indonesian or English marks)."""
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        mark = "." if text.rfind(".") > text.rfind(",") else ","
        other = "," if mark == "." else "."
        text = text.replace(other, "").replace(mark, ".")
    elif dots + commas == 1:
        mark = "." if dots else ","
        whole, _sep, fraction = text.partition(mark)
        text = whole + fraction if len(fraction) == 3 else whole + "." + fraction
    elif dots + commas > 1:
        text = text.replace(".", "").replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _amount(value: Any) -> tuple[Decimal, str] | None:
    """A number and the words after it (``"1.000 pcs/bln"`` → (1000, "pcs/bln"))."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value), ""
    match = _QUANTITY.match(" ".join(str(value).split()))
    if match is None:
        return None
    number = _number(match.group("number"))
    if number is None:
        return None
    return (-number if match.group("sign") else number), match.group("rest").strip().lower()


def parse_quantity(value: Any, *, field: str) -> int | Problem | None:
    """A whole count: ``10``, ``"10 pcs"``, ``"1.000 pcs/bln"``; the minimum order is
    at least 1."""
    if v.is_blank(value):
        return None
    found = _amount(value)
    if found is None:
        return Problem("quantity_invalid", field, value)
    number, _rest = found
    if number < 0:
        return Problem("quantity_negative", field, value)
    if field == "min_order" and number < 1:
        return Problem("min_order_zero", field, value)
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


_WEIGHT_UNITS = {
    "": 1,
    "g": 1,
    "gr": 1,
    "grm": 1,
    "gram": 1,
    "gm": 1,
    "kg": 1000,
    "kilo": 1000,
    "kilogram": 1000,
    "ons": 100,
    "ml": 1,
    "l": 1000,
    "ltr": 1000,
    "liter": 1000,
}


def parse_weight(value: Any, *, field: str = "weight_grams") -> int | Problem | None:
    """Grams: ``250`` and ``"250 gr"`` → 250, ``"1,5 kg"`` → 1500, ``"2 ons"`` → 200."""
    if v.is_blank(value):
        return None
    found = _amount(value)
    if found is None:
        return Problem("weight_invalid", field, value)
    number, rest = found
    if number < 0:
        return Problem("quantity_negative", field, value)
    multiplier = _WEIGHT_UNITS.get(rest.rstrip(".").replace(" ", ""))
    if multiplier is None:
        return Problem("weight_invalid", field, value)
    return int((number * multiplier).quantize(Decimal(1), rounding=ROUND_HALF_UP))


_DAYS = {
    "": 1,
    "hari": 1,
    "hr": 1,
    "h": 1,
    "day": 1,
    "days": 1,
    "minggu": 7,
    "mgg": 7,
    "pekan": 7,
    "week": 7,
    "weeks": 7,
    "bulan": 30,
    "bln": 30,
    "month": 30,
    "months": 30,
    "tahun": 365,
    "thn": 365,
    "th": 365,
    "year": 365,
    "years": 365,
}


def parse_shelf_life(value: Any, *, field: str = "shelf_life_days") -> int | Problem | None:
    """Days: ``30`` and ``"30 hari"`` → 30, ``"6 bulan"`` → 180, ``"1 tahun"`` → 365."""
    if v.is_blank(value):
        return None
    found = _amount(value)
    if found is None:
        return Problem("shelf_life_invalid", field, value)
    number, rest = found
    if number < 0:
        return Problem("quantity_negative", field, value)
    multiplier = _DAYS.get(rest.rstrip("."))
    if multiplier is None:
        return Problem("shelf_life_invalid", field, value)
    return int((number * multiplier).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# local words → catalog.models.Unit values
UNITS: dict[str, str] = {
    **dict.fromkeys(("pcs", "pc", "buah", "bh", "biji", "unit", "item", "potong", "piece"), "pcs"),
    **dict.fromkeys(("pak", "pack", "bungkus", "bks", "sachet", "pouch", "plastik"), "pack"),
    **dict.fromkeys(("dus", "box", "kotak", "kardus", "karton", "besek"), "box"),
    **dict.fromkeys(("botol", "btl", "bottle"), "bottle"),
    **dict.fromkeys(("toples", "stoples", "jar", "cup", "kaleng"), "jar"),
    **dict.fromkeys(("kg", "kilo", "kilogram"), "kg"),
    **dict.fromkeys(("gram", "gr", "g"), "gram"),
    **dict.fromkeys(("liter", "ltr", "l", "litre"), "litre"),
    **dict.fromkeys(("meter", "m", "mtr", "metre"), "metre"),
    **dict.fromkeys(("lembar", "lbr", "helai", "sheet"), "sheet"),
    **dict.fromkeys(("set", "stel"), "set"),
    **dict.fromkeys(("pasang", "psg", "pair"), "pair"),
    **dict.fromkeys(("lusin", "dozen", "dz"), "dozen"),
}


def parse_unit(value: Any, *, field: str = "unit") -> str | Problem | None:
    if v.is_blank(value):
        return None
    key = " ".join(str(value).lower().replace(".", " ").split())
    if key.startswith("per "):
        key = key[4:]
    found = UNITS.get(key)
    return found if found is not None else Problem("unit_unknown", field, value)


_NON_DIGIT = re.compile(r"\D")


def parse_hs(
    value: Any, *, known: Collection[str] | None = None, field: str = "hs_code"
) -> str | Problem | None:
    """Six digits (``200520``, ``2005.20``, ``2005 20``); ``known`` is the HS 2022 list."""
    if v.is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if isinstance(value, int) and len(text) == 5:
        text = "0" + text  # a number cell lost the leading 0 of chapters 01–09
    if _LETTERS.search(text):
        return Problem("hs_invalid", field, value)
    code = _NON_DIGIT.sub("", text)
    if len(code) != 6:
        return Problem("hs_invalid", field, value)
    if known is not None and code not in known:
        return Problem("hs_unknown", field, value)
    return code


STATUSES: dict[str, str] = {
    **dict.fromkeys(
        ("tayang", "terbit", "publish", "published", "aktif", "ya", "live", "tampil", "y"),
        "published",
    ),
    **dict.fromkeys(
        ("draf", "draft", "konsep", "belum", "tidak", "tidak tayang", "n", "simpan"), "draft"
    ),
}


def parse_status(value: Any, *, field: str = "status") -> str | Problem | None:
    if v.is_blank(value):
        return None
    found = STATUSES.get(" ".join(str(value).lower().split()))
    return found if found is not None else Problem("status_unknown", field, value)


def parse_business_id(value: Any, *, field: str = "business_id") -> int | Problem | None:
    if v.is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().lstrip("#")
    if not text.isdigit() or int(text) == 0:
        return Problem("business_id_invalid", field, value)
    return int(text)


# --- categories -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CategoryOption:
    slug: str
    name: str
    name_en: str = ""
    parent_name: str = ""


# Product words that point to a category: used to put the likely category first among the
# suggestions for an unknown one (never to choose it silently).
CATEGORY_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ("keripik", "kripik", "snack", "camilan", "cemilan", "kerupuk", "rempeyek", "peyek"),
        "kuliner-makanan-ringan",
    ),
    **dict.fromkeys(("kue", "roti", "bakery", "bolu", "brownies"), "kuliner-kue-roti"),
    **dict.fromkeys(("frozen", "beku", "nugget", "bakso"), "kuliner-makanan-beku"),
    **dict.fromkeys(("sambal", "bumbu", "saus", "kecap"), "kuliner-bumbu"),
    **dict.fromkeys(("minuman", "sirup", "jus", "wedang"), "kuliner-minuman"),
    **dict.fromkeys(("kopi", "teh", "coffee", "tea"), "kuliner-kopi-teh"),
    **dict.fromkeys(("madu", "gula", "aren"), "kuliner-gula-madu"),
    **dict.fromkeys(("jamu", "herbal", "empon"), "kecantikan-kesehatan-jamu-herbal"),
    **dict.fromkeys(("tenun", "lurik", "songket", "ulos"), "fesyen-tenun-lurik"),
    **dict.fromkeys(("baju", "kaos", "kemeja", "fashion", "fesyen"), "fesyen-pakaian"),
    **dict.fromkeys(("tas", "dompet"), "fesyen-tas-dompet"),
    **dict.fromkeys(("sepatu", "sandal", "selop"), "fesyen-alas-kaki"),
    **dict.fromkeys(("anyaman", "rotan", "bambu", "pandan", "mendong"), "kerajinan-anyaman"),
    **dict.fromkeys(("gerabah", "keramik", "tembikar"), "kerajinan-gerabah"),
    **dict.fromkeys(("ukiran", "kayu"), "kerajinan-kayu"),
    **dict.fromkeys(("mebel", "furniture", "furnitur", "meja", "kursi"), "rumah-tangga-mebel"),
    **dict.fromkeys(("sabun", "aromaterapi", "lilin"), "kecantikan-kesehatan-sabun-aromaterapi"),
}


def category_key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


class CategoryIndex:
    """The catalog's categories by every name an officer may write: the Indonesian or
    English name, the short name, ``Kuliner - Makanan ringan``, ``Kuliner/Makanan
    ringan``. Unknown names get the nearest three."""

    def __init__(self, options: Iterable[CategoryOption]) -> None:
        self.options = list(options)
        self.by_key: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        # children first, so that a name shared with a parent means the child
        ordered = sorted(self.options, key=lambda o: o.parent_name == "")
        for option in ordered:
            label = f"{option.parent_name} › {option.name}" if option.parent_name else option.name
            self.labels[option.slug] = label
            names = [option.slug, option.name, option.name_en]
            if option.parent_name:
                names.append(f"{option.parent_name} {option.name}")
            for name in names:
                key = category_key(name or "")
                if key:
                    self.by_key.setdefault(key, option.slug)
        self._choices = {slug: category_key(label) for slug, label in self.labels.items()}

    def resolve(self, value: Any, *, field: str = "category") -> str | Problem:
        text = " ".join(str(value).split())
        key = category_key(text)
        found = self.by_key.get(key)
        if found is None and "/" in text:
            found = self.by_key.get(category_key(text.rsplit("/", 1)[1]))
        if found is None and " - " in text:
            found = self.by_key.get(category_key(text.rsplit(" - ", 1)[1]))
        if found is not None:
            return found
        return Problem("category_unknown", field, value, {"suggestions": self.nearest(text)})

    def nearest(self, text: str, limit: int = 3) -> str:
        """The ``limit`` most likely categories, as ``Parent › Child``: those a product word
        points to, then the closest names."""
        key = category_key(text)
        slugs: list[str] = []
        for word in key.split():
            slug = CATEGORY_WORDS.get(word)
            if slug in self.labels and slug not in slugs:
                slugs.append(slug)
        for _choice, _score, slug in process.extract(
            key, self._choices, scorer=fuzz.WRatio, limit=limit + len(slugs)
        ):
            if slug not in slugs:
                slugs.append(slug)
        names = [self.labels[slug] for slug in slugs[:limit]]
        return ", ".join(names) if names else "-"


# --- rows -----------------------------------------------------------------------------


@dataclass(slots=True)
class Lookups:
    """What a row is checked against: the category tree and the HS 2022 codes."""

    categories: CategoryIndex
    hs_codes: Collection[str] | None = None


class ProductSheetParser(SheetParser):
    key_fields = frozenset({"name"})

    def __init__(self, sheet: Sheet, layout: HeaderLayout, lookups: Lookups) -> None:
        super().__init__(sheet, layout)
        self.lookups = lookups
        self.columns = [
            (column.index, column.field) for column in layout.columns if column.field in FIELDS
        ]

    def build_record(self, present: dict[int, Any]) -> tuple[dict[str, Any], list[Problem]]:
        record: dict[str, Any] = dict.fromkeys((*FIELDS, "price_min", "price_max", "category_text"))
        del record["price"]
        problems: list[Problem] = []

        def keep(result: Any, target: str) -> None:
            if isinstance(result, Problem):
                problems.append(result)
            elif result is not None:
                record[target] = result

        for index, target in self.columns:
            value = present.get(index)
            if value is None:
                continue
            if target == "name":
                record["name"] = v.clean_text(value)
            elif target == "category":
                record["category_text"] = v.clean_text(value)
                keep(self.lookups.categories.resolve(value), "category")
            elif target == "price":
                price = parse_price(value)
                if isinstance(price, Problem):
                    problems.append(price)
                else:
                    record["price_min"], record["price_max"] = price
            elif target == "unit":
                keep(parse_unit(value), "unit")
            elif target in ("min_order", "capacity_per_month"):
                keep(parse_quantity(value, field=target), target)
            elif target == "weight_grams":
                keep(parse_weight(value), target)
            elif target == "shelf_life_days":
                keep(parse_shelf_life(value), target)
            elif target == "hs_code":
                keep(parse_hs(value, known=self.lookups.hs_codes), target)
            elif target == "status":
                keep(parse_status(value), target)
            elif target == "business_nib":
                keep(v.parse_nib(value, field=target), target)
            elif target == "business_id":
                keep(parse_business_id(value), target)
            elif target == "business_phone":
                keep(v.parse_phone(value, field=target), target)
            elif target == "business_name":
                record[target] = v.clean_name(value)
            elif target in ("packaging", "description"):
                record[target] = v.clean_text(value) if target == "packaging" else str(value)
        if not record["name"]:
            problems.insert(0, Problem("product_name_missing", "name"))
        if record["category"] is None and not any(p.field == "category" for p in problems):
            problems.append(Problem("category_missing", "category"))
        return record, problems


def parse_products(
    source: str | os.PathLike[str] | bytes | BinaryIO,
    filename: str,
    *,
    lookups: Lookups,
    mapping: dict[str, str | None] | None = None,
) -> ParseResult:
    """Every data row of a product list (XLSX, XLS, ODS or CSV) as a result: ``ok`` with
    a record (``name``, ``category`` slug, ``price_min``/``price_max``, ``unit``, …, the
    ``business_*`` columns), ``rejected`` with its problems, or ``skipped``."""
    return parse_file(
        source,
        filename,
        fieldset=PRODUCTS,
        make_parser=lambda sheet, layout: ProductSheetParser(sheet, layout, lookups),
        mapping=mapping,
    )
