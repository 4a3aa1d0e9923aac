"""Suggesting a 6-digit HS code from a product's Indonesian name (plain Python).

The HS 2022 descriptions are English and written for customs ("Vegetables, fruit, nuts…
prepared or preserved"); owners write "Keripik Tempe Sagu Bu Sri". A keyword bridge maps
the words IKM products are named with to the subheading customs brokers usually choose
for them. Matching is on whole words after folding common spellings (kripik → keripik);
a longer phrase beats a shorter one, the name beats the description, and a code under the
category's usual heading wins a tie. No match: no suggestion (the owner may leave the
field empty or ask the coaching officer), never a guess."""

from __future__ import annotations

import re
from dataclasses import dataclass

# (Indonesian phrases, HS 2022 subheading). More specific phrases come with more words.
BRIDGE: tuple[tuple[tuple[str, ...], str], ...] = (
    # --- snacks and bakery
    (("keripik kentang",), "200520"),
    (("keripik tempe", "tempe", "tahu", "keripik tahu"), "210690"),
    (
        (
            "keripik singkong",
            "keripik pisang",
            "keripik ubi",
            "keripik talas",
            "keripik nangka",
            "keripik apel",
            "keripik buah",
            "keripik sukun",
            "ceriping",
            "keripik",
            "sale pisang",
            "manisan buah",
        ),
        "200899",
    ),
    (("emping", "emping melinjo"), "200819"),
    (("kacang goreng", "kacang bawang", "kacang atom", "kacang oven"), "200811"),
    (
        (
            "kerupuk",
            "peyek",
            "rempeyek",
            "roti",
            "bakpia",
            "wingko",
            "brownies",
            "bolu",
            "lapis",
            "kue",
            "pia",
            "serabi",
            "karak",
            "lanting",
            "opak",
        ),
        "190590",
    ),
    (("kue kering", "nastar", "kastengel", "cookies", "biskuit", "putri salju"), "190531"),
    (("wafer",), "190532"),
    (("rengginang", "rengginan", "jipang", "sereal"), "190490"),
    (("mi kering", "mie kering", "bihun", "soun"), "190219"),
    (("dodol", "jenang", "geplak", "permen", "ting ting", "enting enting", "gulali"), "170490"),
    (("cokelat", "coklat"), "180690"),
    # --- meat, fish, frozen
    (("abon sapi", "bakso", "rendang"), "160250"),
    (("nugget", "nuget"), "160232"),
    (("abon ikan", "abon tuna", "abon lele", "otak otak", "bandeng presto", "pempek"), "160420"),
    (("dendeng",), "021020"),
    (("keripik usus", "usus", "abon ayam", "sosis", "sosis solo", "nugget ayam"), "160232"),
    (("kerupuk rambak", "rambak kulit", "tahu bakso"), "160250"),
    (("lumpia", "brem", "jahe instan", "jahe merah instan", "wedang jahe"), "210690"),
    (("getuk", "tiwul", "gatot"), "200899"),
    (("intip", "intip goreng"), "190490"),
    (("peyek teri",), "190590"),
    (("dawet", "teh seduh", "teh melati seduh", "teh botol", "minuman teh"), "220299"),
    (("sutra", "batik sutra", "kain sutra"), "500720"),
    (("selendang tenun",), "621490"),
    (("sandal kulit",), "640399"),
    (("pot tanah liat", "pot gerabah", "pot"), "691490"),
    (("kursi jati", "kursi"), "940169"),
    (("dakon", "congklak"), "950490"),
    (("shuttlecock", "kok bulu"), "950699"),
    (("lampu hias", "lampu"), "940549"),
    (("kaligrafi", "kaligrafi kayu"), "442011"),
    (("ikan asin", "ikan kering", "teri kering", "teri"), "030569"),
    (("ikan asap", "ikan panggang"), "030549"),
    # --- condiments
    (("kecap",), "210310"),
    (
        (
            "sambal",
            "saus",
            "bumbu",
            "bumbu pecel",
            "petis",
            "terasi",
            "sambel",
            "rempah instan",
        ),
        "210390",
    ),
    # --- drinks
    (("kopi bubuk", "kopi sangrai", "kopi robusta", "kopi arabika", "kopi"), "090121"),
    (("biji kopi mentah", "green bean", "kopi beras"), "090111"),
    (("teh hijau",), "090210"),
    (("teh", "teh celup", "teh tubruk", "teh melati"), "090230"),
    (
        (
            "jamu",
            "jahe instan",
            "wedang uwuh",
            "wedang",
            "minuman serbuk",
            "serbuk",
            "temulawak instan",
            "kunyit asam",
            "beras kencur",
            "sirup",
        ),
        "210690",
    ),
    (("sari buah", "jus", "minuman", "susu kedelai", "minuman rosela"), "220299"),
    (("air minum", "air mineral"), "220110"),
    # --- sugar, honey, oils, spices
    (("madu",), "040900"),
    (("gula aren", "gula jawa", "gula kelapa", "gula semut", "gula merah"), "170290"),
    (("minyak kelapa", "vco", "virgin coconut oil"), "151319"),
    (("jahe kering", "jahe"), "091011"),
    (("kunyit",), "091030"),
    (("kayu manis",), "090611"),
    (("cengkeh",), "090710"),
    (("lada", "merica"), "090411"),
    (("pala",), "090811"),
    (("vanili",), "090510"),
    (("tepung mocaf", "tepung singkong", "tepung"), "110620"),
    # --- textiles and clothing
    (("kain batik", "batik tulis", "batik cap", "batik", "kain"), "520852"),
    (("tenun", "lurik", "songket", "ulos", "tenun ikat", "kain tenun"), "520842"),
    (("kemeja batik", "kemeja", "hem"), "620520"),
    (("blus", "blouse", "atasan wanita"), "620630"),
    (("daster", "gamis", "dress", "rok"), "620442"),
    (("kaos", "kaus", "t-shirt"), "610910"),
    (("hijab", "jilbab", "kerudung", "selendang", "syal", "pashmina"), "621490"),
    (("blangkon", "peci", "kopiah"), "650500"),
    (("topi anyaman", "topi pandan", "caping"), "650400"),
    (("bordir", "sulaman"), "581099"),
    (("sprei", "seprai", "taplak", "sarung bantal"), "630231"),
    # --- leather, bags, shoes, jewellery
    (("tas kulit", "tas tangan kulit"), "420221"),
    (("dompet kulit", "dompet"), "420231"),
    (("ikat pinggang", "sabuk kulit"), "420330"),
    (("wayang kulit", "kerajinan kulit"), "420500"),
    (("sepatu kulit", "sepatu"), "640399"),
    (("sandal", "selop", "sandal hotel"), "640520"),
    (("perak", "perhiasan perak", "cincin perak", "kalung perak"), "711311"),
    (("perhiasan", "aksesoris", "bros", "gelang", "kalung", "anting"), "711719"),
    # --- crafts and furniture
    (
        (
            "kerajinan kayu",
            "ukiran kayu",
            "patung kayu",
            "ukiran",
            "topeng kayu",
            "topeng",
            "wayang golek",
            "miniatur",
        ),
        "442011",
    ),
    (("mebel", "meja", "kursi kayu", "lemari", "almari", "furnitur", "bufet"), "940360"),
    (("kursi rotan", "sofa rotan"), "940152"),
    (("anyaman rotan", "keranjang rotan", "rotan"), "460212"),
    (("anyaman bambu", "besek", "tampah", "bambu", "kerajinan bambu"), "460211"),
    (
        (
            "anyaman",
            "anyaman pandan",
            "tas anyaman",
            "enceng gondok",
            "eceng gondok",
            "mendong",
            "keranjang",
        ),
        "460219",
    ),
    (("gerabah", "keramik", "guci", "vas", "celengan"), "691390"),
    (("piring keramik", "cangkir keramik", "mangkuk keramik", "alat makan keramik"), "691200"),
    (
        (
            "kerajinan tembaga",
            "kerajinan kuningan",
            "kerajinan logam",
            "tembaga",
            "kuningan",
            "patung logam",
        ),
        "830629",
    ),
    (("gamelan", "gong", "kendang", "bonang", "saron"), "920600"),
    (("keris", "tombak"), "930700"),
    (("lukisan", "lukisan kaca"), "970191"),
    (("mainan kayu", "mainan", "yoyo"), "950300"),
    # --- beauty and home
    (("sabun", "sabun herbal", "sabun mandi"), "340111"),
    (("lilin aromaterapi", "lilin"), "340600"),
    (("minyak atsiri", "minyak nilam", "minyak kayu putih", "minyak sereh"), "330129"),
    (("lulur", "masker wajah", "kosmetik", "bedak dingin", "body scrub"), "330499"),
    # --- building and tools
    (("genteng",), "690510"),
    (("batu bata", "bata merah", "bata"), "690410"),
    (("batu alam", "marmer", "batu candi", "cobek batu"), "680299"),
    (("cangkul", "sabit", "arit", "garpu tanah", "alat pertanian"), "820130"),
)

