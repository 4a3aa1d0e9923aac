"""The booth plan: booths, the capacity rule, exhibitors added by hand, and the assignment
of exhibitors to booths.

Locking (pretix/Saleor style): every change that makes booths or places less available
locks the event row first (``_lock_event``), then re-reads and re-counts, then writes.
One lock per event keeps the order the same everywhere, so two services never deadlock.
Behind the services the database holds the line: a booth has at most one exhibitor
(``Booth.exhibitor`` is a single column), an exhibitor at most one booth (one-to-one),
and a closed booth none (``booth_exhibitor_only_when_open``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from naikkelas.core.audit import audit_record, snapshot
from naikkelas.core.models import User
from naikkelas.events import allocation, capacity
from naikkelas.events.models import (
    HOLDING_STATUSES,
    Application,
    Booth,
    Event,
    Exhibitor,
    ExhibitorCall,
)
from naikkelas.events.services.events import require_on_event
from naikkelas.registry.models import Business

BOOTH_FIELDS = [
    "code",
    "zone",
    "width_cm",
    "depth_cm",
    "price",
    "has_power",
    "has_water",
    "column",
    "row",
    "is_open",
]
MAX_BOOTHS = 2000  # per event; a plan larger than any hall we know of is a typo


@dataclass
class BoothData:
    code: str
    zone: str = ""
    width_cm: int = 300
    depth_cm: int = 300
    price: int = 0
    has_power: bool = False
    has_water: bool = False
    column: int = 0
    row: int = 0


@dataclass(frozen=True)
class PlanNumbers:
    planned: int
    allowed: int
    open: int
    taken: int

    @property
    def free(self) -> int:
        return self.open - self.taken


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def plan_numbers(event: Event) -> PlanNumbers:
    """Planned, allowed by the capacity rule, open and taken booths of ``event``."""
    with scopes_disabled():
        booths = Booth.objects.filter(event=event)
        planned = booths.count()
        opened = booths.filter(is_open=True).count()
        taken = booths.filter(exhibitor__isnull=False).count()
    allowed = capacity.usable_booths(
        planned, percent=event.booth_capacity_percent, number=event.booth_capacity_number
    )
    return PlanNumbers(planned=planned, allowed=allowed, open=opened, taken=taken)


def _clean_booth(data: BoothData) -> BoothData:
    errors: dict[str, str] = {}
    code = "".join(data.code.split()).upper()
    if not code:
        errors["code"] = _("Give the booth a code, e.g. A1.")
    if data.price < 0:
        errors["price"] = _("A price in rupiah cannot be negative.")
    if data.width_cm <= 0 or data.depth_cm <= 0:
        errors["width_cm"] = _("A booth needs a width and a depth above zero.")
    if errors:
        raise ValidationError(errors)
    return BoothData(
        code=code,
        zone=" ".join(data.zone.split()),
        width_cm=data.width_cm,
        depth_cm=data.depth_cm,
        price=int(data.price),
        has_power=data.has_power,
        has_water=data.has_water,
        column=data.column,
        row=data.row,
    )


def _close_beyond_rule(event: Event, actor: User | None) -> list[str]:
    """Close the last open free booths until the open ones fit the rule; returns their codes."""
    numbers = plan_numbers(event)
    excess = numbers.open - numbers.allowed
    if excess <= 0:
        return []
    closing = list(
        Booth.objects.filter(event=event, is_open=True, exhibitor__isnull=True).order_by(
            "-zone", "-row", "-column", "-code"
        )[:excess]
    )
    if len(closing) < excess:
        raise ValidationError(
            _(
                "The capacity rule allows %(allowed)s booths, but %(taken)s already have an "
                "exhibitor. Move exhibitors out first."
            )
            % {"allowed": numbers.allowed, "taken": numbers.taken}
        )
    Booth.objects.filter(pk__in=[b.pk for b in closing]).update(is_open=False)
    return [b.code for b in closing]


def booths_create(*, actor: User | None, event: Event, booths: list[BoothData]) -> list[Booth]:
    """Add booths to the plan. New booths open as far as the capacity rule allows."""
    if actor is not None:
        require_on_event(actor, event)
    cleaned = [_clean_booth(b) for b in booths]
    codes = [b.code for b in cleaned]
    if len(set(codes)) != len(codes):
        raise ValidationError({"code": _("Each booth code may appear only once.")})
    with transaction.atomic(), scopes_disabled():
        event = _lock_event(event)
        existing = set(
            Booth.objects.filter(event=event, code__in=codes).values_list("code", flat=True)
        )
        if existing:
            raise ValidationError(
                {
                    "code": _("These booth codes exist already: %(codes)s.")
                    % {"codes": ", ".join(sorted(existing))}
                }
            )
        if Booth.objects.filter(event=event).count() + len(cleaned) > MAX_BOOTHS:
            raise ValidationError(_("An event has at most %(max)s booths.") % {"max": MAX_BOOTHS})
        made = Booth.objects.bulk_create(Booth(event=event, **b.__dict__) for b in cleaned)
        closed = _close_beyond_rule(event, actor)
        audit_record(
            actor=actor,
            action="booth.create",
            obj=event,
            organisation=event.organisation,
            changes={"booths": [None, codes], **({"closed": [None, closed]} if closed else {})},
        )
    return made


def booth_plan_generate(
    *,
    actor: User | None,
    event: Event,
    zone: str,
    prefix: str,
    rows: int,
    columns: int,
    first_row: int = 0,
    width_cm: int = 300,
    depth_cm: int = 300,
    price: int = 0,
    has_power: bool = False,
    has_water: bool = False,
) -> list[Booth]:
    """A grid of ``rows`` × ``columns`` booths coded ``prefix`` + number (A1, A2, …)."""
    if rows < 1 or columns < 1:
        raise ValidationError(_("A block of booths needs at least one row and one column."))
    if rows * columns > MAX_BOOTHS:
        raise ValidationError(_("An event has at most %(max)s booths.") % {"max": MAX_BOOTHS})
    prefix = "".join(prefix.split()).upper()
    return booths_create(
        actor=actor,
        event=event,
        booths=[
            BoothData(
                code=f"{prefix}{r * columns + c + 1}",
                zone=zone,
                width_cm=width_cm,
                depth_cm=depth_cm,
                price=price,
                has_power=has_power,
                has_water=has_water,
                column=c,
                row=first_row + r,
            )
            for r in range(rows)
            for c in range(columns)
        ],
    )


def booth_update(*, actor: User | None, booth: Booth, data: BoothData) -> Booth:
    if actor is not None:
        require_on_event(actor, booth.event)
    cleaned = _clean_booth(data)
    with transaction.atomic(), scopes_disabled():
        _lock_event(booth.event)
        booth = Booth.objects.get(pk=booth.pk)
        before = snapshot(booth, BOOTH_FIELDS)
        for name, value in cleaned.__dict__.items():
            setattr(booth, name, value)
        try:
            with transaction.atomic():
                booth.save()
        except IntegrityError as exc:
            raise ValidationError(
                {"code": _("Booth %(code)s exists already.") % {"code": cleaned.code}}
            ) from exc
        audit_record(
            actor=actor,
            action="booth.update",
            obj=booth,
            organisation=booth.event.organisation,
            before=before,
            after=snapshot(booth, BOOTH_FIELDS),
        )
    return booth


def booth_delete(*, actor: User | None, booth: Booth) -> None:
    if actor is not None:
        require_on_event(actor, booth.event)
    with transaction.atomic(), scopes_disabled():
        event = _lock_event(booth.event)
        booth = Booth.objects.get(pk=booth.pk)
        if booth.exhibitor_id is not None:
            raise ValidationError(_("Move the exhibitor out of this booth before deleting it."))
        code = booth.code
        booth.delete()
        _close_beyond_rule(event, actor)
        audit_record(
            actor=actor,
            action="booth.delete",
            obj=event,
            organisation=event.organisation,
            changes={"booths": [code, None]},
        )


def booths_set_open(*, actor: User | None, event: Event, open_ids: set[int]) -> PlanNumbers:
    """Open exactly the booths ``open_ids`` (the officer's choice under the capacity rule);
    refuses more than the rule allows and closing a booth that has an exhibitor."""
    if actor is not None:
        require_on_event(actor, event)
    with transaction.atomic(), scopes_disabled():
        event = _lock_event(event)
        booths = list(Booth.objects.filter(event=event).order_by("pk"))
        ids = {b.pk for b in booths}
        unknown = set(open_ids) - ids
        if unknown:
            raise ValidationError(_("Some booths are not part of this event."))
        numbers = plan_numbers(event)
        if len(open_ids) > numbers.allowed:
            raise ValidationError(
                _(
                    "The capacity rule allows %(allowed)s of %(planned)s booths to be open; "
                    "you chose %(chosen)s."
                )
                % {
                    "allowed": numbers.allowed,
                    "planned": numbers.planned,
                    "chosen": len(open_ids),
                }
            )
        occupied_closing = [b.code for b in booths if b.exhibitor_id and b.pk not in open_ids]
        if occupied_closing:
            raise ValidationError(
                _("These booths have an exhibitor and must stay open: %(codes)s.")
                % {"codes": ", ".join(occupied_closing)}
            )
        before = sorted(b.code for b in booths if b.is_open)
        Booth.objects.filter(event=event).exclude(pk__in=open_ids).update(is_open=False)
        Booth.objects.filter(event=event, pk__in=open_ids).update(is_open=True)
        after = sorted(b.code for b in booths if b.pk in open_ids)
        audit_record(
            actor=actor,
            action="booth.open",
            obj=event,
            organisation=event.organisation,
            changes={"open": [before, after]} if before != after else {},
        )
        return plan_numbers(event)


def event_set_capacity_rule(
    *, actor: User | None, event: Event, percent: int | None, number: int | None
) -> PlanNumbers:
    """Change the capacity rule; booths open beyond the new limit close (free ones first)."""
    if actor is not None:
        require_on_event(actor, event)
    if percent is not None and number is not None:
        raise ValidationError(
            _("Give the usable booths either as a share or as a number, not both.")
        )
    if percent is not None and not 1 <= percent <= 100:
        raise ValidationError(_("A share of booths lies between 1 and 100 %."))
    if number is not None and number < 0:
        raise ValidationError(_("This number cannot be negative."))
    with transaction.atomic(), scopes_disabled():
        event = _lock_event(event)
        before = [event.booth_capacity_percent, event.booth_capacity_number]
        event.booth_capacity_percent, event.booth_capacity_number = percent, number
        event.save(update_fields=["booth_capacity_percent", "booth_capacity_number", "updated_at"])
        closed = _close_beyond_rule(event, actor)
        audit_record(
            actor=actor,
            action="event.capacity_rule",
            obj=event,
            organisation=event.organisation,
            changes={
                "capacity_rule": [before, [percent, number]],
                **({"closed": [None, closed]} if closed else {}),
            },
        )
        return plan_numbers(event)


# --- exhibitors and assignment ----------------------------------------------------------------


def total_places(event: Event, call: ExhibitorCall | None) -> int | None:
    """Exhibitors the event takes (None: no limit): the call's own number, and never more
    than the usable booths of a plan."""
    limits = []
    if call is not None and call.places is not None:
        limits.append(call.places)
    numbers = plan_numbers(event)
    if numbers.planned:
        limits.append(numbers.allowed)
    return min(limits) if limits else None


def places_held(event: Event) -> int:
    """Places taken: accepted or confirmed applications, and exhibitors added by hand."""
    applications = Application.objects.filter(event=event, status__in=HOLDING_STATUSES)
    direct = Exhibitor.objects.filter(event=event, application__isnull=True, is_active=True)
    return applications.count() + direct.count()


def exhibitor_places_left(event: Event) -> int | None:
    """How many more exhibitors the event takes (None: no limit); call under the lock."""
    total = total_places(event, ExhibitorCall.objects.filter(event=event).first())
    return None if total is None else max(total - places_held(event), 0)


def exhibitor_add(
    *, actor: User | None, event: Event, business: Business, display_name: str = ""
) -> Exhibitor:
    """An officer adds a business as an exhibitor directly (no application), within the
    places left."""
    if actor is not None:
        require_on_event(actor, event)
    with transaction.atomic(), scopes_disabled():
        event = _lock_event(event)
        if Exhibitor.objects.filter(event=event, business=business).exists():
            raise ValidationError(
                _("%(business)s already exhibits at this event.") % {"business": business.name}
            )
        left = exhibitor_places_left(event)
        if left is not None and left <= 0:
            raise ValidationError(_("The event has no exhibitor places left."))
        exhibitor = Exhibitor.objects.create(
            event=event, business=business, display_name=display_name.strip() or business.name
        )
        audit_record(
            actor=actor,
            action="exhibitor.add",
            obj=exhibitor,
            organisation=event.organisation,
            after={"business": business.pk, "display_name": exhibitor.display_name},
        )
    return exhibitor


def _assign(booth: Booth, exhibitor: Exhibitor, actor: User | None) -> None:
    booth.exhibitor = exhibitor
    booth.assigned_at = timezone.now()
    booth.assigned_by = actor if actor is not None and actor.pk else None
    booth.save(update_fields=["exhibitor", "assigned_at", "assigned_by"])


def booth_assign(*, actor: User | None, booth: Booth, exhibitor: Exhibitor) -> Booth:
    """Put ``exhibitor`` into ``booth`` (by hand). Refuses a closed or taken booth and an
    exhibitor that has one already; moving is unassign, then assign."""
    if actor is not None:
        require_on_event(actor, booth.event)
    if exhibitor.event_id != booth.event_id:
        raise ValidationError(_("This exhibitor takes part in another event."))
    with transaction.atomic(), scopes_disabled():
        event = _lock_event(booth.event)
        booth = Booth.objects.get(pk=booth.pk)
        exhibitor = Exhibitor.objects.get(pk=exhibitor.pk)
        if not exhibitor.is_active:
            raise ValidationError(_("This exhibitor no longer takes part."))
        if not booth.is_open:
            raise ValidationError(
                _("Booth %(code)s is closed under the capacity rule.") % {"code": booth.code}
            )
        if booth.exhibitor_id is not None:
            raise ValidationError(_("Booth %(code)s is taken.") % {"code": booth.code})
        current = Booth.objects.filter(exhibitor=exhibitor).first()
        if current is not None:
            raise ValidationError(
                _("%(name)s is already in booth %(code)s.")
                % {"name": exhibitor.display_name, "code": current.code}
            )
        _assign(booth, exhibitor, actor)
        audit_record(
            actor=actor,
            action="booth.assign",
            obj=booth,
            organisation=event.organisation,
            changes={"exhibitor": [None, exhibitor.display_name]},
        )
    return booth


def booth_assign_next(*, actor: User | None, exhibitor: Exhibitor) -> Booth:
    """Put ``exhibitor`` into the first free open booth (plan order)."""
    if actor is not None:
        require_on_event(actor, exhibitor.event)
    with transaction.atomic(), scopes_disabled():
        event = _lock_event(exhibitor.event)
        exhibitor = Exhibitor.objects.get(pk=exhibitor.pk)
        current = Booth.objects.filter(exhibitor=exhibitor).first()
        if current is not None:
            raise ValidationError(
                _("%(name)s is already in booth %(code)s.")
                % {"name": exhibitor.display_name, "code": current.code}
            )
        booth = (
            Booth.objects.filter(event=event, is_open=True, exhibitor__isnull=True)
            .order_by("zone", "row", "column", "code")
            .first()
        )
        if booth is None:
            raise ValidationError(_("Every usable booth is taken."))
        _assign(booth, exhibitor, actor)
        audit_record(
            actor=actor,
            action="booth.assign",
            obj=booth,
            organisation=event.organisation,
            changes={"exhibitor": [None, exhibitor.display_name]},
        )
    return booth


def booth_unassign(*, actor: User | None, booth: Booth) -> Booth:
    if actor is not None:
        require_on_event(actor, booth.event)
    with transaction.atomic(), scopes_disabled():
        event = _lock_event(booth.event)
        booth = Booth.objects.select_related("exhibitor").get(pk=booth.pk)
        if booth.exhibitor is None:
            return booth
        name = booth.exhibitor.display_name
        booth.exhibitor = None
        booth.assigned_at = None
        booth.assigned_by = None
        booth.save(update_fields=["exhibitor", "assigned_at", "assigned_by"])
        audit_record(
            actor=actor,
            action="booth.unassign",
            obj=booth,
            organisation=event.organisation,
            changes={"exhibitor": [name, None]},
        )
    return booth


def booths_allocate_auto(
    *,
    actor: User | None,
    event: Event,
    categories: dict[int, tuple[str, str]] | None = None,
) -> allocation.Allocation:
    """Place every exhibitor without a booth (decision 0026): categories grouped, direct
    competitors apart where possible. ``categories``: exhibitor id → (category,
    sub-category); by default the exhibitor's quota label. Returns what was placed, who
    stayed without a booth and the competitor pairs that could not be separated."""
    if actor is not None:
        require_on_event(actor, event)
    with transaction.atomic(), scopes_disabled():
        event = _lock_event(event)
        booths = list(Booth.objects.filter(event=event, is_open=True).order_by("pk"))
        exhibitors = list(
            Exhibitor.objects.filter(event=event, is_active=True)
            .select_related("quota", "application")
            .order_by("-application__score", "created_at", "pk")
        )
        labels = categories or {}
        entrants = [
            allocation.Entrant(
                key=e.pk,
                category=labels.get(e.pk, (e.quota.label if e.quota else "", ""))[0],
                subcategory=labels.get(e.pk, ("", ""))[1],
            )
            for e in exhibitors
        ]
        result = allocation.allocate(
            [
                allocation.BoothSlot(
                    key=b.pk, zone=b.zone, column=b.column, row=b.row, taken_by=b.exhibitor_id
                )
                for b in booths
            ],
            entrants,
        )
        by_pk = {b.pk: b for b in booths}
        names = {e.pk: e.display_name for e in exhibitors}
        now = timezone.now()
        placed: dict[str, str] = {}
        for exhibitor_id, booth_id in sorted(result.placed.items(), key=lambda kv: str(kv[1])):
            booth = by_pk[booth_id]  # type: ignore[index]
            booth.exhibitor_id = exhibitor_id  # type: ignore[assignment]
            booth.assigned_at = now
            booth.assigned_by = actor if actor is not None and actor.pk else None
            placed[booth.code] = names[exhibitor_id]  # type: ignore[index]
        Booth.objects.bulk_update(
            [by_pk[b] for b in result.placed.values()],  # type: ignore[index]
            ["exhibitor", "assigned_at", "assigned_by"],
        )
        audit_record(
            actor=actor,
            action="booth.allocate",
            obj=event,
            organisation=event.organisation,
            changes={"placed": [None, placed], "unplaced": [None, len(result.unplaced)]},
        )
    return result
