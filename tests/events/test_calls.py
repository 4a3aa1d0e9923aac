"""Exhibitor calls: rules, quotas, applying, the score, decisions, confirmations and the
waitlist moving up."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from naikkelas.core.models import AuditEntry, Role
from naikkelas.events.models import Application, ApplicationStatus, CallQuota, Exhibitor
from naikkelas.events.services.booths import BoothData, booth_assign_next, booths_create
from naikkelas.events.services.calls import (
    CallData,
    QuotaData,
    application_decide,
    application_respond,
    application_submit,
    application_withdraw,
    applications_expire,
    call_save,
    places_by_quota,
    quotas_set,
)
from naikkelas.registry.models import Certificate
from tests.factories import UserFactory, member
from tests.factories.events import make_event, open_call, owned_business

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]

QUOTAS = (("Kuliner", "kuliner", 40), ("Fesyen", "fesyen", 30), ("Kerajinan", "kerajinan", 30))


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER)


@pytest.fixture
def expo(surakarta, officer):
    event = make_event(
        surakarta, title="Solo Leading Industry Expo", contact_phone="0812-3450-0101"
    )
    open_call(event, actor=officer, places=10, quotas=QUOTAS)
    return event


def apply(event, name, category="kuliner-makanan-ringan", **fields):
    owner = UserFactory()
    business, products = owned_business(
        owner, name=name, products=[(f"{name} produk", category)], **fields
    )
    application = application_submit(actor=owner, event=event, business=business, products=products)
    return owner, application


def quota(event, label):
    with scopes_disabled():
        return CallQuota.objects.get(call__event=event, label=label)


# --- the call -----------------------------------------------------------------------------------


def test_quota_places_follow_the_shares_of_the_call(expo):
    with scopes_disabled():
        places = places_by_quota(expo, expo.call)
        labels = {q.pk: q.label for q in CallQuota.objects.all()}
    assert {labels[k]: v for k, v in places.items()} == {"Kuliner": 4, "Fesyen": 3, "Kerajinan": 3}


def test_call_save_refuses_unknown_regions_and_the_curation_tier_for_now(surakarta, officer):
    event = make_event(surakarta)
    now = timezone.now()
    with pytest.raises(ValidationError) as caught:
        call_save(
            actor=officer,
            event=event,
            data=CallData(
                opens_at=now,
                closes_at=now + dt.timedelta(days=3),
                rules={"regions": ["99.99"], "min_curation_tier": 2, "colour": ["red"]},
            ),
        )
    assert caught.value.message_dict["rules"] == [
        "Aturan tidak dikenal: colour.",
        "Kode wilayah tidak dikenal: 99.99.",
        "Tingkat kurasi minimum baru dapat diminta setelah fitur kurasi produk tersedia.",
    ]


def test_quotas_take_only_top_level_categories_and_keep_applied_ones(expo, officer):
    from naikkelas.catalog.models import Category

    snack = Category.objects.get(slug="kuliner-makanan-ringan")
    with pytest.raises(ValidationError):
        quotas_set(actor=officer, event=expo, quotas=[QuotaData("Camilan", snack.pk, 50)])
    apply(expo, "Keripik Bu Sri")
    with pytest.raises(ValidationError) as caught:
        quotas_set(actor=officer, event=expo, quotas=[QuotaData("Fesyen", None, 50)])
    assert "Kuliner" in caught.value.messages[0]


# --- applying -----------------------------------------------------------------------------------


def test_an_owner_applies_with_products_and_the_quota_follows_the_products(expo):
    _owner, application = apply(expo, "Batik Tulis Laweyan", "fesyen-batik")
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.quota.label == "Fesyen"
    assert application.products.count() == 1
    assert set(application.score_parts) == {
        "coached",
        "certificates",
        "local",
        "women_led",
        "first_time",
        "small",
        "products",
    }


def test_a_refusal_explains_every_rule_the_business_fails(surakarta, officer):
    event = make_event(surakarta)
    open_call(
        event,
        actor=officer,
        rules={"regions": ["35.71"], "certificates": ["halal", "pirt"]},
    )
    owner = UserFactory()
    business, products = owned_business(owner, products=[("Keripik", "kuliner-makanan-ringan")])
    Certificate.objects.create(business=business, kind="pirt", number="P-IRT 1")
    with pytest.raises(ValidationError) as caught:
        application_submit(actor=owner, event=event, business=business, products=products)
    assert caught.value.message_dict["eligibility"] == [
        "Hanya usaha yang berlokasi di Kota Kediri yang boleh mendaftar; usaha Anda berada di "
        "Kelurahan Laweyan.",
        "Usaha Anda memerlukan sertifikat yang masih berlaku berikut: Halal. Tambahkan ke "
        "dompet sertifikat Anda.",
    ]
    with scopes_disabled():
        assert Application.objects.count() == 0


def test_an_expired_certificate_does_not_count(surakarta, officer):
    event = make_event(surakarta)
    open_call(event, actor=officer, rules={"certificates": ["halal"]})
    owner = UserFactory()
    business, products = owned_business(owner, products=[("Keripik", "kuliner-makanan-ringan")])
    Certificate.objects.create(business=business, kind="halal", expires_on=dt.date(2020, 1, 1))
    with pytest.raises(ValidationError):
        application_submit(actor=owner, event=event, business=business, products=products)
    Certificate.objects.create(business=business, kind="halal", expires_on=dt.date(2030, 1, 1))
    application = application_submit(actor=owner, event=event, business=business, products=products)
    assert application.status == "submitted"


def test_applying_outside_the_call_dates_twice_or_for_someone_else_is_refused(expo):
    owner, application = apply(expo, "Keripik Bu Sri")
    products = list(application.products.all())
    with pytest.raises(ValidationError) as caught:
        application_submit(
            actor=owner, event=expo, business=application.business, products=products
        )
    assert caught.value.messages == ["Keripik Bu Sri sudah mendaftar ke acara ini."]
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        application_submit(
            actor=stranger, event=expo, business=application.business, products=products
        )
    other_owner = UserFactory()
    business, made = owned_business(
        other_owner, name="Sambal Bu Rini", products=[("Sambal", "kuliner-bumbu")]
    )
    with pytest.raises(ValidationError) as caught:
        application_submit(
            actor=other_owner,
            event=expo,
            business=business,
            products=made,
            now=timezone.now() + dt.timedelta(days=30),
        )
    assert caught.value.messages == ["Pendaftaran untuk acara ini sudah ditutup."]
    with pytest.raises(ValidationError) as caught:
        application_submit(actor=other_owner, event=expo, business=business, products=products)
    assert caught.value.message_dict["products"] == [
        "Tampilkan hanya produk yang sudah diterbitkan milik usaha Anda sendiri."
    ]


def test_weights_changed_by_the_officer_rescore_waiting_applications(expo, officer):
    _owner, application = apply(expo, "Keripik Bu Sri")
    call = expo.call
    call_save(
        actor=officer,
        event=expo,
        data=CallData(
            opens_at=call.opens_at,
            closes_at=call.closes_at,
            places=10,
            score_weights={
                "local": 100,
                "coached": 0,
                "certificates": 0,
                "women_led": 0,
                "first_time": 0,
                "small": 0,
                "products": 0,
            },
        ),
    )
    application.refresh_from_db()
    assert application.score == 100  # the business lies in Kota Surakarta, the event too
    assert application.score_parts["local"] == {"value": 1.0, "weight": 100, "points": 100.0}


# --- deciding -----------------------------------------------------------------------------------


def test_accepting_respects_the_quota_and_rejecting_needs_a_reason(expo, officer):
    applications = [apply(expo, f"Fesyen {i}", "fesyen-batik")[1] for i in range(4)]
    for application in applications[:3]:
        application_decide(actor=officer, application=application, decision="accept")
    with pytest.raises(ValidationError) as caught:
        application_decide(actor=officer, application=applications[3], decision="accept")
    assert caught.value.messages == [
        "Kuota 'Fesyen' sudah penuh. Masukkan pendaftaran ke daftar tunggu, atau naikkan kuotanya."
    ]
    with pytest.raises(ValidationError):
        application_decide(actor=officer, application=applications[3], decision="reject")
    application_decide(
        actor=officer, application=applications[3], decision="reject", reason="Produk belum siap"
    )
    with scopes_disabled():
        entry = AuditEntry.objects.filter(action="application.reject").get()
    assert entry.changes["status"] == ["submitted", "rejected"]
    assert entry.changes["reason"] == ["", "Produk belum siap"]


def test_an_officer_of_another_organisation_cannot_decide(expo, kediri):
    _owner, application = apply(expo, "Keripik Bu Sri")
    with pytest.raises(PermissionDenied):
        application_decide(
            actor=member(kediri, Role.OFFICER), application=application, decision="accept"
        )


def test_the_applicant_is_told_by_email_with_a_link_and_the_officers_whatsapp(
    expo, officer, django_capture_on_commit_callbacks
):
    _owner, application = apply(expo, "Keripik Bu Sri")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(actor=officer, application=application, decision="accept")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Solo Leading Industry Expo: pendaftaran Anda Diterima"
    assert f"/acara-saya/{application.pk}/" in message.body
    assert "https://wa.me/6281234500101?text=" in message.body
    assert "— English —" in message.body


def test_confirming_makes_an_exhibitor(expo, officer):
    owner, application = apply(expo, "Keripik Bu Sri")
    application_decide(actor=officer, application=application, decision="accept")
    application_respond(actor=owner, application=application, confirm=True)
    with scopes_disabled():
        exhibitor = Exhibitor.objects.get()
    assert (exhibitor.business, exhibitor.quota.label, exhibitor.display_name) == (
        application.business,
        "Kuliner",
        "Keripik Bu Sri",
    )


def test_a_decline_moves_the_best_waitlisted_of_the_same_quota_up(expo, officer):
    fashion = [apply(expo, f"Fesyen {i}", "fesyen-batik") for i in range(3)]
    culinary_waiting = apply(expo, "Kuliner menunggu")[1]
    waiting_low = apply(expo, "Fesyen rendah", "fesyen-batik", gender="male")[1]
    waiting_high = apply(expo, "Fesyen tinggi", "fesyen-batik")[1]
    for _owner, application in fashion:
        application_decide(actor=officer, application=application, decision="accept")
    for application in (culinary_waiting, waiting_low, waiting_high):
        application_decide(actor=officer, application=application, decision="waitlist")
    waiting_high.refresh_from_db()
    waiting_low.refresh_from_db()
    assert waiting_high.score > waiting_low.score  # women-led counts
    owner, declining = fashion[0]
    application_respond(actor=owner, application=declining, confirm=False)
    statuses = {
        a.business.name: a.status
        for a in Application.objects.model._base_manager.select_related("business")
    }
    assert statuses["Fesyen 0"] == "declined"
    assert statuses["Fesyen tinggi"] == "accepted"
    assert statuses["Fesyen rendah"] == "waitlisted"
    assert statuses["Kuliner menunggu"] == "waitlisted"
    with scopes_disabled():
        promoted = AuditEntry.objects.get(action="application.promote")
    assert promoted.object_id == str(waiting_high.pk)


def test_withdrawing_a_confirmed_place_frees_the_booth_and_moves_the_waitlist(surakarta, officer):
    event = make_event(surakarta)
    booths_create(actor=officer, event=event, booths=[BoothData("A1"), BoothData("A2")])
    open_call(event, actor=officer)
    owner, first = apply(event, "Pertama")
    _o2, second = apply(event, "Kedua")
    _o3, third = apply(event, "Ketiga")
    application_decide(actor=officer, application=first, decision="accept")
    application_decide(actor=officer, application=second, decision="accept")
    with pytest.raises(ValidationError):  # two usable booths, two places
        application_decide(actor=officer, application=third, decision="accept")
    application_decide(actor=officer, application=third, decision="waitlist")
    application_respond(actor=owner, application=first, confirm=True)
    with scopes_disabled():
        exhibitor = Exhibitor.objects.get(business=first.business)
    booth = booth_assign_next(actor=officer, exhibitor=exhibitor)
    application_withdraw(actor=owner, application=first)
    booth.refresh_from_db()
    third.refresh_from_db()
    exhibitor.refresh_from_db()
    assert (booth.exhibitor_id, exhibitor.is_active, third.status) == (None, False, "accepted")


def test_a_place_not_confirmed_in_time_expires_and_moves_on(expo, officer):
    owner, application = apply(expo, "Keripik Bu Sri")
    for i in range(3):
        application_decide(
            actor=officer, application=apply(expo, f"Kuliner {i}")[1], decision="accept"
        )
    application_decide(actor=officer, application=application, decision="waitlist")
    assert applications_expire(now=timezone.now() + dt.timedelta(days=8)) == 3
    application.refresh_from_db()
    # one place of four free again... the quota had one left: the waitlisted moves up
    assert application.status == "accepted"
    with pytest.raises(ValidationError):
        application_respond(
            actor=owner,
            application=application,
            confirm=True,
            now=timezone.now() + dt.timedelta(days=30),
        )


def test_the_daily_command_expires_unconfirmed_places(expo, officer, capsys):
    from django.core.management import call_command

    _owner, application = apply(expo, "Keripik Bu Sri")
    application_decide(actor=officer, application=application, decision="accept")
    Application.objects.model._base_manager.filter(pk=application.pk).update(
        confirm_by=timezone.now() - dt.timedelta(minutes=1)
    )
    call_command("events_expire")
    assert capsys.readouterr().out == "1 unconfirmed place(s) expired\n"
    application.refresh_from_db()
    assert (application.status, application.reason) == (
        "declined",
        "Tempat tidak dikonfirmasi tepat waktu.",
    )
