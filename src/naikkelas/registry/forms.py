"""Forms of the registry's pages. They parse and present; the services validate the
business rules (NIB, phones, villages, scans) and the views copy their errors back."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naikkelas.core.forms import QuickSelect, RegionField
from naikkelas.registry import kbli
from naikkelas.registry.models import (
    Business,
    BusinessStatus,
    CertificateKind,
    ChannelKind,
    Gender,
    LegalForm,
    SizeClass,
)
from naikkelas.registry.services.businesses import PUBLISHABLE_FIELDS

PHONE_ATTRS = {"inputmode": "tel", "autocomplete": "tel"}
MONEY_ATTRS = {"inputmode": "numeric", "min": "0", "step": "1"}


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class BusinessFilterForm(forms.Form):
    """The officer's list filters (GET)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, owner, NIB or phone")}
        ),
    )
    region = RegionField(label=_("Region"), required=False)
    kbli_section = forms.ChoiceField(label=_("Sector (KBLI)"), required=False)
    size_class = forms.ChoiceField(
        label=_("Size class"), required=False, choices=_blank(_("All")) + SizeClass.choices
    )
    certificate = forms.ChoiceField(
        label=_("Has certificate"),
        required=False,
        choices=_blank(_("All")) + CertificateKind.choices,
    )
    program = forms.ChoiceField(label=_("Coached through"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(_("All")) + BusinessStatus.choices
    )
    women_led = forms.ChoiceField(
        label=_("Women-led"),
        required=False,
        choices=[("", _("All")), ("1", _("Women-led only")), ("0", _("Not women-led"))],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("name", _("Name")), ("newest", _("Newest")), ("size", _("Size class"))],
    )

    def __init__(self, *args: Any, programs: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kbli_section"].choices = _blank(_("All")) + [
            (code, f"{code} — {name}") for code, name in kbli.SECTIONS.items()
        ]
        self.fields["program"].choices = _blank(_("All")) + [(p, p) for p in programs or []]
        # shown on every list page: selects written in Python, not a template per option
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = QuickSelect(attrs=field.widget.attrs, choices=field.widget.choices)

    def filters(self) -> dict[str, Any]:
        """The cleaned filters (region as its code); invalid values filter nothing."""
        data: dict[str, Any] = {}
        if not self.is_bound:
            return data
        self.is_valid()
        for name, value in getattr(self, "cleaned_data", {}).items():
            if name == "region":
                data[name] = value.code if value else ""
            else:
                data[name] = value
        return data


