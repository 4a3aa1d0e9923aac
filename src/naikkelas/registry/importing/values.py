"""Normalise the values found in office spreadsheets.

Each parser takes the raw cell (``str``, ``int``, ``float``, …) and returns the normal
value, ``None`` for an empty cell (``""``, spaces, ``-``), or a :class:`Problem` saying
why the value cannot be used. Money is an ``int`` of rupiah, never a float; phone
numbers are E.164; NIB and NIK are strings of digits.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import phonenumbers
from phonenumbers import NumberParseException, PhoneMetadata, PhoneNumber, PhoneNumberFormat

from .problems import Problem

# Cell contents that mean "nothing" in office spreadsheets, and Excel error values.
BLANK_TOKENS = frozenset({"-", "--", "---", "–", "—", "n/a", "N/A", "#N/A", "#REF!", "#VALUE!"})


# First or last characters of the strings that can be blank (whitespace or a token above).
_BLANK_EDGES = frozenset(" \t\r\n\xa0\u3000-–—nN#")


def is_blank(value: Any) -> bool:
    """``None``, an empty or whitespace-only string, ``-`` or an Excel error value."""
    if value.__class__ is str:
        if not value:
            return True
        if value[0] not in _BLANK_EDGES and value[-1] not in _BLANK_EDGES:
            return False  # the usual case, decided without copying the string
        text = value.strip()
        return not text or text in BLANK_TOKENS
    return value is None


def _whole_number(value: float) -> bool:
    return math.isfinite(value) and value.is_integer()


# --- names and text -------------------------------------------------------------------

# Kept upper case when a name written in capitals is turned into title case.
KEEP_UPPER = frozenset(
    [
        "CV",
        "PT",
        "UD",
        "PD",
        "KUB",
        "UMKM",
        "IKM",
        "UKM",
        "KSP",
        "KSU",
        "KWT",
        "PKK",
        "BUMDES",
        "RT",
        "RW",
        "SD",
        "SMP",
        "SMA",
        "SMK",
        "II",
        "III",
        "IV",
        "VI",
        "VII",
        "VIII",
        "IX",
        "XI",
        "XII",
    ]
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _title_word(match: re.Match[str]) -> str:
    word = match.group(0)
    return word if word in KEEP_UPPER else word.capitalize()


def title_case(text: str) -> str:
    """``"UD. SUMBER REJEKI JUM'AT"`` → ``"UD. Sumber Rejeki Jum'at"``."""
    return _WORD.sub(_title_word, text)


def clean_text(value: Any) -> str | None:
    """Trimmed text with runs of whitespace folded into one space."""
    if is_blank(value):
        return None
    if isinstance(value, float) and _whole_number(value):
        value = int(value)
    elif isinstance(value, _dt.datetime):
        value = value.date().isoformat() if value.time() == _dt.time() else value.isoformat(" ")
    elif isinstance(value, _dt.date):
        value = value.isoformat()
    return " ".join(str(value).split()) or None


def clean_name(value: Any) -> str | None:
    """Trimmed, whitespace folded; ALL CAPS becomes title case (only if all of it was)."""
    text = clean_text(value)
    if text is not None and text.isupper():
        return title_case(text)
    return text


# --- phone ----------------------------------------------------------------------------

_PHONE_LABEL = re.compile(
    r"^\s*(?:hp|wa|telp|tlp|telepon|tel|no|phone|whatsapp)\b\.?\s*:?\s*", re.I
)
_PHONE_TEXT = re.compile(r"^\+?[\d\s\-.()]+$")
_PHONE_SPLIT = re.compile(r"\s*(?:[/,;\n]|\s(?:atau|dan|or)\s)\s*", re.I)
_NON_DIGIT = re.compile(r"\D")


@lru_cache(maxsize=32)
def _quick_validator(region: str) -> Callable[[str], bool] | None:
    """A shortcut for the common case: the number is a mobile or fixed-line number of the
    region, checked with the region's own phonenumbers metadata (length, then pattern),
    as phonenumbers does. False means "ask phonenumbers.is_valid_number", never "invalid".
    """
    metadata = PhoneMetadata.metadata_for_region(region)
    if metadata is None:
        return None
    descs = []
    for desc in (metadata.general_desc, metadata.mobile, metadata.fixed_line):
        if desc is None or not desc.national_number_pattern:
            return None
        descs.append((re.compile(desc.national_number_pattern), frozenset(desc.possible_length)))
    (general, general_lengths), (mobile, mobile_lengths), (fixed, fixed_lengths) = descs

    def valid(nsn: str) -> bool:
        size = len(nsn)
        if (general_lengths and size not in general_lengths) or not general.fullmatch(nsn):
            return False
        if (not mobile_lengths or size in mobile_lengths) and mobile.fullmatch(nsn):
            return True
        return (not fixed_lengths or size in fixed_lengths) and bool(fixed.fullmatch(nsn))

    return valid


def split_phones(value: Any) -> list[Any]:
    """Several numbers in one cell (``0812… / 0813…``) → each of them; else ``[value]``."""
    if not isinstance(value, str):
        return [value]
    parts = [part for part in _PHONE_SPLIT.split(value.strip()) if part]
    if len(parts) > 1 and all(len(_NON_DIGIT.sub("", part)) >= 8 for part in parts):
        return parts
    return [value]


def parse_phone(value: Any, *, field: str = "phone", region: str = "ID") -> str | Problem | None:
    """A phone number in E.164: ``"0812-3456-7890"`` → ``"+6281234567890"``.

    Accepts ``+62 812…``, ``62812…``, ``0812…``, and ``812…`` / ``8123456789.0`` from a
    cell typed as a number, which lost its leading 0.
    """
    if is_blank(value):
        return None
    invalid = Problem("phone_invalid", field, value)
    international = False
    if isinstance(value, bool):
        return invalid
    if isinstance(value, int):
        digits = str(value)
    elif isinstance(value, float):
        if not _whole_number(value):
            return invalid
        digits = str(int(value))
    else:
        text = str(value).strip().lstrip("'")
        if text[:1].isalpha():
            text = _PHONE_LABEL.sub("", text)
        if not _PHONE_TEXT.match(text):
            return invalid
        international = text.startswith("+")
        digits = _NON_DIGIT.sub("", text)
    country_code = phonenumbers.country_code_for_region(region)
    if digits.startswith("00"):
        international, digits = True, digits[2:]
    elif not international and digits.startswith(str(country_code)) and len(digits) >= 10:
        international = True
    if international:
        try:
            number = phonenumbers.parse("+" + digits, None)
        except NumberParseException:
            return invalid
    else:
        national = digits[1:] if digits.startswith("0") else digits
        if not national or len(national) > 14:
            return invalid
        nsn = str(int(national))
        quick = _quick_validator(region)
        if quick is None or not quick(nsn):
            number = PhoneNumber(country_code=country_code, national_number=int(nsn))
            if not phonenumbers.is_valid_number(number):
                return invalid
        return f"+{country_code}{nsn}"
    if not phonenumbers.is_valid_number(number):
        return invalid
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


# --- email ----------------------------------------------------------------------------

_EMAIL = re.compile(r"^[a-z0-9._%+'\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}$")


def parse_email(value: Any, *, field: str = "email") -> str | Problem | None:
    if is_blank(value):
        return None
    text = str(value).strip().lower().removeprefix("mailto:").strip()
    if not _EMAIL.match(text):
        return Problem("email_invalid", field, value)
    return text


# --- money ----------------------------------------------------------------------------

MONEY_UNITS = {
    "rb": 1_000,
    "ribu": 1_000,
    "k": 1_000,
    "jt": 1_000_000,
    "juta": 1_000_000,
    "m": 1_000_000_000,
    "miliar": 1_000_000_000,
    "milyar": 1_000_000_000,
    "t": 1_000_000_000_000,
    "triliun": 1_000_000_000_000,
}
_MONEY_PREFIX = re.compile(r"^(?:rp|idr)\.?\s*", re.I)
_MONEY_SUFFIX = re.compile(
    r"(?:\s*(?:/|per)\s*(?:bln|bulan|thn|th|tahun|hari|hr)\.?|\s*[,.]-+|\s*-+)$", re.I
)
_MONEY = re.compile(r"^(?P<number>\d[\d.,\s]*?)\s*(?P<unit>[a-z]+)?\.?$", re.I)
_THOUSANDS = {".": re.compile(r"^\d{1,3}(?:\.\d{3})+$"), ",": re.compile(r"^\d{1,3}(?:,\d{3})+$")}


def _decimal(number: str, has_unit: bool) -> Decimal | None:
    """Indonesian (``5.000.000,50``) or English (``5,000,000.50``) separators."""
    number = number.replace(" ", "")
    dots, commas = number.count("."), number.count(",")
    if dots and commas:
        decimal_mark = "." if number.rfind(".") > number.rfind(",") else ","
        thousands = "," if decimal_mark == "." else "."
        whole, _, fraction = number.rpartition(decimal_mark)
        if not _THOUSANDS[thousands].match(whole) or not fraction.isdigit():
            return None
        number = whole.replace(thousands, "") + "." + fraction
    elif dots or commas:
        mark = "." if dots else ","
        whole, _, fraction = number.rpartition(mark)
        if dots + commas > 1 or (len(fraction) == 3 and not has_unit):
            if not _THOUSANDS[mark].match(number):
                return None
            number = number.replace(mark, "")
        else:  # one mark and not three digits after it (or a unit follows): decimals
            number = whole + "." + fraction
    try:
        return Decimal(number)
    except InvalidOperation:
        return None


def parse_money(value: Any, *, field: str = "monthly_sales") -> int | Problem | None:
    """Rupiah as an ``int``: ``"Rp 5.000.000"``, ``"5,5 jt"``, ``"2 M"``, ``"500 rb"``, 5e6.

    Negative or non-numeric → a problem. Fractions of a rupiah are rounded half up.
    """
    if isinstance(value, str):
        if is_blank(value):
            return None
        code = _money_text(value)
        return code if isinstance(code, int) else Problem(code, field, value)
    if value is None:
        return None
    if isinstance(value, bool):
        return Problem("money_invalid", field, value)
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            return Problem("money_invalid", field, value)
        amount = Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    else:
        return Problem("money_invalid", field, value)
    if amount < 0:
        return Problem("money_negative", field, value)
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@lru_cache(maxsize=65536)
def _money_text(value: str) -> int | str:
    """The amount in a text cell, or the problem code (cached: lists repeat amounts)."""
    text = value.strip()
    negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
    text = text.strip("()").lstrip("-").strip()
    text = _MONEY_PREFIX.sub("", text).lstrip(".: ")
    text = _MONEY_SUFFIX.sub("", text).strip()
    match = _MONEY.match(text)
    if not match:
        return "money_invalid"
    unit = (match.group("unit") or "").lower()
    multiplier = MONEY_UNITS.get(unit) if unit else 1
    if multiplier is None:
        return "money_invalid"
    number = _decimal(match.group("number").strip(), bool(unit))
    if number is None:
        return "money_invalid"
    if negative and number:
        return "money_negative"
    return int((number * multiplier).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- NIB and NIK ----------------------------------------------------------------------

_SCIENTIFIC = re.compile(r"^(\d+)(?:[.,](\d+))?[eE]\+?(\d+)$")
_ID_SEPARATORS = re.compile(r"[\s.\-]")
# Excel keeps 15 significant digits of a number; beyond that it writes zeros.
_EXCEL_DIGITS = 15


def _identity_number(value: Any, *, length: int, kind: str, field: str) -> str | Problem | None:
    if is_blank(value):
        return None
    from_float = False
    if isinstance(value, bool):
        return Problem(f"{kind}_invalid", field, value)
    if isinstance(value, int):
        digits, from_number = str(value), True
    elif isinstance(value, float):
        if not _whole_number(value):
            return Problem(f"{kind}_invalid", field, value)
        digits, from_number, from_float = f"{value:.0f}", True, True
    else:
        text = str(value).strip().lstrip("'").replace(" ", "")
        scientific = _SCIENTIFIC.match(text)
        if scientific:
            whole, fraction, exponent = scientific.groups()
            significant = (whole + (fraction or "")).lstrip("0")
            magnitude = len(whole.lstrip("0")) + int(exponent)
            if len(significant) < magnitude or magnitude != length:
                return Problem(f"{kind}_precision_lost", field, value)
            digits, from_number = significant.ljust(magnitude, "0")[:magnitude], True
        else:
            digits, from_number = _ID_SEPARATORS.sub("", text), False
            if not digits.isdigit():
                return Problem(f"{kind}_invalid", field, value)
    if from_float and len(digits) > _EXCEL_DIGITS and (digits.endswith("0") or value > 2**53):
        return Problem(f"{kind}_precision_lost", field, value)
    if from_number and len(digits) == length - 1 and kind == "nib":
        return Problem("nib_leading_zero_lost", field, value)
    if len(digits) != length:
        return Problem(f"{kind}_length", field, value, {"length": len(digits)})
    return digits


def parse_nib(value: Any, *, field: str = "nib") -> str | Problem | None:
    """NIB (Nomor Induk Berusaha): 13 digits, also when the cell was typed as a number."""
    return _identity_number(value, length=13, kind="nib", field=field)


def parse_nik(value: Any, *, field: str = "nik") -> str | Problem | None:
    """NIK (Nomor Induk Kependudukan): 16 digits; Excel numbers lose the 16th digit."""
    return _identity_number(value, length=16, kind="nik", field=field)


# --- workforce ------------------------------------------------------------------------

_HEADCOUNT = re.compile(
    r"^(-?\s*\d+)(?:[.,]0+)?\s*(?:orang|org|or|jiwa|tk|pekerja|karyawan|pegawai)?\.?$", re.I
)


def parse_workforce(value: Any, *, field: str = "workforce_total") -> int | Problem | None:
    """A head count: ``5``, ``5.0``, ``"5 orang"`` → 5; ``-2`` or ``"banyak"`` → problem."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return Problem("workforce_invalid", field, value)
    if isinstance(value, int | float):
        if isinstance(value, float) and not _whole_number(value):
            return Problem("workforce_invalid", field, value)
        count = int(value)
    else:
        match = _HEADCOUNT.match(str(value).strip())
        if not match:
            return Problem("workforce_invalid", field, value)
        count = int(match.group(1).replace(" ", ""))
    if count < 0:
        return Problem("workforce_negative", field, value)
    return count


