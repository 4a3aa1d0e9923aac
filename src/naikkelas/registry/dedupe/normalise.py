"""Folding business names, owner names and addresses to comparable keys (plain Python).

The rules, each decided on purpose:

* Case, accents and punctuation never matter. Dots end a word ("CV.Keripik" is two words),
  and runs of single letters are joined again ("C.V." -> "cv", "P T" -> "pt").
* Old (pre-1972) spelling is folded to the current one inside a word that shows an old
  spelling mark (``oe``, ``dj``, ``tj``): oe -> u, dj -> j, tj -> c, and then the old
  ``j`` -> ``y`` (Soerjo -> suryo, Tjahaja -> cahaya, Widjaja -> wijaya, Djoko -> joko).
  Words without such a mark are left alone, so the modern ``j`` of "jaya" stays.
* A short list of everyday spelling variants is folded word by word (kripik -> keripik,
  meubel -> mebel, rezeki -> rejeki, mulya -> mulyo, putera -> putra, …).
* In a business name, the legal form (PT, CV, UD, PD, Fa, Koperasi/Kop., KUD, BUMDes, Tbk,
  …, also written out: "Usaha Dagang", "Perseroan Terbatas"), the generic words for "a
  business / a shop" (usaha, toko, tk, umkm, ikm, ukm), the honorifics used in brand names
  (Bu, Ibu, Pak, Bapak, Mbak, Mas, Mbok, H., Hj., …) and "dan"/"and" are filler: people
  add and drop them freely. Every word saying *what* the
  business makes or sells (batik, keripik, warung, bakso, mebel, salon, …) is signal and
  kept: "Batik Sekar" and "Tenun Sekar" are two businesses.
* In an owner name, titles and honorifics are dropped at the start (Ibu, Bu, Bpk., Bapak,
  Pak, Sdr., H., Hj., Haji, Dr., Ir., Drs., Prof., KH, Ny., …) and academic degrees at the
  end or after a comma (S.E., S.Pd., S.H., M.M., A.Md., …), with or without dots. Forms of
  Muhammad and Ahmad are folded (M./Moh./Moch./Mochammad -> muhammad, Achmad -> ahmad).
* Addresses fold the usual abbreviations (Jalan/Jln/Jl -> jl, Gang -> gg, Nomor -> no,
  Dusun -> dsn, …), drop leading zeros of numbers and keep a number with what it numbers
  (RT 002 -> rt2, No. 12 -> no12).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- shared word folding -------------------------------------------------------------------

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_APOSTROPHES = str.maketrans("", "", "'`’‘")  # Ni'mah -> nimah, not "ni mah"
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")

# Everyday variants of one word, folded to the form the official spelling (KBBI) uses or, for
# names, the most common one. Only words that are the same word written differently.
WORD_VARIANTS: dict[str, str] = {
    "kripik": "keripik",
    "kripick": "keripik",
    "keripick": "keripik",
    "krupuk": "kerupuk",
    "kerupu": "kerupuk",
    "meubel": "mebel",
    "mebeul": "mebel",
    "meubelair": "mebel",
    "mebelair": "mebel",
    "rezeki": "rejeki",
    "rezki": "rejeki",
    "rejeky": "rejeki",
    "rizki": "rejeki",
    "rizky": "rejeki",
    "rejekie": "rejeki",
    "mulya": "mulyo",
    "mulia": "mulyo",
    "putera": "putra",
    "puteri": "putri",
    "santosa": "sentosa",
    "santoso": "sentosa",
    "sentausa": "sentosa",
    "sejahtra": "sejahtera",
    "barakah": "barokah",
    "barokahh": "barokah",
    "katering": "catering",
    "ketring": "catering",
    "konfeksi": "konveksi",
    "baso": "bakso",
    "sambel": "sambal",
    "tempeh": "tempe",
    "photo": "foto",
    "fotocopy": "fotokopi",
    "photocopy": "fotokopi",
    "jaja": "jaya",
    "djaja": "jaya",
}

# Owner names: forms of the same given name.
NAME_VARIANTS: dict[str, str] = {
    "m": "muhammad",
    "mhd": "muhammad",
    "moh": "muhammad",
    "mohd": "muhammad",
    "moch": "muhammad",
    "much": "muhammad",
    "muh": "muhammad",
    "muhamad": "muhammad",
    "mohamad": "muhammad",
    "mohammad": "muhammad",
    "mochamad": "muhammad",
    "mochammad": "muhammad",
    "muchammad": "muhammad",
    "achmad": "ahmad",
    "akhmad": "ahmad",
    "ahmat": "ahmad",
    "abd": "abdul",
    "st": "siti",
}


def _fold_old_spelling(word: str) -> str:
    """Soekarno -> sukarno, Djoko -> joko, Tjahaja -> cahaya, Widjaja -> wijaya."""
    if "oe" not in word and "dj" not in word and "tj" not in word:
        return word
    word = word.replace("oe", "u").replace("tj", "c").replace("dj", "\0")
    return word.replace("j", "y").replace("\0", "j")


def _ascii_lower(text: str) -> str:
    text = text.lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text


def _words(text: str) -> list[str]:
    """Lower-case ASCII words; runs of single letters joined ("c v" -> "cv")."""
    text = _NON_ALNUM.sub(" ", _ascii_lower(text).translate(_APOSTROPHES))
    raw = text.split()
    if not raw:
        return raw
    words: list[str] = []
    run: list[str] = []
    for word in raw:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if run:
            words.append("".join(run))
            run = []
        words.append(word)
    if run:
        words.append("".join(run))
    return words


@lru_cache(maxsize=100_000)
def _fold_word(word: str) -> str:
    word = _fold_old_spelling(word)
    return WORD_VARIANTS.get(word, word)


# --- business names ------------------------------------------------------------------------

LEGAL_FORMS = frozenset(
    {
        "pt", "cv", "ud", "pd", "fa", "firma", "koperasi", "kop", "tbk", "persero", "perum",
        "perumda", "bumdes", "bumdesa", "bumd", "yayasan", "ptperorangan", "perorangan",
    }
)  # fmt: skip
# Abbreviated legal forms that also say what kind of cooperative it is.
LEGAL_EXPANSIONS: dict[str, tuple[str, ...]] = {
    "kud": ("unit", "desa"),
    "kopwan": ("wanita",),
    "kopkar": ("karyawan",),
    "ksp": ("simpan", "pinjam"),
    "ksu": ("serba", "usaha"),
    "kspps": ("simpan", "pinjam", "pembiayaan", "syariah"),
}
# Legal forms written out: "Usaha Dagang Maju" is "UD Maju".
LEGAL_PHRASES = (
    ("usaha", "dagang"),
    ("perusahaan", "dagang"),
    ("perseroan", "terbatas"),
    ("persekutuan", "komanditer"),
    ("badan", "usaha", "milik", "desa"),
)
_PHRASE_STARTS = frozenset(phrase[0] for phrase in LEGAL_PHRASES)
GENERIC_WORDS = frozenset({"usaha", "toko", "tk", "umkm", "ikm", "ukm", "dan", "and"})
HONORIFICS = frozenset(
    {
        "bu", "ibu", "pak", "bapak", "bpk", "mbak", "mba", "mas", "mbok", "mak", "bude", "pakde",
        "cak", "h", "hj", "haji", "hajah", "hajjah",
    }
)  # fmt: skip
BUSINESS_FILLER = LEGAL_FORMS | GENERIC_WORDS | HONORIFICS


@lru_cache(maxsize=200_000)
def normalise_business_name(name: str | None) -> str:
    """Business name without legal form, filler, punctuation, case or spelling variants.

    ``"CV. Keripik Tempe Bu Sri"`` -> ``"keripik tempe sri"``; the words keep their order.
    A name that is nothing but filler ("Toko", "UD") keeps its words rather than vanish."""
    if not name:
        return ""
    original = raw = _words(name)
    for phrase in LEGAL_PHRASES if _PHRASE_STARTS.intersection(raw) else ():
        size = len(phrase)
        for start in range(len(raw) - size + 1):
            if tuple(raw[start : start + size]) == phrase:
                raw = raw[:start] + raw[start + size :]
                break
    words: list[str] = []
    for word in raw:
        expansion = LEGAL_EXPANSIONS.get(word)
        if expansion is not None:
            words.extend(expansion)
            continue
        words.append(_fold_word(word))
    kept = [word for word in words if word not in BUSINESS_FILLER]
    return " ".join(kept or words or original)


# --- owner names ---------------------------------------------------------------------------

PREFIX_TITLES = frozenset(
    {
        "ibu", "bu", "bapak", "bpk", "bp", "pak", "sdr", "sdri", "saudara", "saudari", "h", "hj",
        "haji", "hajah", "hajjah", "dr", "drs", "dra", "ir", "prof", "kh", "ny", "nyonya", "tn",
        "tuan", "mbak", "mba", "mas", "mbok", "mbah", "bude", "pakde", "cak", "ustadz", "ustaz",
        "ustadzah", "hc", "dg", "dokter", "apt", "kyai", "kiai", "nn", "nona",
    }
)  # fmt: skip
DEGREE_TITLES = frozenset(
    {
        "se", "sei", "spd", "spdi", "sh", "shi", "skom", "sag", "ssos", "sip", "st", "sp", "ssi",
        "sked", "skm", "sfarm", "sthi", "stp", "spt", "sak", "sikom", "sab", "ssn", "sds",
        "sgz", "skep", "ssit", "str", "mm", "mpd", "mpdi", "msi", "mh", "mt", "mkom", "mag",
        "msc", "ma", "mba", "mkes", "mhum", "amd", "amdkeb", "amdkep", "amdpar", "ama", "amk",
        "bsc", "ba", "phd", "dr", "apt", "ns", "skg", "spsi", "ssy", "lc", "seak", "ak",
        "ca", "cpa", "ir", "hj", "h",
    }
)  # fmt: skip


def _owner_words(segment: str) -> list[str]:
    """Words of one comma-separated part of an owner name, dots splitting words except
    inside a known dotted title ("S.Pd." stays one title, "H.Ahmad" is two words)."""
    words: list[str] = []
    for chunk in segment.split():
        if "." in chunk:
            undotted = chunk.replace(".", "")
            if undotted in DEGREE_TITLES or undotted in PREFIX_TITLES:
                words.append(undotted)
                continue
            words.extend(part for part in chunk.split(".") if part)
        else:
            words.append(chunk)
    cleaned = [_NON_ALNUM.sub("", word) for word in words]
    return [word for word in cleaned if word]


@lru_cache(maxsize=200_000)
def normalise_owner_name(name: str | None) -> str:
    """Owner name without titles, honorifics and degrees, spelling folded.

    ``"Hj. Sri Wahyuni, S.E."`` -> ``"sri wahyuni"``; ``"Bpk Drs. H. Moch. Djoko"`` ->
    ``"muhammad joko"``. A name that is nothing but titles keeps its words."""
    if not name:
        return ""
    text = _ascii_lower(name).translate(_APOSTROPHES)
    segments = [segment for segment in text.split(",") if segment.strip()]
    if not segments:
        return ""
    head = _owner_words(segments[0])
    # After a comma come degrees ("Sri, S.E., M.M."); keep a part that is not all degrees.
    for segment in segments[1:]:
        words = _owner_words(segment)
        if any(word not in DEGREE_TITLES for word in words):
            head.extend(words)
    original = head[:]
    while len(head) > 1 and head[0] in PREFIX_TITLES:
        head.pop(0)
    while len(head) > 1 and head[-1] in DEGREE_TITLES:
        head.pop()
    if not head:
        head = original
    return " ".join(NAME_VARIANTS.get(word, word) for word in map(_fold_old_spelling, head))


# --- addresses -----------------------------------------------------------------------------

ADDRESS_WORDS: dict[str, str] = {
    "jalan": "jl",
    "jln": "jl",
    "jl": "jl",
    "gang": "gg",
    "gg": "gg",
    "nomor": "no",
    "nomer": "no",
    "nmr": "no",
    "no": "no",
    "dusun": "dsn",
    "dsn": "dsn",
    "dukuh": "dk",
    "dkh": "dk",
    "kampung": "kp",
    "kamp": "kp",
    "kp": "kp",
    "desa": "ds",
    "ds": "ds",
    "kelurahan": "kel",
    "kel": "kel",
    "kecamatan": "kec",
    "kec": "kec",
    "kabupaten": "kab",
    "kab": "kab",
    "perumahan": "perum",
    "perum": "perum",
    "blk": "blok",
    "kavling": "kav",
    "komplek": "komplek",
    "kompleks": "komplek",
    "komp": "komplek",
}


NUMBERED = frozenset({"no", "rt", "rw", "blok", "km", "kav"})


@lru_cache(maxsize=200_000)
def normalise_address(address: str | None) -> str:
    """``"Jalan Slamet Riyadi No. 012, RT 002/RW 05"`` -> ``"jl slamet riyadi no12 rt2 rw5"``.

    A number stays with the word that says what it numbers (no, rt, rw, blok), so that
    "RT 4 / RW 9" and "RT 9 / RW 4" differ when words are compared as sets."""
    if not address:
        return ""
    text = _NON_ALNUM.sub(" ", _ascii_lower(address).translate(_APOSTROPHES))
    text = _LETTER_DIGIT.sub(" ", text)
    words: list[str] = []
    for word in text.split():
        if word.isdigit():
            number = word.lstrip("0") or "0"
            if words and words[-1] in NUMBERED:
                words[-1] += number
            else:
                words.append(number)
            continue
        word = _fold_word(word)
        words.append(ADDRESS_WORDS.get(word, word))
    return " ".join(words)


# --- small keys ----------------------------------------------------------------------------


def normalise_email(email: str | None) -> str:
    return email.strip().lower() if email else ""


def normalise_nib(nib: str | None) -> str:
    """Digits only; anything but 13 digits is no NIB at all."""
    if not nib:
        return ""
    if len(nib) == 13 and nib.isdigit():
        return nib
    digits = "".join(ch for ch in nib if ch.isdigit())
    return digits if len(digits) == 13 else ""


def sorted_words(text: str) -> str:
    """Words in alphabetical order, so word order never matters when comparing."""
    return " ".join(sorted(text.split()))
