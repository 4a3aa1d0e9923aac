"""Adding and keeping products up to date: one function per use case, each its own
transaction, each audited, each followed by a search index update once committed.

Who may change a product: the owners of its business, and the officers (``manage_catalog``)
of an organisation that coaches the business. Hiding is for those officers only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from naikkelas.catalog import indexing, richtext
from naikkelas.catalog.models import (
    Category,
    HsCode,
    Product,
    ProductStatus,
    ProductVariant,
    Unit,
)
from naikkelas.core.audit import audit_record, snapshot
from naikkelas.core.models import Organisation, User
from naikkelas.core.permissions import can
from naikkelas.registry.models import Business, BusinessOwner, Certificate

PRODUCT_FIELDS = [
    "name",
    "description",
    "category",
    "price_min",
    "price_max",
    "unit",
    "min_order",
    "capacity_per_month",
    "weight_grams",
    "packaging",
    "shelf_life_days",
    "hs_code",
    "export_ready",
]
AUDITED_FIELDS = [*PRODUCT_FIELDS, "status", "hidden_reason", "business"]
MAX_VARIANTS = 30


@dataclass
class ProductData:
    name: str
    category: str  # a category slug
    description: str = ""
    price_min: int | None = None
    price_max: int | None = None
    variants: list[tuple[str, int]] = field(default_factory=list)  # (name, price)
    unit: str = Unit.PIECE
    min_order: int | None = None
    capacity_per_month: int | None = None
    weight_grams: int | None = None
    packaging: str = ""
    shelf_life_days: int | None = None
    hs_code: str = ""
    certificate_ids: list[int] = field(default_factory=list)
    export_ready: bool = False


# --- cleaning ------------------------------------------------------------------------------


def description_clean(text: str) -> str:
    return richtext.clean(text)


def description_text(markup: str) -> str:
    return richtext.plain(markup)


def clean_hs_code(value: str) -> str:
    code = "".join(ch for ch in (value or "") if ch.isdigit())
    if not code:
        return ""
    if len(code) != 6:
        raise ValidationError(
            {"hs_code": _("An HS code has 6 digits, e.g. 200520 (potato chips).")}
        )
    if not HsCode.objects.filter(code=code).exists():
        raise ValidationError(
            {"hs_code": _("%(code)s is not in the HS 2022 list.") % {"code": code}}
        )
    return code


def _clean_positive(value: int | None, name: str, message: str) -> int | None:
    if value is None:
        return None
    if value < 0 or (name == "min_order" and value == 0):
        raise ValidationError({name: message})
    return int(value)


def _clean(data: ProductData, business: Business) -> tuple[dict[str, Any], list[Certificate]]:
    errors: dict[str, str] = {}
    name = " ".join((data.name or "").split())
    if not name:
        errors["name"] = _("Give the product's name.")
    elif len(name) > 200:
        errors["name"] = _("A product name has at most 200 characters.")
    category = Category.objects.filter(slug=data.category, is_active=True).first()
    if category is None:
        errors["category"] = _("Choose a category.")
    if data.unit not in Unit.values:
        errors["unit"] = _("Choose a unit.")
    variants: list[tuple[str, int]] = []
    seen: set[str] = set()
    for variant_name, price in data.variants:
        variant_name = " ".join((variant_name or "").split())
        if not variant_name and price is None:
            continue
        if not variant_name or price is None:
            errors["variants"] = _("Each variant needs a name and a price.")
            break
        if price < 0:
            errors["variants"] = _("A price in rupiah cannot be negative.")
            break
        if variant_name.lower() in seen:
            errors["variants"] = _("Variant '%(name)s' appears twice.") % {"name": variant_name}
            break
        seen.add(variant_name.lower())
        variants.append((variant_name[:100], int(price)))
    if len(variants) > MAX_VARIANTS:
        errors["variants"] = _("At most %(count)d variants.") % {"count": MAX_VARIANTS}
    price_min, price_max = data.price_min, data.price_max
    if variants:
        prices = [price for _name, price in variants]
        price_min, price_max = min(prices), max(prices)
    else:
        if (price_min is not None and price_min < 0) or (price_max is not None and price_max < 0):
            errors["price_min"] = _("A price in rupiah cannot be negative.")
        elif price_min is not None and price_max is not None and price_max < price_min:
            errors["price_max"] = _("The highest price cannot be below the lowest.")
        if price_min is None and price_max is not None:
            price_min = price_max
    values: dict[str, Any] = {}
    for key, message in (
        ("min_order", _("The minimum order is at least 1.")),
        ("capacity_per_month", _("The capacity cannot be negative.")),
        ("weight_grams", _("The weight cannot be negative.")),
        ("shelf_life_days", _("The shelf life cannot be negative.")),
    ):
        try:
            values[key] = _clean_positive(getattr(data, key), key, message)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    try:
        values["hs_code"] = clean_hs_code(data.hs_code)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    certificates = list(Certificate.objects.filter(pk__in=set(data.certificate_ids)))
    if len(certificates) != len(set(data.certificate_ids)) or any(
        c.business_id != business.pk for c in certificates
    ):
        errors["certificates"] = _("Choose certificates from this business's own wallet.")
    if errors:
        raise ValidationError(errors)
    values.update(
        name=name,
        category=category,
        description=description_clean(data.description),
        price_min=price_min,
        price_max=price_max,
        unit=data.unit,
        packaging=" ".join(data.packaging.split())[:200],
        export_ready=bool(data.export_ready),
        _variants=variants,
    )
    return values, certificates


# --- permissions ------------------------------------------------------------------------------


def coaching_organisations(business: Business) -> list[Organisation]:
    with scopes_disabled():
        return list(
            Organisation.objects.filter(
                coached_businesses__business=business, coached_businesses__active=True
            )
        )


def is_owner(user: Any, business: Business) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return BusinessOwner.objects.filter(business=business, user=user).exists()


def can_edit_products(user: Any, business: Business) -> bool:
    """Its owners, and the catalog officers of an organisation that coaches it."""
    if is_owner(user, business):
        return True
    return can_moderate(user, business)


def can_moderate(user: Any, business: Business) -> bool:
    """Officers (``manage_catalog``) of an organisation that coaches the business."""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(can(user, org, "manage_catalog") for org in coaching_organisations(business))


def _require_edit(actor: Any, business: Business) -> None:
    if not can_edit_products(actor, business):
        raise PermissionDenied(
            _("Only the business's owners and its coaching officers may do this.")
        )


# --- use cases --------------------------------------------------------------------------------


def unique_slug(name: str, *, exclude: int | None = None) -> str:
    base = slugify(name)[:100].strip("-") or "produk"
    taken = set(
        Product.objects.filter(slug__startswith=base)
        .exclude(pk=exclude or 0)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _save_variants(product: Product, variants: list[tuple[str, int]]) -> None:
    ProductVariant.objects.filter(product=product).delete()
    ProductVariant.objects.bulk_create(
        ProductVariant(product=product, name=name, price=price, position=position)
        for position, (name, price) in enumerate(variants)
    )


def _audit_values(product: Product) -> dict[str, Any]:
    values = snapshot(product, AUDITED_FIELDS)
    values["certificates"] = sorted(product.certificates.values_list("pk", flat=True))
    values["variants"] = [[v.name, v.price] for v in product.variants.all()]
    return values


def product_create(
    *,
    actor: User | None,
    business: Business,
    data: ProductData,
    publish: bool = False,
    organisation: Organisation | None = None,
    source: str = "owner",
) -> Product:
    """Add a product to ``business`` (a draft unless ``publish``)."""
    if actor is not None:
        _require_edit(actor, business)
    values, certificates = _clean(data, business)
    variants = values.pop("_variants")
    now = timezone.now()
    with transaction.atomic():
        for attempt in range(3):
            product = Product(
                business=business,
                slug=unique_slug(values["name"]),
                status=ProductStatus.PUBLISHED if publish else ProductStatus.DRAFT,
                published_at=now if publish else None,
                created_by=actor,
                updated_by=actor,
                source=source,
                **values,
            )
            try:
                with transaction.atomic():
                    product.save()
                break
            except IntegrityError:  # another product took the slug meanwhile
                if attempt == 2:
                    raise
        product.certificates.set(certificates)
        _save_variants(product, variants)
        audit_record(
            actor=actor,
            action="product.create",
            obj=product,
            organisation=organisation,
            before={},
            after=_audit_values(product),
        )
        indexing.queue_update([product.pk])
    return product


def product_validate(*, business: Business, data: ProductData) -> None:
    """Raise the ``ValidationError`` that creating or updating with ``data`` would raise
    (a dry run: the import's preview); writes nothing."""
    _clean(data, business)


def product_update(
    *,
    actor: User | None,
    product: Product,
    data: ProductData,
    organisation: Organisation | None = None,
) -> Product:
    """Change a product; ``actor`` ``None`` is the system (the command line import)."""
    if actor is not None:
        _require_edit(actor, product.business)
    values, certificates = _clean(data, product.business)
    variants = values.pop("_variants")
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        before = _audit_values(product)
        if values["name"] != product.name and product.status == ProductStatus.DRAFT:
            product.slug = unique_slug(values["name"], exclude=product.pk)
        for key, value in values.items():
            setattr(product, key, value)
        product.updated_by = actor
        product.save()
        product.certificates.set(certificates)
        _save_variants(product, variants)
        audit_record(
            actor=actor,
            action="product.update",
            obj=product,
            organisation=organisation,
            before=before,
            after=_audit_values(product),
        )
        indexing.queue_update([product.pk])
    return product


def _set_status(
    actor: User | None,
    product: Product,
    status: str,
    action: str,
    organisation: Organisation | None,
    reason: str = "",
) -> Product:
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        before = snapshot(product, ["status", "hidden_reason"])
        product.status = status
        product.updated_by = actor
        if status == ProductStatus.HIDDEN:
            product.hidden_reason = reason
            product.hidden_by = actor
            product.hidden_at = timezone.now()
        else:
            product.hidden_reason = ""
            product.hidden_by = None
            product.hidden_at = None
        if status == ProductStatus.PUBLISHED and product.published_at is None:
            product.published_at = timezone.now()
        product.save()
        audit_record(
            actor=actor,
            action=action,
            obj=product,
            organisation=organisation,
            before=before,
            after=snapshot(product, ["status", "hidden_reason"]),
        )
        indexing.queue_update([product.pk])
    return product


def product_publish(
    *, actor: User | None, product: Product, organisation: Organisation | None = None
) -> Product:
    """Show the product in the public catalog. A product an officer hid stays hidden until
    an officer shows it again. ``actor`` ``None`` is the system (the command line import),
    which never shows a hidden product."""
    if actor is None:
        if product.status == ProductStatus.HIDDEN:
            raise PermissionDenied(
                _("An officer hid this product; only an officer can change that.")
            )
        return _set_status(actor, product, ProductStatus.PUBLISHED, "product.publish", organisation)
    _require_edit(actor, product.business)
    if product.status == ProductStatus.HIDDEN and not can_moderate(actor, product.business):
        raise PermissionDenied(
            _("An officer hid this product: %(reason)s Ask the officer to show it again.")
            % {"reason": product.hidden_reason}
        )
    return _set_status(actor, product, ProductStatus.PUBLISHED, "product.publish", organisation)


def product_unpublish(
    *, actor: User | None, product: Product, organisation: Organisation | None = None
) -> Product:
    """Back to draft: no longer public, kept for later."""
    if actor is not None:
        _require_edit(actor, product.business)
    if product.status == ProductStatus.HIDDEN and (
        actor is None or not can_moderate(actor, product.business)
    ):
        raise PermissionDenied(_("An officer hid this product; only an officer can change that."))
    return _set_status(actor, product, ProductStatus.DRAFT, "product.unpublish", organisation)


def product_hide(
    *, actor: User, product: Product, organisation: Organisation, reason: str
) -> Product:
    """An officer of a coaching organisation takes a product out of the public catalog."""
    if not (
        can(actor, organisation, "manage_catalog")
        and organisation in coaching_organisations(product.business)
    ):
        raise PermissionDenied(
            _("Only officers of an organisation coaching this business may hide it.")
        )
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Say why the product is hidden; the owner reads it.")})
    return _set_status(actor, product, ProductStatus.HIDDEN, "product.hide", organisation, reason)


def product_unhide(*, actor: User, product: Product, organisation: Organisation) -> Product:
    if not (
        can(actor, organisation, "manage_catalog")
        and organisation in coaching_organisations(product.business)
    ):
        raise PermissionDenied
    return _set_status(actor, product, ProductStatus.PUBLISHED, "product.unhide", organisation)


def product_delete(
    *, actor: User, product: Product, organisation: Organisation | None = None
) -> None:
    _require_edit(actor, product.business)
    if product.status == ProductStatus.HIDDEN and not can_moderate(actor, product.business):
        raise PermissionDenied(_("An officer hid this product; only an officer can change that."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="product.delete",
            obj=product,
            organisation=organisation,
            before=_audit_values(product),
            after={},
        )
        product_id = product.pk
        for photo in product.photos.all():
            _delete_files_on_commit([photo.original, photo.thumb, photo.large])
        product.delete()
        indexing.queue_update([product_id])


def _delete_files_on_commit(files: list[Any]) -> None:
    """Remove stored files once the rows that named them are gone for good."""
    for file in files:
        if file:
            name, storage = file.name, file.storage
            transaction.on_commit(lambda n=name, s=storage: s.delete(n))  # type: ignore[misc]
