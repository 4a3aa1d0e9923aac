"""The exhibitor call: its settings and quotas, applications, decisions, confirmations and
the waitlist.

Capacity: accepting, confirming, declining and withdrawing lock the event row first (the
same single lock as the booth plan, ``booths._lock_event``), re-count the places held in
the quota and in the whole call, then write. A decline or a withdrawal of a place-holding
application moves the best waitlisted application of the same quota up, in the same
transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from naikkelas.catalog.models import Category, Product, ProductStatus
from naikkelas.core.audit import audit_record, snapshot
from naikkelas.core.models import Organisation, Region, User
from naikkelas.events import capacity, eligibility, scoring
from naikkelas.events.models import (
    HOLDING_STATUSES,
    Application,
    ApplicationStatus,
    CallQuota,
    Event,
    EventStatus,
    Exhibitor,
    ExhibitorCall,
)
from naikkelas.events.selectors import calls as selectors
from naikkelas.events.services.booths import _lock_event, places_held, total_places
from naikkelas.events.services.events import require_on_event
from naikkelas.registry.models import Business, BusinessOwner, CertificateKind, SizeClass

CALL_FIELDS = [
    "opens_at",
    "closes_at",
    "intro",
    "places",
    "max_products",
    "rules",
    "score_weights",
    "questions",
    "confirm_days",
]
APPLICATION_FIELDS = ["status", "reason", "quota", "score", "confirm_by"]


@dataclass
class CallData:
    opens_at: dt.datetime
    closes_at: dt.datetime
    intro: str = ""
    places: int | None = None
    max_products: int = 5
    rules: dict[str, Any] = field(default_factory=dict)
    score_weights: dict[str, int] = field(default_factory=dict)
    questions: list[str] = field(default_factory=list)
    confirm_days: int = 7


@dataclass
class QuotaData:
    label: str
    category_id: int | None = None
    percent: int | None = None
    places: int | None = None


# --- the call ---------------------------------------------------------------------------------


def _clean_rules(rules: dict[str, Any]) -> dict[str, Any]:
    errors: list[str] = []
    unknown = eligibility.unknown_rules(rules)
    if unknown:
        errors.append(_("Unknown rules: %(names)s.") % {"names": ", ".join(unknown)})
    cleaned: dict[str, Any] = {}
    regions = [str(code).strip() for code in rules.get("regions") or [] if str(code).strip()]
    if regions:
        found = set(Region.objects.filter(code__in=regions).values_list("code", flat=True))
        missing = [code for code in regions if code not in found]
        if missing:
            errors.append(_("Unknown region codes: %(codes)s.") % {"codes": ", ".join(missing)})
        cleaned["regions"] = regions
    kbli = [str(code).strip().upper() for code in rules.get("kbli") or [] if str(code).strip()]
    for code in kbli:
        if not (len(code) == 1 and code.isalpha()) and not (len(code) == 2 and code.isdigit()):
            errors.append(
                _("'%(code)s' is not a KBLI section letter or a 2-digit division.") % {"code": code}
            )
    if kbli:
        cleaned["kbli"] = kbli
    coached = [int(x) for x in rules.get("coached_by") or []]
    if coached:
        known = set(Organisation.objects.filter(pk__in=coached).values_list("pk", flat=True))
        if set(coached) - known:
            errors.append(_("Some coaching organisations do not exist."))
        cleaned["coached_by"] = coached
    certificates = list(rules.get("certificates") or [])
    bad = [kind for kind in certificates if kind not in CertificateKind.values]
    if bad:
        errors.append(_("Unknown certificates: %(kinds)s.") % {"kinds": ", ".join(bad)})
    if certificates:
        cleaned["certificates"] = certificates
    sizes = list(rules.get("size_classes") or [])
    if [s for s in sizes if s not in SizeClass.values]:
        errors.append(_("Unknown size class."))
    if sizes:
        cleaned["size_classes"] = sizes
    if rules.get("min_curation_tier") not in (None, "", 0):
        errors.append(_("A minimum curation tier can be asked once product curation is available."))
    if errors:
        raise ValidationError({"rules": errors})
    return cleaned


def _clean_call(data: CallData) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if data.closes_at <= data.opens_at:
        errors["closes_at"] = _("Applications must close after they open.")
    if data.places is not None and data.places < 1:
        errors["places"] = _("Take at least one exhibitor, or leave the number empty.")
    if not 1 <= data.max_products <= 20:
        errors["max_products"] = _("Between 1 and 20 products may be shown.")
    if not 1 <= data.confirm_days <= 60:
        errors["confirm_days"] = _("Give between 1 and 60 days to confirm.")
    weights = {}
    for part, weight in (data.score_weights or {}).items():
        if part not in scoring.PARTS:
            errors["score_weights"] = _("Unknown score part: %(part)s.") % {"part": part}
            continue
        if int(weight) < 0 or int(weight) > 100:
            errors["score_weights"] = _("A weight lies between 0 and 100 points.")
            continue
        weights[part] = int(weight)
    questions = [" ".join(q.split()) for q in data.questions if q.strip()]
    if len(questions) > 10:
        errors["questions"] = _("Ask at most 10 extra questions.")
    if errors:
        raise ValidationError(errors)
    return {
        "opens_at": data.opens_at,
        "closes_at": data.closes_at,
        "intro": data.intro.strip(),
        "places": data.places,
        "max_products": data.max_products,
        "rules": _clean_rules(data.rules or {}),
        "score_weights": weights,
        "questions": questions,
        "confirm_days": data.confirm_days,
    }


def call_save(*, actor: User | None, event: Event, data: CallData) -> ExhibitorCall:
    """Open (or change) the exhibitor call of ``event``. Changed weights re-score every
    application still waiting for a decision."""
    if actor is not None:
        require_on_event(actor, event)
    with scopes_disabled():
        values = _clean_call(data)
    with transaction.atomic(), scopes_disabled():
        event = _lock_event(event)
        call = ExhibitorCall.objects.filter(event=event).first()
        before = snapshot(call, CALL_FIELDS) if call is not None else {}
        if call is None:
            call = ExhibitorCall(event=event)
        for name, value in values.items():
            setattr(call, name, value)
        call.save()
        audit_record(
            actor=actor,
            action="call.save",
            obj=call,
            organisation=event.organisation,
            before=before,
            after=snapshot(call, CALL_FIELDS),
        )
        if before.get("score_weights") != call.score_weights:
            _rescore(event, call)
    return call


def quotas_set(*, actor: User | None, event: Event, quotas: list[QuotaData]) -> list[CallQuota]:
    """Replace the category quotas of the call (matched by name: a quota keeps its
    applications when only its share changes). A quota that applications chose cannot be
    removed."""
    if actor is not None:
        require_on_event(actor, event)
    errors: list[str] = []
    labels = [" ".join(q.label.split()) for q in quotas]
    if any(not label for label in labels):
        errors.append(_("Give every quota a name."))
    if len({label.casefold() for label in labels}) != len(labels):
        errors.append(_("Each quota name may appear only once."))
    for given in quotas:
        if given.percent is None and given.places is None:
            errors.append(_("Give each quota a share in % or a number of places."))
        if given.percent is not None and not 1 <= given.percent <= 100:
            errors.append(_("A share lies between 1 and 100 %."))
        if given.places is not None and given.places < 0:
            errors.append(_("This number cannot be negative."))
    if sum(q.percent or 0 for q in quotas) > 100:
        errors.append(_("The shares add up to more than 100 %."))
    category_ids = [q.category_id for q in quotas if q.category_id is not None]
    top = set(
        Category.objects.filter(pk__in=category_ids, parent__isnull=True).values_list(
            "pk", flat=True
        )
    )
    if set(category_ids) - top:
        errors.append(_("A quota takes a top-level category of the catalog."))
    if errors:
        raise ValidationError({"quotas": errors})
    with transaction.atomic(), scopes_disabled():
        event = _lock_event(event)
        call = ExhibitorCall.objects.filter(event=event).first()
        if call is None:
            raise ValidationError(_("Open the exhibitor call first."))
        existing = {q.label.casefold(): q for q in CallQuota.objects.filter(call=call)}
        before = {q.label: [q.percent, q.places] for q in existing.values()}
        kept: list[CallQuota] = []
        for position, (label, data) in enumerate(zip(labels, quotas, strict=True)):
            quota = existing.pop(label.casefold(), None) or CallQuota(call=call)
            quota.label = label
            quota.category_id = data.category_id
            quota.percent = data.percent
            quota.places = data.places
            quota.position = position
            quota.save()
            kept.append(quota)
        for gone in existing.values():
            if Application.objects.filter(quota=gone).exists():
                raise ValidationError(
                    _("The quota '%(label)s' has applications and cannot be removed.")
                    % {"label": gone.label}
                )
            gone.delete()
        audit_record(
            actor=actor,
            action="call.quotas",
            obj=call,
            organisation=event.organisation,
            changes={"quotas": [before, {q.label: [q.percent, q.places] for q in kept}]},
        )
    return kept


def places_by_quota(event: Event, call: ExhibitorCall) -> dict[int, int]:
    total = total_places(event, call)
    quotas = list(CallQuota.objects.filter(call=call))
    if total is None:
        return {q.pk: q.places for q in quotas if q.places is not None}
    return capacity.quota_places(
        total, [capacity.QuotaShare(q.pk, percent=q.percent, places=q.places) for q in quotas]
    )


# --- applying ---------------------------------------------------------------------------------


def _owner_check(actor: User | None, business: Business) -> None:
    if actor is None:
        return
    if not BusinessOwner.objects.filter(business=business, user=actor).exists():
        raise PermissionDenied(_("Only an owner of the business may apply for it."))


def _clean_products(
    business: Business, call: ExhibitorCall, products: list[Product]
) -> list[Product]:
    ids = {p.pk for p in products}
    if not ids:
        raise ValidationError({"products": _("Choose at least one product to show.")})
    if len(ids) > call.max_products:
        raise ValidationError(
            {"products": _("Choose at most %(count)s products.") % {"count": call.max_products}}
        )
    rows = list(
        Product.objects.filter(pk__in=ids, business=business, status=ProductStatus.PUBLISHED)
        .select_related("category")
        .order_by("pk")
    )
    if len(rows) != len(ids):
        raise ValidationError({"products": _("Show only published products of your own business.")})
    return rows


def top_category_id(product: Product) -> int | None:
    category = product.category
    if category is None:
        return None
    return category.parent_id or category.pk


def quota_for_products(quotas: list[CallQuota], products: list[Product]) -> CallQuota | None:
    """The quota of the category most of the products belong to (None when no quota
    names it)."""
    counts: dict[int, int] = {}
    for product in products:
        top = top_category_id(product)
        if top is not None:
            counts[top] = counts.get(top, 0) + 1
    by_category = {q.category_id: q for q in quotas if q.category_id is not None}
    for category_id, _count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if category_id in by_category:
            return by_category[category_id]
    return None


def _score(event: Event, call: ExhibitorCall, application: Application) -> None:
    facts = selectors.score_facts(event, call, application)
    total, parts = scoring.score(facts, call.score_weights)
    application.score = total
    application.score_parts = {
        p.part: {"value": p.value, "weight": p.weight, "points": p.points} for p in parts
    }


def _rescore(event: Event, call: ExhibitorCall) -> None:
    for application in Application.objects.filter(
        event=event, status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED]
    ):
        _score(event, call, application)
        application.save(update_fields=["score", "score_parts", "updated_at"])


def application_submit(
    *,
    actor: User | None,
    event: Event,
    business: Business,
    products: list[Product] | None = None,
    quota: CallQuota | None = None,
    motivation: str = "",
    answers: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> Application:
    """An owner applies for ``business`` with some of its published products. Refused with
    the reasons when the call is not open or the business does not meet the rules. The
    category quota follows from the products when the owner does not choose one; applying
    again after a withdrawal re-opens the same application."""
    now = now or timezone.now()
    with scopes_disabled():
        _owner_check(actor, business)
        call = ExhibitorCall.objects.filter(event=event).first()
        if call is None or event.status not in (EventStatus.PUBLISHED, EventStatus.RUNNING):
            raise ValidationError(_("This event does not take applications."))
        if now < call.opens_at:
            raise ValidationError(
                _("Applications open on %(date)s.")
                % {"date": timezone.localtime(call.opens_at).strftime("%d-%m-%Y %H:%M")}
            )
        if now >= call.closes_at:
            raise ValidationError(_("Applications for this event have closed."))
        chosen = _clean_products(business, call, products or [])
        quotas = list(CallQuota.objects.filter(call=call))
        if quota is None and quotas:
            quota = quota_for_products(quotas, chosen)
        if quotas and quota is None:
            raise ValidationError({"quota": _("Choose the category of your products.")})
        if quota is not None and quota.call_id != call.pk:
            raise ValidationError({"quota": _("This category is not part of the call.")})
        failures = eligibility.check(call.rules, selectors.business_facts(business, event))
        if failures:
            raise ValidationError(
                {"eligibility": [selectors.failure_text(f, event) for f in failures]}
            )
        missing = [
            question for question in call.questions if not (answers or {}).get(question, "").strip()
        ]
        if missing:
            raise ValidationError(
                {"answers": _("Answer every question: %(q)s") % {"q": "; ".join(missing)}}
            )
    with transaction.atomic(), scopes_disabled():
        application = (
            Application.objects.select_for_update().filter(event=event, business=business).first()
        )
        if application is not None and application.status != ApplicationStatus.WITHDRAWN:
            raise ValidationError(
                _("%(business)s has applied to this event already.") % {"business": business}
            )
        before = snapshot(application, APPLICATION_FIELDS) if application else {}
        application = application or Application(event=event, business=business)
        application.quota = quota
        application.status = ApplicationStatus.SUBMITTED
        application.reason = ""
        application.motivation = motivation.strip()
        application.answers = {q: (answers or {}).get(q, "").strip() for q in call.questions}
        application.submitted_by = actor
        application.decided_by = None
        application.decided_at = None
        application.confirm_by = None
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError as exc:  # the same business applying twice at once
            raise ValidationError(
                _("%(business)s has applied to this event already.") % {"business": business}
            ) from exc
        application.products.set(chosen)
        _score(event, call, application)
        application.save(update_fields=["score", "score_parts"])
        audit_record(
            actor=actor,
            action="application.submit",
            obj=application,
            organisation=event.organisation,
            before=before,
            after=snapshot(application, APPLICATION_FIELDS),
        )
    return application


# --- deciding ---------------------------------------------------------------------------------

DECISIONS = {
    "accept": ApplicationStatus.ACCEPTED,
    "waitlist": ApplicationStatus.WAITLISTED,
    "reject": ApplicationStatus.REJECTED,
}
# from which status each decision may be taken
DECIDABLE = {
    ApplicationStatus.ACCEPTED: (ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED),
    ApplicationStatus.WAITLISTED: (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED),
    ApplicationStatus.REJECTED: (
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.ACCEPTED,
    ),
}


@dataclass(frozen=True)
class Room:
    quota_left: int | None
    total_left: int | None

    @property
    def has_room(self) -> bool:
        return (self.quota_left is None or self.quota_left > 0) and (
            self.total_left is None or self.total_left > 0
        )


def room_for(event: Event, call: ExhibitorCall, quota_id: int | None) -> Room:
    """Places left in ``quota_id`` and in the whole call (call it under the event lock)."""
    total = total_places(event, call)
    total_left = None if total is None else total - places_held(event)
    quota_left = None
    if quota_id is not None:
        places = places_by_quota(event, call).get(quota_id)
        if places is not None:
            holding = Application.objects.filter(
                event=event, status__in=HOLDING_STATUSES, quota_id=quota_id
            )
            quota_left = places - holding.count()
    return Room(quota_left=quota_left, total_left=total_left)


def _set_status(
    application: Application,
    status: str,
    *,
    actor: User | None,
    reason: str,
    call: ExhibitorCall,
    action: str,
) -> None:
    before = snapshot(application, APPLICATION_FIELDS)
    application.status = status
    application.reason = reason
    now = timezone.now()
    if status in DECISIONS.values():
        application.decided_by = actor if actor is not None and actor.pk else None
        application.decided_at = now
    application.confirm_by = (
        now + dt.timedelta(days=call.confirm_days) if status == ApplicationStatus.ACCEPTED else None
    )
    application.save()
    audit_record(
        actor=actor,
        action=action,
        obj=application,
        organisation=application.event.organisation,
        before=before,
        after=snapshot(application, APPLICATION_FIELDS),
    )
    transaction.on_commit(lambda: _notify(application.pk))


def _notify(application_id: int) -> None:
    from naikkelas.events.tasks import application_notify

    application_notify.enqueue(application_id)


def application_decide(
    *, actor: User | None, application: Application, decision: str, reason: str = ""
) -> Application:
    """Accept, waitlist or reject an application, with a reason (required to reject).
    Accepting respects the quota and the call's places under the event lock."""
    if decision not in DECISIONS:
        raise ValidationError(_("Unknown decision."))
    status = DECISIONS[decision]
    if actor is not None:
        require_on_event(actor, application.event)
    reason = reason.strip()
    if status == ApplicationStatus.REJECTED and not reason:
        raise ValidationError({"reason": _("Say why the application is rejected.")})
    with transaction.atomic(), scopes_disabled():
        event = _lock_event(application.event)
        application = Application.objects.select_related("event", "quota").get(pk=application.pk)
        if application.status not in DECIDABLE[status]:
            raise ValidationError(
                _("An application that is %(current)s cannot be %(new)s.")
                % {
                    "current": ApplicationStatus(application.status).label.lower(),
                    "new": ApplicationStatus(status).label.lower(),
                }
            )
        call = ExhibitorCall.objects.get(event=event)
        if status == ApplicationStatus.ACCEPTED:
            room = room_for(event, call, application.quota_id)
            if not room.has_room:
                if room.quota_left is not None and room.quota_left <= 0:
                    raise ValidationError(
                        _(
                            "The quota '%(label)s' is full. Waitlist the application, or "
                            "raise the quota."
                        )
                        % {"label": application.quota.label if application.quota else ""}
                    )
                raise ValidationError(
                    _("Every exhibitor place is taken. Waitlist the application instead.")
                )
        previous = application.status
        _set_status(
            application,
            status,
            actor=actor,
            reason=reason,
            call=call,
            action="application." + decision,
        )
        if previous == ApplicationStatus.ACCEPTED and status != ApplicationStatus.ACCEPTED:
            _promote(event, call, application.quota_id, actor=actor)
    return application