# --- small vocabularies ---------------------------------------------------------------

_GENDERS = {
    **dict.fromkeys(
        ("L", "LK", "LAKI", "LAKI-LAKI", "LAKI LAKI", "LAKILAKI", "PRIA", "M", "MALE", "COWOK"),
        "male",
    ),
    **dict.fromkeys(
        ("P", "PR", "PEREMPUAN", "WANITA", "W", "F", "FEMALE", "CEWEK", "IBU"), "female"
    ),
}


def parse_gender(value: Any, *, field: str = "owner_gender") -> str | Problem | None:
    """``"male"`` or ``"female"`` from L/P, Laki-laki/Perempuan, Pria/Wanita, M/F."""
    if is_blank(value):
        return None
    gender = _vocabulary(_GENDERS, str(value))
    if gender is None:
        return Problem("gender_invalid", field, value)
    return gender


LEGAL_FORMS = (
    "individual",
    "pt",
    "pt_individual",
    "cv",
    "ud",
    "firm",
    "cooperative",
    "group",
    "village_enterprise",
    "foundation",
)
_LEGAL_FORM_NAMES = {
    **dict.fromkeys(
        (
            "PERORANGAN",
            "PERSEORANGAN",
            "USAHA PERORANGAN",
            "INDIVIDU",
            "PRIBADI",
            "RUMAH TANGGA",
            "USAHA RUMAH TANGGA",
            "NON BADAN USAHA",
            "TIDAK BERBADAN HUKUM",
            "BELUM BERBADAN HUKUM",
        ),
        "individual",
    ),
    **dict.fromkeys(("PT", "PERSEROAN TERBATAS", "PT TBK"), "pt"),
    **dict.fromkeys(
        ("PT PERORANGAN", "PT PERSEORANGAN", "PERSEROAN PERORANGAN", "PT PERSEROAN PERORANGAN"),
        "pt_individual",
    ),
    **dict.fromkeys(("CV", "PERSEKUTUAN KOMANDITER", "COMMANDITAIRE VENNOOTSCHAP"), "cv"),
    **dict.fromkeys(("UD", "USAHA DAGANG", "PD", "PERUSAHAAN DAGANG"), "ud"),
    **dict.fromkeys(("FIRMA", "FA"), "firm"),
    **dict.fromkeys(("KOPERASI", "KOP", "KSP", "KSU"), "cooperative"),
    **dict.fromkeys(("KUB", "KELOMPOK USAHA BERSAMA", "KELOMPOK", "KWT"), "group"),
    **dict.fromkeys(("BUMDES", "BUMDESA", "BADAN USAHA MILIK DESA"), "village_enterprise"),
    **dict.fromkeys(("YAYASAN",), "foundation"),
}
_NOT_WORD = re.compile(r"[^0-9A-Z]+")


