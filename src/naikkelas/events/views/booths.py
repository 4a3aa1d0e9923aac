"""Officers' booth plan: blocks of booths, the capacity rule and which booths stay open,
exhibitors (added by hand too), placing them by hand or automatically, the printable
plan and the booth cards."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from naikkelas.core.models import Organisation
from naikkelas.core.views import org_view
from naikkelas.events import printing
from naikkelas.events.forms import BoothBlockForm, CapacityForm
from naikkelas.events.models import Booth, Exhibitor
from naikkelas.events.selectors import booths as selectors
from naikkelas.events.services import booths as services
from naikkelas.events.views.events import event_for
from naikkelas.registry.models import Business


@org_view("manage_events")
def booth_plan(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    event = event_for(organisation, event_id)
    block = BoothBlockForm(prefix="block")
    rule = CapacityForm(
        prefix="rule",
        initial={"percent": event.booth_capacity_percent, "number": event.booth_capacity_number},
    )
    return render(
        request,
        "events/booths/plan.html",
        {
            "organisation": organisation,
            "event": event,
            "block": block,
            "rule": rule,
            **selectors.booth_plan(event),
        },
    )


def _back(organisation: Organisation, event_id: int) -> HttpResponse:
    return redirect("events:booth_plan", organisation.slug, event_id)


def _say(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@org_view("manage_events")
@require_POST
def booth_block_add(
    request: HttpRequest, organisation: Organisation, event_id: int
) -> HttpResponse:
    event = event_for(organisation, event_id)
    form = BoothBlockForm(request.POST, prefix="block")
    if not form.is_valid():
        messages.error(
            request,
            _("Check the block of booths: %(errors)s")
            % {
                "errors": "; ".join(
                    f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()
                )
            },
        )
        return _back(organisation, event.pk)
    d = form.cleaned_data
    try:
        with scopes_disabled():
            first_row = (
                max(
                    Booth.objects.filter(event=event, zone=d["zone"]).values_list("row", flat=True),
                    default=-1,
                )
                + 1
            )
        made = services.booth_plan_generate(
            actor=request.user,
            event=event,
            zone=d["zone"],
            prefix=d["prefix"],
            rows=d["rows"],
            columns=d["columns"],
            first_row=first_row,
            width_cm=d["width_cm"],
            depth_cm=d["depth_cm"],
            price=d["price"],
            has_power=d["has_power"],
            has_water=d["has_water"],
        )
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(request, _("%(n)s booths added.") % {"n": len(made)})
    return _back(organisation, event.pk)


@org_view("manage_events")
@require_POST
def booth_rule(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    event = event_for(organisation, event_id)
    form = CapacityForm(request.POST, prefix="rule")
    if form.is_valid():
        try:
            numbers = services.event_set_capacity_rule(
                actor=request.user,
                event=event,
                percent=form.cleaned_data["percent"],
                number=form.cleaned_data["number"],
            )
        except ValidationError as exc:
            _say(request, exc)
        else:
            messages.success(
                request,
                _("Capacity rule saved: %(allowed)s of %(planned)s booths may be used.")
                % {"allowed": numbers.allowed, "planned": numbers.planned},
            )
    else:
        messages.error(request, _("Give a share between 1 and 100 % or a number."))
    return _back(organisation, event.pk)


@org_view("manage_events")
@require_POST
def booth_open(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    event = event_for(organisation, event_id)
    try:
        ids = {int(x) for x in request.POST.getlist("open")}
        numbers = services.booths_set_open(actor=request.user, event=event, open_ids=ids)
    except ValueError:
        messages.error(request, _("Some booths are not part of this event."))
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(
            request,
            _("%(open)s booths are open (the rule allows %(allowed)s).")
            % {"open": numbers.open, "allowed": numbers.allowed},
        )
    return _back(organisation, event.pk)


@org_view("manage_events")
@require_POST
def booth_assign(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    event = event_for(organisation, event_id)
    exhibitor = get_object_or_404(Exhibitor, pk=request.POST.get("exhibitor") or 0, event=event)
    booth_id = request.POST.get("booth", "")
    try:
        if booth_id == "next":
            booth = services.booth_assign_next(actor=request.user, exhibitor=exhibitor)
        else:
            booth = get_object_or_404(Booth, pk=booth_id or 0, event=event)
            services.booth_assign(actor=request.user, booth=booth, exhibitor=exhibitor)
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(
            request,
            _("%(name)s is placed in booth %(code)s.")
            % {"name": exhibitor.display_name, "code": booth.code},
        )
    return _back(organisation, event.pk)


@org_view("manage_events")
@require_POST
def booth_unassign(
    request: HttpRequest, organisation: Organisation, event_id: int, booth_id: int
) -> HttpResponse:
    event = event_for(organisation, event_id)
    booth = get_object_or_404(Booth, pk=booth_id, event=event)
    services.booth_unassign(actor=request.user, booth=booth)
    return _back(organisation, event.pk)


@org_view("manage_events")
@require_POST
def booth_delete(
    request: HttpRequest, organisation: Organisation, event_id: int, booth_id: int
) -> HttpResponse:
    event = event_for(organisation, event_id)
    booth = get_object_or_404(Booth, pk=booth_id, event=event)
    try:
        services.booth_delete(actor=request.user, booth=booth)
    except ValidationError as exc:
        _say(request, exc)
    return _back(organisation, event.pk)


@org_view("manage_events")
@require_POST
def booth_allocate(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    event = event_for(organisation, event_id)
    result = services.booths_allocate_auto(
        actor=request.user, event=event, categories=selectors.exhibitor_categories(event)
    )
    messages.success(
        request,
        _("%(placed)s exhibitors placed; %(unplaced)s without a booth.")
        % {"placed": len(result.placed), "unplaced": len(result.unplaced)},
    )
    if result.conflicts:
        with scopes_disabled():
            codes = dict(Booth.objects.filter(event=event).values_list("pk", "code"))
        messages.warning(
            request,
            _("Direct competitors side by side that could not be separated: %(pairs)s.")
            % {"pairs": ", ".join(f"{codes[a]}–{codes[b]}" for a, b in result.conflicts)},
        )
    return _back(organisation, event.pk)


@org_view("manage_events")
@require_POST
def exhibitor_add(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    """Add a business this organisation coaches as an exhibitor (no application)."""
    event = event_for(organisation, event_id)
    business = (
        Business.objects.live()
        .coached_by(organisation)
        .filter(pk=request.POST.get("business") or 0)
        .first()
    )
    if business is None:
        messages.error(request, _("Choose a business your organisation coaches."))
        return _back(organisation, event.pk)
    try:
        services.exhibitor_add(actor=request.user, event=event, business=business)
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(request, _("%(name)s is added as an exhibitor.") % {"name": business.name})
    return _back(organisation, event.pk)


def _pdf(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@org_view("manage_events")
def booth_plan_pdf(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    event = event_for(organisation, event_id)
    rows, texts = selectors.printable_plan(event, base_url=request.build_absolute_uri("/"))
    return _pdf(printing.booth_plan_pdf(rows, texts), f"denah-{event.slug}.pdf")


@org_view("manage_events")
def booth_cards_pdf(
    request: HttpRequest, organisation: Organisation, event_id: int
) -> HttpResponse:
    event = event_for(organisation, event_id)
    rows, texts = selectors.printable_plan(event, base_url=request.build_absolute_uri("/"))
    return _pdf(printing.booth_cards_pdf(rows, texts), f"kartu-stan-{event.slug}.pdf")


E = "o/<slug:slug>/events/<int:event_id>/booths/"
urlpatterns = [
    path(E, booth_plan, name="booth_plan"),
    path(E + "block/", booth_block_add, name="booth_block_add"),
    path(E + "rule/", booth_rule, name="booth_rule"),
    path(E + "open/", booth_open, name="booth_open"),
    path(E + "assign/", booth_assign, name="booth_assign"),
    path(E + "allocate/", booth_allocate, name="booth_allocate"),
    path(E + "exhibitors/add/", exhibitor_add, name="exhibitor_add"),
    path(E + "<int:booth_id>/unassign/", booth_unassign, name="booth_unassign"),
    path(E + "<int:booth_id>/delete/", booth_delete, name="booth_delete"),
    path(E + "plan.pdf", booth_plan_pdf, name="booth_plan_pdf"),
    path(E + "cards.pdf", booth_cards_pdf, name="booth_cards_pdf"),
]
