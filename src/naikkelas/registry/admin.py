"""The registry in the admin site, for support staff: find a business by name, NIB, owner
or phone, see its owners, certificates, channels and coaching at a glance. Changes of the
data itself go through the pages (services, audit); here most of it is read-only."""

from __future__ import annotations

from django.contrib import admin
from django_scopes import scopes_disabled

from naikkelas.core.admin import UnscopedAdmin
from naikkelas.registry.models import (
    Business,
    BusinessOwner,
    Certificate,
    Cluster,
    CoachingRelation,
    DuplicateCluster,
    ImportJob,
    OnlineChannel,
    SizeClassSnapshot,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        return self.fields


class OwnerInline(ReadOnlyInline):
    model = BusinessOwner
    fields = ["name", "gender", "phone", "whatsapp", "email", "is_primary", "user"]


class CertificateInline(ReadOnlyInline):
    model = Certificate
    fields = ["kind", "number", "issuer", "issued_on", "expires_on", "scan", "reminded_on"]


class ChannelInline(ReadOnlyInline):
    model = OnlineChannel
    fields = ["kind", "label", "url"]


class CoachingInline(ReadOnlyInline):
    model = CoachingRelation
    fields = ["organisation", "program", "since", "active"]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        with scopes_disabled():
            return CoachingRelation.objects.all().select_related("organisation")


class SizeHistoryInline(ReadOnlyInline):
    model = SizeClassSnapshot
    fields = ["recorded_on", "size_class", "previous_class", "basis", "capital", "annual_sales"]


@admin.register(Business)
class BusinessAdmin(UnscopedAdmin):
    list_display = ["name", "nib", "regency_code", "size_class", "status", "source", "created_at"]
    list_filter = ["status", "size_class", "source", "women_led", "is_public", "kbli_section"]
    search_fields = ["name", "nib", "owners__name", "owners__phone"]
    raw_id_fields = ["village", "merged_into", "created_by", "updated_by"]
    readonly_fields = [
        "size_class",
        "size_basis",
        "women_led",
        "province_code",
        "regency_code",
        "district_code",
        "merged_into",
        "source",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
    ]
    inlines = [OwnerInline, CertificateInline, ChannelInline, CoachingInline, SizeHistoryInline]
    date_hierarchy = "created_at"

    def changeform_view(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # the inlines (coaching relations are scoped) are rendered inside the unscoped block
        with scopes_disabled():
            response = super().changeform_view(*args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            return response

    show_full_result_count = False  # a count over millions of rows is slow

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # businesses are registered through the service (audit, size class)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "region", "coordinator"]
    list_filter = ["organisation"]
    search_fields = ["name", "slug", "coordinator"]
    raw_id_fields = ["region", "members"]


@admin.register(ImportJob)
class ImportJobAdmin(UnscopedAdmin):
    list_display = [
        "filename",
        "organisation",
        "status",
        "total_rows",
        "processed_rows",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["filename", "sha256"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(DuplicateCluster)
class DuplicateClusterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "score", "found_at", "resolved_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "score", "evidence", "found_at", "resolved_at", "resolved_by"]
    exclude = ["members"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
