"""Forms of the catalog's pages. They parse and present; the services validate (names,
prices, HS codes, certificates from the wallet, photos by content) and the views copy the
errors back onto the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from naikkelas.catalog.models import Category, Product, Unit
from naikkelas.catalog.services.products import ProductData
from naikkelas.registry.models import Certificate

MONEY_ATTRS = {"inputmode": "numeric", "min": "0", "step": "1"}
COUNT_ATTRS = {"inputmode": "numeric", "min": "0", "step": "1"}
VARIANT_ROWS = 4


def category_choices() -> list[tuple[str, Any]]:
    """Leaf categories grouped under their parent, in the tree's order."""
    categories = list(Category.objects.filter(is_active=True).order_by("position", "name"))
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    choices: list[tuple[str, Any]] = [("", _("Choose a category"))]
    for root in children.get(None, []):
        kids = children.get(root.pk, [])
        if kids:
            choices.append((root.label, [(k.slug, k.label) for k in kids]))
        else:
            choices.append((root.slug, root.label))
    return choices


class ProductForm(forms.Form):
    name = forms.CharField(
        label=_("Product name"),
        max_length=200,
        help_text=_("As buyers would search for it, e.g. Keripik Tempe Sagu Original."),
    )
    category = forms.ChoiceField(label=_("Category"))
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Taste, material, size, how it is made. An empty line starts a paragraph."),
    )
    price_min = forms.IntegerField(
        label=_("Price (Rp)"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs=MONEY_ATTRS),
        help_text=_("Or the lowest price when it varies."),
    )
    price_max = forms.IntegerField(
        label=_("Highest price (Rp)"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs=MONEY_ATTRS),
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices, initial=Unit.PIECE)
    min_order = forms.IntegerField(
        label=_("Minimum order"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs=COUNT_ATTRS),
    )
    capacity_per_month = forms.IntegerField(
        label=_("Production capacity per month"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs=COUNT_ATTRS),
        help_text=_("In the unit above."),
    )
    weight_grams = forms.IntegerField(
        label=_("Weight (grams)"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs=COUNT_ATTRS),
    )
    packaging = forms.CharField(
        label=_("Packaging"),
        required=False,
        max_length=200,
        help_text=_("e.g. standing pouch with zipper, 250 g"),
    )
    shelf_life_days = forms.IntegerField(
        label=_("Shelf life (days)"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs=COUNT_ATTRS),
    )
    hs_code = forms.CharField(
        label=_("HS code"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("6 digits, for export. Leave empty if unsure: a suggestion appears below."),
    )
    certificates = forms.MultipleChoiceField(
        label=_("Certificates of this product"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("From the business's certificate wallet."),
    )
    export_ready = forms.BooleanField(label=_("Export-ready"), required=False)

    def __init__(
        self,
        *args: Any,
        certificates: list[Certificate] | None = None,
        officer: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        self.fields["certificates"].choices = [(str(c.pk), str(c)) for c in (certificates or [])]
        if not certificates:
            del self.fields["certificates"]
        if not officer:
            del self.fields["export_ready"]
        for i in range(VARIANT_ROWS):
            self.fields[f"variant_name_{i}"] = forms.CharField(
                label=_("Variant %(number)d") % {"number": i + 1},
                required=False,
                max_length=100,
            )
            self.fields[f"variant_price_{i}"] = forms.IntegerField(
                label=_("Price of variant %(number)d (Rp)") % {"number": i + 1},
                required=False,
                min_value=0,
                widget=forms.NumberInput(attrs=MONEY_ATTRS),
            )

    def main_fields(self) -> list[Any]:
        return [f for f in self.visible_fields() if not f.name.startswith("variant_")]

    def variant_rows(self) -> list[tuple[Any, Any]]:
        return [
            (self[f"variant_name_{i}"], self[f"variant_price_{i}"]) for i in range(VARIANT_ROWS)
        ]

    @classmethod
    def initial_for(cls, product: Product) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": product.name,
            "category": product.category.slug,
            "description": product.description,
            "price_min": product.price_min,
            "price_max": product.price_max,
            "unit": product.unit,
            "min_order": product.min_order,
            "capacity_per_month": product.capacity_per_month,
            "weight_grams": product.weight_grams,
            "packaging": product.packaging,
            "shelf_life_days": product.shelf_life_days,
            "hs_code": product.hs_code,
            "certificates": [str(pk) for pk in product.certificates.values_list("pk", flat=True)],
            "export_ready": product.export_ready,
        }
        for i, variant in enumerate(list(product.variants.all())[:VARIANT_ROWS]):
            initial[f"variant_name_{i}"] = variant.name
            initial[f"variant_price_{i}"] = variant.price
        return initial

    def data_for_service(self, product: Product | None = None) -> ProductData:
        d = self.cleaned_data
        variants: list[tuple[str, int]] = []
        for i in range(VARIANT_ROWS):
            name, price = d.get(f"variant_name_{i}") or "", d.get(f"variant_price_{i}")
            if name or price is not None:
                variants.append((name, price))  # the service says what is missing
        if product is not None:  # rows beyond the form's keep their values
            variants += [(v.name, v.price) for v in list(product.variants.all())[VARIANT_ROWS:]]
        return ProductData(
            name=d["name"],
            category=d["category"],
            description=d.get("description") or "",
            price_min=d.get("price_min"),
            price_max=d.get("price_max") if not variants else None,
            variants=variants,
            unit=d["unit"],
            min_order=d.get("min_order"),
            capacity_per_month=d.get("capacity_per_month"),
            weight_grams=d.get("weight_grams"),
            packaging=d.get("packaging") or "",
            shelf_life_days=d.get("shelf_life_days"),
            hs_code=d.get("hs_code") or "",
            certificate_ids=[int(pk) for pk in d.get("certificates") or []],
            export_ready=bool(d.get("export_ready"))
            if "export_ready" in self.fields
            else bool(product and product.export_ready),
        )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("JPG, PNG or WebP, at most 10 MB. The first photo is the cover."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("What the photo shows"),
        required=False,
        max_length=200,
        help_text=_("e.g. a 250 g pouch of tempe chips, front side. Read aloud to blind visitors."),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it hidden?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The owner reads this, e.g. the halal certificate shown has expired."),
    )
