# ruff: noqa: E501 (tables of demo data, one row a line)
"""The catalog's part of the demo: products for the registry's demo businesses (names,
prices and packaging as IKM sell them, certificates from each business's wallet, photos
drawn by the project with Pillow: no downloaded image), Siti's products for the owner's
login, and the curated collections of the seed events (the online expo).

Running it again adds nothing: products are marked ``extra["demo"]``."""

from __future__ import annotations

import functools
import io
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django_scopes import scopes_disabled
from PIL import Image, ImageDraw, ImageFont

from naikkelas.catalog import indexing, photos, richtext
from naikkelas.catalog.models import (
    Category,
    Collection,
    Product,
    ProductPhoto,
    ProductStatus,
    ProductVariant,
)
from naikkelas.catalog.services.collections import (
    collection_add_product,
    collection_create,
    collection_set_cover,
)
from naikkelas.core.models import Organisation
from naikkelas.registry.models import Business

MARKER = "catalog"
SEED = 2022
PHOTO_SHARE = 0.8  # most demo products have a photo; some show what is missing


@dataclass(frozen=True)
class Template:
    key: str  # a word of the business's product types
    category: str
    names: tuple[str, ...]  # products it makes
    variants: tuple[str, ...]  # flavours, motifs, sizes (empty: one price)
    price: tuple[int, int]  # rupiah, the range a product's base price falls in
    unit: str
    min_order: tuple[int, ...]
    capacity: tuple[int, int]
    weight: int | None
    packaging: str
    shelf_life: int | None
    hs: str
    colour: tuple[int, int, int]
    description: str


