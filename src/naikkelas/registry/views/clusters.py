"""Clusters (sentra) for officers: list, create, change, remove. The public page of a
cluster is in ``views/public.py``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naikkelas.core.models import Organisation
from naikkelas.core.views import org_view
from naikkelas.registry.forms import ClusterForm
from naikkelas.registry.models import Business, Cluster
from naikkelas.registry.selectors import businesses as selectors
from naikkelas.registry.services import businesses as services
from naikkelas.registry.views.businesses import add_errors


@org_view("view_reports")
def cluster_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "registry/clusters/list.html",
        {"organisation": organisation, "clusters": selectors.clusters_of(organisation)},
    )


def _form(request: HttpRequest, organisation: Organisation, cluster: Cluster | None) -> ClusterForm:
    initial = {}
    if cluster is not None:
        initial = {
            "name": cluster.name,
            "region": cluster.region_id,
            "address": cluster.address,
            "story": cluster.story,
            "coordinator": cluster.coordinator,
            "coordinator_phone": cluster.coordinator_phone,
            "members": list(cluster.members.values_list("pk", flat=True)),
        }
    businesses = (
        Business.objects.live().filter(coaching__organisation=organisation).order_by("name", "id")
    )
    return ClusterForm(request.POST or None, initial=initial, businesses=businesses)


def _edit(
    request: HttpRequest, organisation: Organisation, cluster: Cluster | None
) -> HttpResponse:
    form = _form(request, organisation, cluster)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cluster = services.cluster_save(
                actor=request.user,
                organisation=organisation,
                cluster=cluster,
                name=data["name"],
                region=data["region"],
                address=data["address"],
                story=data["story"],
                coordinator=data["coordinator"],
                coordinator_phone=data["coordinator_phone"],
                members=list(data["members"]),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("registry:cluster_list", organisation.slug)
    return render(
        request,
        "registry/clusters/form.html",
        {
            "organisation": organisation,
            "form": form,
            "cluster": cluster,
            "back": reverse("registry:cluster_list", args=[organisation.slug]),
        },
    )


@org_view("manage_registry")
def cluster_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return _edit(request, organisation, None)


@org_view("manage_registry")
def cluster_edit(request: HttpRequest, organisation: Organisation, cluster_id: int) -> HttpResponse:
    return _edit(
        request, organisation, selectors.cluster_for_organisation(organisation, cluster_id)
    )


@require_POST
@org_view("manage_registry")
def cluster_delete(
    request: HttpRequest, organisation: Organisation, cluster_id: int
) -> HttpResponse:
    cluster = selectors.cluster_for_organisation(organisation, cluster_id)
    services.cluster_delete(actor=request.user, cluster=cluster)
    messages.success(request, _("Cluster %(name)s removed.") % {"name": cluster.name})
    return redirect("registry:cluster_list", organisation.slug)


urlpatterns = [
    path("o/<slug:slug>/registry/clusters/", cluster_list, name="cluster_list"),
    path("o/<slug:slug>/registry/clusters/new/", cluster_create, name="cluster_create"),
    path("o/<slug:slug>/registry/clusters/<int:cluster_id>/", cluster_edit, name="cluster_edit"),
    path(
        "o/<slug:slug>/registry/clusters/<int:cluster_id>/delete/",
        cluster_delete,
        name="cluster_delete",
    ),
]
