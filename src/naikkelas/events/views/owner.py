"""The owner's pages, made for a phone: apply to an event with some of one's products
(eligibility explained before and when refused), follow one's applications, confirm or
decline an accepted place, withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from naikkelas.events.forms import ApplyForm
from naikkelas.events.models import Application, ExhibitorCall
from naikkelas.events.selectors import calls as call_selectors
from naikkelas.events.selectors import events as selectors
from naikkelas.events.selectors import festival as festival_selectors
from naikkelas.events.selectors import owner as owner_selectors
from naikkelas.events.services import calls as services
from naikkelas.events.views.events import add_errors


@login_required
def apply(request: HttpRequest, event_slug: str) -> HttpResponse:
    event = selectors.public_event(event_slug)
    if event is None:
        raise Http404
    with scopes_disabled():
        call = ExhibitorCall.objects.filter(event=event).select_related("event").first()
    if call is None:
        raise Http404
    businesses = owner_selectors.owner_businesses(request.user)
    chosen_id = request.POST.get("business") or request.GET.get("business")
    business = next((b for b in businesses if str(b.pk) == str(chosen_id)), None)
    if business is None and len(businesses) == 1:
        business = businesses[0]
    context: dict = {
        "event": event,
        "call": call,
        "businesses": businesses,
        "business": business,
        "call_open": call_selectors.call_is_open(call),
    }
    if business is not None:
        with scopes_disabled():
            existing = Application.objects.filter(event=event, business=business).first()
        products = owner_selectors.publishable_products(business)
        form = ApplyForm(request.POST or None, products=products, call=call, prefix="apply")
        context.update(
            form=form,
            products=products,
            existing=existing,
            refusals=call_selectors.eligibility_explained(business, event),
        )
        if request.method == "POST" and form.is_valid():
            try:
                application = services.application_submit(
                    actor=request.user,
                    event=event,
                    business=business,
                    products=list(form.cleaned_data["products"]),
                    quota=form.cleaned_data.get("quota"),
                    motivation=form.cleaned_data["motivation"],
                    answers=form.answers(),
                )
            except ValidationError as exc:
                add_errors(form, exc)
                if hasattr(exc, "error_dict") and "eligibility" in exc.message_dict:
                    context["refusals"] = exc.message_dict["eligibility"]
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _(
                        "Your application is sent. You will hear from the organiser here "
                        "and by email."
                    ),
                )
                return redirect("events:owner_application", application.pk)
    return render(request, "events/owner/apply.html", context)


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "events/owner/applications.html",
        {
            "applications": list(owner_selectors.owner_applications(request.user)[:100]),
            "merchants": festival_selectors.own_festival_merchants(request.user),
        },
    )


@login_required
def owner_application(request: HttpRequest, application_id: int) -> HttpResponse:
    application = owner_selectors.owner_application(request.user, application_id)
    if application is None:
        raise Http404
    with scopes_disabled():
        products = list(application.products.select_related("category"))
        booth = getattr(getattr(application, "exhibitor", None), "booth", None)
    return render(
        request,
        "events/owner/application.html",
        {
            "application": application,
            "event": application.event,
            "products": products,
            "booth": booth,
            "whatsapp": owner_selectors.officer_whatsapp_link(application),
        },
    )


@login_required
@require_POST
def owner_application_respond(request: HttpRequest, application_id: int) -> HttpResponse:
    application = owner_selectors.owner_application(request.user, application_id)
    if application is None:
        raise Http404
    action = request.POST.get("action", "")
    try:
        if action == "withdraw":
            services.application_withdraw(actor=request.user, application=application)
            messages.success(request, _("Your application is withdrawn."))
        elif action in ("confirm", "decline"):
            services.application_respond(
                actor=request.user, application=application, confirm=action == "confirm"
            )
            messages.success(
                request,
                _("Your place is confirmed. See you at the event!")
                if action == "confirm"
                else _("You declined the place. The next business on the waiting list gets it."),
            )
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("events:owner_application", application.pk)


urlpatterns = [
    path("acara/<slug:event_slug>/daftar/", apply, name="apply"),
    path("acara-saya/", my_applications, name="my_applications"),
    path("acara-saya/<int:application_id>/", owner_application, name="owner_application"),
    path(
        "acara-saya/<int:application_id>/respond/",
        owner_application_respond,
        name="owner_application_respond",
    ),
]
