"""Pages of the core app: thin — check permission, call a service or selector, render."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_scopes import scope

from naikkelas.core import selectors, services
from naikkelas.core.forms import (
    ApiTokenForm,
    InvitationForm,
    LoginForm,
    OrganisationForm,
    PasswordSetForm,
    ProfileForm,
)
from naikkelas.core.models import ApiToken, Invitation, Language, Organisation, Region, Role, User
from naikkelas.core.permissions import can, permissions_of, roles_of
from naikkelas.core.phones import phone_display

# --- public -----------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database: dict[str, object] = {"vendor": connection.vendor}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database["ok"] = True
    except Exception as exc:  # the point of a health check is to report any failure
        database.update(ok=False, error=exc.__class__.__name__)
        return JsonResponse({"status": "error", "database": database}, status=503)
    worker = selectors.worker_status()
    worker["task_backend"] = settings.TASKS["default"]["BACKEND"].rsplit(".", 1)[-1]
    return JsonResponse(
        {"status": "ok" if worker["ok"] else "degraded", "database": database, "worker": worker}
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; it sticks (cookie, and the person's profile)."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    if language in Language.values:
        if request.user.is_authenticated:
            services.user_set_language(user=request.user, language=language)
        _set_language_cookie(response, language)
    return response


def _set_language_cookie(response: HttpResponseBase, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.HTTPS,
    )


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:
        """A language chosen just before logging in wins and is remembered; otherwise the
        person's saved language comes back with them."""
        user = form.get_user()
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        response = super().form_valid(form)
        if chosen in Language.values:
            services.user_set_language(user=user, language=chosen)
        else:
            _set_language_cookie(response, user.language)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "core/password_reset_confirm.html"

    def form_valid(self, form: Any) -> HttpResponse:
        from axes.utils import reset as axes_reset

        response = super().form_valid(form)
        # a person who proved they own the address may log in again at once
        for login in filter(None, [self.user.email, self.user.phone]):
            axes_reset(username=login)
        return response


def regions_page(request: HttpRequest, code: str | None = None) -> HttpResponse:
    region = (
        get_object_or_404(Region.objects.select_related("parent__parent"), code=code)
        if code
        else None
    )
    return render(
        request,
        "core/regions.html",
        {
            "region": region,
            "ancestors": list(reversed(region.ancestors())) if region else [],
            "children": selectors.region_children(code),
        },
    )


def region_search_partial(request: HttpRequest) -> HttpResponse:
    """The region picker's result list (htmx)."""
    query = request.GET.get("q", "")
    levels = {int(x) for x in request.GET.get("levels", "").split(",") if x.strip().isdigit()}
    results = selectors.region_search(query, levels=levels or None)
    return render(
        request,
        "core/partials/region_results.html",
        {
            "results": [(r, selectors.region_path_label(r)) for r in results],
            "query": query,
            "target": request.GET.get("target", ""),
        },
    )


# --- signed-in ----------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_for_user(request.user)
    if len(organisations) == 1 and not request.GET.get("all"):
        return redirect("core:org_dashboard", slug=organisations[0].organisation.slug)
    return render(request, "core/dashboard.html", {"organisations": organisations})


OrgView = Callable[..., HttpResponse]


def org_view(permission: str) -> Callable[[OrgView], OrgView]:
    """Resolve ``slug`` to an organisation the person may act in and scope every query of
    the view to it. Non-members get 404: another office's private pages do not exist for
    them."""

    def decorator(view: OrgView) -> OrgView:
        @functools.wraps(view)
        @login_required
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            organisation = get_object_or_404(
                Organisation.objects.select_related("region__parent"), slug=slug, is_active=True
            )
            if not roles_of(request.user, organisation):
                raise Http404
            if not can(request.user, organisation, permission):
                raise PermissionDenied
            request.org_permissions = permissions_of(request.user, organisation)  # type: ignore[attr-defined]
            with scope(organisation=organisation):
                return view(request, organisation, *args, **kwargs)

        return wrapper

    return decorator


