"""Generated IKM products and labelled queries for the search benchmark (deterministic).

Products are built from concepts: a product type of a category (*keripik tempe*), a
variant (*pedas*), a place (*Malang*) and a maker, written in the forms sellers use
(*Kripik Tempe Pedas Khas Malang*, *tenunan*, *dianyam*). Each product keeps its concept
key, so a labelled query knows which products should come first without reading text.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from naikkelas.catalog.search.types import ProductDoc

# category path -> product types (the words a buyer types) and their variants
CATALOG: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {
    ("kuliner", "kuliner-makanan-ringan"): (
        ("keripik tempe", "keripik singkong", "keripik pisang", "kerupuk ikan", "kerupuk udang",
         "rengginang", "emping melinjo", "peyek kacang", "kacang mete", "keripik tempe sagu",
         "kemplang", "amplang", "keciput", "makaroni", "basreng", "kripik kentang", "opak"),
        ("pedas", "original", "balado", "manis", "asin", "jagung bakar", "keju", "daun jeruk",
         "rumput laut", "bawang"),
    ),
    ("kuliner", "kuliner-kue-roti"): (
        ("bakpia", "wingko babat", "lumpia", "bolu kukus", "kue kering", "nastar", "brownies",
         "roti gambang", "jenang", "dodol", "geplak", "wajik", "yangko", "getuk"),
        ("kacang hijau", "keju", "cokelat", "pandan", "durian", "nanas", "kelapa", "ubi ungu"),
    ),
    ("kuliner", "kuliner-bumbu"): (
        ("sambal bawang", "sambal terasi", "sambal roa", "bumbu pecel", "bumbu rendang",
         "petis udang", "kecap manis", "terasi udang", "saus sambal", "serundeng"),
        ("pedas", "ekstra pedas", "original", "botol", "sachet", "level 5", "cumi", "teri"),
    ),
    ("kuliner", "kuliner-minuman"): (
        ("sirup", "jus buah", "wedang uwuh", "wedang jahe", "minuman serbuk", "susu kedelai",
         "yoghurt", "kombucha", "bir pletok", "sari kacang hijau"),
        ("jahe merah", "sereh", "temulawak", "markisa", "jeruk nipis", "kayu manis", "lemon"),
    ),
    ("kuliner", "kuliner-kopi-teh"): (
        ("kopi bubuk", "kopi biji", "teh hijau", "teh melati", "kopi luwak", "teh daun kelor",
         "kopi robusta", "kopi arabika", "teh rosella"),
        ("sangrai medium", "sangrai gelap", "premium", "celup", "tubruk", "lanang", "250 gram"),
    ),
    ("kuliner", "kuliner-olahan-ikan-daging"): (
        ("abon sapi", "abon ikan", "dendeng sapi", "bandeng presto", "rendang", "nugget ikan",
         "bakso sapi", "otak otak", "ikan asap", "sosis ayam"),
        ("original", "pedas", "manis", "duri lunak", "frozen", "vakum", "tanpa pengawet"),
    ),
    ("fesyen", "fesyen-batik"): (
        ("batik tulis", "batik cap", "kemeja batik", "kain batik", "selendang batik",
         "daster batik", "batik printing", "blus batik", "sarung batik", "kebaya batik"),
        ("motif parang", "motif kawung", "motif truntum", "motif mega mendung", "sogan",
         "pewarna alami", "lengan panjang", "katun primisima", "sutra", "motif sekar jagad"),
    ),
    ("fesyen", "fesyen-tenun-lurik"): (
        ("kain tenun", "tenun ikat", "kain lurik", "sarung tenun", "selendang tenunan",
         "syal tenun", "kain songket", "tenun troso", "lurik atbm"),
        ("motif garis", "pewarna alami", "benang katun", "benang sutra", "motif ikat",
         "tenunan tangan", "ukuran 2 meter", "motif kotak"),
    ),
    ("fesyen", "fesyen-tas-dompet"): (
        ("tas kulit", "dompet kulit", "tas anyaman", "tas rajut", "tas batik", "ransel kanvas",
         "tas selempang", "dompet koin", "tas laptop", "clutch"),
        ("kulit sapi", "kulit domba", "pandan", "eceng gondok", "mendong", "kanvas", "rotan",
         "bordir"),
    ),
    ("fesyen", "fesyen-alas-kaki"): (
        ("sepatu kulit", "sandal kulit", "sandal jepit", "selop", "sepatu kanvas",
         "sepatu bordir", "sandal hotel", "terompah"),
        ("pria", "wanita", "anak", "kulit asli", "sol karet", "jahit tangan"),
    ),
    ("fesyen", "fesyen-aksesoris"): (
        ("kerudung", "bros", "gelang", "kalung", "peci", "blangkon", "ikat pinggang", "topi",
         "anting", "jam tangan kayu"),
        ("perak", "kuningan", "manik manik", "batik", "rajut", "mutiara", "kayu", "bordir"),
    ),
    ("kerajinan", "kerajinan-kayu"): (
        ("ukiran kayu", "patung kayu", "topeng kayu", "kotak perhiasan", "nampan kayu",
         "miniatur kapal", "wayang golek", "hiasan dinding", "talenan", "sendok kayu"),
        ("kayu jati", "kayu mahoni", "kayu sonokeling", "kayu trembesi", "ukir jepara",
         "finishing natural", "kayu akasia", "kayu pinus"),
    ),
    ("kerajinan", "kerajinan-anyaman"): (
        ("keranjang", "tikar", "tas anyaman", "kap lampu", "tempat tisu", "topi anyaman",
         "box anyaman", "nampan anyaman", "kursi rotan", "keranjang parsel"),
        ("bambu", "rotan", "pandan", "eceng gondok", "mendong", "purun", "lidi",
         "dianyam tangan"),
    ),
    ("kerajinan", "kerajinan-gerabah"): (
        ("gerabah", "guci", "vas bunga", "pot tanah liat", "kendi", "celengan", "keramik hias",
         "piring keramik", "cobek", "anglo"),
        ("tanah liat", "terakota", "glasir", "lukis tangan", "kasongan", "plered", "mini"),
    ),
    ("kerajinan", "kerajinan-logam"): (
        ("kerajinan perak", "cincin perak", "lampu gantung", "gong", "keris", "hiasan kuningan",
         "tembaga ukir", "pisau dapur", "golok", "gamelan mini"),
        ("kuningan", "tembaga", "perak", "besi tempa", "aluminium", "bakar", "filigri"),
    ),
    ("kecantikan-kesehatan", "kecantikan-kesehatan-jamu-herbal"): (
        ("jamu beras kencur", "jamu kunyit asam", "jamu temulawak", "jamu gendong",
         "teh herbal", "madu hutan", "minyak telon", "serbuk jahe merah", "kapsul herbal"),
        ("serbuk", "cair", "instan", "tanpa gula", "botol", "sachet", "original"),
    ),
    ("kecantikan-kesehatan", "kecantikan-kesehatan-sabun-aromaterapi"): (
        ("sabun herbal", "sabun susu kambing", "lilin aromaterapi", "minyak atsiri",
         "lulur", "sabun cair", "bath bomb", "minyak pijat"),
        ("sereh wangi", "lavender", "melati", "cendana", "kopi", "madu", "zaitun", "pandan"),
    ),
    ("rumah-tangga", "rumah-tangga-mebel"): (
        ("meja makan", "kursi tamu", "lemari", "rak buku", "tempat tidur", "meja rias",
         "kursi goyang", "bangku taman", "bufet", "meja kopi"),
        ("kayu jati", "mahoni", "rotan sintetis", "bambu", "ukir jepara", "minimalis",
         "vintage", "trembesi"),
    ),
    ("agro", "agro-rempah"): (
        ("jahe merah", "kunyit", "lada putih", "cengkeh", "kayu manis", "pala", "vanili",
         "kapulaga", "kemiri", "ketumbar"),
        ("kering", "bubuk", "utuh", "organik", "grade a", "curah", "500 gram"),
    ),
}  # fmt: skip

# Forms sellers use for words buyers type otherwise (the benchmark writes both).
SELLER_FORMS = {
    "keripik": ("keripik", "kripik"),
    "kerupuk": ("kerupuk", "krupuk"),
    "tenun": ("tenun", "tenunan"),
    "anyaman": ("anyaman", "anyaman"),
    "sambal": ("sambal", "sambel"),
}
PLACES = (
    "Solo", "Surakarta", "Sukoharjo", "Klaten", "Boyolali", "Karanganyar", "Sragen", "Wonogiri",
    "Jepara", "Kudus", "Pati", "Semarang", "Pekalongan", "Batang", "Tegal", "Brebes",
    "Banyumas", "Purbalingga", "Kebumen", "Magelang", "Temanggung", "Wonosobo", "Yogyakarta",
    "Bantul", "Sleman", "Gunungkidul", "Kulon Progo", "Malang", "Batu", "Blitar", "Kediri",
    "Tulungagung", "Madiun", "Ponorogo", "Pacitan", "Jombang", "Mojokerto", "Sidoarjo",
    "Gresik", "Lamongan", "Tuban", "Bojonegoro", "Banyuwangi", "Jember", "Lumajang",
    "Probolinggo", "Pasuruan", "Madura", "Bandung", "Garut", "Tasikmalaya", "Ciamis",
    "Cirebon", "Kuningan", "Majalengka", "Sumedang", "Bogor", "Sukabumi", "Cianjur",
    "Purwakarta", "Karawang", "Bekasi", "Depok", "Serang", "Pandeglang", "Lebak", "Tangerang",
    "Cilegon", "Jakarta", "Betawi", "Indramayu", "Subang", "Trenggalek", "Nganjuk", "Ngawi",
    "Magetan", "Rembang", "Blora", "Grobogan", "Demak", "Kendal", "Pemalang", "Cilacap",
    "Banjarnegara", "Purworejo", "Salatiga", "Laweyan", "Kasongan", "Tuban", "Troso",
)  # fmt: skip
MAKER_FIRST = (
    "Sari", "Jaya", "Makmur", "Berkah", "Sentosa", "Lestari", "Mekar", "Rejeki", "Mulya",
    "Abadi", "Barokah", "Sumber", "Karya", "Cahaya", "Putri", "Mandiri",
)  # fmt: skip
MAKER_SECOND = (
    "Rasa", "Jaya", "Abadi", "Sejahtera", "Makmur", "Utama", "Indah", "Asri", "Murni", "Sakti",
    "Lancar", "Agung",
)  # fmt: skip
MAKER_KIND = ("UD", "CV", "IKM", "KUB", "Rumah Produksi", "Griya", "Omah")
DESCRIPTIONS = (
    "Dibuat oleh perajin {place} dari bahan pilihan, {variant}.",
    "Produk unggulan {place}, dikemas rapi dan higienis.",
    "Cocok untuk oleh-oleh dan hampers, {variant}, tahan lama.",
    "Diproduksi di rumah produksi kami di {place} sejak 2010 dengan resep turun temurun.",
    "Tersedia dalam jumlah besar untuk reseller dan toko oleh-oleh.",
    "Bahan baku lokal dari petani {place}, tanpa bahan pengawet.",
    "Dikerjakan dengan tangan oleh pengrajin berpengalaman.",
    "Kemasan standing pouch dengan label lengkap dan tanggal kedaluwarsa.",
    "Siap kirim ke seluruh Indonesia dan melayani pesanan ekspor.",
)
# Java: provinces 31–36 with a few regencies and districts each (codes in Kemendagri form)
JAVA_PROVINCES = ("31", "32", "33", "34", "35", "36")
CERTIFICATES = ("halal", "pirt", "bpom", "sni", "brand")
SIZE_CLASSES = ("micro", "micro", "micro", "micro", "small", "small", "medium", "unknown")
CATEGORIES = list(CATALOG)


@dataclass
class Generated:
    docs_count: int = 0
    # concept key (category index, type index, variant index, place index) -> product ids
    concepts: dict[tuple[int, int, int, int], list[int]] = field(default_factory=dict)


def _seller_form(text: str, rng: random.Random) -> str:
    words = []
    for word in text.split():
        forms = SELLER_FORMS.get(word)
        words.append(rng.choice(forms) if forms else word)
    return " ".join(words)


def _title(text: str) -> str:
    return " ".join(w if w.isupper() else w.capitalize() for w in text.split())


def products(
    count: int, *, seed: int = 7, concepts: Generated | None = None
) -> Iterator[ProductDoc]:
    """``count`` products with ids 1..count; fills ``concepts`` with the labels."""
    rng = random.Random(seed)
    regencies = [f"{p}.{r:02d}" for p in JAVA_PROVINCES for r in range(1, 30)]
    for product_id in range(1, count + 1):
        ci = rng.randrange(len(CATEGORIES))
        path = CATEGORIES[ci]
        types, variants = CATALOG[path]
        ti = rng.randrange(len(types))
        vi = rng.randrange(len(variants))
        pi = rng.randrange(len(PLACES))
        kind, place = types[ti], PLACES[pi]
        variant = variants[vi]
        name = f"{_title(_seller_form(kind, rng))} {_title(variant)}"
        if rng.random() < 0.7:
            name += f" Khas {place}"
        else:
            name += f" {place}"
        maker = f"{rng.choice(MAKER_KIND)} {rng.choice(MAKER_FIRST)} {rng.choice(MAKER_SECOND)}"
        description = " ".join(
            t.format(place=place, variant=variant) for t in rng.sample(DESCRIPTIONS, 3)
        )
        regency = rng.choice(regencies)
        district = f"{regency}.{rng.randrange(1, 25):02d}"
        price = rng.choice((5, 8, 12, 15, 20, 25, 35, 50, 75, 100, 150, 250, 450, 900, 2500))
        price *= 1000
        has_price = rng.random() < 0.95
        certs = tuple(c for c in CERTIFICATES if rng.random() < 0.25)
        if concepts is not None:
            concepts.concepts.setdefault((ci, ti, vi, pi), []).append(product_id)
        yield ProductDoc(
            id=product_id,
            name=name,
            description=description,
            category=path[1],
            category_path=path,
            business_id=1 + rng.randrange(max(1, count // 5)),
            business_name=maker,
            province_code=regency[:2],
            regency_code=regency,
            district_code=district,
            cluster_ids=(rng.randrange(1, 200),) if rng.random() < 0.2 else (),
            certificates=certs,
            size_class=rng.choice(SIZE_CLASSES),
            price_min=price if has_price else None,
            price_max=price * rng.choice((1, 1, 2)) if has_price else None,
            min_order=rng.choice((1, 1, 5, 10, 12, 24, 50, 100, 500)),
            export_ready=rng.random() < 0.1,
            photo_count=rng.choice((0, 1, 1, 2, 3, 5)),
            curated=rng.random() < 0.05,
            published_at=1_600_000_000.0 + product_id * 30 + rng.randrange(30),
            keywords=kind,
        )
    if concepts is not None:
        concepts.docs_count = count


@dataclass(frozen=True)
class BenchQuery:
    text: str
    category: str


def bench_queries(count: int = 500, *, seed: int = 11) -> list[BenchQuery]:
    """Queries of 1–3 words with a category filter, as buyers type them."""
    rng = random.Random(seed)
    found: list[BenchQuery] = []
    while len(found) < count:
        path = rng.choice(CATEGORIES)
        types, variants = CATALOG[path]
        words = rng.choice(types).split()
        if rng.random() < 0.4:
            words += rng.choice(variants).split()[:1]
        words = words[: rng.randint(1, 3)]
        category = path[0] if rng.random() < 0.7 else path[1]
        found.append(BenchQuery(" ".join(words), category))
    return found


@dataclass(frozen=True)
class LabelledQuery:
    text: str
    kind: str  # "exact", "stemmed", "typo"
    relevant: frozenset[int]


_STEMMED_FORMS = {
    "keripik": "kripik", "kripik": "keripik", "kerupuk": "krupuk", "tenun": "tenunan",
    "tenunan": "tenun", "anyaman": "dianyam", "sambal": "sambel", "ukiran": "ukir",
    "batik": "batikan", "kerudung": "kerudungnya", "rajut": "rajutan",
}  # fmt: skip


def known_words() -> set[str]:
    """Every word the generator writes (a typo must not be one of them)."""
    found: set[str] = set()
    for types, variants in CATALOG.values():
        for text in (*types, *variants):
            found.update(text.split())
    for forms in SELLER_FORMS.values():
        found.update(forms)
    found.update(p.lower() for place in PLACES for p in place.split())
    return found


def _typo(word: str, rng: random.Random, known: set[str]) -> str | None:
    for _attempt in range(10):
        position = rng.randrange(1, len(word))  # the first letter is usually right
        replacement = rng.choice([c for c in "aiueonrstkmlgbp" if c != word[position]])
        typo = word[:position] + replacement + word[position + 1 :]
        if typo not in known:
            return typo
    return None


def labelled_queries(
    generated: Generated, count: int = 300, *, seed: int = 13
) -> list[LabelledQuery]:
    """Queries naming a product type, variant and place, with the products that match
    (exact words, another form of a word, one wrong letter)."""
    rng = random.Random(seed)
    known = known_words()
    keys = sorted(generated.concepts)
    found: list[LabelledQuery] = []
    while len(found) < count and keys:
        ci, ti, vi, pi = rng.choice(keys)
        types, variants = CATALOG[CATEGORIES[ci]]
        kind_words = types[ti].split()
        variant_words = variants[vi].split()
        place = PLACES[pi].lower()
        relevant = frozenset(generated.concepts[(ci, ti, vi, pi)])
        words = [*kind_words, variant_words[0], place.split()[0]]
        style = ("exact", "stemmed", "typo")[len(found) % 3]
        if style == "stemmed":
            forms = [i for i, w in enumerate(words) if w in _STEMMED_FORMS]
            if not forms:
                continue
            i = forms[0]
            words[i] = _STEMMED_FORMS[words[i]]
        elif style == "typo":
            candidates = [i for i, w in enumerate(words) if len(w) >= 5]
            if not candidates:
                continue
            i = rng.choice(candidates)
            typo = _typo(words[i], rng, known)
            if typo is None:
                continue
            words[i] = typo
        found.append(LabelledQuery(" ".join(words), style, relevant))
    return found