T = Template
TEMPLATES = (
    T(
        "keripik",
        "kuliner-makanan-ringan",
        (
            "Keripik Tempe Sagu",
            "Keripik Singkong Balado",
            "Keripik Pisang Manis",
            "Keripik Usus Renyah",
        ),
        ("Original", "Pedas", "Balado"),
        (12_000, 25_000),
        "pack",
        (10, 20, 50),
        (500, 3000),
        250,
        "standing pouch dengan zipper 250 g",
        120,
        "210690",
        (214, 160, 60),
        "Digoreng tanpa pengawet dari bahan pilihan petani sekitar; renyah sampai gigitan terakhir.",
    ),
    T(
        "kerupuk",
        "kuliner-makanan-ringan",
        ("Kerupuk Rambak Kulit Sapi", "Kerupuk Puli", "Kerupuk Bawang"),
        ("Mentah 500 g", "Matang 250 g"),
        (15_000, 40_000),
        "pack",
        (10, 25),
        (300, 2000),
        250,
        "plastik vakum",
        180,
        "190590",
        (232, 200, 120),
        "Kerupuk khas Solo, dijemur matahari dan digoreng dengan minyak baru setiap hari.",
    ),
    T(
        "emping",
        "kuliner-makanan-ringan",
        ("Emping Melinjo Super",),
        ("Tawar", "Manis Pedas"),
        (35_000, 60_000),
        "pack",
        (5, 10),
        (200, 800),
        500,
        "plastik tebal 500 g",
        180,
        "200819",
        (200, 170, 90),
        "Emping melinjo tipis dipipihkan dengan tangan.",
    ),
    T(
        "peyek",
        "kuliner-makanan-ringan",
        ("Peyek Kacang Tanah", "Peyek Teri"),
        (),
        (10_000, 20_000),
        "jar",
        (12,),
        (300, 1500),
        200,
        "toples plastik 200 g",
        60,
        "190590",
        (222, 180, 110),
        "Rempeyek tipis renyah dengan kacang tanah utuh.",
    ),
    T(
        "rengginang",
        "kuliner-makanan-ringan",
        ("Rengginang Ketan Terasi",),
        ("Mentah", "Matang"),
        (12_000, 22_000),
        "pack",
        (10,),
        (300, 1200),
        250,
        "plastik klip 250 g",
        90,
        "190490",
        (240, 220, 170),
        "Rengginang dari ketan pilihan, gurih terasi.",
    ),
    T(
        "roti",
        "kuliner-kue-roti",
        ("Roti Kecik", "Bolu Kukus Pandan", "Lumpia Semarang"),
        ("Isi 10", "Isi 20"),
        (15_000, 45_000),
        "box",
        (5, 10),
        (200, 1500),
        300,
        "dus kertas food grade",
        14,
        "190590",
        (236, 190, 140),
        "Dipanggang setiap pagi, tanpa pengawet.",
    ),
    T(
        "kue",
        "kuliner-kue-roti",
        ("Kue Basah Tampah", "Serabi Notosuman"),
        ("Kecil", "Besar"),
        (25_000, 150_000),
        "box",
        (1, 5),
        (50, 400),
        None,
        "dus atau tampah bambu",
        2,
        "190590",
        (250, 210, 190),
        "Kue tradisional untuk hajatan dan rapat kantor; pesan sehari sebelumnya.",
    ),
    T(
        "serabi",
        "kuliner-kue-roti",
        ("Serabi Solo",),
        ("Original", "Cokelat", "Pandan"),
        (2_500, 5_000),
        "pcs",
        (20,),
        (1000, 5000),
        None,
        "dus isi 10",
        2,
        "190590",
        (245, 225, 180),
        "Serabi santan khas Solo dimasak di atas tungku.",
    ),
    T(
        "intip",
        "kuliner-makanan-ringan",
        ("Intip Goreng Solo",),
        ("Gurih", "Manis"),
        (15_000, 25_000),
        "pack",
        (10,),
        (200, 900),
        200,
        "plastik 200 g",
        90,
        "190490",
        (200, 150, 80),
        "Kerak nasi goreng khas Solo, disiram gula jawa untuk rasa manis.",
    ),
    T(
        "abon",
        "kuliner-olahan-ikan-daging",
        ("Abon Sapi Asli", "Abon Ayam"),
        ("100 g", "250 g"),
        (35_000, 95_000),
        "pack",
        (5, 10),
        (100, 600),
        250,
        "standing pouch aluminium",
        180,
        "160250",
        (150, 90, 50),
        "Daging dipotong serat, dimasak dengan bumbu rempah tanpa MSG.",
    ),
    T(
        "sosis",
        "kuliner-olahan-ikan-daging",
        ("Sosis Solo",),
        ("Isi 10",),
        (25_000, 35_000),
        "box",
        (5,),
        (200, 1000),
        None,
        "mika",
        3,
        "160250",
        (210, 170, 120),
        "Sosis Solo isi daging ayam bumbu, siap goreng.",
    ),
    T(
        "sambal",
        "kuliner-bumbu",
        ("Sambal Bawang", "Sambal Terasi Matang", "Bumbu Pecel Madiun"),
        ("Original", "Extra Pedas"),
        (15_000, 30_000),
        "jar",
        (12, 24),
        (500, 3000),
        200,
        "botol kaca 200 g",
        180,
        "210390",
        (190, 40, 30),
        "Sambal diulek dari cabai segar, digoreng sampai matang, tahan lama tanpa pengawet.",
    ),
    T(
        "madu",
        "kuliner-gula-madu",
        ("Madu Hutan Murni",),
        ("250 ml", "500 ml"),
        (60_000, 150_000),
        "bottle",
        (6,),
        (100, 500),
        350,
        "botol kaca",
        730,
        "040900",
        (220, 150, 20),
        "Madu hutan murni dari peternak lebah binaan.",
    ),
    T(
        "kopi",
        "kuliner-kopi-teh",
        ("Kopi Bubuk Robusta Lawu", "Kopi Arabika Sangrai"),
        ("Bubuk 200 g", "Biji 200 g"),
        (35_000, 90_000),
        "pack",
        (10,),
        (200, 1000),
        200,
        "kemasan kraft dengan katup",
        365,
        "090121",
        (90, 60, 40),
        "Kopi dipetik merah, dijemur di para-para dan disangrai sedang.",
    ),
    T(
        "jenang",
        "kuliner-manisan-cokelat",
        ("Jenang Dodol Ketan", "Getuk Lindri", "Brem Solo"),
        ("Original", "Durian", "Wijen"),
        (15_000, 40_000),
        "box",
        (10,),
        (300, 1500),
        250,
        "dus karton 250 g",
        30,
        "170490",
        (120, 70, 40),
        "Diaduk berjam-jam di atas tungku kayu, manis legit khas Jawa Tengah.",
    ),
    T(
        "tahu",
        "kuliner-makanan-olahan",
        ("Tahu Bakso Ungaran", "Cabuk Rambak"),
        ("Isi 10",),
        (20_000, 35_000),
        "pack",
        (5,),
        (200, 1000),
        500,
        "plastik vakum",
        5,
        "210690",
        (240, 230, 200),
        "Tahu berisi bakso daging sapi, dikukus dan siap goreng.",
    ),
    T(
        "wedang",
        "kuliner-minuman",
        ("Wedang Uwuh Instan", "Jahe Merah Instan"),
        ("Isi 10 sachet",),
        (18_000, 35_000),
        "pack",
        (10, 20),
        (500, 3000),
        200,
        "kotak isi sachet",
        365,
        "210690",
        (150, 40, 40),
        "Minuman rempah khas Imogiri: secang, jahe, cengkeh dan kayu manis.",
    ),
    T(
        "jamu",
        "kecantikan-kesehatan-jamu-herbal",
        ("Jamu Kunyit Asam", "Jamu Beras Kencur"),
        ("Botol 250 ml", "Serbuk 200 g"),
        (8_000, 35_000),
        "bottle",
        (12,),
        (500, 3000),
        250,
        "botol plastik PET",
        5,
        "210690",
        (230, 160, 30),
        "Jamu racikan keluarga, dibuat segar setiap pagi.",
    ),
    T(
        "dawet",
        "kuliner-minuman",
        ("Dawet Ayu Cup",),
        (),
        (6_000, 10_000),
        "pcs",
        (20,),
        (500, 3000),
        300,
        "cup plastik bersegel",
        2,
        "220299",
        (90, 170, 90),
        "Dawet cendol hijau dengan santan dan gula aren.",
    ),
    T(
        "minuman",
        "kuliner-minuman",
        ("Teh Melati Seduh",),
        ("Botol 350 ml",),
        (5_000, 10_000),
        "bottle",
        (24,),
        (1000, 5000),
        350,
        "botol PET",
        30,
        "220299",
        (160, 120, 60),
        "Teh melati seduh tanpa pemanis buatan.",
    ),
    T(
        "batik",
        "fesyen-batik",
        ("Batik Tulis Sutra", "Kain Batik Cap", "Kemeja Batik Pria"),
        ("Parang Kusumo", "Kawung", "Truntum", "Sido Mukti"),
        (150_000, 1_500_000),
        "sheet",
        (1, 5),
        (20, 300),
        400,
        "kotak karton dengan kertas minyak",
        None,
        "520852",
        (120, 70, 30),
        "Dibatik dengan canting oleh pembatik kampung, pewarna alam dan sintetis.",
    ),
    T(
        "tenun",
        "fesyen-tenun-lurik",
        ("Kain Tenun Lurik ATBM", "Sarung Tenun Ikat", "Selendang Tenun"),
        ("Motif Klasik", "Motif Kontemporer"),
        (120_000, 650_000),
        "sheet",
        (1, 5),
        (30, 200),
        500,
        "plastik dan kotak kain",
        None,
        "520842",
        (60, 90, 140),
        "Ditenun dengan alat tenun bukan mesin (ATBM), benang katun pilihan.",
    ),
    T(
        "pakaian",
        "fesyen-pakaian",
        ("Kemeja Seragam Kantor", "Kaos Sablon Custom"),
        ("S", "M", "L", "XL"),
        (45_000, 175_000),
        "pcs",
        (24, 50),
        (500, 3000),
        300,
        "plastik per potong",
        None,
        "610910",
        (60, 60, 120),
        "Konveksi menerima pesanan seragam kantor, sekolah dan komunitas.",
    ),
    T(
        "blangkon",
        "fesyen-aksesoris",
        ("Blangkon Solo",),
        ("Ukuran 55", "Ukuran 57", "Ukuran 59"),
        (60_000, 150_000),
        "pcs",
        (5,),
        (100, 600),
        150,
        "kotak karton",
        None,
        "650500",
        (70, 50, 40),
        "Blangkon gaya Surakarta dengan kain batik pilihan.",
    ),
    T(
        "kulit",
        "fesyen-tas-dompet",
        ("Tas Kulit Sapi", "Dompet Kulit Pria", "Ikat Pinggang Kulit"),
        ("Cokelat Tua", "Hitam", "Tan"),
        (85_000, 650_000),
        "pcs",
        (3, 10),
        (50, 400),
        600,
        "dust bag kain",
        None,
        "420221",
        (130, 80, 40),
        "Kulit sapi samak nabati, dijahit tangan.",
    ),
    T(
        "sepatu",
        "fesyen-alas-kaki",
        ("Sepatu Kulit Pantofel", "Sandal Kulit"),
        ("39", "40", "41", "42", "43"),
        (150_000, 450_000),
        "pair",
        (6,),
        (50, 400),
        900,
        "kotak sepatu",
        None,
        "640399",
        (60, 40, 30),
        "Sepatu kulit asli buatan pengrajin, sol karet awet.",
    ),
    T(
        "wayang",
        "kerajinan-wayang-topeng",
        ("Wayang Kulit Arjuna", "Wayang Kulit Gunungan"),
        ("Ukuran Kecil", "Ukuran Pentas"),
        (250_000, 3_500_000),
        "pcs",
        (1,),
        (5, 40),
        500,
        "kotak kayu",
        None,
        "420500",
        (160, 110, 50),
        "Ditatah dan disungging tangan dari kulit kerbau.",
    ),
    T(
        "topeng",
        "kerajinan-wayang-topeng",
        ("Topeng Kayu Panji",),
        ("Hias Dinding", "Pentas"),
        (75_000, 450_000),
        "pcs",
        (2,),
        (20, 150),
        400,
        "kotak karton",
        None,
        "442011",
        (150, 90, 60),
        "Topeng kayu pule dipahat dan diwarnai tangan.",
    ),
    T(
        "bambu",
        "kerajinan-anyaman",
        ("Besek Bambu", "Tampah Anyaman Bambu", "Sangkar Burung Bambu"),
        ("Kecil", "Sedang", "Besar"),
        (5_000, 250_000),
        "pcs",
        (10, 50),
        (500, 5000),
        None,
        "diikat per 10",
        None,
        "460211",
        (190, 160, 90),
        "Anyaman bambu apus dari pengrajin desa.",
    ),
    T(
        "anyaman",
        "kerajinan-anyaman",
        ("Tas Anyaman Pandan", "Keranjang Eceng Gondok"),
        ("Natural", "Warna"),
        (45_000, 250_000),
        "pcs",
        (5, 10),
        (100, 800),
        400,
        "plastik per buah",
        None,
        "460219",
        (170, 140, 80),
        "Dianyam tangan dari pandan dan eceng gondok yang dikeringkan.",
    ),
    T(
        "gerabah",
        "kerajinan-gerabah",
        ("Gerabah Pot Tanah Liat", "Guci Hias Terakota"),
        ("Diameter 20 cm", "Diameter 30 cm"),
        (25_000, 350_000),
        "pcs",
        (5, 10),
        (200, 1500),
        2000,
        "dibungkus jerami dan karton",
        None,
        "691390",
        (180, 90, 50),
        "Dibentuk di meja putar dan dibakar di tungku tradisional.",
    ),
    T(
        "genteng",
        "bahan-bangunan-genteng-bata",
        ("Genteng Press Jatiwangi", "Genteng Flam"),
        ("Natural", "Glazur"),
        (1_800, 5_500),
        "pcs",
        (1000,),
        (20_000, 100_000),
        2700,
        "tanpa kemasan, diangkut truk",
        None,
        "690510",
        (170, 70, 40),
        "Genteng tanah liat dipres dan dibakar merata.",
    ),
    T(
        "mebel",
        "rumah-tangga-mebel",
        ("Kursi Jati Minimalis", "Meja Makan Jati", "Lemari Jati Ukir"),
        ("Natural", "Salak Brown"),
        (850_000, 9_500_000),
        "pcs",
        (1, 2),
        (10, 80),
        None,
        "dibungkus bubble wrap dan peti kayu",
        None,
        "940360",
        (110, 70, 40),
        "Kayu jati bersertifikat SVLK, dikerjakan tukang Jepara-Solo.",
    ),
    T(
        "gamelan",
        "mainan-hobi-alat-musik",
        ("Gamelan Perunggu Satu Set", "Bonang Barung"),
        ("Slendro", "Pelog"),
        (3_500_000, 250_000_000),
        "set",
        (1,),
        (1, 6),
        None,
        "peti kayu",
        None,
        "920600",
        (150, 120, 40),
        "Gamelan ditempa dari perunggu dan dilaras oleh empu gamelan.",
    ),
    T(
        "keris",
        "kerajinan-logam",
        ("Keris Pamor Luk 7",),
        ("Dengan Warangka", "Bilah Saja"),
        (750_000, 15_000_000),
        "pcs",
        (1,),
        (2, 20),
        600,
        "kotak kayu berlapis beludru",
        None,
        "930700",
        (90, 90, 100),
        "Keris tempa pamor dengan warangka kayu timoho.",
    ),
    T(
        "mainan",
        "mainan-hobi-mainan",
        ("Mainan Kayu Edukatif", "Dakon Kayu", "Shuttlecock Bulu Angsa"),
        ("Set Kecil", "Set Besar"),
        (25_000, 180_000),
        "set",
        (10,),
        (200, 2000),
        400,
        "kotak karton berjendela",
        None,
        "950300",
        (80, 150, 200),
        "Mainan kayu dengan cat aman untuk anak.",
    ),
    T(
        "logam",
        "kerajinan-logam",
        ("Kerajinan Tembaga Hias", "Lampu Hias Kuningan"),
        ("Kecil", "Besar"),
        (120_000, 2_500_000),
        "pcs",
        (1, 5),
        (20, 200),
        1500,
        "kotak karton dan busa",
        None,
        "830629",
        (180, 110, 50),
        "Tembaga dan kuningan diketok dan dipahat tangan.",
    ),
    T(
        "kaligrafi",
        "kerajinan-suvenir",
        ("Kaligrafi Kayu Ukir",),
        ("40 × 60 cm", "60 × 90 cm"),
        (250_000, 1_500_000),
        "pcs",
        (1,),
        (10, 100),
        2000,
        "bubble wrap dan karton",
        None,
        "442011",
        (60, 100, 60),
        "Kaligrafi ukir kayu mahoni, finishing melamin.",
    ),
)
# which template a business's product types lead to (first match in its text)
KEYWORDS = (
    ("kerupuk", "kerupuk"), ("keripik", "keripik"), ("emping", "emping"), ("peyek", "peyek"),
    ("rengginang", "rengginang"), ("serabi", "serabi"), ("intip", "intip"), ("roti", "roti"),
    ("bolu", "roti"), ("lumpia", "roti"), ("kue", "kue"), ("abon", "abon"), ("sosis", "sosis"),
    ("sambal", "sambal"), ("madu", "madu"), ("kopi", "kopi"), ("getuk", "jenang"),
    ("jenang", "jenang"), ("brem", "jenang"), ("tahu", "tahu"), ("cabuk", "tahu"),
    ("wedang", "wedang"), ("jamu", "jamu"), ("dawet", "dawet"), ("teh", "minuman"),
    ("batik", "batik"), ("tenun", "tenun"), ("pakaian", "pakaian"), ("blangkon", "blangkon"),
    ("sepatu", "sepatu"), ("kulit", "kulit"), ("wayang", "wayang"), ("topeng", "topeng"),
    ("bambu", "bambu"), ("sangkar", "bambu"), ("anyaman", "anyaman"), ("eceng", "anyaman"),
    ("gerabah", "gerabah"), ("genteng", "genteng"), ("mebel", "mebel"), ("gamelan", "gamelan"),
    ("keris", "keris"), ("mainan", "mainan"), ("shuttlecock", "mainan"), ("lampu", "logam"),
    ("logam", "logam"), ("kaligrafi", "kaligrafi"),
)  # fmt: skip
# The HS subheading a customs broker would choose for each demo product, set by hand from
# the HS 2022 notes (not from the suggestion bridge); the suggestion is measured against it.
DEMO_HS = {
    "Keripik Tempe Sagu": "210690", "Keripik Singkong Balado": "200899",
    "Keripik Pisang Manis": "200899", "Keripik Usus Renyah": "160232",
    "Kerupuk Rambak Kulit Sapi": "160250", "Kerupuk Puli": "190590",
    "Kerupuk Bawang": "190590", "Emping Melinjo Super": "200819",
    "Peyek Kacang Tanah": "190590", "Peyek Teri": "190590",
    "Rengginang Ketan Terasi": "190490", "Roti Kecik": "190590",
    "Bolu Kukus Pandan": "190590", "Lumpia Semarang": "210690", "Kue Basah Tampah": "190590",
    "Serabi Notosuman": "190590", "Serabi Solo": "190590", "Intip Goreng Solo": "190490",
    "Abon Sapi Asli": "160250", "Abon Ayam": "160232", "Sosis Solo": "160232",
    "Sambal Bawang": "210390", "Sambal Terasi Matang": "210390",
    "Bumbu Pecel Madiun": "210390", "Madu Hutan Murni": "040900",
    "Kopi Bubuk Robusta Lawu": "090121", "Kopi Arabika Sangrai": "090121",
    "Jenang Dodol Ketan": "170490", "Getuk Lindri": "200899", "Brem Solo": "210690",
    "Tahu Bakso Ungaran": "160250", "Cabuk Rambak": "190590",
    "Wedang Uwuh Instan": "210690", "Jahe Merah Instan": "210690",
    "Jamu Kunyit Asam": "210690", "Jamu Beras Kencur": "210690", "Dawet Ayu Cup": "220299",
    "Teh Melati Seduh": "220299", "Batik Tulis Sutra": "500720", "Kain Batik Cap": "520852",
    "Kemeja Batik Pria": "620520", "Kain Tenun Lurik ATBM": "520842",
    "Sarung Tenun Ikat": "520842", "Selendang Tenun": "621490",
    "Kemeja Seragam Kantor": "620520", "Kaos Sablon Custom": "610910",
    "Blangkon Solo": "650500", "Tas Kulit Sapi": "420221", "Dompet Kulit Pria": "420231",
    "Ikat Pinggang Kulit": "420330", "Sepatu Kulit Pantofel": "640399",
    "Sandal Kulit": "640399", "Wayang Kulit Arjuna": "420500",
    "Wayang Kulit Gunungan": "420500", "Topeng Kayu Panji": "442011",
    "Besek Bambu": "460211", "Tampah Anyaman Bambu": "460211",
    "Sangkar Burung Bambu": "460211", "Tas Anyaman Pandan": "460219",
    "Keranjang Eceng Gondok": "460219", "Gerabah Pot Tanah Liat": "691490",
    "Guci Hias Terakota": "691390", "Genteng Press Jatiwangi": "690510",
    "Genteng Flam": "690510", "Kursi Jati Minimalis": "940169", "Meja Makan Jati": "940360",
    "Lemari Jati Ukir": "940360", "Gamelan Perunggu Satu Set": "920600",
    "Bonang Barung": "920600", "Keris Pamor Luk 7": "930700",
    "Mainan Kayu Edukatif": "950300", "Dakon Kayu": "950490",
    "Shuttlecock Bulu Angsa": "950699", "Kerajinan Tembaga Hias": "830629",
    "Lampu Hias Kuningan": "940549", "Kaligrafi Kayu Ukir": "442011",
}  # fmt: skip
FOOD_CERTIFICATES = {"halal", "pirt", "bpom"}
ANY_CERTIFICATES = {"sni", "brand"}

