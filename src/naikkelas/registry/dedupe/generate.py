"""Labelled synthetic Indonesian businesses for tests and benchmarks (deterministic, seeded).

Each *entity* is one real-world business. Its first record is written the way an office
spreadsheet would have it; about 15 % of the records are further records of an entity
already present, carrying the defects seen when the same business arrives twice (legal form
added or dropped, title on the owner added or dropped, typos, abbreviations, old spelling,
phone or NIB missing on one side, another phone of the owner, address written differently,
word order, capitals). Some entities are *hard negatives* of another one: the same owner's
second business, a family member's business sharing the family phone, or a franchise-like
business with the same name in another district. The truth is a cluster id per record.

Villages are real Kemendagri codes read from the project's copy of the official list
(``naikkelas/core/data/wilayah_villages.csv``) at generation time, never typed here.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .normalise import normalise_business_name
from .records import BusinessRecord, RecordId

VILLAGES_CSV = Path(__file__).resolve().parents[2] / "core" / "data" / "wilayah_villages.csv"
# Solo Raya (Boyolali, Klaten, Sukoharjo, Wonogiri, Karanganyar, Sragen, Kota Surakarta):
# about 1,570 villages in 130 districts, so districts are dense the way a province office's
# registry is.
SOLO_RAYA = ("33.09", "33.10", "33.11", "33.12", "33.13", "33.14", "33.72")


@dataclass(frozen=True, slots=True)
class Village:
    code: str
    district_code: str
    name: str


def load_villages(
    path: Path | str = VILLAGES_CSV, regencies: Sequence[str] = SOLO_RAYA
) -> list[Village]:
    """Villages of the given regencies (``"33.72"``) from the official CSV, in file order."""
    prefixes = tuple(f"{code}." for code in regencies)
    with Path(path).open(newline="", encoding="utf-8") as handle:
        return [
            Village(row["code"], row["district_code"], row["name"].strip())
            for row in csv.DictReader(handle)
            if row["code"].startswith(prefixes)
        ]


# --- vocabulary ----------------------------------------------------------------------------

FEMALE = (
    "Sri", "Siti", "Tini", "Wahyuni", "Endang", "Sumarni", "Suharti", "Lestari", "Dewi",
    "Yuni", "Ratna", "Rini", "Sulastri", "Ninik", "Purwanti", "Sutarni", "Wartini", "Kartini",
    "Aminah", "Fatimah", "Umi", "Dwi", "Ani", "Yanti", "Suparni", "Mulyani", "Partini",
    "Winarsih", "Sumiyati", "Ngatini", "Tumini", "Rahayu", "Handayani", "Puji", "Indah",
    "Nurul", "Khotimah", "Maryam", "Rukmini", "Setyowati", "Astuti", "Yulia", "Eni", "Sarmi",
    "Painem", "Ngadinah", "Sukarsih", "Titik", "Widya", "Anisa", "Larasati", "Ayu", "Sekar",
)  # fmt: skip
MALE = (
    "Budi", "Slamet", "Joko", "Agus", "Bambang", "Sugeng", "Heru", "Teguh", "Wahyu", "Eko",
    "Ahmad", "Muhammad", "Sutrisno", "Suparman", "Sukirno", "Haryanto", "Widodo", "Susanto",
    "Hartono", "Sugiyono", "Purnomo", "Darmadi", "Yusuf", "Fajar", "Andi", "Paimin", "Ngadiman",
    "Suroso", "Sumardi", "Tukiman", "Giyanto", "Mulyadi", "Sarwono", "Triyono", "Gunawan",
    "Hendra", "Rudi", "Dedi", "Imam", "Arif", "Hadi", "Priyo", "Bayu", "Dimas", "Rizal",
    "Supardi", "Wagiman", "Kasno", "Parjo", "Tarno", "Sunarto", "Margono", "Karyadi",
)  # fmt: skip
SURNAMES = (
    "Wahyuni", "Santoso", "Riyadi", "Hidayat", "Setiawan", "Prasetyo", "Nugroho", "Susilo",
    "Wibowo", "Saputra", "Utomo", "Purnomo", "Kurniawan", "Rahmawati", "Lestari", "Handayani",
    "Sulistyo", "Hartono", "Suryani", "Maryati", "Wulandari", "Pratiwi", "Hastuti", "Rahayu",
    "Aminah", "Suryadi", "Gunawan", "Hermawan", "Kusuma", "Ningsih", "Astuti", "Widiastuti",
    "Firmansyah", "Ramadhan", "Syahputra", "Mulyono", "Subagyo", "Sutanto", "Haryono",
    "Suprapto", "Budiman", "Sudarmo", "Supriyadi", "Raharjo", "Sasongko", "Wicaksono",
)  # fmt: skip
# Old spellings an elder owner still writes, and the current spelling of the same name.
OLD_SPELLINGS = {
    "Joko": "Djoko", "Suparman": "Soeparman", "Sutrisno": "Soetrisno", "Suroso": "Soeroso",
    "Sumardi": "Soemardi", "Supardi": "Soepardi", "Sunarto": "Soenarto", "Sudarmo": "Soedarmo",
    "Subagyo": "Soebagijo", "Suprapto": "Soeprapto", "Sutanto": "Soetanto", "Rahayu": "Rahajoe",
    "Suryadi": "Soerjadi", "Suryani": "Soerjani", "Mulyono": "Moeljono", "Raharjo": "Rahardjo",
    "Purnomo": "Poernomo", "Wahyuni": "Wahjoeni", "Budiman": "Boediman",
}  # fmt: skip
PREFIX_TITLES_F = ("Ibu", "Bu", "Hj.", "Ibu Hj.", "Ny.", "Sdri.")
PREFIX_TITLES_M = ("Bapak", "Bpk.", "Pak", "H.", "Bpk. H.", "Sdr.", "Drs.", "Ir.")
DEGREES = (", S.E.", ", S.Pd.", " S.Pd", ", S.H.", ", A.Md.", ", S.Kom.", ", M.M.", " SE")
HON_F = ("Bu", "Mbak", "Mbok", "Bu", "Bu")
HON_M = ("Pak", "Mas", "Pak", "Pak", "Cak")

FOOD = (
    "Keripik Tempe", "Keripik Singkong", "Keripik Pisang", "Kerupuk Rambak", "Kerupuk Puli",
    "Bakso", "Soto Ayam", "Sate Kambing", "Nasi Liwet", "Serabi", "Intip Goreng",
    "Jamu Gendong", "Tahu Bakso", "Wedang Uwuh", "Roti Kecik", "Kue Basah", "Catering",
    "Dawet Ayu", "Gudeg", "Selat Solo", "Timlo", "Abon Sapi", "Sambal", "Emping Melinjo",
    "Madu Hutan", "Kopi Bubuk", "Tengkleng", "Wedang Ronde", "Getuk Lindri", "Jenang",
    "Bolu Kukus", "Keripik Usus", "Rengginang", "Peyek Kacang", "Ayam Geprek", "Mie Ayam",
    "Lumpia", "Brem", "Sosis Solo", "Cabuk Rambak", "Tahu Kupat", "Bakmi Jawa", "Es Teh",
)  # fmt: skip
SERVICES = (
    "Warung Makan", "Salon", "Penjahit", "Laundry", "Bengkel Motor", "Foto Kopi",
    "Rias Pengantin", "Sablon Kaos", "Servis Elektronik", "Cuci Motor", "Percetakan",
)  # fmt: skip
CRAFT = (
    "Mebel Jati", "Konveksi", "Bengkel Las", "Genteng", "Gamelan", "Wayang Kulit",
    "Kerajinan Bambu", "Tenun Lurik", "Kerajinan Logam", "Shuttlecock", "Sangkar Burung",
    "Gerabah", "Kerajinan Kulit", "Tas Anyaman", "Keris", "Mainan Kayu", "Sepatu Kulit",
    "Kerajinan Eceng Gondok", "Lampu Hias", "Kaligrafi", "Blangkon", "Topeng Kayu",
)  # fmt: skip
BRAND = (
    "Makmur", "Jaya", "Abadi", "Sentosa", "Mandiri", "Sejahtera", "Lestari", "Barokah",
    "Berkah", "Maju", "Putra", "Putri", "Karya", "Agung", "Indah", "Sari", "Utama", "Mulyo",
    "Sinar", "Cahaya", "Mekar", "Tunas", "Harapan", "Bintang", "Gemilang", "Rahayu", "Rukun",
    "Wijaya", "Prima", "Perkasa", "Surya", "Kencana", "Manunggal", "Langgeng", "Kurnia",
    "Sumber", "Sido", "Tri", "Dwi", "Eka", "Bumi", "Mulia", "Rejeki", "Amanah", "Sakinah",
    "Murni", "Sehat", "Asri", "Sekar", "Arum", "Wangi", "Rasa", "Nikmat", "Family",
)  # fmt: skip
COMMON_BRANDS = (
    "Sumber Rejeki", "Berkah Jaya", "Sido Mulyo", "Sido Makmur", "Maju Jaya", "Karya Mandiri",
    "Barokah", "Sinar Abadi", "Rukun Makmur", "Tunas Harapan", "Cahaya Baru", "Mekar Sari",
)  # fmt: skip
MOTIFS = (
    "Sekar Jagad", "Parang Kusumo", "Kawung", "Truntum", "Sido Mukti", "Sido Luhur",
    "Wahyu Tumurun", "Semen Rama", "Ceplok Kembang", "Srikaton", "Mega Mendung", "Lereng",
    "Tirta Teja", "Sido Asih", "Satrio Manah", "Udan Liris", "Nitik", "Sekar Arum",
)  # fmt: skip
FLOWERS = ("Melati", "Mawar", "Kenanga", "Anggrek", "Cempaka", "Teratai", "Dahlia", "Flamboyan")
STREETS = (
    "Slamet Riyadi", "Veteran", "Dr. Radjiman", "Kapten Mulyadi", "Ahmad Yani", "Adi Sucipto",
    "Sudirman", "Diponegoro", "Gatot Subroto", "Yos Sudarso", "Honggowongso", "Kahuripan",
    "Pakel", "Sam Ratulangi", "Kolonel Sutarto", "Ki Hajar Dewantara", "Sutan Syahrir",
    "Monginsidi", "Letjen Suprapto", "Dr. Setiabudi", "Raya Solo-Sragen", "Lawu", "Merbabu",
)  # fmt: skip
OPERATORS = (
    "11", "12", "13", "21", "22", "23", "52", "53", "14", "15", "16", "55", "56", "57", "58",
    "17", "18", "19", "59", "77", "78", "95", "96", "97", "98", "99", "81", "82", "83", "87",
)  # fmt: skip
MAIL_DOMAINS = ("gmail.com", "gmail.com", "gmail.com", "yahoo.com", "yahoo.co.id")
LEGAL = ("CV", "UD", "PT", "PD")
LEGAL_WRITTEN = {
    "CV": ("CV", "CV.", "C.V.", "Cv"),
    "UD": ("UD", "UD.", "U.D.", "Ud"),
    "PT": ("PT", "PT.", "P.T.", "Pt"),
    "PD": ("PD", "PD.", "P.D."),
}
KEYBOARD = {
    "a": "sqz", "b": "vnh", "c": "xvd", "d": "sfe", "e": "wrd", "f": "dgr", "g": "fht",
    "h": "gjy", "i": "uok", "j": "hku", "k": "jli", "l": "ko", "m": "nj", "n": "bmh",
    "o": "ipl", "p": "ol", "q": "wa", "r": "etf", "s": "adw", "t": "ryg", "u": "yij",
    "v": "cbf", "w": "qes", "x": "zc", "y": "tuh", "z": "xa",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Entity:
    """One real-world business before it is written down by some source."""

    cluster: int
    words: tuple[str, ...]  # the name without legal form, e.g. ("Keripik", "Tempe", "Bu", "Sri")
    split: int  # words[:split] say what it makes or sells, words[split:] who or which brand
    legal: str | None
    owner: str
    female: bool
    phone: str | None
    nib: str | None
    street: str
    village: Village
    email: str | None
    kind: str


class _Maker:
    def __init__(self, rng: random.Random, villages: Sequence[Village]) -> None:
        if not villages:
            raise ValueError("no villages to place businesses in")
        self.rng = rng
        self.villages = list(villages)
        self.next_cluster = 0
        self.by_district: dict[str, list[Village]] = {}
        for village in self.villages:
            self.by_district.setdefault(village.district_code, []).append(village)
        self.phones: set[str] = set()

    # -- parts ------------------------------------------------------------------------------

    def owner(self) -> tuple[str, bool]:
        rng = self.rng
        female = rng.random() < 0.55
        first = rng.choice(FEMALE if female else MALE)
        shape = rng.random()
        if shape < 0.15:
            words = [first]
        elif shape < 0.85:
            words = [first, rng.choice(SURNAMES)]
        else:
            words = [first, rng.choice(FEMALE if female else MALE), rng.choice(SURNAMES)]
        if rng.random() < 0.12:
            words = [OLD_SPELLINGS.get(word, word) for word in words]
        return " ".join(dict.fromkeys(words)), female

    def phone(self) -> str:
        while True:
            number = "+628" + self.rng.choice(OPERATORS)
            number += "".join(self.rng.choice("0123456789") for _ in range(self.rng.randint(6, 8)))
            if number not in self.phones:
                self.phones.add(number)
                return number

    def nib(self) -> str:
        return self.rng.choice("89") + "1" + "".join(self.rng.choices("0123456789", k=11))

    def street(self, village: Village) -> str:
        rng = self.rng
        rt, rw = rng.randint(1, 12), rng.randint(1, 9)
        shape = rng.random()
        if shape < 0.5:
            return f"Jl. {rng.choice(STREETS)} No. {rng.randint(1, 250)}"
        if shape < 0.8:
            hamlet = rng.choice(("Dusun", "Kampung", "Dukuh"))
            return f"{hamlet} {rng.choice(FLOWERS + BRAND)} RT {rt:02d}/RW {rw:02d}"
        return f"{village.name} RT {rt:02d}/RW {rw:02d}"

    def email(self, owner: str, words: Sequence[str]) -> str:
        local = owner.split()[0].lower() + words[0].lower()
        return f"{local}{self.rng.randint(1, 99)}@{self.rng.choice(MAIL_DOMAINS)}"

    def call_name(self, owner: str) -> str:
        words = owner.split()
        if words[0] in ("Muhammad", "Siti", "Nurul") and len(words) > 1:
            return words[1]
        return words[0]

    def business(
        self, owner: str, female: bool, village: Village, avoid: str = ""
    ) -> tuple[tuple[str, ...], int, str | None]:
        """(name words, where the product part ends, legal form or None)"""
        rng = self.rng
        while True:
            roll = rng.random()
            legal: str | None = None
            if roll < 0.32:
                product = rng.choice(FOOD + SERVICES + CRAFT[:6]).split()
                hon = rng.choice(HON_F if female else HON_M)
                words, split = (*product, hon, self.call_name(owner)), len(product)
            elif roll < 0.62:
                sector = rng.choice(CRAFT + FOOD[:12] + SERVICES[5:]).split()
                brand = rng.sample(BRAND, rng.choice((1, 2, 2)))
                words, split = (*sector, *brand), len(sector)
                legal = rng.choice(LEGAL) if rng.random() < 0.55 else None
            elif roll < 0.70:
                place = village.name.split() if rng.random() < 0.6 else []
                words, split = ("Batik", *place, *rng.choice(MOTIFS).split()), 1 + len(place)
                legal = rng.choice(LEGAL) if rng.random() < 0.3 else None
            elif roll < 0.78:
                words = (*rng.choice(COMMON_BRANDS).split(),)
                split = len(words)
                legal = rng.choice(("UD", "CV", "Toko")) if rng.random() < 0.8 else None
            elif roll < 0.95:
                brand = rng.sample(BRAND, 2)
                words, split = (*brand, *rng.choice(FOOD + SERVICES).split()), 2
            else:
                coop = rng.choice(("Koperasi Wanita", "KUD", "Koperasi Produsen", "KSU")).split()
                words, split = (*coop, *rng.sample(FLOWERS + BRAND, 2)), len(coop)
            if legal == "Toko":
                words, split, legal = ("Toko", *words), split + 1, None
            if normalise_business_name(" ".join(words)) != avoid:
                return words, split, legal

    # -- entities ---------------------------------------------------------------------------

    def _cluster(self) -> int:
        self.next_cluster += 1
        return self.next_cluster

    def entity(self) -> _Entity:
        rng = self.rng
        owner, female = self.owner()
        village = rng.choice(self.villages)
        words, split, legal = self.business(owner, female, village)
        return _Entity(
            cluster=self._cluster(),
            words=words,
            split=split,
            legal=legal,
            owner=owner,
            female=female,
            phone=self.phone() if rng.random() < 0.92 else None,
            nib=self.nib() if rng.random() < 0.55 else None,
            street=self.street(village),
            village=village,
            email=self.email(owner, words) if rng.random() < 0.3 else None,
            kind="new",
        )

    def same_owner(self, other: _Entity) -> _Entity:
        """The same owner's second business: same person, phone, often same address; for
        four in ten, where there is one, a sibling of the first (Keripik Tempe Bu Sri ->
        Keripik Pisang Bu Sri, Kerajinan Kulit Agung -> Kerajinan Logam Agung)."""
        rng = self.rng
        sibling = self.sibling(other) if rng.random() < 0.4 else None
        if sibling is None:
            avoid = normalise_business_name(" ".join(other.words))
            words, split, legal = self.business(
                other.owner, other.female, other.village, avoid=avoid
            )
        else:
            words, split, legal = sibling
        return replace(
            other,
            cluster=self._cluster(),
            words=words,
            split=split,
            legal=legal,
            kind="same_owner",
            phone=other.phone if rng.random() < 0.85 else self.phone(),
            email=other.email if rng.random() < 0.5 else None,
            # One NIB per pelaku usaha: a person's second line of business may share it.
            nib=other.nib if rng.random() < 0.3 else (self.nib() if rng.random() < 0.5 else None),
            street=other.street if rng.random() < 0.7 else self.street(other.village),
        )

    def sibling(self, other: _Entity) -> tuple[tuple[str, ...], int, str | None] | None:
        """``other``'s name with another product of the same kind, if there is one."""
        rng = self.rng
        words = list(other.words)
        product = words[: other.split]
        kin = [
            item.split()
            for item in FOOD + CRAFT + SERVICES
            if len(product) == 2 and item.split()[0] == product[0] and item.split() != product
        ]
        if kin:
            new_product = rng.choice(kin)
            return (*new_product, *words[other.split :]), len(new_product), other.legal
        return None

    def family(self, other: _Entity) -> _Entity:
        """A family member's business on the family phone, same house or village."""
        rng = self.rng
        female = not other.female if rng.random() < 0.6 else other.female
        first = rng.choice(FEMALE if female else MALE)
        family_name = other.owner.split()[-1] if " " in other.owner else rng.choice(SURNAMES)
        owner = f"{first} {family_name}" if first != family_name else first
        avoid = normalise_business_name(" ".join(other.words))
        words, split, legal = self.business(owner, female, other.village, avoid=avoid)
        return replace(
            other,
            cluster=self._cluster(),
            words=words,
            split=split,
            legal=legal,
            owner=owner,
            female=female,
            kind="family",
            phone=other.phone,
            email=None,
            nib=self.nib() if rng.random() < 0.5 else None,
            street=other.street if rng.random() < 0.6 else self.street(other.village),
        )

    def franchise(self, other: _Entity) -> _Entity:
        """The same business name, another owner, in another district."""
        rng = self.rng
        elsewhere = [
            v
            for v in rng.sample(self.villages, 20)
            if v.district_code != other.village.district_code
        ]
        village = elsewhere[0] if elsewhere else rng.choice(self.villages)
        owner, female = self.owner()
        return replace(
            other,
            cluster=self._cluster(),
            owner=owner,
            female=female,
            kind="franchise",
            phone=self.phone() if rng.random() < 0.92 else None,
            nib=self.nib() if rng.random() < 0.55 else None,
            email=None,
            village=village,
            street=self.street(village),
        )

    def entities(self, count: int, hard_negative_of: Sequence[_Entity] = ()) -> list[_Entity]:
        """``count`` entities, about 10 % of them hard negatives of earlier ones."""
        rng = self.rng
        made: list[_Entity] = []
        for _ in range(count):
            pool = made or list(hard_negative_of)
            if hard_negative_of and rng.random() < 0.5:
                pool = list(hard_negative_of)
            roll = rng.random()
            if pool and roll < 0.04:
                made.append(self.same_owner(rng.choice(pool)))
            elif pool and roll < 0.07:
                made.append(self.family(rng.choice(pool)))
            elif pool and roll < 0.10:
                made.append(self.franchise(rng.choice(pool)))
            else:
                made.append(self.entity())
        return made

    # -- writing a record -------------------------------------------------------------------

    def write(self, entity: _Entity, record_id: RecordId, defects: int = 0) -> BusinessRecord:
        """The entity as one source writes it, with ``defects`` real-world defects."""
        rng = self.rng
        words = list(entity.words)
        legal = entity.legal
        legal_written = rng.choice(LEGAL_WRITTEN[legal]) if legal else None
        legal_after = False
        owner = entity.owner
        prefix = suffix = ""
        if rng.random() < 0.15:
            prefix = rng.choice(PREFIX_TITLES_F if entity.female else PREFIX_TITLES_M) + " "
        phone, nib, email = entity.phone, entity.nib, entity.email
        village: Village | None = entity.village
        street = entity.street
        if rng.random() < 0.3:  # every source writes addresses its own way
            street = _vary_address(rng, street, entity.village)
        case = "title"
        chosen: list[str] = []
        while len(chosen) < defects:
            defect = rng.choices(list(DEFECTS), weights=list(DEFECTS.values()))[0]
            if defect not in chosen:
                chosen.append(defect)
        for defect in chosen:
            if defect == "legal_form":
                if legal_written and rng.random() < 0.7:
                    legal_written = None
                else:
                    legal_written = rng.choice(("CV", "UD", "CV.", "UD.", "PT.", "Toko"))
            elif defect == "owner_title":
                if prefix and rng.random() < 0.5:
                    prefix = ""
                elif rng.random() < 0.6:
                    prefix = rng.choice(PREFIX_TITLES_F if entity.female else PREFIX_TITLES_M)
                    prefix += " "
                else:
                    suffix = rng.choice(DEGREES)
            elif defect == "name_typo":
                words = _typo_words(rng, words, rng.choice((1, 1, 2)))
            elif defect == "owner_typo":
                owner = " ".join(_typo_words(rng, owner.split(), 1))
            elif defect == "abbreviation":
                words, owner, street = _abbreviate(rng, words, owner, street)
            elif defect == "spelling":
                words, owner = _respell(rng, words, owner)
            elif defect == "phone_missing":
                phone = None
            elif defect == "phone_other":
                phone = self.phone()
            elif defect == "nib_missing":
                nib = None
            elif defect == "address":
                street = _vary_address(rng, street, entity.village)
            elif defect == "address_other":  # the home address where the other has the shop's
                street = self.street(entity.village)
            elif defect == "word_order":
                if legal_written and rng.random() < 0.5:
                    legal_after = True
                elif 0 < entity.split < len(entity.words) and len(words) == len(entity.words):
                    words = words[entity.split :] + words[: entity.split]
                else:
                    legal_after = bool(legal_written)
            elif defect == "village_missing":
                village = None
            elif defect == "village_wrong":
                village = rng.choice(self.by_district[entity.village.district_code])
            elif defect == "owner_short":
                owner = self.call_name(owner) if " " in owner else owner
            elif defect == "name_drop_word":
                droppable = [i for i, word in enumerate(words)
                             if i > 0 and word not in HON_F + HON_M]  # fmt: skip
                if len(droppable) >= 2 and len(words) >= 4:
                    del words[rng.choice(droppable)]
            elif defect == "case":
                case = rng.choice(("upper", "lower"))
            elif defect == "email_missing":
                email = None
            elif defect == "honorific":
                words = _swap_honorific(rng, words, entity.female)
        name = " ".join(words)
        if legal_written:
            name = f"{name}, {legal_written}" if legal_after else f"{legal_written} {name}"
        owner_written = f"{prefix}{owner}{suffix}"
        if case == "upper":
            name, owner_written, street = name.upper(), owner_written.upper(), street.upper()
        elif case == "lower":
            name, owner_written = name.lower(), owner_written.lower()
        return BusinessRecord(
            id=record_id,
            name=name,
            owner_name=owner_written if rng.random() > 0.01 else None,
            phone=phone,
            nib=nib,
            address=street,
            village_code=village.code if village else None,
            district_code=entity.village.district_code,
            email=email,
        )


