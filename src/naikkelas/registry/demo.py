"""The registry's demo: several hundred generated, realistic businesses of Kota Surakarta,
DKI Jakarta, Kota Kediri and Kabupaten Blitar, their owners, certificates, online shops,
size-class history and coaching relations; three clusters (sentra); about twenty
businesses registered twice (by another office or by the owner) for the duplicates
review; and an example messy spreadsheet for officers to try the import.

Names, owners, phones, NIB and addresses come from the labelled generator of duplicate
detection (``registry.dedupe.generate``), villages from the Region table. Everything is
seeded, so two runs on two machines make the same businesses; only the certificate dates
are relative to today, so that some always expire within 60 days. Running it again adds
nothing: the businesses carry ``extra["demo"]``.

To write the example spreadsheet again (it is committed in ``demo_data/``)::

    naikkelas manage shell -c "from naikkelas.registry.demo import write_example_workbook, \
DEMO_DATA, EXAMPLE_WORKBOOK; write_example_workbook(DEMO_DATA / EXAMPLE_WORKBOOK)"
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled

from naikkelas.core.models import Region, RegionLevel, User
from naikkelas.registry.dedupe import generate as gen
from naikkelas.registry.models import (
    Business,
    BusinessSource,
    BusinessStatus,
    Certificate,
    CertificateKind,
    ChannelKind,
    Cluster,
    CoachingRelation,
    LegalForm,
    OnlineChannel,
    SizeClassSnapshot,
)
from naikkelas.registry.services.businesses import (
    BusinessData,
    OwnerData,
    business_coach,
    business_register,
    business_update,
)
from naikkelas.registry.services.duplicates import duplicates_find

MARKER = "registry"  # Business.extra["demo"]
SEED = 2021
DEMO_DATA = Path(__file__).resolve().parent / "demo_data"
EXAMPLE_WORKBOOK = "contoh-data-ikm-surakarta.xlsx"
SOON_DAYS = 60  # the certificate wallet's window


@dataclass(frozen=True)
class Area:
    key: str
    regencies: tuple[str, ...]
    organisation: str
    officer: str  # key of the demo person who registers them
    count: int  # generated businesses, clusters and Siti's business excluded
    programs: tuple[str, ...]
    streets: tuple[str, ...] = ()  # empty: the generator's (Solo) street names
    # a second office that coaches some of them: (slug, program, share)
    also: tuple[str, str, float] | None = None


AREAS = (
    Area(
        "solo",
        ("33.72",),
        "disnakerperin-surakarta",
        "officer_solo",
        115,
        (
            "Technolink 2020",
            "Solo Leading Industry Expo 2020",
            "Pelatihan Desain Kemasan 2021",
            "Kelas Ekspor IKM 2021",
        ),
        also=("kadin-surakarta", "Temu Bisnis Kadin Solo - Kadin Kediri 2021", 0.15),
    ),
    Area(
        "jakarta",
        ("31.71", "31.72", "31.73", "31.74", "31.75"),
        "disperin-dki",
        "officer_jakarta",
        100,
        ("OK OCE 2018", "Gelar Produk IKM 2018", "Pendampingan Sertifikasi Halal 2021"),
        streets=(
            "Kramat Raya",
            "Pramuka",
            "Matraman Raya",
            "Cempaka Putih Tengah",
            "Tebet Raya",
            "Kalibata Raya",
            "Pasar Minggu",
            "Fatmawati",
            "Ciledug Raya",
            "Daan Mogot",
            "Kyai Tapa",
            "Pluit Raya",
            "Bekasi Raya",
            "Pemuda",
            "Raya Bogor",
            "Condet Raya",
            "Swadaya",
            "H. Ten",
            "Salemba Raya",
            "Mampang Prapatan",
        ),
        also=("dekranasda-dki", "Gelar Produk IKM 2018", 0.2),
    ),
    Area(
        "kediri",
        ("35.71",),
        "kadin-kediri",
        "officer_kediri",
        70,
        ("Temu Bisnis Kadin Solo - Kadin Kediri 2021", "Kediri Great Sale 2022"),
        streets=(
            "Dhoho",
            "Brawijaya",
            "Hayam Wuruk",
            "Joyoboyo",
            "Mayor Bismo",
            "Letjen Sutoyo",
            "Sersan Bahrun",
            "Pahlawan Kusuma Bangsa",
            "Veteran",
            "Semeru",
            "Penanggungan",
            "Raung",
            "Agus Salim",
            "Kilisuci",
            "Erlangga",
            "Urip Sumoharjo",
        ),
        also=("rumah-kurasi-kediri", "Kurasi Produk UMKM 2021", 0.3),
    ),
    Area(
        "blitar",
        ("35.05",),
        "disperindag-blitar",
        "officer_blitar",
        60,
        ("Temu Bisnis IKM 2021", "Pelatihan Pemasaran Daring 2021"),
        streets=(
            "Raya Kanigoro",
            "Raya Garum",
            "Raya Wlingi",
            "Raya Srengat",
            "Merdeka",
            "Anjasmoro",
            "Mastrip",
            "Ir. Soekarno",
            "Raya Sutojayan",
            "Raya Kademangan",
            "Raya Talun",
            "Raya Nglegok",
            "Raya Udanawu",
            "Sumber Jaya",
        ),
    ),
)

# The IKM divisions of KBLI 2020 the demo uses, and what a business name says it makes.
# Names that say no product (a bare brand, a cooperative) or a service are drawn again.
PRODUCTS: dict[str, tuple[str, str]] = {
    "Keripik": ("10", "keripik"), "Kripik": ("10", "keripik"), "Kerupuk": ("10", "kerupuk"),
    "Serabi": ("10", "serabi"), "Intip": ("10", "intip goreng"), "Roti": ("10", "roti, kue"),
    "Kue": ("10", "kue basah"), "Abon": ("10", "abon sapi"), "Sambal": ("10", "sambal"),
    "Emping": ("10", "emping melinjo"), "Madu": ("10", "madu"), "Kopi": ("10", "kopi bubuk"),
    "Getuk": ("10", "getuk"), "Jenang": ("10", "jenang, dodol"), "Bolu": ("10", "bolu kukus"),
    "Rengginang": ("10", "rengginang"), "Peyek": ("10", "peyek kacang"),
    "Brem": ("10", "brem"), "Sosis": ("10", "sosis solo"), "Lumpia": ("10", "lumpia"),
    "Cabuk": ("10", "cabuk rambak"), "Tahu": ("10", "tahu bakso"),
    "Wedang": ("11", "wedang uwuh, minuman rempah"), "Jamu": ("11", "jamu gendong"),
    "Dawet": ("11", "dawet"), "Es": ("11", "minuman teh"),
    "Batik": ("13", "batik tulis, batik cap"), "Tenun": ("13", "kain tenun lurik"),
    "Konveksi": ("14", "pakaian jadi, seragam"), "Blangkon": ("14", "blangkon"),
    "Kulit": ("15", "tas dan dompet kulit"), "Sepatu": ("15", "sepatu kulit"),
    "Wayang": ("32", "wayang kulit"), "Bambu": ("16", "kerajinan bambu"),
    "Sangkar": ("16", "sangkar burung"), "Anyaman": ("16", "tas anyaman"),
    "Eceng": ("16", "kerajinan eceng gondok"), "Topeng": ("16", "topeng kayu"),
    "Gerabah": ("23", "gerabah, pot tanah liat"), "Genteng": ("23", "genteng"),
    "Mebel": ("31", "mebel jati"), "Gamelan": ("32", "gamelan"), "Keris": ("32", "keris"),
    "Mainan": ("32", "mainan kayu"), "Shuttlecock": ("32", "shuttlecock"),
    "Kaligrafi": ("32", "kaligrafi"), "Lampu": ("32", "lampu hias"),
}  # fmt: skip
# first words of the generator's services: "Foto Kopi" is no coffee
SERVICES = frozenset(item.split()[0] for item in gen.SERVICES)
FOOD_DIVISIONS = ("10", "11")
PUBLIC_FIELDS = ["description", "product_types", "region", "whatsapp", "channels", "sector"]
MARKETPLACES = (("Shopee", "https://shopee.co.id/"), ("Tokopedia", "https://www.tokopedia.com/"))


@dataclass
class _Planned:
    """One business to register: the generator's entity and what the registry adds."""

    key: str
    entity: Any  # gen._Entity
    area: Area
    division: str
    product_types: str
    sales: int | None
    capital: int | None
    earlier: tuple[int, int] | None = None  # (capital, sales) before it moved up a class
    workforce: tuple[int, int] | None = None
    cluster: str = ""


