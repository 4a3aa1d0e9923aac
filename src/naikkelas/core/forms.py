from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from naikkelas.core.models import Organisation, Region, RegionLevel, Role


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Email or phone number"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "inputmode": "email"}
        ),
    )
    error_messages = {
        "invalid_login": _(
            "The email/phone number or the password is wrong. Check both and try again. "
            "Passwords are case-sensitive."
        ),
        "inactive": _("This account is not active. Contact your organisation's administrator."),
    }


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.OFFICER)


def _attributes(attrs: dict[str, Any]) -> str:
    """HTML attributes as Django's ``attrs.html`` writes them: in their order, True as the
    bare name, False left out, anything else as text."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    """A ``<select>`` written in Python instead of one template per option, to the byte as
    Django's ``select.html`` and ``select_option.html`` write it. The registry's filter
    form has about fifty options; rendered by templates they cost about 15 ms of every
    list page."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attributes(widget["attrs"])]
        parts.append(">")
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html('\n  <option value="{}"', option["value"])
                + _attributes(option["attrs"])
                + format_html(">{}</option>\n", option["label"])
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value passed through format_html


class RegionPickerWidget(forms.Widget):
    """A search box that finds regions as one types (htmx) and keeps the chosen code."""

    template_name = "core/widgets/region_picker.html"

    def __init__(self, levels: tuple[int, ...] = (1, 2, 3, 4), attrs: dict | None = None):
        self.levels = levels
        super().__init__(attrs)

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        from naikkelas.core.selectors import region_path_label

        context = super().get_context(name, value, attrs)
        code = value.code if isinstance(value, Region) else value
        region = (
            Region.objects.filter(code=code).select_related("parent__parent__parent").first()
            if code
            else None
        )
        context["widget"].update(
            value=code or "",
            levels_csv=",".join(str(level) for level in self.levels),
            region_label=region_path_label(region) if region else "",
        )
        return context


class RegionField(forms.CharField):
    """A Kemendagri code picked with the region picker (a text box that searches)."""

    def __init__(self, *, levels: tuple[int, ...] = (1, 2, 3, 4), **kwargs: Any) -> None:
        self.levels = levels
        kwargs.setdefault("widget", RegionPickerWidget(levels=levels))
        super().__init__(max_length=13, **kwargs)

    def clean(self, value: Any) -> Region | None:  # type: ignore[override]
        code = super().clean(value)
        if not code:
            return None
        region = Region.objects.filter(code=code).select_related("parent").first()
        if region is None:
            raise forms.ValidationError(_("Choose a region from the list."))
        if region.level not in self.levels:
            raise forms.ValidationError(
                _("Choose a region of this level: %(levels)s.")
                % {"levels": ", ".join(str(RegionLevel(level).label) for level in self.levels)}
            )
        return region


class OrganisationForm(forms.ModelForm):
    region = RegionField(label=_("Region served"), levels=(1, 2))

    class Meta:
        model = Organisation
        fields = ["name", "region", "description", "email", "phone", "website", "address"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("e.g. 0812-3456-7890"),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'Excel sync'."),
    )


class PasswordSetForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=150)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password