@org_view("view_dashboard")
def org_dashboard(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    roles = roles_of(request.user, organisation)
    context: dict[str, Any] = {
        "organisation": organisation,
        "roles": sorted(roles),
        "role_labels": [Role(r).label for r in sorted(roles)],
        "can_manage": can(request.user, organisation, "manage_members"),
    }
    if can(request.user, organisation, "view_members"):
        members = selectors.organisation_members(organisation)
        context["member_count"] = len(members)
        context["role_counts"] = {
            Role(role).label: sum(1 for _user, held in members if role in held)
            for role in Role.values
        }
    if can(request.user, organisation, "view_audit"):
        context["recent_audit"] = list(selectors.audit_entries(organisation)[:5])
        context["open_invitations"] = selectors.organisation_open_invitations(organisation).count()
    return render(request, "core/org_dashboard.html", context)


@org_view("view_members")
def org_members(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    manage = can(request.user, organisation, "manage_members")
    form = InvitationForm(request.POST or None) if manage else None
    if request.method == "POST":
        if not manage or form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.invitation_create(
                    actor=request.user,
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
                )
                return redirect("core:org_members", slug=organisation.slug)
    return render(
        request,
        "core/org_members.html",
        {
            "organisation": organisation,
            "members": selectors.organisation_members(organisation),
            "invitations": selectors.organisation_open_invitations(organisation) if manage else [],
            "form": form,
            "can_manage": manage,
            "roles": Role.choices,
        },
    )


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


@require_POST
@org_view("manage_members")
def org_member_role(request: HttpRequest, organisation: Organisation, user_id: int) -> HttpResponse:
    user = get_object_or_404(User, pk=user_id)
    role = request.POST.get("role", "")
    action = request.POST.get("action")
    if not roles_of(user, organisation):
        raise Http404
    try:
        if action == "grant":
            services.membership_grant(
                actor=request.user, organisation=organisation, user=user, role=role
            )
        elif action == "revoke":
            services.membership_revoke(
                actor=request.user, organisation=organisation, user=user, role=role
            )
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Roles of %(name)s updated.") % {"name": user.name})
    return redirect("core:org_members", slug=organisation.slug)


@require_POST
@org_view("manage_members")
def org_invitation_revoke(
    request: HttpRequest, organisation: Organisation, invitation_id: int
) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=organisation)
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("Invitation to %(email)s withdrawn.") % {"email": invitation.email})
    return redirect("core:org_members", slug=organisation.slug)


@org_view("manage_organisation")
def org_settings(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = OrganisationForm(
        request.POST or None, instance=Organisation.objects.get(pk=organisation.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                actor=request.user,
                organisation=organisation,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("core:org_settings", slug=organisation.slug)
    region = form.instance.region if form.instance.region_id else None
    return render(
        request,
        "core/org_settings.html",
        {
            "organisation": organisation,
            "form": form,
            "region_label": selectors.region_path_label(region) if region else "",
        },
    )


@org_view("view_audit")
def org_audit(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    page = Paginator(selectors.audit_entries(organisation), 50).get_page(request.GET.get("page"))
    return render(request, "core/org_audit.html", {"organisation": organisation, "page": page})


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation link: log in (or create the account) and join."""
    found = services.invitation_get(token)
    if found is None or not found.is_open:
        return render(request, "core/invitation.html", {"invalid": True}, status=410)
    form = None
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.invitation_accept(token=token, user=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request, _("Welcome to %(org)s.") % {"org": found.organisation.name}
                )
                return redirect("core:org_dashboard", slug=found.organisation.slug)
    elif User.objects.filter(email__iexact=found.email).exists():
        return redirect(f"{reverse('core:login')}?next={request.path}")
    else:
        form = PasswordSetForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                user = services.user_create(
                    name=form.cleaned_data["name"],
                    email=found.email,
                    password=form.cleaned_data["password"],
                    language=request.LANGUAGE_CODE
                    if request.LANGUAGE_CODE in Language.values
                    else Language.INDONESIAN,
                )
                services.invitation_accept(token=token, user=user)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                auth_login(request, user, backend="naikkelas.core.auth.EmailOrPhoneBackend")
                return redirect("core:org_dashboard", slug=found.organisation.slug)
    return render(request, "core/invitation.html", {"invitation": found, "form": form})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The person's own page: name and phone, password, API tokens."""
    user = request.user
    is_profile = request.method == "POST" and "profile" in request.POST
    is_token = request.method == "POST" and "token" in request.POST
    profile = ProfileForm(
        request.POST if is_profile else None,
        initial={"name": user.name, "phone": phone_display(user.phone) if user.phone else ""},
    )
    form = ApiTokenForm(request.POST if is_token else None)
    new_secret = None
    if request.method == "POST" and "revoke" in request.POST:
        services.api_token_revoke(user=user, token_id=int(request.POST["revoke"]))
        messages.success(request, _("Token revoked."))
        return redirect("core:account")
    if is_profile and profile.is_valid():
        try:
            services.user_update_profile(
                user=user, name=profile.cleaned_data["name"], phone=profile.cleaned_data["phone"]
            )
        except ValidationError as exc:
            _add_errors(profile, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("core:account")
    if is_token and form.is_valid():
        _token, new_secret = services.api_token_create(user=user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    return render(
        request,
        "core/account.html",
        {
            "form": form,
            "profile_form": profile,
            "new_secret": new_secret,
            "tokens": ApiToken.objects.filter(user=user, revoked_at__isnull=True),
            "organisations": selectors.organisations_for_user(user),
        },
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "title": _("The form has expired"),
            "message": _("Reload the page and send the form again."),
        },
        status=403,
    )
