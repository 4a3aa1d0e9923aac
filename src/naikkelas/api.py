"""The JSON API under /api/v1/: one NinjaAPI, a router per app, errors as JSON in the
request's language (Accept-Language, or the language cookie)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from naikkelas.catalog.api import router as catalog_router
from naikkelas.core.api import router as core_router
from naikkelas.events.api import router as events_router
from naikkelas.registry.api import router as registry_router

api = NinjaAPI(
    title="NaikKelas API",
    version="1",
    description=(
        "Registry, catalog, events, matching and export data of NaikKelas. Authenticate with "
        "a personal token (`Authorization: Bearer nk_…`, created on the account page) or a "
        'browser session. Errors are JSON `{"detail": …}` in the request\'s language '
        "(`Accept-Language: id` or `en`)."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
)
api.add_router("/", core_router)
api.add_router("/registry", registry_router)
api.add_router("/catalog", catalog_router)
api.add_router("/events", events_router)


def _error(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(NinjaValidationError)
def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return _error(request, 422, _("Some values are missing or invalid."), errors=exc.errors)


@api.exception_handler(ValidationError)
def _domain_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = exc.message_dict if hasattr(exc, "error_dict") else {}
    return _error(request, 422, " ".join(exc.messages), fields=fields)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, _("Log in or send a valid API token."))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or _("You do not have permission to do this."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("Not found."))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))
