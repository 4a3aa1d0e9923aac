"""A sale festival (Solo Great Sale): its merchants, their promotions, their daily reports.

Officers of the organisers add merchants and promotions; a merchant's contact person (or
the owner of its registered business) reports the day's transactions, and so may the
officers and event staff for them. A report for a day already reported replaces the
numbers; the audit log keeps the old ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from naikkelas.catalog.models import Category
from naikkelas.core.audit import audit_record
from naikkelas.core.models import Region, User
from naikkelas.core.phones import phone_to_e164
from naikkelas.events.models import (
    Event,
    EventDay,
    EventKind,
    FestivalMerchant,
    MerchantDailyReport,
    MerchantKind,
    Promotion,
)
from naikkelas.events.services.events import can_on_event, require_on_event
from naikkelas.registry.models import Business, BusinessOwner


@dataclass(frozen=True)
class MerchantData:
    name: str
    category_id: int
    area_code: str
    kind: str = MerchantKind.SME
    address: str = ""
    phone: str = ""
    business_id: int | None = None
    contact_user_id: int | None = None


def merchant_add(*, actor: User | None, event: Event, data: MerchantData) -> FestivalMerchant:
    if actor is not None:
        require_on_event(actor, event)
    errors: dict[str, str] = {}
    if event.kind != EventKind.SALE_FESTIVAL:
        errors["event"] = _("Merchants take part in sale festivals only.")
    name = " ".join(data.name.split())
    if not name:
        errors["name"] = _("Write the merchant's name.")
    if data.kind not in MerchantKind.values:
        errors["kind"] = _("Choose the kind of merchant.")
    category = Category.objects.filter(pk=data.category_id, parent__isnull=True).first()
    if category is None:
        errors["category"] = _("Choose a main category.")
    area = Region.objects.filter(code=data.area_code, level__gte=2).first()
    if area is None:
        errors["area"] = _("Choose the district (kecamatan) where the merchant is.")
    phone = ""
    if data.phone.strip():
        phone = phone_to_e164(data.phone) or ""
        if not phone:
            errors["phone"] = _("'%(phone)s' is not a valid phone number.") % {"phone": data.phone}
    business = None
    if data.business_id is not None:
        business = Business.objects.filter(pk=data.business_id).first()
        if business is None:
            errors["business"] = _("This business is not in the registry.")
    if errors or category is None or area is None:
        raise ValidationError(errors)
    with transaction.atomic(), scopes_disabled():
        if FestivalMerchant.objects.filter(event=event, name=name).exists():
            raise ValidationError({"name": _("This merchant already takes part.")})
        merchant = FestivalMerchant.objects.create(
            event=event,
            business=business,
            name=name,
            kind=data.kind,
            category=category,
            area=area,
            address=data.address.strip()[:300],
            phone=phone,
            contact_user_id=data.contact_user_id,
        )
        audit_record(
            actor=actor,
            action="merchant.add",
            obj=merchant,
            organisation=event.organisation,
            after={"name": name, "kind": data.kind, "area": data.area_code},
        )
    return merchant


@dataclass(frozen=True)
class PromotionData:
    title: str
    starts_on: dt.date
    ends_on: dt.date
    discount_percent: int | None = None
    discount_amount: int | None = None
    conditions: str = ""


def _clean_promotion(event: Event, data: PromotionData) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = " ".join(data.title.split())
    if not title:
        errors["title"] = _("Describe the offer, e.g. '20% off all batik'.")
    if data.ends_on < data.starts_on:
        errors["ends_on"] = _("The offer must end on or after its first day.")
    if (
        event.starts_on
        and event.ends_on
        and (data.starts_on < event.starts_on or data.ends_on > event.ends_on)
    ):
        errors["starts_on"] = _("The offer must run within the festival's days (%(a)s–%(b)s).") % {
            "a": event.starts_on.strftime("%d-%m-%Y"),
            "b": event.ends_on.strftime("%d-%m-%Y"),
        }
    if data.discount_percent is not None and not 1 <= data.discount_percent <= 100:
        errors["discount_percent"] = _("A discount lies between 1 and 100 %.")
    if data.discount_amount is not None and data.discount_amount < 1:
        errors["discount_amount"] = _("A discount in rupiah must be at least Rp 1.")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "discount_percent": data.discount_percent,
        "discount_amount": data.discount_amount,
        "conditions": data.conditions.strip(),
    }


def promotion_add(
    *, actor: User | None, merchant: FestivalMerchant, data: PromotionData
) -> Promotion:
    with scopes_disabled():
        event = Event.objects.get(pk=merchant.event_id)
    if actor is not None:
        require_on_event(actor, event)
    values = _clean_promotion(event, data)
    with transaction.atomic(), scopes_disabled():
        promotion = Promotion.objects.create(event=event, merchant=merchant, **values)
        audit_record(
            actor=actor,
            action="promotion.add",
            obj=promotion,
            organisation=event.organisation,
            after={k: v for k, v in values.items() if k != "conditions"},
        )
    return promotion


def promotion_hide(*, actor: User | None, promotion: Promotion) -> Promotion:
    with scopes_disabled():
        event = Event.objects.get(pk=promotion.event_id)
    if actor is not None:
        require_on_event(actor, event)
    with transaction.atomic(), scopes_disabled():
        promotion = Promotion.objects.select_for_update(of=("self",)).get(pk=promotion.pk)
        if promotion.is_active:
            promotion.is_active = False
            promotion.save(update_fields=["is_active"])
            audit_record(
                actor=actor,
                action="promotion.hide",
                obj=promotion,
                organisation=event.organisation,
                changes={"is_active": [True, False]},
            )
    return promotion


def can_report_for(user: Any, merchant: FestivalMerchant) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if merchant.contact_user_id == user.pk:
        return True
    if (
        merchant.business_id
        and BusinessOwner.objects.filter(business_id=merchant.business_id, user=user).exists()
    ):
        return True
    with scopes_disabled():
        event = Event.objects.get(pk=merchant.event_id)
    return can_on_event(user, event, "staff_events")


def merchant_report(
    *,
    actor: User | None,
    merchant: FestivalMerchant,
    date: dt.date,
    transactions: int,
    amount: int,
) -> MerchantDailyReport:
    """The merchant's transactions of one festival day (a second report replaces it)."""
    if actor is not None and not can_report_for(actor, merchant):
        raise PermissionDenied(_("Only the merchant or the festival's organisers may report."))
    errors: dict[str, str] = {}
    with scopes_disabled():
        event = Event.objects.get(pk=merchant.event_id)
        is_day = EventDay.objects.filter(event=event, date=date).exists()
    if not is_day:
        errors["date"] = _("Choose one of the festival's days.")
    if transactions < 0:
        errors["transactions"] = _("The number of transactions cannot be negative.")
    if amount < 0:
        errors["amount"] = _("The amount cannot be negative.")
    if amount > 0 and transactions < 1:
        errors["transactions"] = _("Sales of more than Rp 0 need at least one transaction.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), scopes_disabled():
        report = (
            MerchantDailyReport.objects.select_for_update(of=("self",))
            .filter(merchant=merchant, date=date)
            .first()
        )
        before: dict[str, int | None] = {"transactions": None, "amount": None}
        if report is None:
            report = MerchantDailyReport(event=event, merchant=merchant, date=date)
        else:
            before = {"transactions": report.transactions, "amount": report.amount}
        report.transactions = transactions
        report.amount = amount
        report.reported_by = actor if actor is not None and actor.pk else None
        report.save()
        audit_record(
            actor=actor,
            action="merchant.report",
            obj=report,
            organisation=event.organisation,
            before={**before, "date": date.isoformat()},
            after={"transactions": transactions, "amount": amount, "date": date.isoformat()},
        )
    return report