# Defects a further record of a business carries, with how often each is drawn.
DEFECTS = {
    "legal_form": 10, "owner_title": 10, "name_typo": 12, "owner_typo": 5, "abbreviation": 6,
    "spelling": 5, "phone_missing": 10, "phone_other": 4, "nib_missing": 8, "address": 8,
    "address_other": 2, "word_order": 5, "village_missing": 4, "village_wrong": 1, "case": 5,
    "email_missing": 3, "honorific": 5, "owner_short": 3, "name_drop_word": 3,
}  # fmt: skip


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    position = rng.randrange(1, len(word))  # people rarely get the first letter wrong
    letter = word[position].lower()
    operation = rng.random()
    if operation < 0.35 and letter in KEYBOARD:
        return word[:position] + rng.choice(KEYBOARD[letter]) + word[position + 1 :]
    if operation < 0.6:
        return word[:position] + word[position + 1 :]
    if operation < 0.8 and position < len(word) - 1:
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    return word[:position] + letter + word[position:]


def _typo_words(rng: random.Random, words: list[str], count: int) -> list[str]:
    words = list(words)
    for _ in range(count):
        candidates = [i for i, word in enumerate(words) if len(word) >= 4]
        if not candidates:
            break
        index = rng.choice(candidates)
        words[index] = _typo(rng, words[index])
    return words