FOLDS = (
    (r"\bkripik\b", "keripik"),
    (r"\bkrupuk\b", "kerupuk"),
    (r"\bcoklat\b", "cokelat"),
    (r"\bmie\b", "mi"),
    (r"\bsambel\b", "sambal"),
    (r"\bkaus\b", "kaos"),
)
_WORD = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    text = _WORD.sub(" ", (text or "").lower()).strip()
    for pattern, replacement in FOLDS:
        text = re.sub(pattern, replacement, text)
    return f" {text} "


@dataclass(frozen=True, slots=True)
class Suggestion:
    code: str
    keyword: str
    score: float


def _index() -> list[tuple[str, str]]:
    pairs = []
    for phrases, code in BRIDGE:
        for phrase in phrases:
            pairs.append((normalise(phrase), code))
    # longest phrases first, so "keripik tempe" is tried before "keripik"
    pairs.sort(key=lambda pair: -len(pair[0]))
    return pairs


_PAIRS = _index()


def suggest(
    name: str, description: str = "", category_hint: str = "", limit: int = 3
) -> list[Suggestion]:
    """Up to ``limit`` codes, best first; empty when no bridge word matches."""
    title = normalise(name)
    body = normalise(description)
    scores: dict[str, Suggestion] = {}
    for phrase, code in _PAIRS:
        words = phrase.count(" ") - 1  # phrase is padded with a space on each side
        score = 0.0
        if phrase in title:
            score = 3.0 * words
            title = title.replace(phrase, " ")  # a longer phrase consumes its words
        elif phrase in body:
            score = 1.0 * words
        if not score:
            continue
        if category_hint and code.startswith(category_hint[:4]):
            score += 0.5
        elif category_hint and code.startswith(category_hint[:2]):
            score += 0.25
        best = scores.get(code)
        if best is None or score > best.score:
            scores[code] = Suggestion(code, phrase.strip(), score + (best.score if best else 0))
        else:
            scores[code] = Suggestion(code, best.keyword, best.score + score)
    ranked = sorted(scores.values(), key=lambda s: (-s.score, s.code))
    return ranked[:limit]