def _promote(
    event: Event, call: ExhibitorCall, quota_id: int | None, *, actor: User | None
) -> Application | None:
    """Move the best waitlisted application of the quota up, if the quota has room.
    Runs inside the caller's transaction and event lock."""
    room = room_for(event, call, quota_id)
    if not room.has_room:
        return None
    nxt = (
        Application.objects.select_related("event")
        .filter(event=event, status=ApplicationStatus.WAITLISTED)
        .filter(Q(quota_id=quota_id) if quota_id is not None else Q(quota__isnull=True))
        .order_by("-score", "submitted_at", "pk")
        .first()
    )
    if nxt is None:
        return None
    _set_status(
        nxt,
        ApplicationStatus.ACCEPTED,
        actor=None,
        reason=_("A place became free; you were next on the waiting list."),
        call=call,
        action="application.promote",
    )
    return nxt


def application_respond(
    *, actor: User | None, application: Application, confirm: bool, now: dt.datetime | None = None
) -> Application:
    """The owner confirms (the business becomes an exhibitor) or declines an accepted
    place; a decline moves the next waitlisted applicant of the same quota up."""
    with scopes_disabled():
        _owner_check(actor, application.business)
    now = now or timezone.now()
    with transaction.atomic(), scopes_disabled():
        event = _lock_event(application.event)
        application = Application.objects.select_related("event", "business").get(pk=application.pk)
        if application.status != ApplicationStatus.ACCEPTED:
            raise ValidationError(_("Only an accepted application can be confirmed or declined."))
        call = ExhibitorCall.objects.get(event=event)
        if confirm:
            if application.confirm_by is not None and now > application.confirm_by:
                raise ValidationError(_("The time to confirm has passed."))
            application.responded_at = now
            _set_status(
                application,
                ApplicationStatus.CONFIRMED,
                actor=actor,
                reason=application.reason,
                call=call,
                action="application.confirm",
            )
            exhibitor, _created = Exhibitor.objects.get_or_create(
                event=event,
                business=application.business,
                defaults={
                    "application": application,
                    "quota": application.quota,
                    "display_name": application.business.name,
                },
            )
            if exhibitor.application_id is None or not exhibitor.is_active:
                exhibitor.application = application
                exhibitor.quota = application.quota
                exhibitor.is_active = True
                exhibitor.save(update_fields=["application", "quota", "is_active"])
        else:
            application.responded_at = now
            _set_status(
                application,
                ApplicationStatus.DECLINED,
                actor=actor,
                reason=application.reason,
                call=call,
                action="application.decline",
            )
            _promote(event, call, application.quota_id, actor=actor)
    return application


