"""Officers' pages of the exhibitor call: its settings, rules, weights and quotas; the
ranked applications with their score parts; one application with the decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from naikkelas.core.models import Organisation
from naikkelas.core.views import org_view
from naikkelas.events import scoring
from naikkelas.events.forms import PART_LABELS, CallForm, DecisionForm, QuotaFormSet
from naikkelas.events.models import Application, ApplicationStatus, CallQuota, ExhibitorCall
from naikkelas.events.selectors import calls as selectors
from naikkelas.events.selectors.owner import application_recipients
from naikkelas.events.services import calls as services
from naikkelas.events.views.events import add_errors, event_for
from naikkelas.registry.models import BusinessOwner


@org_view("manage_events")
def call_edit(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    event = event_for(organisation, event_id)
    call = ExhibitorCall.objects.filter(event=event).first()
    quotas = list(CallQuota.objects.filter(call=call)) if call else []
    form = CallForm(request.POST or None, initial=CallForm.initial_from(call), prefix="call")
    formset = QuotaFormSet(
        request.POST or None,
        prefix="quota",
        initial=[
            {"label": q.label, "category": q.category_id, "percent": q.percent, "places": q.places}
            for q in quotas
        ],
    )
    error = ""
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        d = form.cleaned_data
        try:
            services.call_save(
                actor=request.user,
                event=event,
                data=services.CallData(
                    opens_at=d["opens_at"],
                    closes_at=d["closes_at"],
                    intro=d["intro"],
                    places=d["places"],
                    max_products=d["max_products"],
                    rules=form.rules(),
                    score_weights=form.weights(),
                    questions=d["questions"].splitlines(),
                    confirm_days=d["confirm_days"],
                ),
            )
            services.quotas_set(
                actor=request.user,
                event=event,
                quotas=[
                    services.QuotaData(
                        label=f.cleaned_data["label"],
                        category_id=f.cleaned_data["category"].pk
                        if f.cleaned_data.get("category")
                        else None,
                        percent=f.cleaned_data.get("percent"),
                        places=f.cleaned_data.get("places"),
                    )
                    for f in formset
                    if f.cleaned_data.get("label")
                ],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "quotas" in exc.message_dict:
                error = " ".join(exc.message_dict.pop("quotas"))
            add_errors(form, exc)
        else:
            messages.success(request, _("The exhibitor call is saved."))
            return redirect("events:call_edit", organisation.slug, event.pk)
    return render(
        request,
        "events/calls/form.html",
        {
            "organisation": organisation,
            "event": event,
            "form": form,
            "formset": formset,
            "error": error,
            "rule_fields": [
                form[name]
                for name in (
                    "region_1",
                    "region_2",
                    "region_3",
                    "kbli",
                    "coached_by",
                    "certificates",
                    "size_classes",
                )
            ],
            "weight_fields": [form[f"weight_{part}"] for part in scoring.PARTS],
            "setting_fields": [
                form[name]
                for name in (
                    "opens_at",
                    "closes_at",
                    "intro",
                    "places",
                    "max_products",
                    "confirm_days",
                    "questions",
                )
            ],
        },
    )


@org_view("manage_events")
def application_list(
    request: HttpRequest, organisation: Organisation, event_id: int
) -> HttpResponse:
    event = event_for(organisation, event_id)
    status = request.GET.get("status", "")
    if status not in ApplicationStatus.values:
        status = ""
    call = ExhibitorCall.objects.filter(event=event).first()
    rows = selectors.applications_ranked(event, status=status).prefetch_related("products")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for application in page.object_list:
        application.part_points = [  # type: ignore[attr-defined]
            (PART_LABELS[part], application.score_parts.get(part, {}).get("points"))
            for part in scoring.PARTS
            if application.score_parts.get(part, {}).get("points")
        ]
    with scopes_disabled():
        fill = selectors.quota_fill(event, call) if call else []
    return render(
        request,
        "events/calls/applications.html",
        {
            "organisation": organisation,
            "event": event,
            "call": call,
            "page": page,
            "status": status,
            "statuses": ApplicationStatus.choices,
            "parts": [(part, PART_LABELS[part]) for part in scoring.PARTS],
            "fill": fill,
        },
    )


@org_view("manage_events")
def application_detail(
    request: HttpRequest, organisation: Organisation, event_id: int, application_id: int
) -> HttpResponse:
    event = event_for(organisation, event_id)
    application = get_object_or_404(
        Application.objects.select_related("business", "quota", "decided_by"),
        pk=application_id,
        event=event,
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_decide(
                actor=request.user,
                application=application,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(business)s: decision saved; the applicant is told.")
                % {"business": application.business.name},
            )
            return redirect("events:application_list", organisation.slug, event.pk)
    with scopes_disabled():
        owners = list(BusinessOwner.objects.filter(business=application.business))
        products = list(application.products.select_related("category"))
        emails = application_recipients(application)
    return render(
        request,
        "events/calls/application.html",
        {
            "organisation": organisation,
            "event": event,
            "application": application,
            "form": form,
            "owners": owners,
            "emails": emails,
            "products": products,
            "parts": [
                (PART_LABELS[part], application.score_parts.get(part, {})) for part in scoring.PARTS
            ],
        },
    )


@org_view("manage_events")
@require_POST
def application_quick_decide(
    request: HttpRequest, organisation: Organisation, event_id: int, application_id: int
) -> HttpResponse:
    """Accept or waitlist from the ranked list (rejecting needs the detail page's reason)."""
    event = event_for(organisation, event_id)
    application = get_object_or_404(Application, pk=application_id, event=event)
    decision = request.POST.get("decision", "")
    try:
        services.application_decide(actor=request.user, application=application, decision=decision)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(business)s: decision saved; the applicant is told.")
            % {"business": application.business.name},
        )
    return redirect("events:application_list", organisation.slug, event.pk)


E = "o/<slug:slug>/events/<int:event_id>/"
urlpatterns = [
    path(E + "call/", call_edit, name="call_edit"),
    path(E + "applications/", application_list, name="application_list"),
    path(E + "applications/<int:application_id>/", application_detail, name="application_detail"),
    path(
        E + "applications/<int:application_id>/decide/",
        application_quick_decide,
        name="application_quick_decide",
    ),
]