def _abbreviate(
    rng: random.Random, words: list[str], owner: str, street: str
) -> tuple[list[str], str, str]:
    owner_words = owner.split()
    if owner_words[0] == "Muhammad":
        owner_words[0] = rng.choice(("M.", "Moh.", "Muh.", "Moch."))
    elif len(owner_words) == 3:
        owner_words[1] = owner_words[1][0] + "."
    elif owner_words[0] == "Siti" and len(owner_words) > 1:
        owner_words[0] = "St."
    short = {"Koperasi": "Kop.", "Toko": "Tk.", "Jalan": "Jl."}
    words = [short.get(word, word) for word in words]
    street = street.replace("Jl. ", rng.choice(("Jln. ", "Jalan ", "Jl"))).replace(
        "Dusun ", "Dsn. "
    )
    return words, " ".join(owner_words), street


def _respell(rng: random.Random, words: list[str], owner: str) -> tuple[list[str], str]:
    modern = {old: new for new, old in OLD_SPELLINGS.items()}
    owner_words = owner.split()
    old_owner = [OLD_SPELLINGS.get(w, modern.get(w, w)) for w in owner_words]
    variants = {
        "Keripik": "Kripik", "Kerupuk": "Krupuk", "Rejeki": "Rezeki", "Mulyo": "Mulya",
        "Putra": "Putera", "Sentosa": "Santosa", "Mebel": "Meubel", "Catering": "Katering",
        "Bakso": "Baso", "Sambal": "Sambel", "Cahaya": "Tjahaja", "Jaya": "Djaja",
        "Wijaya": "Widjaja", "Rahayu": "Rahajoe", "Konveksi": "Konfeksi",
    }  # fmt: skip
    words = [variants.get(word, word) for word in words]
    return words, " ".join(old_owner)


