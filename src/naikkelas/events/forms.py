"""Forms of the events pages. They only parse; the services validate and write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from naikkelas.catalog.models import Category, Product
from naikkelas.core.forms import RegionField
from naikkelas.core.models import Organisation
from naikkelas.events import scoring
from naikkelas.events.models import CallQuota, EventFormat, EventKind
from naikkelas.registry import kbli
from naikkelas.registry.models import CertificateKind, SizeClass

PART_LABELS = {
    "coached": _("Coached by an organiser"),
    "certificates": _("Certificates"),
    "local": _("From the event's region"),
    "women_led": _("Women-led"),
    "first_time": _("First time exhibiting"),
    "small": _("Smaller businesses first"),
    "products": _("Products chosen"),
}


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    format = forms.ChoiceField(label=_("Format"), choices=EventFormat.choices)
    theme = forms.CharField(label=_("Theme"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    region = RegionField(label=_("Region"), levels=(1, 2, 3, 4))
    venue_name = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online market link"), max_length=300, required=False, assume_scheme="https"
    )
    venue_capacity = forms.IntegerField(
        label=_("Venue limit (people at once)"), min_value=0, required=False
    )
    sales_target = forms.IntegerField(
        label=_("Transaction target (Rp)"),
        min_value=0,
        required=False,
        help_text=_("Leave empty when the event has no transaction target."),
    )
    booth_capacity_percent = forms.IntegerField(
        label=_("Usable booths (% of planned)"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("E.g. 50 under a pandemic rule: 50 planned booths, 25 usable."),
    )
    booth_capacity_number = forms.IntegerField(
        label=_("Usable booths (number)"), min_value=0, required=False
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=150, required=False)
    contact_phone = forms.CharField(
        label=_("Contact WhatsApp number"),
        max_length=30,
        required=False,
        help_text=_("Applicants write to this number, e.g. 0812-3456-7890."),
    )
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    co_organisers = forms.ModelMultipleChoiceField(
        label=_("Co-organisers"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Other organisations that run this event with you (a joint event)."),
    )

    def __init__(self, *args: Any, organisation: Organisation | None = None, **kwargs: Any):
        with_organisers = kwargs.pop("with_organisers", True)
        super().__init__(*args, **kwargs)
        if with_organisers and organisation is not None:
            self.fields["co_organisers"].queryset = (
                Organisation.objects.filter(is_active=True)
                .exclude(pk=organisation.pk)
                .order_by("name")
            )
        else:
            del self.fields["co_organisers"]


class DayForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        # a date input reads only ISO dates; the Indonesian format would show it empty
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    opens_at = forms.TimeField(
        label=_("Opens at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    closes_at = forms.TimeField(
        label=_("Closes at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


DayFormSet = forms.formset_factory(DayForm, extra=2, can_delete=True, max_num=60)


class CopyForm(forms.Form):
    title = forms.CharField(label=_("Title of the new event"), max_length=200)
    first_day = forms.DateField(
        label=_("First day of the new event"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Every day, and the call's dates, move by the same number of days."),
    )


def _local(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""


class CallForm(forms.Form):
    opens_at = forms.DateTimeField(
        label=_("Applications open"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    closes_at = forms.DateTimeField(
        label=_("Applications close"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    intro = forms.CharField(
        label=_("What the call offers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. free booth, electricity, promotion by the Dinas."),
    )
    places = forms.IntegerField(
        label=_("Exhibitors to accept"),
        min_value=1,
        required=False,
        help_text=_("Leave empty to take as many as there are usable booths."),
    )
    max_products = forms.IntegerField(
        label=_("Products to show, at most"), min_value=1, max_value=20, initial=5
    )
    confirm_days = forms.IntegerField(
        label=_("Days to confirm"), min_value=1, max_value=60, initial=7
    )
    region_1 = RegionField(
        label=_("Only businesses in this region"), levels=(1, 2, 3), required=False
    )
    region_2 = RegionField(label=_("… or in this region"), levels=(1, 2, 3), required=False)
    region_3 = RegionField(label=_("… or in this region"), levels=(1, 2, 3), required=False)
    kbli = forms.MultipleChoiceField(
        label=_("Only these sectors (KBLI)"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    coached_by = forms.ModelMultipleChoiceField(
        label=_("Only businesses coached by"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    certificates = forms.MultipleChoiceField(
        label=_("Certificates every applicant needs"),
        choices=[c for c in CertificateKind.choices if c[0] != "other"],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    size_classes = forms.MultipleChoiceField(
        label=_("Only these size classes"),
        choices=[c for c in SizeClass.choices if c[0] in ("micro", "small", "medium")],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    questions = forms.CharField(
        label=_("Extra questions (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kbli"].choices = [
            (code, f"{code} — {name}") for code, name in kbli.SECTIONS.items()
        ]
        self.fields["coached_by"].queryset = Organisation.objects.filter(is_active=True).order_by(
            "name"
        )
        for part in scoring.PARTS:
            self.fields[f"weight_{part}"] = forms.IntegerField(
                label=_("Weight: %(part)s") % {"part": PART_LABELS[part]},
                min_value=0,
                max_value=100,
                initial=scoring.DEFAULT_WEIGHTS[part],
            )

    @staticmethod
    def initial_from(call: Any) -> dict[str, Any]:
        if call is None:
            now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
            return {
                "opens_at": _local(now),
                "closes_at": _local(now + dt.timedelta(days=14)),
                "max_products": 5,
                "confirm_days": 7,
            }
        rules = call.rules or {}
        regions = list(rules.get("regions") or [])
        weights = scoring.weights_with_defaults(call.score_weights)
        return {
            "opens_at": _local(call.opens_at),
            "closes_at": _local(call.closes_at),
            "intro": call.intro,
            "places": call.places,
            "max_products": call.max_products,
            "confirm_days": call.confirm_days,
            **{f"region_{i + 1}": code for i, code in enumerate(regions[:3])},
            "kbli": rules.get("kbli") or [],
            "coached_by": rules.get("coached_by") or [],
            "certificates": rules.get("certificates") or [],
            "size_classes": rules.get("size_classes") or [],
            "questions": "\n".join(call.questions),
            **{f"weight_{part}": weights[part] for part in scoring.PARTS},
        }

    def rules(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "regions": [data[f"region_{i}"].code for i in (1, 2, 3) if data.get(f"region_{i}")],
            "kbli": data["kbli"],
            "coached_by": [o.pk for o in data["coached_by"]],
            "certificates": data["certificates"],
            "size_classes": data["size_classes"],
        }

    def weights(self) -> dict[str, int]:
        return {part: self.cleaned_data[f"weight_{part}"] for part in scoring.PARTS}


class QuotaForm(forms.Form):
    label = forms.CharField(label=_("Name"), max_length=100, required=False)
    category = forms.ModelChoiceField(
        label=_("Catalog category"), queryset=Category.objects.none(), required=False
    )
    percent = forms.IntegerField(label=_("Share (%)"), min_value=1, max_value=100, required=False)
    places = forms.IntegerField(label=_("Or a number of places"), min_value=0, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(
            parent__isnull=True, is_active=True
        ).order_by("position", "name")


QuotaFormSet = forms.formset_factory(QuotaForm, extra=3, max_num=12)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("accept", _("Accept")),
            ("waitlist", _("Waitlist")),
            ("reject", _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (shown to the applicant)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ApplyForm(forms.Form):
    products = forms.ModelMultipleChoiceField(
        label=_("Products to show"),
        queryset=Product.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    quota = forms.ModelChoiceField(
        label=_("Category"),
        queryset=CallQuota.objects.none(),
        required=False,
        empty_label=_("Follow my products"),
    )
    motivation = forms.CharField(
        label=_("Why this event? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, products: list[Product], call: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = Product.objects.filter(
            pk__in=[p.pk for p in products]
        ).order_by("name", "pk")
        self.fields["products"].help_text = _("Choose up to %(n)s.") % {"n": call.max_products}
        with scopes_disabled():
            quotas = CallQuota.objects.filter(call=call)
            if quotas.exists():
                self.fields["quota"].queryset = quotas
            else:
                del self.fields["quota"]
        self.questions = list(call.questions)
        for index, question in enumerate(self.questions):
            self.fields[f"answer_{index}"] = forms.CharField(label=question, max_length=500)

    def answers(self) -> dict[str, str]:
        return {q: self.cleaned_data[f"answer_{i}"] for i, q in enumerate(self.questions)}


class BoothBlockForm(forms.Form):
    zone = forms.CharField(
        label=_("Zone"), max_length=60, help_text=_("E.g. Kuliner, Hall A, Outdoor.")
    )
    prefix = forms.CharField(label=_("Code letter(s)"), max_length=5, initial="A")
    rows = forms.IntegerField(label=_("Rows"), min_value=1, max_value=50, initial=1)
    columns = forms.IntegerField(label=_("Booths per row"), min_value=1, max_value=50, initial=10)
    width_cm = forms.IntegerField(label=_("Width (cm)"), min_value=50, initial=300)
    depth_cm = forms.IntegerField(label=_("Depth (cm)"), min_value=50, initial=300)
    price = forms.IntegerField(label=_("Price (Rp)"), min_value=0, initial=0)
    has_power = forms.BooleanField(label=_("Electricity"), required=False)
    has_water = forms.BooleanField(label=_("Water"), required=False)


class CapacityForm(forms.Form):
    percent = forms.IntegerField(
        label=_("Usable booths (% of planned)"), min_value=1, max_value=100, required=False
    )
    number = forms.IntegerField(label=_("Usable booths (number)"), min_value=0, required=False)
