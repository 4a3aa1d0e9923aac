import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from naikkelas.core.models import Role
from naikkelas.registry.models import BusinessOwner, Certificate
from naikkelas.registry.services.businesses import certificate_save
from naikkelas.registry.tasks.businesses import certificate_reminders_queue
from tests.core.test_pages import assert_csp_clean
from tests.factories import UserFactory, member
from tests.factories.registry import register

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def officer(surakarta):
    return member(surakarta, Role.OFFICER, email="petugas@solo.test")


@pytest.fixture
def owner_user():
    return UserFactory(email="sri@contoh.test")


@pytest.fixture
def wallet(surakarta, kediri, officer, owner_user):
    """Certificates expiring today, in 30 and 60 days (due), in 61 days, yesterday and never
    (not due); one of Kediri's business (due, but not Surakarta's)."""
    business = register(surakarta, actor=officer)
    BusinessOwner.objects.filter(business=business).update(user=owner_user, email="sri@usaha.test")
    make = lambda kind, expires: certificate_save(  # noqa: E731
        actor=officer, business=business, kind=kind, number=f"{kind}-1", expires_on=expires
    )
    due = [make("pirt", days(0)), make("halal", days(30)), make("bpom", days(60))]
    make("sni", days(61))
    make("brand", days(-1))
    make("nib", None)
    other = register(kediri, name="Tenun Ikat Bandar", village_code="35.71.01.1001", phone="")
    kediri_certificate = Certificate.objects.create(
        business=other, kind="halal", expires_on=days(10)
    )
    member(kediri, Role.OFFICER, email="petugas@kediri.test")
    return {"business": business, "due": due, "kediri": kediri_certificate}


def test_officer_wallet_lists_exactly_the_certificates_within_60_days(
    client, surakarta, officer, wallet
):
    client.force_login(officer)
    response = client.get(f"/o/{surakarta.slug}/registry/certificates/")
    assert response.status_code == 200
    assert list(response.context["certificates"]) == wallet["due"]
    html = response.content.decode()
    assert "pirt-1" in html and "bpom-1" in html and "sni-1" not in html
    assert_csp_clean(response)


def test_owner_wallet_on_my_businesses(client, owner_user, wallet):
    client.force_login(owner_user)
    response = client.get("/usaha-saya/")
    assert list(response.context["certificates"]) == wallet["due"]
    assert "Sertifikat yang segera habis" in response.content.decode()


def test_reminder_task_sends_one_mail_per_certificate_and_never_twice(
    immediate_tasks, mailoutbox, officer, wallet
):
    certificate_reminders_queue.enqueue()
    assert len(mailoutbox) == 4  # three of Surakarta's business, one of Kediri's
    surakarta_mails = [m for m in mailoutbox if "Keripik Tempe Bu Sri" in m.subject]
    assert len(surakarta_mails) == 3
    first = surakarta_mails[0]
    assert first.to == ["sri@usaha.test", sri_account_email()]
    assert first.bcc == ["petugas@solo.test"]
    assert first.subject == (
        f"Sertifikat PIRT / SPP-IRT Keripik Tempe Bu Sri habis pada {days(0):%-d} "
        f"{_month(days(0))} {days(0).year}"
    )
    assert "Perpanjang tepat waktu" in first.body
    kediri_mail = next(m for m in mailoutbox if "Tenun Ikat Bandar" in m.subject)
    assert (kediri_mail.to, kediri_mail.bcc) == (["petugas@kediri.test"], [])
    assert set(Certificate.objects.exclude(reminded_on=None).values_list("pk", flat=True)) == {
        *(c.pk for c in wallet["due"]),
        wallet["kediri"].pk,
    }
    certificate_reminders_queue.enqueue()
    assert len(mailoutbox) == 4


def sri_account_email():
    return "sri@contoh.test"


def _month(date):
    return [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
        "Agustus", "September", "Oktober", "November", "Desember",
    ][date.month - 1]  # fmt: skip


def test_a_renewed_certificate_is_reminded_again(immediate_tasks, mailoutbox, officer, wallet):
    certificate_reminders_queue.enqueue()
    sent = len(mailoutbox)
    pirt = wallet["due"][0]
    certificate_save(
        actor=officer, business=pirt.business, certificate=pirt, kind="pirt", expires_on=days(45)
    )
    pirt.refresh_from_db()
    assert pirt.reminded_on is None
    certificate_reminders_queue.enqueue()
    assert len(mailoutbox) == sent + 1


def test_management_command_sends_now_for_cron(mailoutbox, wallet, capsys):
    call_command("certificate_reminders", "--now")
    assert capsys.readouterr().out.strip() == "4 reminder(s) sent"
    call_command("certificate_reminders", "--now")
    assert capsys.readouterr().out.strip() == "0 reminder(s) sent"
    assert len(mailoutbox) == 4


def test_management_command_queues_for_the_worker(wallet, capsys):
    from django_tasks_db.models import DBTaskResult

    call_command("certificate_reminders")
    assert capsys.readouterr().out.strip() == "certificate reminders queued"
    assert (
        DBTaskResult.objects.filter(
            task_path="naikkelas.registry.tasks.businesses.certificate_reminders_queue"
        ).count()
        == 1
    )


def test_a_certificate_with_nobody_to_mail_is_tried_again_later(surakarta, mailoutbox):
    import datetime as dt

    from django.utils import timezone

    from naikkelas.registry.models import Certificate
    from naikkelas.registry.tasks.businesses import certificate_reminder_send
    from tests.factories.registry import register

    business = register(surakarta, name="Tanpa Email")
    certificate = Certificate.objects.create(
        business=business,
        kind="pirt",
        number="P-1",
        expires_on=timezone.localdate() + dt.timedelta(days=10),
    )
    assert certificate_reminder_send.call(certificate.pk) is False
    certificate.refresh_from_db()
    assert certificate.reminded_on is None
    business.owners.update(email="pemilik@contoh.test")
    assert certificate_reminder_send.call(certificate.pk) is True
    assert [m.to for m in mailoutbox] == [["pemilik@contoh.test"]]