def _vary_address(rng: random.Random, street: str, village: Village) -> str:
    roll = rng.random()
    if roll < 0.25:
        street = street.replace("RT ", "Rt. ").replace("/RW ", " Rw. ").replace("Jl. ", "Jalan ")
    elif roll < 0.5:
        street = f"{street}, {rng.choice(('Kel.', 'Desa', 'Ds.', ''))} {village.name}".replace(
            "  ", " "
        )
    elif roll < 0.7:
        street = street.replace(" No. ", " ").replace("RT 0", "RT 00").replace("RW 0", "RW 00")
    elif roll < 0.85:
        street = street.split(" RT ")[0].split(" No. ")[0]
    else:
        street = street.replace("Jl. ", "Jl.").replace("No. ", "no.").replace("/", " ")
    return street


def _swap_honorific(rng: random.Random, words: list[str], female: bool) -> list[str]:
    """Drop or swap the honorific: "Bakso Pak Min" -> "Bakso Min" or "Bakso Mas Min"."""
    honorifics = set(HON_F + HON_M)
    if rng.random() < 0.6:
        return [word for word in words if word not in honorifics]
    other = rng.choice(HON_F if female else HON_M)
    return [other if word in honorifics else word for word in words]


def _defect_count(rng: random.Random) -> int:
    return rng.choices((1, 2, 3, 4), weights=(30, 35, 25, 10))[0]