# (slug, title, organisation, regency prefixes, categories (empty: any), size, description)
COLLECTIONS = (
    ("produk-unggulan-solo", "Produk Unggulan Solo", "disnakerperin-surakarta", ("33.72",), (), 16, "Pilihan Dinas Tenaga Kerja dan Perindustrian Kota Surakarta: batik, kuliner dan kerajinan terbaik binaan kota Solo."),
    ("solo-leading-industry-expo", "Solo Leading Industry Expo", "disnakerperin-surakarta", ("33.72",), ("kuliner", "fesyen", "kerajinan"), 24, "Pameran daring IKM unggulan Kota Surakarta, pendamping Solo Leading Industry Expo."),
    ("gelar-produk-ikm-dki", "Gelar Produk IKM DKI Jakarta", "disperin-dki", ("31.",), (), 24, "Produk IKM binaan Dinas Perindustrian dan Energi DKI Jakarta dari Gelar Produk IKM di Balai Kota, Blok G."),
    ("temu-bisnis-blitar", "Temu Bisnis Blitar", "disperindag-blitar", ("35.05", "35.72"), (), 16, "Produk siap pasok untuk temu bisnis dengan pembeli dan ritel modern di Kabupaten Blitar."),
    ("solo-kediri-b2b", "Solo × Kediri B2B Day", "kadin-surakarta", ("33.72", "35.71"), (), 20, "Produk pilihan Kadin Surakarta dan Kadin Kediri untuk pertemuan bisnis B2B di Hotel Paragon Solo."),
)  # fmt: skip


