"""Applications through the API: officers list them ranked with their score parts and
decide; owners apply, list their applications and confirm, decline or withdraw."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django_scopes import scope, scopes_disabled
from ninja import Field, Query, Router, Schema, Status

from naikkelas.catalog.models import Product
from naikkelas.core.api import AUTH, _organisation_for
from naikkelas.events.api.events import event_of
from naikkelas.events.models import Application, ApplicationStatus, CallQuota
from naikkelas.events.selectors import calls as selectors
from naikkelas.events.selectors import events as event_selectors
from naikkelas.events.selectors import owner as owner_selectors
from naikkelas.events.services import calls as services

router = Router(tags=["events"])


class ScorePartOut(Schema):
    value: float
    weight: int
    points: float


class ApplicationOut(Schema):
    id: int
    event: str = Field(description="The event's slug")
    business_id: int
    business: str
    quota: str | None
    status: str
    reason: str
    score: int
    score_parts: dict[str, ScorePartOut]
    product_ids: list[int]
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    confirm_by: dt.datetime | None


class ApplicationPage(Schema):
    count: int
    items: list[ApplicationOut]


class ApplicationQuery(Schema):
    status: str = ""
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class DecisionIn(Schema):
    decision: Literal["accept", "waitlist", "reject"]
    reason: str = ""


class ApplyIn(Schema):
    business_id: int
    product_ids: list[int]
    quota_id: int | None = None
    motivation: str = ""
    answers: dict[str, str] = {}


class RespondIn(Schema):
    action: Literal["confirm", "decline", "withdraw"]


def application_out(application: Application) -> dict[str, Any]:
    return {
        "id": application.pk,
        "event": application.event.slug,
        "business_id": application.business_id,
        "business": application.business.name,
        "quota": application.quota.label if application.quota else None,
        "status": application.status,
        "reason": application.reason,
        "score": application.score,
        "score_parts": application.score_parts,
        "product_ids": sorted(p.pk for p in application.products.all()),
        "submitted_at": application.submitted_at,
        "decided_at": application.decided_at,
        "confirm_by": application.confirm_by,
    }


@router.get(
    "/organisations/{slug}/events/{event_id}/applications",
    response=ApplicationPage,
    auth=AUTH,
    summary="Applications ranked by score, with the parts of the score",
)
def application_list(
    request: HttpRequest, slug: str, event_id: int, query: Query[ApplicationQuery]
) -> dict[str, Any]:
    organisation = _organisation_for(request, slug, "manage_events")
    with scope(organisation=organisation):
        event = event_of(organisation, event_id)
        status = query.status if query.status in ApplicationStatus.values else ""
        rows = (
            selectors.applications_ranked(event, status=status)
            .select_related("event")
            .prefetch_related("products")
        )
        return {
            "count": rows.count(),
            "items": [application_out(a) for a in rows[query.offset : query.offset + query.limit]],
        }


@router.post(
    "/organisations/{slug}/events/{event_id}/applications/{application_id}/decision",
    response=ApplicationOut,
    auth=AUTH,
    summary="Accept, waitlist or reject (a reason is required to reject)",
)
def application_decide(
    request: HttpRequest, slug: str, event_id: int, application_id: int, payload: DecisionIn
) -> dict[str, Any]:
    organisation = _organisation_for(request, slug, "manage_events")
    with scope(organisation=organisation):
        event = event_of(organisation, event_id)
        application = get_object_or_404(Application, pk=application_id, event=event)
    application = services.application_decide(
        actor=request.auth,
        application=application,
        decision=payload.decision,
        reason=payload.reason,
    )
    with scopes_disabled():
        return application_out(application)


# --- owners -----------------------------------------------------------------------------------


@router.post(
    "/public/{event_slug}/applications",
    response={201: ApplicationOut},
    auth=AUTH,
    summary="Apply for one of your businesses with some of its published products",
)
def application_submit(request: HttpRequest, event_slug: str, payload: ApplyIn) -> Status[Any]:
    event = event_selectors.public_event(event_slug)
    if event is None:
        raise Http404
    business = next(
        (b for b in owner_selectors.owner_businesses(request.auth) if b.pk == payload.business_id),
        None,
    )
    if business is None:
        raise Http404
    with scopes_disabled():
        quota = (
            CallQuota.objects.filter(pk=payload.quota_id, call__event=event).first()
            if payload.quota_id
            else None
        )
        application = services.application_submit(
            actor=request.auth,
            event=event,
            business=business,
            products=list(Product.objects.filter(pk__in=payload.product_ids)),
            quota=quota,
            motivation=payload.motivation,
            answers=payload.answers,
        )
        return Status(201, application_out(application))


@router.get(
    "/my/applications",
    response=list[ApplicationOut],
    auth=AUTH,
    summary="The applications of the businesses you own",
)
def my_applications(request: HttpRequest) -> list[dict[str, Any]]:
    with scopes_disabled():
        rows = owner_selectors.owner_applications(request.auth).prefetch_related("products")
        return [application_out(a) for a in rows[:200]]


@router.post(
    "/my/applications/{application_id}/respond",
    response=ApplicationOut,
    auth=AUTH,
    summary="Confirm or decline an accepted place, or withdraw",
)
def my_application_respond(
    request: HttpRequest, application_id: int, payload: RespondIn
) -> dict[str, Any]:
    application = owner_selectors.owner_application(request.auth, application_id)
    if application is None:
        raise Http404
    if payload.action == "withdraw":
        application = services.application_withdraw(actor=request.auth, application=application)
    else:
        application = services.application_respond(
            actor=request.auth, application=application, confirm=payload.action == "confirm"
        )
    with scopes_disabled():
        return application_out(application)