# --- public --------------------------------------------------------------------------------


def generate_dataset(
    n: int,
    *,
    seed: int = 0,
    villages: Sequence[Village] | None = None,
    duplicate_rate: float = 0.15,
    id_prefix: str = "b",
) -> tuple[list[BusinessRecord], dict[RecordId, int]]:
    """``n`` records, about ``duplicate_rate`` of them further records of a business already
    present; returns (records in shuffled order, record id -> true cluster id)."""
    rng = random.Random(seed)
    maker = _Maker(rng, villages if villages is not None else load_villages())
    n_duplicates = round(n * duplicate_rate)
    entities = maker.entities(n - n_duplicates)
    rows: list[tuple[_Entity, int]] = [(entity, 0) for entity in entities]
    rows += [(rng.choice(entities), _defect_count(rng)) for _ in range(n_duplicates)]
    rng.shuffle(rows)
    records, truth = [], {}
    for index, (entity, defects) in enumerate(rows):
        record = maker.write(entity, f"{id_prefix}{index:06d}", defects)
        records.append(record)
        truth[record.id] = entity.cluster
    return records, truth


def generate_link_dataset(
    n_registry: int,
    n_batch: int,
    *,
    seed: int = 0,
    villages: Sequence[Village] | None = None,
    duplicate_rate: float = 0.15,
) -> tuple[list[BusinessRecord], list[BusinessRecord], dict[RecordId, int]]:
    """A registry of ``n_registry`` distinct businesses and a batch of ``n_batch`` records of
    which about ``duplicate_rate`` are businesses already in the registry (with defects);
    the batch's new businesses include hard negatives of registry ones. Returns
    (registry, batch, record id -> true cluster id)."""
    rng = random.Random(seed)
    maker = _Maker(rng, villages if villages is not None else load_villages())
    known = maker.entities(n_registry)
    registry = [maker.write(entity, f"r{index:06d}") for index, entity in enumerate(known)]
    truth: dict[RecordId, int] = {
        record.id: entity.cluster for record, entity in zip(registry, known, strict=True)
    }
    n_duplicates = round(n_batch * duplicate_rate)
    new = maker.entities(n_batch - n_duplicates, hard_negative_of=known)
    rows = [(entity, 0) for entity in new]
    rows += [(entity, _defect_count(rng)) for entity in rng.sample(known, n_duplicates)]
    rng.shuffle(rows)
    batch = []
    for index, (entity, defects) in enumerate(rows):
        record = maker.write(entity, f"b{index:06d}", defects)
        batch.append(record)
        truth[record.id] = entity.cluster
    return registry, batch, truth
