"""Forms of the floor pages: visitor registration, walk-ins, sales, leads, and a sale
festival's merchants, promotions and daily reports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from naikkelas.catalog.models import Category
from naikkelas.core.forms import RegionField
from naikkelas.events.models import BuyerKind, MerchantKind


class VisitorForm(forms.Form):
    slot = forms.TypedChoiceField(label=_("Day and session"), coerce=int)
    name = forms.CharField(label=_("Your name"), max_length=150)
    phone = forms.CharField(
        label=_("Phone / WhatsApp"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("e.g. 0812-3456-7890"),
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_("We send the ticket there too."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args: Any, slots: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = slots


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Visitor's name"), max_length=150)
    phone = forms.CharField(
        label=_("Phone / WhatsApp"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(label=_("Email (optional)"), required=False)


class SlotForm(forms.Form):
    day = forms.TypedChoiceField(label=_("Day"), coerce=int)
    label = forms.CharField(label=_("Session name"), max_length=100, initial=_("Whole day"))
    quota = forms.IntegerField(label=_("Places"), min_value=1)
    starts_at = forms.TimeField(label=_("From (optional)"), required=False)
    ends_at = forms.TimeField(label=_("Until (optional)"), required=False)

    def __init__(self, *args: Any, days: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = days


class SaleForm(forms.Form):
    date = forms.TypedChoiceField(label=_("Day"), coerce=str)
    amount = forms.IntegerField(
        label=_("Sales (Rp)"),
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Whole rupiah, without dots: 1500000"),
    )
    transactions = forms.IntegerField(
        label=_("Number of transactions"),
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    buyer_kind = forms.ChoiceField(label=_("Buyer"), choices=BuyerKind.choices)
    product = forms.TypedChoiceField(label=_("Product (optional)"), coerce=int, required=False)
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)

    def __init__(
        self,
        *args: Any,
        days: list[tuple[str, str]],
        products: list[tuple[int, str]],
        with_reason: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = days
        self.fields["product"].choices = [("", "—"), *products]
        if with_reason:
            self.fields["reason"] = forms.CharField(
                label=_("Why the change"), max_length=300, help_text=_("Kept in the history.")
            )


class LeadForm(forms.Form):
    date = forms.TypedChoiceField(label=_("Day"), coerce=str)
    name = forms.CharField(label=_("Who asked"), max_length=150)
    contact = forms.CharField(label=_("Phone or email"), max_length=150, required=False)
    interest = forms.CharField(label=_("Interested in"), max_length=300, required=False)
    buyer_kind = forms.ChoiceField(label=_("Buyer"), choices=BuyerKind.choices)
    estimated_value = forms.IntegerField(
        label=_("Estimated value (Rp, optional)"), min_value=0, required=False
    )

    def __init__(self, *args: Any, days: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = days


class MerchantReportForm(forms.Form):
    date = forms.TypedChoiceField(label=_("Day"), coerce=str)
    transactions = forms.IntegerField(label=_("Number of transactions"), min_value=0)
    amount = forms.IntegerField(label=_("Sales (Rp)"), min_value=0)

    def __init__(self, *args: Any, days: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = days


class FestivalMerchantForm(forms.Form):
    """A merchant of a sale festival; for a business of the registry, the name, area and
    phone come filled from the registry and may be corrected."""

    name = forms.CharField(label=_("Merchant name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MerchantKind.choices)
    category = forms.TypedChoiceField(label=_("Category"), coerce=int)
    area = RegionField(
        label=_("Area (district)"),
        levels=(3,),
        help_text=_("The kecamatan where the shop is; the promo page filters by it."),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(
        label=_("WhatsApp number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("e.g. 0812-3456-7890; shown on the promo page."),
    )

    def __init__(self, *args: Any, with_kind: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (c.pk, c.label) for c in Category.objects.filter(parent__isnull=True)
        ]
        if not with_kind:
            del self.fields["kind"]


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what a date input reads


class PromotionForm(forms.Form):
    title = forms.CharField(
        label=_("Offer"),
        max_length=200,
        help_text=_("e.g. '20% off all batik' or 'Buy 2 get 1'."),
    )
    discount_percent = forms.IntegerField(
        label=_("Discount (%)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Leave empty for a discount in rupiah or an offer in words."),
    )
    discount_amount = forms.IntegerField(
        label=_("Discount (Rp)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Rupiah without dots, e.g. 25000."),
    )
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), widget=DATE)
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. 'Minimum purchase Rp 100.000; not with other offers'."),
    )