def _key(value: Any) -> str:
    return " ".join(_NOT_WORD.sub(" ", str(value).upper()).split())


_VOCABULARY_CACHE: dict[tuple[int, str], str | None] = {}


def _vocabulary(table: dict[str, str], text: str) -> str | None:
    """Look a cell up in a small vocabulary ("C.V." finds "CV"); lists repeat, so cache."""
    cache_key = (id(table), text)
    try:
        return _VOCABULARY_CACHE[cache_key]
    except KeyError:
        pass
    key = _key(text)
    found = table.get(key) or table.get(key.replace(" ", ""))
    if len(_VOCABULARY_CACHE) < 65536:
        _VOCABULARY_CACHE[cache_key] = found
    return found


def parse_legal_form(value: Any, *, field: str = "legal_form") -> str | Problem | None:
    """One of :data:`LEGAL_FORMS` from ``Perorangan``, ``CV``, ``PT Perorangan``, …"""
    if is_blank(value):
        return None
    form = _vocabulary(_LEGAL_FORM_NAMES, str(value))
    if form is None:
        return Problem("legal_form_unknown", field, value)
    return form


_KBLI = re.compile(r"(?<!\d)(\d{2,5})(?!\d)")


def kbli_codes(value: Any) -> list[str]:
    """Every KBLI code (2–5 digits) written in the cell, in order."""
    if is_blank(value):
        return []
    if isinstance(value, float) and _whole_number(value):
        value = int(value)
    return _KBLI.findall(str(value))


