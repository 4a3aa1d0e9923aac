from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from naikkelas.core.selectors import organisations_for_user


def naikkelas(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "my_organisations": SimpleLazyObject(
            lambda: organisations_for_user(user) if user is not None else []
        ),
        "SITE_URL": settings.SITE_URL,
        "org_permissions": getattr(request, "org_permissions", set()),
    }
