"""Exhibitors' daily sales and leads, and the online hall's counters.

An exhibitor's owner records its own sales; an officer or the event staff may record them
for it. A correction changes the entry in place and keeps a ``SaleRevision`` (who, when,
why, before and after) and an audit entry; a cancellation is a correction to zero that
keeps the row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from naikkelas.catalog.models import Product
from naikkelas.core.audit import audit_record, snapshot
from naikkelas.core.models import User
from naikkelas.events.models import (
    BuyerKind,
    Event,
    EventDay,
    Exhibitor,
    ExhibitorDailyStat,
    Lead,
    SaleEntry,
    SaleRevision,
)
from naikkelas.events.services.events import can_on_event
from naikkelas.registry.models import BusinessOwner

SALE_FIELDS = ["date", "buyer_kind", "product", "amount", "transactions", "note", "is_void"]


def owns_exhibitor(user: Any, exhibitor: Exhibitor) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return BusinessOwner.objects.filter(business_id=exhibitor.business_id, user=user).exists()


def can_record_sales(user: Any, exhibitor: Exhibitor) -> bool:
    """The exhibitor's owner, or an organiser's officer or event staff."""
    with scopes_disabled():
        event = Event.objects.get(pk=exhibitor.event_id)
    return owns_exhibitor(user, exhibitor) or can_on_event(user, event, "staff_events")


def _require(user: Any, exhibitor: Exhibitor) -> None:
    if user is not None and not can_record_sales(user, exhibitor):
        raise PermissionDenied(_("Only the exhibitor or the event's organisers may do this."))


@dataclass(frozen=True)
class SaleData:
    date: dt.date
    amount: int
    transactions: int
    buyer_kind: str = BuyerKind.CONSUMER
    product_id: int | None = None
    note: str = ""


def _clean_sale(exhibitor: Exhibitor, data: SaleData) -> dict[str, Any]:
    errors: dict[str, str] = {}
    with scopes_disabled():
        days = set(
            EventDay.objects.filter(event_id=exhibitor.event_id).values_list("date", flat=True)
        )
    if data.date not in days:
        errors["date"] = _("Choose one of the event's days.")
    if data.amount < 0:
        errors["amount"] = _("The amount cannot be negative.")
    if data.transactions < 0:
        errors["transactions"] = _("The number of transactions cannot be negative.")
    if data.amount > 0 and data.transactions < 1:
        errors["transactions"] = _("Sales of more than Rp 0 need at least one transaction.")
    if data.buyer_kind not in BuyerKind.values:
        errors["buyer_kind"] = _("Choose the kind of buyer.")
    product = None
    if data.product_id is not None:
        product = Product.objects.filter(
            pk=data.product_id, business_id=exhibitor.business_id
        ).first()
        if product is None:
            errors["product"] = _("This product is not one of the exhibitor's products.")
    if errors:
        raise ValidationError(errors)
    return {
        "date": data.date,
        "amount": data.amount,
        "transactions": data.transactions,
        "buyer_kind": data.buyer_kind,
        "product": product,
        "note": data.note.strip()[:300],
    }


def _actor_label(actor: User | None) -> str:
    if actor is None:
        return "system"
    return (f"{actor.name} <{actor.login_name}>" if actor.name else actor.login_name)[:200]


def sale_record(*, actor: User | None, exhibitor: Exhibitor, data: SaleData) -> SaleEntry:
    """Record sales of one day (one kind of buyer, optionally one product)."""
    _require(actor, exhibitor)
    values = _clean_sale(exhibitor, data)
    with transaction.atomic(), scopes_disabled():
        event = Event.objects.get(pk=exhibitor.event_id)
        entry = SaleEntry.objects.create(
            event=event,
            exhibitor=exhibitor,
            recorded_by=actor if actor is not None and actor.pk else None,
            **values,
        )
        audit_record(
            actor=actor,
            action="sale.record",
            obj=entry,
            organisation=event.organisation,
            after=snapshot(entry, SALE_FIELDS),
        )
    return entry


def sale_correct(*, actor: User | None, entry: SaleEntry, data: SaleData, reason: str) -> SaleEntry:
    """Change a recorded sale; the values before and after are kept."""
    with scopes_disabled():
        exhibitor = Exhibitor.objects.get(pk=entry.exhibitor_id)
    _require(actor, exhibitor)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Say why the numbers change.")})
    values = _clean_sale(exhibitor, data)
    return _revise(actor, entry, values, reason)


def sale_void(*, actor: User | None, entry: SaleEntry, reason: str) -> SaleEntry:
    """Cancel a recorded sale (kept, counted as nothing)."""
    with scopes_disabled():
        exhibitor = Exhibitor.objects.get(pk=entry.exhibitor_id)
    _require(actor, exhibitor)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Say why the sale is cancelled.")})
    return _revise(actor, entry, {"is_void": True}, reason)


def _revise(actor: User | None, entry: SaleEntry, values: dict[str, Any], reason: str) -> SaleEntry:
    with transaction.atomic(), scopes_disabled():
        entry = SaleEntry.objects.select_for_update(of=("self",)).get(pk=entry.pk)
        before = snapshot(entry, SALE_FIELDS)
        for name, value in values.items():
            setattr(entry, name, value)
        after = snapshot(entry, SALE_FIELDS)
        if before == after:
            return entry
        entry.save()
        SaleRevision.objects.create(
            entry=entry,
            changed_by=actor if actor is not None and actor.pk else None,
            changed_by_label=_actor_label(actor),
            reason=reason[:300],
            before=before,
            after=after,
        )
        event = Event.objects.get(pk=entry.event_id)
        audit_record(
            actor=actor,
            action="sale.void" if values.get("is_void") else "sale.correct",
            obj=entry,
            organisation=event.organisation,
            before={**before, "reason": None},
            after={**after, "reason": reason},
        )
    return entry


@dataclass(frozen=True)
class LeadData:
    date: dt.date
    name: str
    contact: str = ""
    interest: str = ""
    buyer_kind: str = BuyerKind.CONSUMER
    estimated_value: int | None = None


def lead_record(*, actor: User | None, exhibitor: Exhibitor, data: LeadData) -> Lead:
    _require(actor, exhibitor)
    errors: dict[str, str] = {}
    name = " ".join(data.name.split())
    if not name:
        errors["name"] = _("Write who asked (a name or a company).")
    with scopes_disabled():
        days = set(
            EventDay.objects.filter(event_id=exhibitor.event_id).values_list("date", flat=True)
        )
    if data.date not in days:
        errors["date"] = _("Choose one of the event's days.")
    if data.buyer_kind not in BuyerKind.values:
        errors["buyer_kind"] = _("Choose the kind of buyer.")
    if data.estimated_value is not None and data.estimated_value < 0:
        errors["estimated_value"] = _("The value cannot be negative.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), scopes_disabled():
        event = Event.objects.get(pk=exhibitor.event_id)
        lead = Lead.objects.create(
            event=event,
            exhibitor=exhibitor,
            date=data.date,
            name=name,
            contact=data.contact.strip()[:150],
            interest=data.interest.strip()[:300],
            buyer_kind=data.buyer_kind,
            estimated_value=data.estimated_value,
            recorded_by=actor if actor is not None and actor.pk else None,
        )
        audit_record(
            actor=actor,
            action="lead.record",
            obj=lead,
            organisation=event.organisation,
            after={"name": name, "date": data.date.isoformat()},
        )
    return lead


# --- the online hall's counters -----------------------------------------------------------------


def hall_count(*, exhibitor: Exhibitor, what: str, on: dt.date | None = None) -> None:
    """Add one page view or WhatsApp click to the exhibitor's row of the day: one UPDATE,
    an INSERT only for the day's first. Not audited, not deduplicated (decision 0032)."""
    column = {"view": "page_views", "click": "whatsapp_clicks"}[what]
    on = on or timezone.localdate()
    with scopes_disabled():
        rows = ExhibitorDailyStat.objects.filter(exhibitor_id=exhibitor.pk, date=on)
        if rows.update(**{column: F(column) + 1}):
            return
        try:
            with transaction.atomic():
                ExhibitorDailyStat.objects.create(
                    event_id=exhibitor.event_id, exhibitor_id=exhibitor.pk, date=on, **{column: 1}
                )
        except IntegrityError:  # another request made the day's row first
            rows.update(**{column: F(column) + 1})
