"""The starting category tree for IKM/UMKM products (plain Python, no Django).

Loaded into ``catalog.Category`` when the table is empty (after ``migrate``); from then on
administrators edit the tree in the admin site. A child's slug is its parent's slug and
its own word(s): ``kuliner-makanan-ringan``. ``hs`` is the HS heading or chapter most of
the category's products fall under, a hint for the HS code suggestion."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Node:
    slug: str
    name: str  # Indonesian
    name_en: str
    hs: str = ""
    children: tuple[Node, ...] = ()


def _c(slug: str, name: str, name_en: str, hs: str = "") -> Node:
    return Node(slug, name, name_en, hs)


TREE: tuple[Node, ...] = (
    Node(
        "kuliner",
        "Kuliner",
        "Food and drink",
        "",
        (
            _c("makanan-ringan", "Makanan ringan", "Snacks", "2005"),
            _c("kue-roti", "Kue dan roti", "Cakes and bakery", "1905"),
            _c("makanan-olahan", "Makanan olahan", "Processed food", "2106"),
            _c("makanan-beku", "Makanan beku", "Frozen food", "1602"),
            _c("olahan-ikan-daging", "Olahan ikan dan daging", "Fish and meat products", "1604"),
            _c("bumbu", "Bumbu, sambal dan saus", "Spices, sambal and sauces", "2103"),
            _c("minuman", "Minuman", "Beverages", "2202"),
            _c("kopi-teh", "Kopi dan teh", "Coffee and tea", "0901"),
            _c("gula-madu", "Gula, madu dan pemanis", "Sugar, honey and sweeteners", "1701"),
            _c("manisan-cokelat", "Manisan dan cokelat", "Sweets and chocolate", "1704"),
        ),
    ),
    Node(
        "fesyen",
        "Fesyen",
        "Fashion",
        "",
        (
            _c("batik", "Batik", "Batik", "5208"),
            _c("tenun-lurik", "Tenun dan lurik", "Woven cloth (tenun, lurik)", "5208"),
            _c("pakaian", "Pakaian jadi", "Clothing", "6205"),
            _c("busana-muslim", "Busana muslim", "Muslim wear", "6204"),
            _c("tas-dompet", "Tas dan dompet", "Bags and wallets", "4202"),
            _c("alas-kaki", "Alas kaki", "Footwear", "6403"),
            _c("aksesoris", "Aksesoris", "Accessories", "6117"),
            _c("perhiasan", "Perhiasan", "Jewellery", "7117"),
        ),
    ),
    Node(
        "kerajinan",
        "Kerajinan",
        "Handicrafts",
        "",
        (
            _c("kayu", "Kerajinan kayu", "Wood crafts", "4420"),
            _c("logam", "Kerajinan logam", "Metal crafts", "8306"),
            _c("kulit", "Kerajinan kulit", "Leather crafts", "4205"),
            _c("anyaman", "Anyaman (bambu, rotan, pandan)", "Basketry (bamboo, rattan)", "4602"),
            _c("gerabah", "Gerabah dan keramik", "Pottery and ceramics", "6913"),
            _c("batu-kaca", "Kerajinan batu dan kaca", "Stone and glass crafts", "6802"),
            _c("kain-sulam", "Sulam, bordir dan kain perca", "Embroidery and patchwork", "5810"),
            _c("wayang-topeng", "Wayang dan topeng", "Puppets and masks", "4420"),
            _c("suvenir", "Suvenir", "Souvenirs", "4420"),
        ),
    ),
    Node(
        "kecantikan-kesehatan",
        "Kecantikan dan kesehatan",
        "Beauty and health",
        "",
        (
            _c("jamu-herbal", "Jamu dan herbal", "Jamu and herbal remedies", "2106"),
            _c("kosmetik", "Kosmetik dan perawatan", "Cosmetics and care", "3304"),
            _c("sabun-aromaterapi", "Sabun dan aromaterapi", "Soap and aromatherapy", "3401"),
            _c("minyak-atsiri", "Minyak atsiri", "Essential oils", "3301"),
        ),
    ),
    Node(
        "rumah-tangga",
        "Rumah tangga",
        "Home",
        "",
        (
            _c("mebel", "Mebel", "Furniture", "9403"),
            _c("dekorasi", "Dekorasi rumah", "Home decoration", "6307"),
            _c("peralatan-dapur", "Peralatan dapur", "Kitchenware", "7323"),
            _c("tekstil-rumah", "Tekstil rumah", "Home textiles", "6302"),
        ),
    ),
    Node(
        "hasil-bumi",
        "Hasil bumi",
        "Farm, forest and sea produce",
        "",
        (
            _c("pertanian", "Hasil pertanian", "Farm produce", "0714"),
            _c("rempah", "Rempah", "Spices", "0910"),
            _c("perikanan", "Hasil perikanan", "Fish and seafood", "0305"),
            _c("peternakan", "Hasil peternakan", "Livestock products", "0407"),
            _c("tanaman-hias", "Tanaman hias dan bibit", "Plants and seedlings", "0602"),
        ),
    ),
    Node(
        "logam-mesin",
        "Logam dan mesin",
        "Metal and machinery",
        "",
        (
            _c("perkakas", "Alat dan perkakas", "Tools", "8201"),
            _c("mesin", "Mesin tepat guna", "Appropriate-technology machines", "8479"),
            _c("komponen", "Komponen dan suku cadang", "Parts and components", "8708"),
        ),
    ),
    Node(
        "bahan-bangunan",
        "Bahan bangunan",
        "Building materials",
        "",
        (
            _c("genteng-bata", "Genteng dan bata", "Roof tiles and bricks", "6905"),
            _c("batu-alam", "Batu alam", "Natural stone", "6802"),
        ),
    ),
    Node(
        "percetakan-kemasan",
        "Percetakan dan kemasan",
        "Printing and packaging",
        "4819",
    ),
    Node(
        "mainan-hobi",
        "Mainan, alat musik dan hobi",
        "Toys, instruments and hobbies",
        "",
        (
            _c("mainan", "Mainan", "Toys", "9503"),
            _c("alat-musik", "Alat musik", "Musical instruments", "9206"),
        ),
    ),
    Node("lainnya", "Lainnya", "Other"),
)


@dataclass(frozen=True, slots=True)
class CategoryRow:
    slug: str
    name: str
    name_en: str
    hs_hint: str
    parent_slug: str | None
    position: int


def rows(tree: tuple[Node, ...] = TREE) -> Iterator[CategoryRow]:
    """Every category, parents before their children, children with their full slug."""

    def walk(nodes: tuple[Node, ...], parent: str | None) -> Iterator[CategoryRow]:
        for position, node in enumerate(nodes):
            slug = f"{parent}-{node.slug}" if parent else node.slug
            yield CategoryRow(slug, node.name, node.name_en, node.hs, parent, position)
            yield from walk(node.children, slug)

    yield from walk(tree, None)