def _template(business: Business) -> Template | None:
    text = f"{business.product_types} {business.name}".lower()
    by_key = {t.key: t for t in TEMPLATES}
    for word, key in KEYWORDS:
        if word in text:
            return by_key[key]
    return None


def _round(value: int) -> int:
    step = 500 if value < 50_000 else 5_000 if value < 1_000_000 else 50_000
    return max(step, round(value / step) * step)


def _font(size: int) -> Any:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType
        return ImageFont.load_default()


@functools.cache
def photo(name: str, colour: tuple[int, int, int], variant: int = 0, size: int = 480) -> bytes:
    """A product shot drawn by the project: a package in the category's colour on a light
    background, the product's name on its label."""

    def box(*xs: float) -> tuple[int, ...]:  # drawn on a 720-unit canvas, scaled
        return tuple(round(x * size / 720) for x in xs)

    background = tuple(min(255, 200 + c // 5) for c in colour)
    image = Image.new("RGB", (size, size), background)  # type: ignore[arg-type]
    draw = ImageDraw.Draw(image)
    draw.ellipse(box(90, 560, 630, 660), fill=tuple(max(0, c - 60) for c in background))
    shape = variant % 3
    if shape == 0:  # a standing pouch
        draw.rounded_rectangle(box(180, 120, 540, 610), radius=size // 18, fill=colour)
        draw.rectangle(box(180, 150, 540, 170), fill=tuple(max(0, c - 40) for c in colour))
    elif shape == 1:  # a jar or bottle
        draw.rounded_rectangle(box(250, 90, 470, 150), radius=size // 60, fill=(60, 60, 60))
        draw.rounded_rectangle(box(200, 150, 520, 610), radius=size // 12, fill=colour)
    else:  # a folded cloth or a box
        for i, shade in enumerate((0, 25, 50)):
            top = 220 + i * 110
            draw.rounded_rectangle(
                box(130, top, 590, top + 140),
                radius=size // 45,
                fill=tuple(max(0, c - shade) for c in colour),
            )
    draw.rounded_rectangle(box(210, 300, 510, 460), radius=size // 45, fill=(255, 250, 240))
    words = name.split()
    lines = [" ".join(words[: (len(words) + 1) // 2]), " ".join(words[(len(words) + 1) // 2 :])]
    font = _font(max(12, size // 24))
    for i, line in enumerate(line for line in lines if line):
        left, _top, right, _bottom = draw.textbbox((0, 0), line, font=font)
        y = box(0, 335 + i * 45)[1]
        draw.text(((size - (right - left)) / 2, y), line, fill=(40, 30, 20), font=font)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def load(context: Any) -> None:
    with scopes_disabled():
        if not Product.objects.filter(extra__demo=MARKER).exists():
            with transaction.atomic():
                _load(context)
        count = Product.objects.filter(extra__demo=MARKER).count()
        example = write_products_example(Path(settings.DATA_DIR) / "contoh" / PRODUCTS_WORKBOOK)
    print(f"Catalog: {count:,} demo products; building the search index")
    print(f"Example product list to try the product import (Impor produk): {example}")
    indexing.rebuild()


# --- the example product list ---------------------------------------------------------------

PRODUCTS_WORKBOOK = "contoh-produk-ikm-surakarta.xlsx"
PRODUCTS_ORGANISATION = "disnakerperin-surakarta"
PRODUCTS_HEADER = [
    "NO", "NIB", "NAMA USAHA", "NAMA PRODUK", "KATEGORI/JENIS", "HARGA", "SATUAN",
    "MIN. ORDER", "KAPASITAS/BLN", "BERAT", "KEMASAN", "MASA SIMPAN", "KODE HS", "STATUS",
]  # fmt: skip


def products_example_rows() -> list[list[Any]]:
    """An office's product list as typed: prices as ``25rb``, ranges, units in local words,
    weights in gr and kg, and the quirks the import reports (an unknown category, a bad HS
    code, a negative minimum order, a business the office does not coach, a product the
    catalog already has). Built from the demo businesses, so it needs the demo loaded."""
    organisation = Organisation.objects.get(slug=PRODUCTS_ORGANISATION)
    coached = list(
        Business.objects.live()
        .filter(
            coaching__organisation=organisation,
            coaching__active=True,
            nib__isnull=False,
            products__isnull=False,
        )
        .exclude(status="closed")
        .distinct()
        .order_by("pk")[:4]
    )
    stranger = (
        Business.objects.live()
        .exclude(coaching__organisation=organisation)
        .filter(nib__isnull=False)
        .order_by("pk")
        .first()
    )
    if len(coached) < 4 or stranger is None:
        return []
    first, second, third, fourth = coached
    existing = Product.objects.filter(business=first).order_by("pk").first()
    assert existing is not None
    return [
        [1, first.nib, first.name, existing.name.upper(), existing.category.name, "Rp 27.500", "pcs", 10, "500 pcs", "250 gr", existing.packaging or "Plastik", "6 bulan", existing.hs_code or None, "TAYANG"],
        [2, first.nib, first.name, "Keripik Tempe Balado", "Makanan ringan", "25rb", "bungkus", 20, "1.000", "200 gr", "Standing pouch", "3 bulan", "200520", "TAYANG"],
        [3, int(second.nib or 0), second.name, "Sambal Bawang Botol", "Kuliner - Bumbu", "Rp 30.000 - 45.000", "botol", "12 botol", 600, "1,5 kg", "Botol kaca", "1 tahun", 210390, "draf"],
        [4, second.nib, second.name, "Rengginang Ketan", "Snack", "15.000", "pak", 10, None, "250 gr", "Plastik", "2 minggu", None, None],
        [5, third.nib, third.name, "Kain Batik Tulis Sogan", "Fesyen/Batik", "350rb-750rb", "lembar", 2, 40, "300 gr", "Kotak", None, "2005", "TAYANG"],
        [6, third.nib, third.name, "Selendang Batik Cap", "Batik", "Rp. 85.000,-", "lembar", -5, 100, None, "Plastik", None, None, None],
        [None, None, None, None, None, None, None, None, None, None, None, None, None, None],
        [7, fourth.nib, fourth.name, "Tas Anyaman Pandan", "Kerajinan anyaman", "Rp 120.000", "pcs", 5, 80, "0,4 kg", "Kardus", None, "460219", "tayang"],
        [8, stranger.nib, stranger.name, "Kopi Robusta Bubuk", "Kopi dan teh", "45rb", "pak", 10, 300, "250 gr", "Standing pouch", "1 tahun", "090121", "TAYANG"],
        [None, None, "JUMLAH", None, None, None, None, None, None, None, None, None, None, None],
    ]  # fmt: skip


def write_products_example(path: Path) -> Path | None:
    """Write the example product list (title rows, header on row 4); ``None`` when the
    demo businesses it names are not there."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows = products_example_rows()
    if not rows:
        return None
    book = Workbook()
    sheet = book.active
    sheet.title = "Produk binaan"
    sheet["A1"] = "DAFTAR PRODUK IKM BINAAN DISNAKERPERIN KOTA SURAKARTA"
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.merge_cells("A1:N1")
    sheet["A2"] = "Diperbarui untuk katalog daring"
    sheet.append([])
    sheet.append(PRODUCTS_HEADER)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for letter, width in zip("ABCDEFGHIJKLMN", (5, 16, 28, 28, 20, 20, 9, 11, 13, 9, 16, 12, 10, 9),
                             strict=True):  # fmt: skip
        sheet.column_dimensions[letter].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


@functools.cache
def _stored(name: str, colour: tuple[int, int, int], shape: int) -> tuple[bytes, bytes, int, int]:
    """A demo photo as the services would store it: the cleaned original (480 px, so the
    pages use it as the large size) and its 400 px WebP."""
    clean = photos.clean(photo(name, colour, shape))
    thumb = photos.webp(clean.data, photos.THUMB_SIDE)
    return clean.data, thumb.data, thumb.width, thumb.height


def _load(context: Any) -> None:
    """Products written in bulk (the demo's own data; people's changes go through the
    services): a few seconds instead of a minute for 600 products and their photos."""
    rng = random.Random(SEED)
    businesses = list(
        Business.objects.live()
        .filter(extra__demo="registry")
        .exclude(status="closed")
        .prefetch_related("certificates")
        .order_by("pk")
    )
    categories = {c.slug: c for c in Category.objects.all()}
    now = timezone.now()
    today = timezone.localdate()
    taken: set[str] = set(Product.objects.values_list("slug", flat=True))
    rows: list[tuple[Product, list[tuple[str, int]], list[int], int]] = []
    for business in businesses:
        template = _template(business)
        if template is None:
            continue
        count = rng.choice((1, 1, 2, 2, 3))
        names = rng.sample(template.names, min(count, len(template.names)))
        wallet = [
            c.pk
            for c in business.certificates.all()
            if c.kind
            in (FOOD_CERTIFICATES if template.category.startswith("kuliner") else set())
            | ANY_CERTIFICATES
            and (c.expires_on is None or c.expires_on >= today)
        ]
        for number, name in enumerate(names):
            base = _round(rng.randint(*template.price))
            variants = rng.sample(template.variants, min(len(template.variants), rng.randint(0, 3)))
            priced = [(v, _round(base * (1 + 0.15 * i))) for i, v in enumerate(variants)]
            prices = [price for _v, price in priced] or [base]
            slug = slugify(name)
            number_suffix = 2
            while slug in taken:
                slug = f"{slugify(name)}-{number_suffix}"
                number_suffix += 1
            taken.add(slug)
            published = now - timezone.timedelta(days=rng.randint(0, 400), minutes=number)
            product = Product(
                business=business,
                name=name,
                slug=slug,
                description=richtext.clean(template.description),
                category=categories[template.category],
                price_min=min(prices),
                price_max=max(prices),
                unit=template.unit,
                min_order=rng.choice(template.min_order),
                capacity_per_month=_round(rng.randint(*template.capacity)) // 10 * 10 or 10,
                weight_grams=template.weight,
                packaging=template.packaging,
                shelf_life_days=template.shelf_life,
                hs_code=DEMO_HS[name] if rng.random() < 0.6 else "",
                export_ready=bool(wallet) and rng.random() < 0.2,
                status=ProductStatus.PUBLISHED,
                published_at=published,
                source="officer",
                extra={"demo": MARKER},
            )
            shots = rng.choice((1, 1, 2)) if rng.random() < PHOTO_SHARE else 0
            rows.append((product, priced, wallet, shots))
    Product.objects.bulk_create([row[0] for row in rows], batch_size=500)
    ProductVariant.objects.bulk_create(
        [
            ProductVariant(product=product, name=name, price=price, position=position)
            for product, priced, _w, _s in rows
            for position, (name, price) in enumerate(priced)
        ],
        batch_size=1000,
    )
    through = Product.certificates.through
    through.objects.bulk_create(
        [
            through(product_id=product.pk, certificate_id=certificate)
            for product, _p, wallet, _s in rows
            for certificate in wallet
        ],
        batch_size=1000,
    )
    storage = default_storage
    pictures: list[ProductPhoto] = []
    by_name = {t_name: t for t in TEMPLATES for t_name in t.names}
    for product, _p, _w, shots in rows:
        template = by_name[product.name]
        for shot in range(shots):
            original, thumb, width, height = _stored(
                product.name, template.colour, (len(product.name) + shot) % 3
            )
            key = f"demo-{product.pk}-{shot}"
            pictures.append(
                ProductPhoto(
                    product=product,
                    position=shot,
                    original=storage.save(f"products/demo/{key}.jpg", ContentFile(original)),
                    thumb=storage.save(f"products/thumbs/demo/{key}.webp", ContentFile(thumb)),
                    large="",
                    width=480,
                    height=480,
                    thumb_width=width,
                    thumb_height=height,
                    alt_text=f"{product.name}, {template.packaging}",
                )
            )
    ProductPhoto.objects.bulk_create(pictures, batch_size=1000)
    _collections(rng, [row[0] for row in rows])


def _collections(rng: random.Random, products: list[Product]) -> None:
    organisations = {o.slug: o for o in Organisation.objects.all()}
    for slug, title, org_slug, prefixes, roots, size, description in COLLECTIONS:
        organisation = organisations.get(org_slug)
        if organisation is None or Collection.objects.filter(slug=slug).exists():
            continue
        pool = [
            p
            for p in products
            if p.business.regency_code.startswith(prefixes)
            and (not roots or p.category.slug.split("-")[0] in roots)
        ]
        with_photos = set(
            ProductPhoto.objects.filter(product__in=pool).values_list("product_id", flat=True)
        )
        pool.sort(key=lambda p: (p.pk not in with_photos, p.pk))
        chosen = pool[: size * 2]
        rng.shuffle(chosen)
        collection = collection_create(
            actor=None, organisation=organisation, title=title, description=description, slug=slug
        )
        for product in chosen[:size]:
            collection_add_product(actor=None, collection=collection, product=product)
        cover = photo(title, (40, 90, 140), 2)
        collection_set_cover(actor=None, collection=collection, file=io.BytesIO(cover))
        collection.refresh_from_db()
        collection.is_published = True
        collection.published_at = timezone.now()
        collection.cover_alt = title
        collection.save(update_fields=["is_published", "published_at", "cover_alt"])
