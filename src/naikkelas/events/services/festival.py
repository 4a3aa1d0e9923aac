"""A sale festival (Solo Great Sale): its merchants, their promotions, their daily reports.

Officers of the organisers add, correct and withdraw merchants and their promotions; the
merchant itself (its contact person, or an owner of its registered business) adds, changes
and ends its own promotions and reports the day's transactions, and the officers and
event staff may report for it. A report for a day already reported replaces the
numbers; the audit log keeps the old ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
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


def _clean_merchant(
    event: Event, data: MerchantData, *, merchant: FestivalMerchant | None = None
) -> dict[str, Any]:
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
            errors["phone"] = _(
                "'%(phone)s' is not a valid phone number. Write it like 0812-3456-7890."
            ) % {"phone": data.phone}
    business = None
    if data.business_id is not None:
        with scopes_disabled():
            business = Business.objects.live().filter(pk=data.business_id).first()
        if business is None:
            errors["business"] = _("This business is not in the registry.")
    if name and "name" not in errors:
        with scopes_disabled():
            taken = FestivalMerchant.objects.filter(event=event, name__iexact=name)
            if merchant is not None:
                taken = taken.exclude(pk=merchant.pk)
            if taken.exists():
                errors["name"] = _(
                    "A merchant with this name already takes part. Use another name, "
                    "e.g. with the branch: 'Toko Batik Laweyan (Pasar Klewer)'."
                )
    if errors:
        raise ValidationError(errors)
    return {
        "business": business,
        "name": name,
        "kind": data.kind,
        "category": category,
        "area": area,
        "address": data.address.strip()[:300],
        "phone": phone,
    }


def merchant_add(*, actor: User | None, event: Event, data: MerchantData) -> FestivalMerchant:
    """A merchant joins the festival: a business of the registry or a shop outside it."""
    if actor is not None:
        require_on_event(actor, event)
    values = _clean_merchant(event, data)
    try:
        with transaction.atomic(), scopes_disabled():
            merchant = FestivalMerchant.objects.create(
                event=event, contact_user_id=data.contact_user_id, **values
            )
            audit_record(
                actor=actor,
                action="merchant.add",
                obj=merchant,
                organisation=event.organisation,
                after=_merchant_facts(merchant),
            )
    except IntegrityError as exc:  # the same name added at the same moment
        raise ValidationError({"name": _("This merchant already takes part.")}) from exc
    return merchant


def _merchant_facts(merchant: FestivalMerchant) -> dict[str, Any]:
    return {
        "name": merchant.name,
        "kind": merchant.kind,
        "category": merchant.category_id,
        "area": merchant.area_id,
        "address": merchant.address,
        "phone": merchant.phone,
        "business": merchant.business_id,
    }


def merchant_update(
    *, actor: User | None, merchant: FestivalMerchant, data: MerchantData
) -> FestivalMerchant:
    """Correct a merchant's name, kind, category, area, address or phone. The link to the
    registry is kept when ``data`` has no business (the form does not offer to change it)."""
    with scopes_disabled():
        event = Event.objects.get(pk=merchant.event_id)
    if actor is not None:
        require_on_event(actor, event)
    values = _clean_merchant(event, data, merchant=merchant)
    if values["business"] is None:
        values.pop("business")
    with transaction.atomic(), scopes_disabled():
        merchant = FestivalMerchant.objects.select_for_update(of=("self",)).get(pk=merchant.pk)
        before = _merchant_facts(merchant)
        for name, value in values.items():
            setattr(merchant, name, value)
        merchant.save()
        audit_record(
            actor=actor,
            action="merchant.update",
            obj=merchant,
            organisation=event.organisation,
            before=before,
            after=_merchant_facts(merchant),
        )
    return merchant


def merchant_withdraw(
    *, actor: User | None, merchant: FestivalMerchant, taking_part: bool = False
) -> FestivalMerchant:
    """Withdraw a merchant from the festival (its promotions leave the promo page; its
    reports stay in the totals), or with ``taking_part`` bring it back."""
    with scopes_disabled():
        event = Event.objects.get(pk=merchant.event_id)
    if actor is not None:
        require_on_event(actor, event)
    with transaction.atomic(), scopes_disabled():
        merchant = FestivalMerchant.objects.select_for_update(of=("self",)).get(pk=merchant.pk)
        if merchant.is_active != taking_part:
            merchant.is_active = taking_part
            merchant.save(update_fields=["is_active"])
            audit_record(
                actor=actor,
                action="merchant.return" if taking_part else "merchant.withdraw",
                obj=merchant,
                organisation=event.organisation,
                changes={"is_active": [not taking_part, taking_part]},
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
    if not (event.starts_on and event.ends_on):
        errors["starts_on"] = _("Add the festival's days first; an offer runs within them.")
    elif data.starts_on < event.starts_on or data.ends_on > event.ends_on:
        errors["starts_on"] = _("The offer must run within the festival's days (%(a)s–%(b)s).") % {
            "a": event.starts_on.strftime("%d-%m-%Y"),
            "b": event.ends_on.strftime("%d-%m-%Y"),
        }
    if data.discount_percent is not None:
        if data.discount_percent < 1:
            errors["discount_percent"] = _(
                "A discount must be at least 1 %. Leave it empty for an offer in words."
            )
        elif data.discount_percent > 100:
            errors["discount_percent"] = _("A discount cannot be more than 100 %.")
    if data.discount_amount is not None and data.discount_amount < 1:
        errors["discount_amount"] = _(
            "A discount in rupiah must be at least Rp 1. Leave it empty for an offer in words."
        )
    if data.discount_percent is not None and data.discount_amount is not None:
        errors["discount_amount"] = _(
            "Give the discount either in % or in rupiah, not both; "
            "describe the other in the conditions."
        )
    if errors:
        raise ValidationError(errors)
    return {
        "title": title[:200],
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "discount_percent": data.discount_percent,
        "discount_amount": data.discount_amount,
        "conditions": data.conditions.strip(),
    }


def is_the_merchant(user: Any, merchant: FestivalMerchant) -> bool:
    """Whether ``user`` is the merchant: its contact person or an owner of its business."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if merchant.contact_user_id == user.pk:
        return True
    if not merchant.business_id:
        return False
    with scopes_disabled():
        return BusinessOwner.objects.filter(business_id=merchant.business_id, user=user).exists()


