"""The curators' synonyms page (``/o/<slug>/catalog/synonyms/``): the groups of words that
search treats as the same, listed, added, changed and removed by people with
``edit_synonyms``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from naikkelas.catalog.models import SynonymGroup
from naikkelas.catalog.services import synonyms as services
from naikkelas.core.models import Organisation
from naikkelas.core.views import org_view


@org_view("edit_synonyms")
def synonym_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Every group, a form to add one, and per group a form to change or remove it."""
    errors: dict[str, list[str]] = {}
    values: dict[str, str] = {}
    if request.method == "POST":
        action = request.POST.get("action", "add")
        key = request.POST.get("group", "new") if action != "add" else "new"
        terms = request.POST.get("terms", "")
        try:
            if action == "add":
                services.synonym_group_create(
                    actor=request.user,  # type: ignore[arg-type]
                    organisation=organisation,
                    terms=terms,
                )
                messages.success(request, _("Synonym group added; search uses it now."))
            else:
                group = SynonymGroup.objects.filter(pk=key).first() if key.isdigit() else None
                if group is None:
                    raise Http404
                if action == "delete":
                    services.synonym_group_delete(
                        actor=request.user,  # type: ignore[arg-type]
                        organisation=organisation,
                        group=group,
                    )
                    messages.success(request, _("Synonym group removed."))
                else:
                    services.synonym_group_update(
                        actor=request.user,  # type: ignore[arg-type]
                        organisation=organisation,
                        group=group,
                        terms=terms,
                    )
                    messages.success(request, _("Synonym group saved; search uses it now."))
        except ValidationError as exc:
            errors[key] = list(exc.messages)
            values[key] = terms
        else:
            return redirect("catalog:synonym_list", slug=organisation.slug)
    groups = [
        {
            "group": group,
            "key": str(group.pk),
            "value": values.get(str(group.pk), group.terms),
            "errors": errors.get(str(group.pk), []),
        }
        for group in SynonymGroup.objects.select_related("updated_by").order_by("terms")
    ]
    return render(
        request,
        "catalog/synonyms/list.html",
        {
            "organisation": organisation,
            "groups": groups,
            "new_value": values.get("new", ""),
            "new_errors": errors.get("new", []),
        },
        status=422 if errors else 200,
    )


urlpatterns = [
    path("o/<slug:slug>/catalog/synonyms/", synonym_list, name="synonym_list"),
]
