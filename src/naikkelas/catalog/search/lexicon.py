"""Indonesian product vocabulary of IKM/UMKM: the stemming exceptions and function words
of the analyser, and the words the benchmark builds its products and queries from.

``STEM_EXCEPTIONS`` was assembled by stemming :data:`PRODUCT_WORDS` with Snowball
Indonesian and with Sastrawi (its dictionary of root words) and reading every word on
which they disagree ([decision 0020](../../../../docs/decisions/0020-indonesian-stemming.md)):
a root word that Snowball cuts (*keripik* → *ripik*, *kemeja* → *meja*, *terasi* → *asi*)
maps to itself; a derived word that Snowball cuts wrongly maps to its real root
(*kemasan* → *kemas*); a spelling variant maps to the standard spelling (*kripik* →
*keripik*, *sambel* → *sambal*), so both find each other without a synonym.
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


STOPWORDS = frozenset(
    _words("dan atau yang di ke dari untuk dengan pada dalam ini itu juga ada the and of for")
)

# Root words Snowball over-stems: kept as they are.
_PROTECTED = _words("""
keripik kerupuk kemeja kebaya keramik kelapa kedelai ketela kerudung keranjang terasi
kemiri ketumbar kepiting menara pelepah peniti perkedel pepaya petai selai sasirangan
shibori gamelan celengan kaligrafi keciput kecapi kelanting kemplang kemangi kenari
kencur kendi kerang keris kepang kecipir ketupat kedondong kelengkeng kelor kemenyan
keladi kerai kerak kerikil kertas keset ketan kecombrang kebab kentongan kenong kepala
perak peci pecel pempek pepes peyek petis perca permen pelangi pelana pelita pemijat
terompah terong terigu teri tembikar tembaga temulawak tenggiri terakota tikar
bersih berkat beras berlian bawal bekatul belimbing bengkoang
sempol selendang serabi serundeng seblak semprong sepatu serbet seprai
menjangan mendong mebel meja mete
kuningan durian melati medium berlian sangrai kebumen pemalang melinjo makaroni
""")

# Derived words Snowball cuts wrongly, and spelling variants: word -> stem.
_MAPPED = {
    # spelling variants -> standard spelling (stem)
    "kripik": "keripik",
    "kripiknya": "keripik",
    "krupuk": "kerupuk",
    "kerupuknya": "kerupuk",
    "sambel": "sambal",
    "cemilan": "camil",
    "cemil": "camil",
    "coklat": "cokelat",
    "kopiah": "peci",
    "pengrajin": "rajin",
    "perajin": "rajin",
    "kemasan": "kemas",
    "pengemasan": "kemas",
    "dikemas": "kemas",
    "kemas": "kemas",
    "batikan": "batik",
    "tenunan": "tenun",
    "anyaman": "anyam",
    "rajutan": "rajut",
    "sulaman": "sulam",
    "bordiran": "bordir",
    "ukiran": "ukir",
    "lukisan": "lukis",
    "olahan": "olah",
    "oleh": "oleh",
    "cetakan": "cetak",  # Snowball: "ceta"
    "diolah": "olah",  # Snowball takes "-lah" for the particle: "dio"
    "pemijat": "pijat",
}

STEM_EXCEPTIONS: dict[str, str] = {word: word for word in _PROTECTED} | _MAPPED
