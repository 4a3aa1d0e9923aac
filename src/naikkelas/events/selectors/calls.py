"""Reads for exhibitor calls: the facts the eligibility rules and the score look at, the
explanation of a refusal, the ranked applications."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from naikkelas.core.models import Organisation, Region
from naikkelas.events import eligibility, scoring
from naikkelas.events.models import (
    HOLDING_STATUSES,
    Application,
    ApplicationStatus,
    CallQuota,
    Event,
    Exhibitor,
    ExhibitorCall,
)
from naikkelas.registry.models import (
    Business,
    Certificate,
    CertificateKind,
    CoachingRelation,
    SizeClass,
)

SCORED_CERTIFICATES = ("halal", "pirt", "bpom", "sni", "brand")


def _valid_certificate_kinds(business: Business, event: Event) -> set[str]:
    on = event.starts_on or timezone.localdate()
    return set(
        Certificate.objects.filter(business=business)
        .exclude(expires_on__lt=on)
        .values_list("kind", flat=True)
    )


def _region_code(business: Business) -> str:
    return (
        business.village_id
        or business.district_code
        or business.regency_code
        or business.province_code
        or ""
    )


def business_facts(business: Business, event: Event) -> eligibility.BusinessFacts:
    """What the eligibility rules read about ``business`` for ``event``.

    Extension point: ``curation_tier_rank`` stays None until the curation app exists; it
    will be filled here from curation's selectors (see ``events/eligibility.py``)."""
    with scopes_disabled():
        coached = frozenset(
            CoachingRelation.objects.filter(business=business, active=True).values_list(
                "organisation_id", flat=True
            )
        )
        return eligibility.BusinessFacts(
            region_code=_region_code(business),
            kbli_section=business.kbli_section,
            kbli_division=business.kbli_division,
            coached_by=coached,
            certificates=frozenset(_valid_certificate_kinds(business, event)),
            size_class=business.size_class,
            curation_tier_rank=None,
        )


def score_facts(event: Event, call: ExhibitorCall, application: Application) -> scoring.ScoreFacts:
    business = application.business
    with scopes_disabled():
        organisers = set(event.organisers.values_list("pk", flat=True))
        coached = CoachingRelation.objects.filter(
            business=business, active=True, organisation_id__in=organisers
        ).exists()
        certificates = _valid_certificate_kinds(business, event) & set(SCORED_CERTIFICATES)
        earlier = Exhibitor.objects.filter(business=business, is_active=True).exclude(event=event)
        if event.starts_on is not None:
            earlier = earlier.filter(event__starts_on__lt=event.starts_on)
        chosen = application.products.count() if application.pk else 0
    return scoring.ScoreFacts(
        coached_by_organiser=coached,
        certificate_count=len(certificates),
        in_event_region=event.region.contains(_region_code(business))
        if _region_code(business)
        else False,
        women_led=business.women_led,
        exhibited_before=earlier.exists(),
        size_class=business.size_class,
        products_chosen=chosen,
        products_allowed=call.max_products,
    )


def _labels(codes: tuple[Any, ...], model: str) -> str:
    if model == "region":
        regions = {r.code: r.label for r in Region.objects.filter(code__in=codes)}
        return ", ".join(regions.get(str(c), str(c)) for c in codes)
    if model == "organisation":
        names = dict(Organisation.objects.filter(pk__in=codes).values_list("pk", "name"))
        return ", ".join(names.get(c, str(c)) for c in codes)
    if model == "certificate":
        return ", ".join(str(CertificateKind(c).label) for c in codes if c in CertificateKind)
    if model == "size":
        return ", ".join(str(SizeClass(c).label).lower() for c in codes if c in SizeClass)
    return ", ".join(str(c) for c in codes)


def failure_text(failure: eligibility.Failure, event: Event) -> str:
    """A refused rule, explained so the owner knows what to change."""
    with scopes_disabled():
        if failure.rule == "regions":
            return _(
                "Only businesses located in %(asked)s may apply; your business is in %(found)s."
            ) % {
                "asked": _labels(failure.asked, "region"),
                "found": _labels(failure.found, "region") or _("no recorded region"),
            }
        if failure.rule == "kbli":
            return _(
                "Only businesses in KBLI sector %(asked)s may apply; your business is "
                "registered under %(found)s."
            ) % {
                "asked": ", ".join(map(str, failure.asked)),
                "found": ", ".join(map(str, failure.found)) or _("no KBLI code"),
            }
        if failure.rule == "coached_by":
            return _(
                "Only businesses coached by %(asked)s may apply. Ask the office to register "
                "your business as one it coaches."
            ) % {"asked": _labels(failure.asked, "organisation")}
        if failure.rule == "certificates":
            return _(
                "Your business needs these valid certificates: %(missing)s. Add them to "
                "your certificate wallet."
            ) % {"missing": _labels(failure.asked, "certificate")}
        if failure.rule == "size_classes":
            return _("Only %(asked)s businesses may apply; your business is %(found)s.") % {
                "asked": _labels(failure.asked, "size"),
                "found": _labels(failure.found, "size") or _("of unknown size"),
            }
        if failure.rule == "min_curation_tier":
            return _("Your products need a curation tier of at least %(tier)s.") % {
                "tier": failure.asked[0]
            }
        return _("Your business does not meet the rule '%(rule)s'.") % {"rule": failure.rule}


def eligibility_explained(business: Business, event: Event) -> list[str]:
    """Why ``business`` may not apply to ``event`` (empty when it may)."""
    with scopes_disabled():
        call = ExhibitorCall.objects.filter(event=event).first()
        if call is None:
            return []
        failures = eligibility.check(call.rules, business_facts(business, event))
    return [failure_text(f, event) for f in failures]


def applications_ranked(event: Event, *, status: str = "") -> QuerySet[Application]:
    """The event's applications, best score first (ties: who applied first)."""
    rows = (
        Application.objects.filter(event=event)
        .select_related("business", "quota", "decided_by")
        .order_by("-score", "submitted_at", "pk")
    )
    if status:
        rows = rows.filter(status=status)
    return rows


def call_is_open(call: ExhibitorCall | None, now: Any = None) -> bool:
    if call is None or call.event.status not in ("published", "running"):
        return False
    now = now or timezone.now()
    return call.opens_at <= now < call.closes_at


@dataclass(frozen=True)
class QuotaFill:
    label: str
    places: int | None
    held: int
    waiting: int


def quota_fill(event: Event, call: ExhibitorCall) -> list[QuotaFill]:
    """Per quota (and in total): places, places held (accepted or confirmed), waitlisted."""
    from naikkelas.events.services.calls import places_by_quota, places_held, total_places

    counts: dict[tuple[int | None, str], int] = {}
    for quota_id, status, n in (
        Application.objects.filter(event=event)
        .values_list("quota_id", "status")
        .annotate(n=Count("pk"))
        .values_list("quota_id", "status", "n")
    ):
        counts[(quota_id, status)] = n
    places = places_by_quota(event, call)
    rows = []
    for quota in CallQuota.objects.filter(call=call):
        rows.append(
            QuotaFill(
                label=quota.label,
                places=places.get(quota.pk),
                held=sum(counts.get((quota.pk, s), 0) for s in HOLDING_STATUSES),
                waiting=counts.get((quota.pk, ApplicationStatus.WAITLISTED), 0),
            )
        )
    rows.append(
        QuotaFill(
            label=str(_("All categories")),
            places=total_places(event, call),
            held=places_held(event),
            waiting=sum(n for (q, s), n in counts.items() if s == ApplicationStatus.WAITLISTED),
        )
    )
    return rows