def application_withdraw(*, actor: User | None, application: Application) -> Application:
    """The owner withdraws; a held place (accepted or confirmed) goes to the waitlist and a
    confirmed exhibitor leaves its booth."""
    with scopes_disabled():
        _owner_check(actor, application.business)
    with transaction.atomic(), scopes_disabled():
        event = _lock_event(application.event)
        application = Application.objects.select_related("event").get(pk=application.pk)
        if application.status in (
            ApplicationStatus.WITHDRAWN,
            ApplicationStatus.DECLINED,
            ApplicationStatus.REJECTED,
        ):
            raise ValidationError(_("This application is no longer open."))
        call = ExhibitorCall.objects.get(event=event)
        held = application.status in HOLDING_STATUSES
        _set_status(
            application,
            ApplicationStatus.WITHDRAWN,
            actor=actor,
            reason=application.reason,
            call=call,
            action="application.withdraw",
        )
        exhibitor = Exhibitor.objects.filter(application=application).first()
        if exhibitor is not None:
            from naikkelas.events.models import Booth

            Booth.objects.filter(exhibitor=exhibitor).update(
                exhibitor=None, assigned_at=None, assigned_by=None
            )
            exhibitor.is_active = False
            exhibitor.save(update_fields=["is_active"])
        if held:
            _promote(event, call, application.quota_id, actor=actor)
    return application


def applications_expire(*, now: dt.datetime | None = None) -> int:
    """Accepted applications not confirmed in time are declined (their places move on).
    Run daily by the worker; returns how many expired."""
    now = now or timezone.now()
    with scopes_disabled():
        due = list(
            Application.objects.filter(
                status=ApplicationStatus.ACCEPTED, confirm_by__lt=now
            ).values_list("pk", flat=True)
        )
    expired = 0
    for pk in due:
        with transaction.atomic(), scopes_disabled():
            application = Application.objects.select_related("event").get(pk=pk)
            event = _lock_event(application.event)
            application.refresh_from_db()
            if application.status != ApplicationStatus.ACCEPTED:
                continue
            call = ExhibitorCall.objects.get(event=event)
            _set_status(
                application,
                ApplicationStatus.DECLINED,
                actor=None,
                reason=_("The place was not confirmed in time."),
                call=call,
                action="application.expire",
            )
            _promote(event, call, application.quota_id, actor=None)
            expired += 1
    return expired