# --- the loader ----------------------------------------------------------------------------


def load(context: Any) -> None:
    """Load the registry's part of the demo (see the module docstring)."""
    with scopes_disabled():
        if not Business.objects.filter(extra__demo=MARKER).exists():
            with transaction.atomic():
                _load(context)
        context.extra["registry"] = _summary(context)
    path = copy_example_workbook()
    print(f"Example spreadsheet to try the import (Impor, menu Usaha): {path}")


def copy_example_workbook() -> Path:
    """The example spreadsheet, in the data folder where an officer can pick it."""
    target = Path(settings.DATA_DIR) / "contoh" / EXAMPLE_WORKBOOK
    target.parent.mkdir(parents=True, exist_ok=True)
    source = DEMO_DATA / EXAMPLE_WORKBOOK
    if source.exists():
        shutil.copyfile(source, target)
    else:  # an installation without the shipped file
        write_example_workbook(target)
    return target


def _summary(context: Any) -> dict[str, Any]:
    demo = Business.objects.filter(extra__demo=MARKER)
    owner = context.people.get("owner")
    return {
        "businesses": demo.count(),
        "owner_business": demo.filter(owners__user=owner).first() if owner else None,
        "clusters": {
            cluster.slug: cluster
            for cluster in Cluster.objects.filter(slug__in=[c[0] for c in CLUSTERS])
        },
    }