def can_edit_promotions(user: Any, merchant: FestivalMerchant) -> bool:
    """The merchant itself (while it takes part) or an officer of the organisers."""
    if is_the_merchant(user, merchant) and merchant.is_active:
        return True
    with scopes_disabled():
        event = Event.objects.get(pk=merchant.event_id)
    return can_on_event(user, event)


def _require_promotions(actor: User | None, merchant: FestivalMerchant) -> None:
    if actor is not None and not can_edit_promotions(actor, merchant):
        raise PermissionDenied(
            _("Only the merchant or the festival's organisers may change its promotions.")
        )


def _promotion_facts(promotion: Promotion) -> dict[str, Any]:
    return {
        "title": promotion.title,
        "starts_on": promotion.starts_on,
        "ends_on": promotion.ends_on,
        "discount_percent": promotion.discount_percent,
        "discount_amount": promotion.discount_amount,
        "conditions": promotion.conditions,
    }


def promotion_add(
    *, actor: User | None, merchant: FestivalMerchant, data: PromotionData
) -> Promotion:
    """A new offer of ``merchant``, shown on the promo page at once."""
    with scopes_disabled():
        event = Event.objects.get(pk=merchant.event_id)
    _require_promotions(actor, merchant)
    values = _clean_promotion(event, data)
    with transaction.atomic(), scopes_disabled():
        promotion = Promotion.objects.create(event=event, merchant=merchant, **values)
        audit_record(
            actor=actor,
            action="promotion.add",
            obj=promotion,
            organisation=event.organisation,
            after=_promotion_facts(promotion),
        )
    return promotion


def promotion_update(*, actor: User | None, promotion: Promotion, data: PromotionData) -> Promotion:
    """Change an offer (its text, discount, period or conditions)."""
    with scopes_disabled():
        event = Event.objects.get(pk=promotion.event_id)
        merchant = FestivalMerchant.objects.get(pk=promotion.merchant_id)
    _require_promotions(actor, merchant)
    values = _clean_promotion(event, data)
    with transaction.atomic(), scopes_disabled():
        promotion = Promotion.objects.select_for_update(of=("self",)).get(pk=promotion.pk)
        before = _promotion_facts(promotion)
        for name, value in values.items():
            setattr(promotion, name, value)
        promotion.save()
        audit_record(
            actor=actor,
            action="promotion.update",
            obj=promotion,
            organisation=event.organisation,
            before=before,
            after=_promotion_facts(promotion),
        )
    return promotion


def promotion_end(*, actor: User | None, promotion: Promotion) -> Promotion:
    """End an offer early: it leaves the promo page at once (and stays in the audit log)."""
    with scopes_disabled():
        event = Event.objects.get(pk=promotion.event_id)
        merchant = FestivalMerchant.objects.get(pk=promotion.merchant_id)
    _require_promotions(actor, merchant)
    with transaction.atomic(), scopes_disabled():
        promotion = Promotion.objects.select_for_update(of=("self",)).get(pk=promotion.pk)
        if promotion.is_active:
            promotion.is_active = False
            promotion.save(update_fields=["is_active"])
            audit_record(
                actor=actor,
                action="promotion.end",
                obj=promotion,
                organisation=event.organisation,
                changes={"is_active": [True, False]},
            )
    return promotion


promotion_hide = promotion_end  # its first name


def can_report_for(user: Any, merchant: FestivalMerchant) -> bool:
    """The merchant itself, or the organisers' officers and event staff for it."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if is_the_merchant(user, merchant):
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