def parse_kbli(value: Any, *, field: str = "kbli") -> str | Problem | None:
    """The (first) KBLI code: ``"10792 - Industri roti"`` or ``10792.0`` → ``"10792"``."""
    if is_blank(value):
        return None
    codes = kbli_codes(value)
    if not codes:
        return Problem("kbli_invalid", field, value)
    return codes[0]


_LIST_SPLIT = re.compile(r"\s*[,;/\n]\s*")


def parse_product_types(value: Any, *, field: str = "product_types") -> list[str] | None:
    """``"Keripik, Peyek; Rempeyek"`` → ``["Keripik", "Peyek", "Rempeyek"]``."""
    text = clean_text(value)
    if text is None:
        return None
    items = [clean_name(item) for item in _LIST_SPLIT.split(str(value).strip())]
    return [item for item in items if item] or None


# --- certificates ---------------------------------------------------------------------

_CERT_NONE = frozenset(
    {"TIDAK", "TIDAK ADA", "TDK", "TDK ADA", "BELUM", "BELUM ADA", "BLM", "N", "NO", "0", "X"}
)
_CERT_NUMBER = re.compile(r"(ID\s?\d[\d\s.\-/]{4,}\d|\d[\d\s.\-/]{4,}\d)", re.I)
_CERT_HALAL = re.compile(r"HALAL|MUI|BPJPH|^\s*ID\s?\d", re.I)
_CERT_PIRT = re.compile(r"P\s*-?\s*IRT|SPP", re.I)


