"""Reads for business owners: their businesses, their applications, who to tell."""

from __future__ import annotations

from urllib.parse import quote

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from naikkelas.catalog.models import Product, ProductStatus
from naikkelas.core.models import User
from naikkelas.events.models import Application, Event
from naikkelas.registry.models import Business, BusinessOwner


def owner_businesses(user: User) -> list[Business]:
    """The live businesses ``user`` owns."""
    return list(
        Business.objects.live()
        .filter(owners__user=user)
        .exclude(status="closed")
        .distinct()
        .order_by("name", "pk")
    )


def owner_applications(user: User) -> QuerySet[Application]:
    with scopes_disabled():
        return (
            Application.objects.filter(business__owners__user=user)
            .select_related("event", "business", "quota")
            .distinct()
            .order_by("-submitted_at", "-pk")
        )


def owner_application(user: User, pk: int) -> Application | None:
    with scopes_disabled():
        return owner_applications(user).filter(pk=pk).first()


def publishable_products(business: Business) -> list[Product]:
    """The products an owner may show at an event: the published ones."""
    return list(
        Product.objects.filter(business=business, status=ProductStatus.PUBLISHED)
        .select_related("category", "category__parent")
        .order_by("name", "pk")
    )


def application_recipients(application: Application) -> list[str]:
    """The owners' email addresses (their own, or their account's)."""
    addresses: list[str] = []
    for owner in BusinessOwner.objects.filter(business=application.business).select_related("user"):
        for address in (owner.email, owner.user.email if owner.user else None):
            if address and address not in addresses:
                addresses.append(address)
    return addresses


def officer_whatsapp_link(application: Application | None, event: Event | None = None) -> str:
    """A wa.me link to the event's contact person, with a first line written for the
    owner (empty when the event has no contact number)."""
    event = event or (application.event if application else None)
    if event is None or not event.contact_phone:
        return ""
    if application is not None:
        text = _("Hello, about the application of %(business)s to %(event)s:") % {
            "business": application.business.name,
            "event": event.title,
        }
    else:
        text = _("Hello, about %(event)s:") % {"event": event.title}
    return f"https://wa.me/{event.contact_phone.lstrip('+')}?text={quote(text)}"
