"""Events in the admin site, for support staff: find an event, see its organisers, days,
call, applications, exhibitors and booths. Changes go through the pages (services, audit
and locks); here everything is read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django_scopes import scopes_disabled

from naikkelas.core.admin import UnscopedAdmin
from naikkelas.events.models import (
    Application,
    Booth,
    Event,
    EventDay,
    EventOrganiser,
    Exhibitor,
    ExhibitorCall,
)


class ReadOnlyAdmin(UnscopedAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "status", "starts_on", "organisation", "region"]
    list_filter = ["kind", "status", "format"]
    search_fields = ["title", "slug", "organisation__name"]
    readonly_fields = ["organisers_and_days"]

    @admin.display(description="organisers and days")
    def organisers_and_days(self, obj: Event) -> str:
        with scopes_disabled():
            organisers = [
                f"{link.organisation.name}{' (lead)' if link.is_lead else ''}"
                for link in EventOrganiser.objects.filter(event=obj).select_related("organisation")
            ]
            days = [
                f"{d.date} {d.opens_at:%H:%M}-{d.closes_at:%H:%M}"
                for d in EventDay.objects.filter(event=obj)
            ]
        return "; ".join(organisers) + " — " + ", ".join(days)


@admin.register(ExhibitorCall)
class ExhibitorCallAdmin(ReadOnlyAdmin):
    list_display = ["event", "opens_at", "closes_at", "places"]
    search_fields = ["event__title"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["business", "event", "quota", "status", "score", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["business__name", "event__title"]


@admin.register(Exhibitor)
class ExhibitorAdmin(ReadOnlyAdmin):
    list_display = ["display_name", "event", "quota", "is_active"]
    search_fields = ["display_name", "event__title"]


@admin.register(Booth)
class BoothAdmin(ReadOnlyAdmin):
    list_display = ["code", "event", "zone", "is_open", "exhibitor", "price"]
    list_filter = ["is_open"]
    search_fields = ["code", "event__title", "exhibitor__display_name"]