def _certificate_number(value: Any, field: str) -> str | Problem | None:
    if is_blank(value):
        return None
    if isinstance(value, float) and _whole_number(value):
        value = int(value)
    text = str(value).strip()
    if _key(text) in _CERT_NONE:
        return None
    match = _CERT_NUMBER.search(text)
    if not match:
        return Problem("certificate_without_number", field, value)
    return match.group(1).upper().replace(" ", "")


def parse_halal(value: Any, *, field: str = "halal_number") -> str | Problem | None:
    """The halal certificate number (``ID3311…`` or an old MUI number)."""
    return _certificate_number(value, field)


def parse_pirt(value: Any, *, field: str = "pirt_number") -> str | Problem | None:
    """The P-IRT number (``P-IRT No. 2063372010001-25`` → ``2063372010001-25``)."""
    return _certificate_number(value, field)


def split_certificates(value: Any) -> tuple[dict[str, str], list[str], list[Problem]]:
    """A free "SERTIFIKAT" cell: halal and P-IRT numbers, the rest (BPOM, SNI…) as notes."""
    numbers: dict[str, str] = {}
    notes: list[str] = []
    problems: list[Problem] = []
    if is_blank(value):
        return numbers, notes, problems
    if isinstance(value, float) and _whole_number(value):
        value = int(value)
    for part in _LIST_SPLIT.split(str(value).strip()):
        if not part or _key(part) in _CERT_NONE:
            continue
        if _CERT_HALAL.search(part):
            target = "halal_number"
        elif _CERT_PIRT.search(part):
            target = "pirt_number"
        else:
            notes.append(part)
            continue
        number = _certificate_number(part, target)
        if isinstance(number, Problem):
            problems.append(number)
            notes.append(part)
        elif number and target not in numbers:
            numbers[target] = number
        elif number:
            notes.append(part)
    return numbers, notes, problems
