"""The demo scenarios, from the reports NaikKelas was designed from.

Each app that has something to show adds a ``demo.py`` with ``load(context)``; the ``demo``
command calls them in pipeline order. Running it again reuses what it made."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django_scopes import scopes_disabled

from naikkelas.core.models import Membership, Organisation, Region, Role, User
from naikkelas.core.services import organisation_create

DEMO_PASSWORD = "naikkelas-demo"
DEMO_DOMAIN = "naikkelas.test"


@dataclass
class DemoContext:
    """What the loaders made, for the next loader and for the printed logins."""

    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, User] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (who, login, what)
    extra: dict[str, Any] = field(default_factory=dict)


# slug, name, kind, region code, description
ORGANISATIONS = [
    (
        "disnakerperin-surakarta",
        "Dinas Tenaga Kerja dan Perindustrian Kota Surakarta",
        "dinas_industry",
        "33.72",
        "Membina IKM Kota Surakarta; penyelenggara Technolink 2020 dan Solo Leading Industry "
        "Expo 2020, serta rilis ekspor perdana Technolink (20 Desember 2021).",
    ),
    (
        "disperin-dki",
        "Dinas Perindustrian dan Energi Provinsi DKI Jakarta",
        "dinas_industry",
        "31",
        "Penyelenggara Gelar Produk IKM 2018 di Balai Kota DKI Blok G; program OK OCE "
        "dengan target 200.000 wirausaha baru.",
    ),
    (
        "dekranasda-dki",
        "Dekranasda Provinsi DKI Jakarta",
        "dekranasda",
        "31",
        "Dewan Kerajinan Nasional Daerah DKI Jakarta, ikut menyeleksi IKM Gelar Produk 2018.",
    ),
    (
        "kadin-surakarta",
        "Kadin Kota Surakarta",
        "chamber",
        "33.72",
        "Kamar Dagang dan Industri Kota Surakarta; B2B dengan Kadin Kota Kediri (13 Desember "
        "2021, Hotel Paragon Solo).",
    ),
    (
        "kadin-kediri",
        "Kadin Kota Kediri",
        "chamber",
        "35.71",
        "Kamar Dagang dan Industri Kota Kediri; ingin meniru Solo Great Sale.",
    ),
    (
        "rumah-kurasi-kediri",
        "Rumah Kurasi Kediri",
        "curation_house",
        "35.71",
        "Rumah kurasi produk UMKM Kota Kediri.",
    ),
    (
        "disperindag-blitar",
        "Dinas Perindustrian dan Perdagangan Kabupaten Blitar",
        "dinas_trade",
        "35.05",
        "Penyelenggara Temu Bisnis IKM (15 November 2021, Rumah Makan Joglo, Jatinom, Kanigoro).",
    ),
    (
        "angkasa-pura-logistic",
        "Angkasa Pura Logistic",
        "logistics",
        "31",
        "Mitra logistik rilis ekspor Technolink Kota Surakarta.",
    ),
    (
        "bi-solo",
        "Kantor Perwakilan Bank Indonesia Solo",
        "finance",
        "33.72",
        "Mitra Technolink 2020.",
    ),
    (
        "ojk-solo",
        "Otoritas Jasa Keuangan Kantor Solo",
        "finance",
        "33.72",
        "Mitra Technolink 2020.",
    ),
]

# key, name, email, phone, [(organisation slug, role)], what they do in the demo
PEOPLE = [
    (
        "admin_solo",
        "Sri Wahyuni",
        "admin.solo",
        None,
        [("disnakerperin-surakarta", Role.ADMIN)],
        "administrator, Dinas Kota Surakarta",
    ),
    (
        "officer_solo",
        "Bambang Setiawan",
        "petugas.solo",
        None,
        [("disnakerperin-surakarta", Role.OFFICER)],
        "officer, Dinas Kota Surakarta",
    ),
    (
        "staff_solo",
        "Dewi Lestari",
        "panitia.solo",
        None,
        [("disnakerperin-surakarta", Role.EVENT_STAFF)],
        "event staff, Dinas Kota Surakarta",
    ),
    (
        "leader_solo",
        "Heru Santoso",
        "pimpinan.solo",
        None,
        [("disnakerperin-surakarta", Role.LEADER)],
        "head of office (dashboards), Kota Surakarta",
    ),
    (
        "officer_jakarta",
        "Rina Marlina",
        "petugas.jakarta",
        None,
        [("disperin-dki", Role.OFFICER)],
        "officer, Dinas Perindustrian dan Energi DKI",
    ),
    (
        "officer_dekranasda",
        "Ayu Kusumawati",
        "dekranasda.jakarta",
        None,
        [("dekranasda-dki", Role.ADMIN)],
        "administrator, Dekranasda DKI",
    ),
    (
        "officer_kadin_solo",
        "Agus Prasetyo",
        "kadin.solo",
        None,
        [("kadin-surakarta", Role.ADMIN)],
        "administrator, Kadin Kota Surakarta",
    ),
    (
        "officer_kediri",
        "Yusuf Hidayat",
        "kadin.kediri",
        None,
        [("kadin-kediri", Role.ADMIN)],
        "administrator, Kadin Kota Kediri",
    ),
    (
        "curator_kediri",
        "Lina Handayani",
        "kurator.kediri",
        None,
        [("rumah-kurasi-kediri", Role.CURATOR)],
        "curator, Rumah Kurasi Kediri",
    ),
    (
        "officer_blitar",
        "Joko Susilo",
        "petugas.blitar",
        None,
        [("disperindag-blitar", Role.OFFICER)],
        "officer, Disperindag Kabupaten Blitar",
    ),
    (
        "logistics",
        "Andi Saputra",
        "logistik",
        None,
        [("angkasa-pura-logistic", Role.ADMIN)],
        "logistics partner, Angkasa Pura Logistic",
    ),
    (
        "owner",
        "Siti Rahayu",
        "pemilik",
        "+6281234500001",
        [],
        "SME owner (log in with the email or 0812-3450-0001)",
    ),
    ("buyer", "Hendra Wijaya", "pembeli", None, [], "buyer"),
]


def demo_load_core(context: DemoContext) -> None:
    with transaction.atomic(), scopes_disabled():
        for slug, name, kind, region_code, description in ORGANISATIONS:
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                organisation = organisation_create(
                    actor=None,
                    name=name,
                    kind=kind,
                    region=Region.objects.get(code=region_code),
                    slug=slug,
                    description=description,
                )
            context.organisations[slug] = organisation
        for key, name, local, phone, roles, what in PEOPLE:
            email = f"{local}@{DEMO_DOMAIN}"
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email, DEMO_PASSWORD, phone=phone, name=name)
            for slug, role in roles:
                Membership.objects.get_or_create(
                    organisation=context.organisations[slug], user=user, role=role
                )
            context.people[key] = user
            context.logins.append((what, email, DEMO_PASSWORD))
        support = User.objects.filter(email=f"support@{DEMO_DOMAIN}").first()
        if support is None:
            User.objects.create_superuser(
                f"support@{DEMO_DOMAIN}", DEMO_PASSWORD, name="Tim Dukungan NaikKelas"
            )
        context.logins.append(("support staff (/admin/)", f"support@{DEMO_DOMAIN}", DEMO_PASSWORD))
