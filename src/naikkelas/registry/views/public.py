"""Public pages: a business's profile, showing only what its owner chose to publish, and a
cluster (sentra) with its public members."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from naikkelas.core.selectors import region_path_label
from naikkelas.registry import kbli
from naikkelas.registry.models import Business
from naikkelas.registry.selectors import businesses as selectors


def public_business(request: HttpRequest, business_id: int) -> HttpResponse:
    business = (
        Business.objects.live()
        .filter(pk=business_id, is_public=True)
        .select_related("village__parent__parent__parent")
        .prefetch_related("owners", "certificates", "channels", "clusters")
        .first()
    )
    if business is None:
        raise Http404
    shown = set(business.public_fields)
    owners = list(business.owners.all())
    owner = next((o for o in owners if o.is_primary), owners[0] if owners else None)
    whatsapp = ""
    if "whatsapp" in shown and owner and owner.phone and owner.whatsapp:
        whatsapp = "https://wa.me/" + owner.phone.lstrip("+")
    return render(
        request,
        "registry/public/business.html",
        {
            "business": business,
            "shown": shown,
            "owner": owner,
            "whatsapp": whatsapp,
            "region": region_path_label(business.village) if business.village else "",
            "sector": kbli.SECTIONS.get(business.kbli_section, ""),
            "certificate_kinds": sorted(
                {str(c.get_kind_display()) for c in business.certificates.all()}
            ),
        },
    )


def public_cluster(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = selectors.cluster_public(slug)
    members = selectors.cluster_public_members(cluster)
    return render(
        request,
        "registry/public/cluster.html",
        {
            "cluster": cluster,
            "members": members,
            "member_count": cluster.members.live().count(),
            "region": region_path_label(cluster.region),
        },
    )


urlpatterns = [
    path("usaha/<int:business_id>/", public_business, name="public_business"),
    path("sentra/<slug:slug>/", public_cluster, name="public_cluster"),
]
