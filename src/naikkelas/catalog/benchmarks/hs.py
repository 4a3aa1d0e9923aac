"""How often the HS code suggestion is right (``naikkelas bench hs-suggest``).

Two sets, each name with the subheading chosen by hand from the HS 2022 notes:
- the demo products' names (``demo.DEMO_HS``), weighted by how often the demo uses them;
- a held-out list of other IKM product names, written before the bridge was last tuned
  and never used to tune it."""

from __future__ import annotations

from naikkelas.catalog import hs_suggest, taxonomy

HELD_OUT = (
    ("Keripik Kentang Balado", "kuliner-makanan-ringan", "200520"),
    ("Kripik Bayam Renyah", "kuliner-makanan-ringan", "200599"),
    ("Kerupuk Udang Sidoarjo", "kuliner-makanan-ringan", "190590"),
    ("Sambal Roa Manado", "kuliner-bumbu", "210390"),
    ("Kecap Manis Kedelai Hitam", "kuliner-bumbu", "210310"),
    ("Kopi Luwak Arabika Gayo", "kuliner-kopi-teh", "090121"),
    ("Teh Hijau Tubruk", "kuliner-kopi-teh", "090210"),
    ("Gula Semut Aren Organik", "kuliner-gula-madu", "170290"),
    ("Madu Klanceng", "kuliner-gula-madu", "040900"),
    ("Minyak Kelapa Murni VCO", "kuliner-makanan-olahan", "151319"),
    ("Dodol Garut Wijen", "kuliner-manisan-cokelat", "170490"),
    ("Bakpia Pathok Kacang Hijau", "kuliner-kue-roti", "190590"),
    ("Nastar Nanas Premium", "kuliner-kue-roti", "190531"),
    ("Abon Ikan Tuna", "kuliner-olahan-ikan-daging", "160420"),
    ("Bandeng Presto Juwana", "kuliner-olahan-ikan-daging", "160420"),
    ("Ikan Asin Jambal Roti", "hasil-bumi-perikanan", "030569"),
    ("Batik Tulis Madura", "fesyen-batik", "520852"),
    ("Kemeja Batik Lengan Pendek", "fesyen-batik", "620520"),
    ("Daster Batik Rayon", "fesyen-pakaian", "620444"),
    ("Tas Rotan Bulat Bali", "kerajinan-anyaman", "460212"),
    ("Dompet Kulit Wanita", "fesyen-tas-dompet", "420231"),
    ("Sepatu Kulit Wanita", "fesyen-alas-kaki", "640399"),
    ("Cincin Perak Bakar", "fesyen-perhiasan", "711311"),
    ("Patung Kayu Jati Loro Blonyo", "kerajinan-kayu", "442011"),
    ("Vas Keramik Plered", "kerajinan-gerabah", "691390"),
    ("Anyaman Mendong Tasikmalaya", "kerajinan-anyaman", "460219"),
    ("Sabun Sereh Wangi Herbal", "kecantikan-kesehatan-sabun-aromaterapi", "340111"),
    ("Lilin Aromaterapi Lavender", "kecantikan-kesehatan-sabun-aromaterapi", "340600"),
    ("Minyak Nilam Aceh", "kecantikan-kesehatan-minyak-atsiri", "330129"),
    ("Meja Teras Jati", "rumah-tangga-mebel", "940360"),
    ("Cangkul Baja Pande Besi", "logam-mesin-perkakas", "820130"),
    ("Genteng Keramik Glazur", "bahan-bangunan-genteng-bata", "690510"),
    ("Blangkon Jogja", "fesyen-aksesoris", "650500"),
    ("Mainan Kayu Puzzle", "mainan-hobi-mainan", "950300"),
)


def score(items: list[tuple[str, str, str, int]]) -> tuple[int, int, int, int]:
    """(names weighted, right first, right in the top 3, no suggestion)."""
    hints = {row.slug: row.hs_hint for row in taxonomy.rows()}
    total = first = top3 = none = 0
    for name, category, code, weight in items:
        found = hs_suggest.suggest(name, "", hints.get(category, ""))
        total += weight
        first += weight * bool(found and found[0].code == code)
        top3 += weight * any(s.code == code for s in found)
        none += weight * (not found)
    return total, first, top3, none


def bench_hs_suggest(options: dict[str, object]) -> dict[str, object]:
    """The suggestion against the demo products' hand-chosen codes and the held-out list."""
    from naikkelas.catalog.demo import DEMO_HS, TEMPLATES

    demo = [(name, t.category, DEMO_HS[name], 1) for t in TEMPLATES for name in t.names]
    figures: dict[str, object] = {}
    for label, items in (
        ("demo product names", demo),
        ("held-out names", [(n, c, h, 1) for n, c, h in HELD_OUT]),
    ):
        total, first, top3, none = score(items)
        figures[label] = (
            f"{total}: right first {first} ({100 * first / total:.0f} %), "
            f"in the top 3 {top3} ({100 * top3 / total:.0f} %), no suggestion {none}"
        )
    return figures


BENCHES = {"hs-suggest": bench_hs_suggest}
