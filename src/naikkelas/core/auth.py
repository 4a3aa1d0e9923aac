"""Log in with an email address or a phone number, as people are used to."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from naikkelas.core.models import User
from naikkelas.core.services import normalise_login


class EmailOrPhoneBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or not password:
            return None
        email, phone = normalise_login(username)
        if email:
            user = User.objects.filter(email__iexact=email).first()
        elif phone:
            user = User.objects.filter(phone=phone).first()
        else:
            user = None
        if user is None:
            User().set_password(password)  # same time as a real check (timing attacks)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The login name for counting failed attempts: "0812…" and "+62 812…" are one person."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username", "")
    email, phone = normalise_login(str(raw))
    return email or phone or str(raw).strip().lower()