class BusinessForm(forms.Form):
    """A business's own details (officer or owner)."""

    name = forms.CharField(label=_("Business name"), max_length=200)
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LegalForm.choices)
    nib = forms.CharField(
        label=_("NIB"),
        required=False,
        max_length=20,
        help_text=_("Nomor Induk Berusaha: 13 digits."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=BusinessStatus.choices)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    village = RegionField(label=_("Village / kelurahan"), levels=(4,), required=False)
    kbli = forms.CharField(
        label=_("KBLI code"),
        required=False,
        max_length=5,
        help_text=_("A KBLI 2020 code (e.g. 10792) or its section letter (e.g. C)."),
    )
    product_types = forms.CharField(
        label=_("Products"),
        required=False,
        max_length=300,
        help_text=_("e.g. keripik tempe, batik tulis"),
    )
    workforce_men = forms.IntegerField(label=_("Workers (men)"), required=False, min_value=0)
    workforce_women = forms.IntegerField(label=_("Workers (women)"), required=False, min_value=0)
    capital = forms.IntegerField(
        label=_("Business capital (Rp)"),
        required=False,
        min_value=0,
        help_text=_("Excluding land and buildings."),
        widget=forms.NumberInput(attrs=MONEY_ATTRS),
    )
    annual_sales = forms.IntegerField(
        label=_("Annual sales (Rp)"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs=MONEY_ATTRS),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)

    @classmethod
    def initial_for(cls, business: Business) -> dict[str, Any]:
        kbli_code = business.kbli_division or business.kbli_section
        return {
            "name": business.name,
            "legal_form": business.legal_form,
            "nib": business.nib or "",
            "status": business.status,
            "address": business.address,
            "village": business.village_id,
            "kbli": kbli_code,
            "product_types": business.product_types,
            "workforce_men": business.workforce_men,
            "workforce_women": business.workforce_women,
            "capital": business.capital,
            "annual_sales": business.annual_sales,
            "description": business.description,
        }

    def update_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``business_update``."""
        data = dict(self.cleaned_data)
        village = data.pop("village")
        kbli_code = data.pop("kbli")
        return {**data, "village_code": village.code if village else None, "kbli_code": kbli_code}


class OwnerForm(forms.Form):
    name = forms.CharField(label=_("Owner's name"), max_length=150)
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=_blank(_("—")) + Gender.choices
    )
    phone = forms.CharField(
        label=_("Phone / WhatsApp"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={**PHONE_ATTRS, "type": "tel"}),
    )
    whatsapp = forms.BooleanField(label=_("This number is on WhatsApp"), required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    nik = forms.CharField(
        label=_("NIK"),
        required=False,
        max_length=20,
        help_text=_("16 digits; shown only to the coaching organisations."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    is_primary = forms.BooleanField(label=_("Main owner"), required=False)

    def __init__(self, *args: Any, show_nik: bool = True, nik_masked: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not show_nik:
            # the stored NIK is not sent to this person; leaving the box empty keeps it
            self.fields["nik"].help_text = (
                _("Stored: %(masked)s. Leave empty to keep it, or type the full NIK to change it.")
                % {"masked": nik_masked}
                if nik_masked
                else self.fields["nik"].help_text
            )


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CertificateKind.choices)
    number = forms.CharField(label=_("Number"), required=False, max_length=100)
    issuer = forms.CharField(label=_("Issuer"), required=False, max_length=150)
    issued_on = forms.DateField(
        label=_("Issued on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    scan = forms.FileField(
        label=_("Scan"),
        required=False,
        help_text=_("PDF, JPEG or PNG, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ChannelKind.choices)
    label = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        help_text=_("e.g. the marketplace: Tokopedia, Shopee."),
    )
    url = forms.CharField(
        label=_("Link"), max_length=300, widget=forms.TextInput(attrs={"inputmode": "url"})
    )


class CoachingForm(forms.Form):
    program = forms.CharField(label=_("Through program"), required=False, max_length=200)
    since = forms.DateField(
        label=_("Coached since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class PublishForm(forms.Form):
    is_public = forms.BooleanField(label=_("Show a public profile"), required=False)
    public_fields = forms.MultipleChoiceField(
        label=_("Details to show"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[],
    )

    LABELS = {
        "description": _("Description"),
        "product_types": _("Products"),
        "address": _("Street address"),
        "region": _("Village, district and city"),
        "owner_name": _("Owner's name"),
        "whatsapp": _("WhatsApp button"),
        "email": _("Email"),
        "channels": _("Online shops and accounts"),
        "certificates": _("Certificates (kind only)"),
        "sector": _("Sector (KBLI)"),
        "size_class": _("Size class"),
        "workforce": _("Number of workers"),
        "clusters": _("Clusters (sentra)"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["public_fields"].choices = [
            (name, self.LABELS[name]) for name in PUBLISHABLE_FIELDS
        ]


class OfficerRegisterForm(BusinessForm, CoachingForm):
    """An officer registers a business on behalf of its owner."""

    owner_name = forms.CharField(label=_("Owner's name"), max_length=150)
    gender = OwnerForm.base_fields["gender"]
    phone = OwnerForm.base_fields["phone"]
    whatsapp = forms.BooleanField(
        label=_("This number is on WhatsApp"), required=False, initial=True
    )
    email = OwnerForm.base_fields["email"]
    nik = OwnerForm.base_fields["nik"]

    field_order = [
        "name",
        "legal_form",
        "nib",
        "village",
        "address",
        "kbli",
        "product_types",
        "owner_name",
        "gender",
        "phone",
        "whatsapp",
        "email",
        "nik",
        "workforce_men",
        "workforce_women",
        "capital",
        "annual_sales",
        "description",
        "program",
        "since",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["status"]
        self.fields["since"].initial = timezone.localdate


class SelfRegisterForm(forms.Form):
    """The short form an owner fills in on a phone; the rest comes later."""

    business_name = forms.CharField(label=_("Business name"), max_length=200)
    owner_name = forms.CharField(label=_("Your name"), max_length=150)
    phone = forms.CharField(
        label=_("Phone / WhatsApp number"),
        max_length=30,
        widget=forms.TextInput(attrs={**PHONE_ATTRS, "type": "tel"}),
    )
    village = RegionField(label=_("Village / kelurahan of the business"), levels=(4,))
    product_types = forms.CharField(
        label=_("What do you make or sell?"),
        required=False,
        max_length=300,
        help_text=_("e.g. keripik tempe, batik tulis"),
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("To log in later with your phone number."),
    )

    def __init__(self, *args: Any, with_account: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_account:
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class ClusterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    region = RegionField(label=_("Where"), levels=(2, 3, 4))
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    story = forms.CharField(label=_("Story"), required=False, widget=forms.Textarea)
    coordinator = forms.CharField(label=_("Coordinator"), required=False, max_length=150)
    coordinator_phone = forms.CharField(
        label=_("Coordinator's phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={**PHONE_ATTRS, "type": "tel"}),
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Member businesses"),
        required=False,
        queryset=Business.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, businesses: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if businesses is not None:
            self.fields["members"].queryset = businesses