def _villages(prefixes: Sequence[str]) -> list[gen.Village]:
    inside = Q()
    for prefix in prefixes:
        inside |= Q(code__startswith=f"{prefix}.")
    rows = Region.objects.filter(inside, level=RegionLevel.VILLAGE).order_by("code")
    return [
        gen.Village(code, parent, name)
        for code, parent, name in rows.values_list("code", "parent_id", "name")
    ]


def _product(words: Sequence[str]) -> tuple[str, str] | None:
    if SERVICES.intersection(words):
        return None
    for word in words:
        if word in PRODUCTS:
            return PRODUCTS[word]
    return None


def _money(rng: random.Random) -> tuple[int | None, int | None, str]:
    """(capital, annual sales, class) spread over micro/small/medium, in whole rupiah."""
    juta = 1_000_000
    size = rng.choices(("micro", "small", "medium"), weights=(80, 15, 5))[0]
    if size == "micro":
        sales = rng.choice((rng.randint(36, 300), rng.randint(300, 1000), rng.randint(1000, 1950)))
        capital = rng.randint(5, min(900, max(10, sales // 2)))
    elif size == "small":
        sales, capital = rng.randint(2100, 14_500), rng.randint(400, 4800)
    else:
        sales, capital = rng.randint(15_500, 48_000), rng.randint(3000, 9500)
    roll = rng.random()
    if roll < 0.08:  # only the capital at registration is known
        return capital * juta, None, size
    if roll < 0.11:  # nothing reported yet
        return None, None, "unknown"
    return capital * juta, sales * juta, size


def _workforce(rng: random.Random, size: str, division: str) -> tuple[int, int] | None:
    if size == "unknown" and rng.random() < 0.5:
        return None
    total = {"micro": rng.randint(1, 4), "small": rng.randint(5, 19)}.get(size) or rng.randint(
        20, 90
    )
    women_share = 0.7 if division in ("10", "11", "13", "14") else 0.3
    women = sum(rng.random() < women_share for _ in range(total))
    return total - women, women


def _plan(rng: random.Random, phones: set[str]) -> tuple[list[_Planned], dict[str, gen._Maker]]:
    planned: list[_Planned] = []
    makers: dict[str, gen._Maker] = {}
    for area in AREAS:
        maker = gen._Maker(rng, _villages(area.regencies))
        maker.phones = phones  # one set: no phone twice across areas
        makers[area.key] = maker
        for index in range(area.count):
            while True:
                entity = maker.entity()
                product = _product(entity.words)
                if product is not None and entity.kind == "new":
                    break
            if area.streets and entity.street.startswith("Jl. "):
                street = f"Jl. {rng.choice(area.streets)} No. {rng.randint(1, 250)}"
                entity = replace(entity, street=street)
            capital, sales, size = _money(rng)
            planned.append(
                _Planned(
                    key=f"{area.key}-{index:03d}",
                    entity=entity,
                    area=area,
                    division=product[0],
                    product_types=product[1],
                    sales=sales,
                    capital=capital,
                    workforce=_workforce(rng, size, product[0]),
                )
            )
    return planned, makers


# slug, name, village code, organisation, area, kind of business, count, story
CLUSTERS = (
    (
        "kampung-batik-laweyan",
        "Kampung Batik Laweyan",
        "33.72.01.1002",
        "disnakerperin-surakarta",
        "solo",
        "Batik",
        14,
        "Kampung saudagar batik tertua di Surakarta. Sejak awal abad ke-20 para saudagar "
        "Laweyan membangun rumah bertembok tinggi yang masih berdiri di gang-gang kampung; "
        "di sini pula Kyai Haji Samanhudi mendirikan Sarekat Dagang Islam pada 1905. Sejak "
        "2004 warga menatanya kembali sebagai kampung wisata batik: puluhan usaha batik "
        "tulis, cap dan kombinasi membuka galeri, showroom dan kelas membatik.",
    ),
    (
        "kampung-batik-kauman",
        "Kampung Batik Kauman",
        "33.72.03.1009",
        "disnakerperin-surakarta",
        "solo",
        "Batik",
        10,
        "Kampung di sekitar Masjid Agung Surakarta, dulu tempat tinggal abdi dalem ulama "
        "Keraton Kasunanan. Batik Kauman mewarisi motif klasik keraton seperti Parang, "
        "Kawung, Truntum dan Sido Mukti, dikerjakan di rumah-rumah produksi keluarga yang "
        "kini juga menerima wisatawan dan pesanan seragam.",
    ),
    (
        "kampung-tenun-ikat-bandar-kidul",
        "Kampung Tenun Ikat Bandar Kidul",
        "35.71.01.1002",
        "kadin-kediri",
        "kediri",
        "Tenun Ikat",
        10,
        "Sentra tenun ikat Kota Kediri di Kelurahan Bandar Kidul, Kecamatan Mojoroto. Kain "
        "tenun ikat dikerjakan turun-temurun dengan alat tenun bukan mesin (ATBM); motif "
        "dan warnanya kini dikembangkan untuk sarung, kain busana dan dekorasi, dan dijual "
        "ke luar daerah lewat pameran dan toko daring.",
    ),
)
CLUSTER_PRODUCTS = {
    "Batik": ("13", "batik tulis, batik cap, kain dan kemeja batik"),
    "Tenun Ikat": ("13", "kain tenun ikat, sarung tenun, selendang"),
}


def _plan_clusters(
    rng: random.Random, makers: dict[str, gen._Maker]
) -> tuple[list[_Planned], dict[str, tuple[str, str]]]:
    planned: list[_Planned] = []
    coordinators: dict[str, tuple[str, str]] = {}
    for slug, _name, village_code, _org, area_key, kind, count, _story in CLUSTERS:
        maker = makers[area_key]
        area = next(a for a in AREAS if a.key == area_key)
        village = next(v for v in maker.villages if v.code == village_code)
        names: set[str] = set()
        for index in range(count):
            while True:
                brand = rng.choice(gen.MOTIFS + gen.BRAND + gen.COMMON_BRANDS)
                words = (*kind.split(), *brand.split())
                if " ".join(words) not in names:
                    names.add(" ".join(words))
                    break
            owner, female = maker.owner()
            entity = gen._Entity(
                cluster=maker._cluster(),
                words=words,
                split=len(kind.split()),
                legal=rng.choice(("CV", "UD", None, None, None)),
                owner=owner,
                female=female,
                phone=maker.phone(),
                nib=maker.nib() if rng.random() < 0.7 else None,
                street=maker.street(village),
                village=village,
                email=maker.email(owner, words) if rng.random() < 0.4 else None,
                kind="new",
            )
            if area.streets and entity.street.startswith("Jl. "):
                entity = replace(entity, street=f"{village.name} RT 0{rng.randint(1, 9)}")
            capital, sales, size = _money(rng)
            division, products = CLUSTER_PRODUCTS[kind]
            planned.append(
                _Planned(
                    key=f"{slug}-{index:02d}",
                    entity=entity,
                    area=area,
                    division=division,
                    product_types=products,
                    sales=sales,
                    capital=capital,
                    workforce=_workforce(rng, size, division),
                    cluster=slug,
                )
            )
        owner, _female = maker.owner()
        coordinators[slug] = (owner, maker.phone())
    return planned, coordinators


def _legal(entity: Any) -> tuple[str, str]:
    """(name as registered, legal form): CV/UD/PT become the legal form."""
    name = " ".join(entity.words)
    forms = {"CV": LegalForm.CV, "UD": LegalForm.UD, "PT": LegalForm.PT}
    if entity.legal in forms:
        return name, forms[entity.legal]
    if entity.legal:
        return f"{entity.legal} {name}", LegalForm.INDIVIDUAL
    return name, LegalForm.INDIVIDUAL


def _nik(rng: random.Random, village_code: str, female: bool) -> str:
    """A NIK of the right shape: region (6), birth date (6, day + 40 for women), serial."""
    region = village_code.replace(".", "")[:6]
    day = rng.randint(1, 28) + (40 if female else 0)
    birth = f"{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 99):02d}"
    return f"{region}{birth}{rng.randint(1, 999):04d}"


def _description(rng: random.Random, plan: _Planned) -> str:
    year = rng.randint(1985, 2019)
    village = plan.entity.village.name
    return rng.choice(
        (
            f"Usaha {plan.product_types} dari {village}, berdiri sejak {year}.",
            f"Memproduksi {plan.product_types} sejak {year}; menerima pesanan partai dan "
            "oleh-oleh.",
            f"Usaha keluarga di {village} sejak {year}. Produk: {plan.product_types}.",
        )
    )


def _register(
    plan: _Planned,
    *,
    rng: random.Random,
    context: Any,
) -> Business:
    entity = plan.entity
    area = plan.area
    organisation = context.organisations[area.organisation]
    officer = context.people[area.officer]
    name, legal_form = _legal(entity)
    capital, sales = plan.earlier if plan.earlier else (plan.capital, plan.sales)
    reported = dt.date(2021, 12, 31) if plan.earlier else dt.date(2024, 12, 31)
    men, women = plan.workforce if plan.workforce else (None, None)
    business = business_register(
        actor=officer,
        organisation=organisation,
        program=rng.choice(area.programs),
        data=BusinessData(
            name=name,
            legal_form=legal_form,
            nib=entity.nib,
            address=entity.street,
            village_code=entity.village.code,
            kbli=plan.division,
            product_types=plan.product_types,
            workforce_men=men,
            workforce_women=women,
            capital=capital,
            capital_reported_on=reported if capital is not None else None,
            annual_sales=sales,
            sales_reported_on=reported if sales is not None else None,
            description=_description(rng, plan),
            extra={"demo": MARKER, "demo_key": plan.key},
        ),
        owners=[
            OwnerData(
                name=entity.owner,
                gender="female" if entity.female else "male",
                phone=entity.phone or "",
                whatsapp=entity.phone is not None and rng.random() < 0.95,
                email=entity.email or "",
                nik=_nik(rng, entity.village.code, entity.female) if rng.random() < 0.35 else "",
            )
        ],
    )
    if plan.earlier:  # moved up a class: the registration is the earlier figure
        business = business_update(
            actor=officer,
            business=business,
            organisation=organisation,
            capital=plan.capital,
            annual_sales=plan.sales,
            capital_reported_on=dt.date(2024, 12, 31),
            sales_reported_on=dt.date(2024, 12, 31),
        )
    return business


def _certificates(
    rng: random.Random, business: Business, plan: _Planned, today: dt.date
) -> list[Certificate]:
    regency = Region.objects.get(code=business.regency_code).name if business.regency_code else ""
    digits = business.regency_code.replace(".", "")
    kinds: list[str] = []
    if plan.division in FOOD_DIVISIONS:
        if rng.random() < 0.7:
            kinds.append(CertificateKind.PIRT)
        if rng.random() < 0.45:
            kinds.append(CertificateKind.HALAL)
        if plan.sales and plan.sales > 2_000_000_000 and rng.random() < 0.5:
            kinds.append(CertificateKind.BPOM)
    elif plan.division in ("13", "23", "31") and rng.random() < 0.08:
        kinds.append(CertificateKind.SNI)
    if rng.random() < 0.2:
        kinds.append(CertificateKind.BRAND)
    made = []
    for kind in kinds:
        years = {CertificateKind.BRAND: 10, CertificateKind.HALAL: 4, CertificateKind.SNI: 4}
        validity = years.get(kind, 5) * 365
        roll = rng.random()
        if roll < 0.14:  # in the wallet: expires within 60 days
            expires = today + dt.timedelta(days=rng.randint(3, SOON_DAYS - 2))
        elif roll < 0.2:  # already expired
            expires = today - dt.timedelta(days=rng.randint(10, 400))
        else:
            expires = today + dt.timedelta(days=rng.randint(90, validity - 30))
        issued = expires - dt.timedelta(days=validity)
        year = issued.year % 100
        number, issuer = {
            CertificateKind.PIRT: (
                f"P-IRT No. {rng.randint(1, 5)}{rng.randint(1, 16):02d}{digits}"
                f"{rng.randint(1, 20):02d}{rng.randint(1, 9999):04d}-{(year + 5) % 100:02d}",
                f"DPMPTSP {regency}",
            ),
            CertificateKind.HALAL: (
                f"ID{digits[:2]}1100{rng.randint(10**6, 10**7 - 1)}{issued:%m%y}",
                "BPJPH Kementerian Agama",
            ),
            CertificateKind.BPOM: (
                f"BPOM RI MD {rng.randint(2, 8)}{rng.randint(10**11, 10**12 - 1)}",
                "Badan POM",
            ),
            CertificateKind.SNI: (
                f"SPPT-SNI {rng.randint(100, 999)}/LSPro-BBKB/{issued.year}",
                "LSPro Balai Besar Kerajinan dan Batik",
            ),
            CertificateKind.BRAND: (
                f"IDM000{rng.randint(100_000, 999_999)}",
                "Direktorat Jenderal Kekayaan Intelektual",
            ),
        }[kind]
        made.append(
            Certificate(
                business=business,
                kind=kind,
                number=number,
                issuer=issuer,
                issued_on=issued,
                expires_on=expires,
            )
        )
    return made


def _handle(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())[:24]


def _channels(rng: random.Random, business: Business, phone: str | None) -> list[OnlineChannel]:
    handle = _handle(business.name) + str(rng.randint(1, 99))
    made = []
    if rng.random() < 0.45:
        label, url = rng.choice(MARKETPLACES)
        made.append(OnlineChannel(business=business, kind=ChannelKind.MARKETPLACE, label=label,
                                  url=url + handle))  # fmt: skip
    if rng.random() < 0.4:
        made.append(OnlineChannel(business=business, kind=ChannelKind.INSTAGRAM, label="Instagram",
                                  url=f"https://www.instagram.com/{handle}"))  # fmt: skip
    if phone and rng.random() < 0.3:
        made.append(OnlineChannel(business=business, kind=ChannelKind.WHATSAPP, label="WhatsApp",
                                  url=f"https://wa.me/c/{phone.lstrip('+')}"))  # fmt: skip
    if rng.random() < 0.08:
        made.append(OnlineChannel(business=business, kind=ChannelKind.TIKTOK, label="TikTok",
                                  url=f"https://www.tiktok.com/@{handle}"))  # fmt: skip
    return made


def _load(context: Any) -> None:
    rng = random.Random(SEED)
    today = timezone.localdate()
    phones: set[str] = {"+6281234500001"}
    planned, makers = _plan(rng, phones)
    cluster_plans, coordinators = _plan_clusters(rng, makers)
    planned += cluster_plans
    # A few businesses moved up a class since 2021: registered then with smaller figures.
    for plan in rng.sample([p for p in planned if p.sales and p.sales > 2_500_000_000], 8):
        earlier_sales = rng.randint(900, 1900) * 1_000_000
        plan.earlier = (min(plan.capital or 0, 900_000_000) or None, earlier_sales)
    businesses: dict[str, Business] = {}
    certificates: list[Certificate] = []
    channels: list[OnlineChannel] = []
    for plan in planned:
        business = _register(plan, rng=rng, context=context)
        businesses[plan.key] = business
        certificates += _certificates(rng, business, plan, today)
        channels += _channels(rng, business, plan.entity.phone)
        if plan.area.also and rng.random() < plan.area.also[2]:
            slug, program, _share = plan.area.also
            business_coach(
                actor=None,
                business=business,
                organisation=context.organisations[slug],
                program=program,
            )
    _siti(context, today)
    Certificate.objects.bulk_create(certificates)
    OnlineChannel.objects.bulk_create(channels)
    _backdate(rng, planned, businesses)
    _clusters(context, cluster_plans, businesses, coordinators)
    _duplicates(rng, context, planned, makers)
    duplicates_find()  # opens the clusters the duplicates review shows


def _backdate(rng: random.Random, planned: list[_Planned], businesses: dict[str, Business]) -> None:
    """Dates the services set to today: coaching since, the first size-class snapshot of
    the businesses that moved up, a few dormant or closed businesses, public profiles."""
    for plan in planned:
        business = businesses[plan.key]
        since = dt.date(rng.randint(2016, 2021), rng.randint(1, 12), 1)
        CoachingRelation.objects.filter(business=business).update(since=since)
        if plan.earlier:
            SizeClassSnapshot.objects.filter(business=business, previous_class="").update(
                recorded_on=dt.date(2021, 12, 31)
            )
        roll = rng.random()
        changes: dict[str, Any] = {}
        if roll < 0.05:
            changes["status"] = BusinessStatus.DORMANT
        elif roll < 0.07:
            changes["status"] = BusinessStatus.CLOSED
        if rng.random() < 0.35:
            changes.update(is_public=True, public_fields=PUBLIC_FIELDS)
        if changes:
            Business.objects.filter(pk=business.pk).update(**changes)


def _siti(context: Any, today: dt.date) -> Business:
    """The demo owner's own business, which moved up from micro to small."""
    owner: User = context.people["owner"]
    solo = context.organisations["disnakerperin-surakarta"]
    officer = context.people["officer_solo"]
    business = business_register(
        actor=officer,
        organisation=solo,
        program="Pelatihan Desain Kemasan 2021",
        data=BusinessData(
            name="Keripik Tempe Bu Siti",
            nib="9120108765432",
            address="Jl. Dr. Radjiman No. 312",
            village_code="33.72.01.1001",  # Kelurahan Pajang, Kecamatan Laweyan
            kbli="10",
            product_types="keripik tempe, keripik tempe pedas, peyek kacang",
            workforce_men=1,
            workforce_women=4,
            capital=150_000_000,
            capital_reported_on=dt.date(2021, 12, 31),
            annual_sales=1_650_000_000,
            sales_reported_on=dt.date(2021, 12, 31),
            description="Keripik tempe tipis renyah dari tempe kedelai pilihan, digoreng "
            "dengan minyak baru setiap hari. Oleh-oleh khas Solo sejak 2009; kemasan standing "
            "pouch berzip sejak ikut pelatihan desain kemasan 2021.",
            extra={"demo": MARKER, "demo_key": "solo-owner"},
        ),
        owners=[
            OwnerData(
                name="Siti Rahayu",
                gender="female",
                phone="+6281234500001",
                email="pemilik@naikkelas.test",
                nik="3372014507780003",
                user=owner,
            )
        ],
    )
    business = business_update(
        actor=officer,
        business=business,
        organisation=solo,
        annual_sales=2_400_000_000,
        capital=180_000_000,
        sales_reported_on=dt.date(2024, 12, 31),
        capital_reported_on=dt.date(2024, 12, 31),
        is_public=True,
        public_fields=PUBLIC_FIELDS,
    )
    SizeClassSnapshot.objects.filter(business=business, previous_class="").update(
        recorded_on=dt.date(2021, 12, 31)
    )
    CoachingRelation.objects.filter(business=business).update(since=dt.date(2019, 3, 1))
    Certificate.objects.bulk_create(
        [
            Certificate(
                business=business,
                kind=CertificateKind.PIRT,
                number="P-IRT No. 2063372010123-26",
                issuer="DPMPTSP Kota Surakarta",
                issued_on=today - dt.timedelta(days=1200),
                expires_on=today + dt.timedelta(days=625),
            ),
            Certificate(
                business=business,
                kind=CertificateKind.HALAL,
                number="ID33110000412350921",
                issuer="BPJPH Kementerian Agama",
                issued_on=today - dt.timedelta(days=1440),
                expires_on=today + dt.timedelta(days=21),
            ),
        ]
    )
    OnlineChannel.objects.bulk_create(
        [
            OnlineChannel(
                business=business,
                kind=ChannelKind.MARKETPLACE,
                label="Shopee",
                url="https://shopee.co.id/keripiktempebusiti",
            ),
            OnlineChannel(
                business=business,
                kind=ChannelKind.INSTAGRAM,
                label="Instagram",
                url="https://www.instagram.com/keripiktempebusiti",
            ),
            OnlineChannel(
                business=business,
                kind=ChannelKind.WHATSAPP,
                label="WhatsApp",
                url="https://wa.me/c/6281234500001",
            ),
        ]
    )
    return business


def _clusters(
    context: Any,
    plans: list[_Planned],
    businesses: dict[str, Business],
    coordinators: dict[str, tuple[str, str]],
) -> None:
    for slug, name, village_code, organisation, _area, _kind, _count, story in CLUSTERS:
        village = Region.objects.get(code=village_code)
        coordinator, phone = coordinators[slug]
        cluster = Cluster.objects.create(
            organisation=context.organisations[organisation],
            name=name,
            slug=slug,
            region=village,
            address=f"Kelurahan {village.name}",
            story=story,
            coordinator=coordinator,
            coordinator_phone=phone,
        )
        cluster.members.set([businesses[p.key] for p in plans if p.cluster == slug])


# Who registers the second record of a business, per area: (organisation or None for the
# owner's own registration, the person acting).
DUPLICATE_SOURCES = {
    "solo": (("kadin-surakarta", "officer_kadin_solo"), (None, None)),
    "jakarta": (("dekranasda-dki", "officer_dekranasda"), (None, None)),
    "kediri": (("rumah-kurasi-kediri", None), (None, None)),
    "blitar": ((None, None),),
}
DUPLICATES_PER_AREA = {"solo": 7, "jakarta": 5, "kediri": 5, "blitar": 3}


def _duplicates(
    rng: random.Random,
    context: Any,
    planned: list[_Planned],
    makers: dict[str, gen._Maker],
) -> list[Business]:
    """About twenty businesses registered a second time, with the defects such records
    carry (legal form, titles, typos, another phone, NIB or village missing)."""
    made = []
    for area_key, count in DUPLICATES_PER_AREA.items():
        candidates = [p for p in planned if p.area.key == area_key]
        for index, plan in enumerate(rng.sample(candidates, count)):
            record = makers[area_key].write(
                plan.entity, f"dup-{area_key}-{index}", rng.choice((1, 2, 2, 3))
            )
            slug, person = rng.choice(DUPLICATE_SOURCES[area_key])
            organisation = context.organisations[slug] if slug else None
            actor = context.people[person] if person else None
            source = BusinessSource.OFFICER if organisation else BusinessSource.SELF
            made.append(
                business_register(
                    actor=actor,
                    organisation=organisation,
                    source=source,
                    data=BusinessData(
                        name=record.name,
                        address=record.address or "",
                        village_code=record.village_code,
                        kbli=plan.division if organisation else "",
                        product_types=plan.product_types if organisation else "",
                        annual_sales=(plan.earlier or (0, plan.sales))[1] if organisation else None,
                        sales_reported_on=dt.date(2021, 12, 31) if organisation else None,
                        extra={
                            "demo": MARKER,
                            "demo_key": f"dup-{plan.key}",
                            "demo_duplicate_of": plan.key,
                        },
                    ),
                    owners=[
                        OwnerData(
                            name=record.owner_name or plan.entity.owner,
                            gender="female" if plan.entity.female else "male",
                            phone=record.phone or "",
                        )
                    ],
                )
            )
    return made


# --- the example spreadsheet ---------------------------------------------------------------

WORKBOOK_TITLE = "DATA IKM BINAAN DINAS TENAGA KERJA DAN PERINDUSTRIAN KOTA SURAKARTA TAHUN 2021"
WORKBOOK_HEADER = [
    "NO", "NAMA USAHA", "NAMA PEMILIK", "L/P", "NO. HP/WA", "ALAMAT", "KEL.", "KEC.",
    "JML TK", "OMZET/BLN", "NIB", "JENIS PRODUK",
]  # fmt: skip
WORKBOOK_HEADER_ROW = 4
WORKBOOK_ROWS = 60  # numbered rows


def _workbook_rows(rng: random.Random) -> list[list[Any]]:
    """The numbered rows, as an officer typed them, with the quirks the import handles."""
    villages = gen.load_villages(regencies=("33.72",))
    districts = _district_names()
    maker = gen._Maker(rng, villages)
    maker.phones.add("+6281234500001")
    rows: list[list[Any]] = []
    for number in range(1, WORKBOOK_ROWS + 1):
        while True:
            entity = maker.entity()
            product = _product(entity.words)
            if product is not None:
                break
        record = maker.write(entity, number, 0)
        village, district = entity.village.name, districts[entity.village.district_code]
        phone_digits = (entity.phone or maker.phone())[3:]  # 8xxxxxxxxx
        phone: Any = rng.choice(
            (
                f"0{phone_digits[:3]}-{phone_digits[3:7]}-{phone_digits[7:]}",
                f"+62 {phone_digits[:3]} {phone_digits[3:7]} {phone_digits[7:]}",
                f"62{phone_digits}",
                int(phone_digits),  # typed as a number: the leading 0 is lost
                f"0{phone_digits}",
            )
        )
        monthly = rng.randint(2, 60) * 500_000
        omzet: Any = rng.choice(
            (
                f"Rp {monthly:,}".replace(",", "."),
                f"{monthly:,}".replace(",", ".") + ",00",
                f"{monthly / 1_000_000:g} jt".replace(".", ","),
                f"Rp{monthly // 1_000_000}juta" if monthly % 1_000_000 == 0 else monthly,
                monthly,
            )
        )
        nib: Any = None
        if entity.nib:
            nib = int(entity.nib) if rng.random() < 0.5 else entity.nib
        workers: Any = rng.randint(1, 12)
        if rng.random() < 0.15:
            workers = f"{workers} orang"
        rows.append(
            [
                number,
                record.name.upper() if rng.random() < 0.5 else record.name,
                record.owner_name or entity.owner,
                "P" if entity.female else "L",
                phone,
                record.address,
                rng.choice((village, village.upper(), f"Kel. {village}")),
                rng.choice((district, district.upper(), f"Kec. {district}")),
                workers,
                omzet,
                nib,
                product[1],
            ]
        )
    # The quirks an officer meets, at fixed rows so the guide and the tests can name them.
    rows[6][7], rows[6][6] = "Kartasura", "Pucangan"  # out of the city: Kabupaten Sukoharjo
    rows[31][7], rows[31][6] = "KEC. KARTASURA", "Ngabeyan"
    rows[14][4] = "0812-345"  # a phone number cut short
    rows[44][10] = "91201234567"  # an NIB of 11 digits
    rows[22][1:6] = [  # the demo owner's business, already in the registry
        "KERIPIK TEMPE BU SITI",
        "Ibu Siti Rahayu",
        "P",
        "0812-3450-0001",
        "Jl. Dr. Radjiman 312",
    ]
    rows[22][6:12] = ["Pajang", "Laweyan", 5, "Rp 200.000.000", None, "Keripik tempe"]
    return rows


def _district_names() -> dict[str, str]:
    import csv

    path = gen.VILLAGES_CSV.with_name("wilayah_districts.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def write_example_workbook(path: str | Path) -> Path:
    """Write the example spreadsheet of an office's IKM list, with its title rows, merged
    cells, header on row 4, local formats, blank rows, two rows outside Kota Surakarta, a
    bad phone, a bad NIB, a duplicate of a demo business and a JUMLAH row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    rng = random.Random(SEED + 1)
    rows = _workbook_rows(rng)
    book = Workbook()
    sheet = book.active
    sheet.title = "IKM 2021"
    last = chr(ord("A") + len(WORKBOOK_HEADER) - 1)
    sheet["A1"] = WORKBOOK_TITLE
    sheet["A2"] = "BIDANG PERINDUSTRIAN - KEADAAN S.D. 31 DESEMBER 2021"
    for row in (1, 2):
        sheet.merge_cells(f"A{row}:{last}{row}")
        sheet[f"A{row}"].font = Font(bold=True, size=12 if row == 1 else 11)
        sheet[f"A{row}"].alignment = Alignment(horizontal="center")
    for column, text in enumerate(WORKBOOK_HEADER, start=1):
        cell = sheet.cell(row=WORKBOOK_HEADER_ROW, column=column, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    line = WORKBOOK_HEADER_ROW + 1
    for index, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=line, column=column, value=value)
        line += 1
        if index in (20, 40):  # blank rows left between pages of the printout
            line += 1
    line += 1  # and one above the total
    sheet.cell(row=line, column=2, value="JUMLAH")
    sheet.cell(row=line, column=9, value=sum(r[8] for r in rows if isinstance(r[8], int)))
    sheet.merge_cells(f"B{line}:H{line}")
    for letter, width in zip("ABCDEFGHIJKL", (5, 32, 26, 5, 17, 34, 16, 16, 8, 16, 16, 28),
                             strict=True):  # fmt: skip
        sheet.column_dimensions[letter].width = width
    fixed = dt.datetime(2022, 1, 10, 9, 0)
    book.properties.creator = "Bidang Perindustrian"
    book.properties.created = fixed
    book.properties.modified = fixed
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target
