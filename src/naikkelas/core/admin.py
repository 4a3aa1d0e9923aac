from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django_scopes import scopes_disabled

from naikkelas.core.audit import audit_record, snapshot
from naikkelas.core.models import (
    ApiToken,
    AuditEntry,
    Invitation,
    Membership,
    Organisation,
    Region,
    User,
)
from naikkelas.core.services import ORGANISATION_FIELDS


class UnscopedAdmin(admin.ModelAdmin):
    """Support staff see every organisation's rows in the admin site."""

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        with scopes_disabled():
            return self.model._default_manager.all()

    def changelist_view(self, request, extra_context=None):  # type: ignore[no-untyped-def]
        with scopes_disabled():
            return super().changelist_view(request, extra_context)

    def changeform_view(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        with scopes_disabled():
            return super().changeform_view(*args, **kwargs)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["name"]
    list_display = ["name", "email", "phone", "is_active", "is_staff"]
    search_fields = ["name", "email", "phone"]
    fieldsets = [
        (None, {"fields": ["name", "email", "phone", "password", "language"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["name", "email", "phone", "password1", "password2"]})]
    list_filter = ["is_active", "is_staff"]
    filter_horizontal = []


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "slug"]
    raw_id_fields = ["region"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        """Support staff's changes are audited like everyone else's."""
        fields = ["slug", *ORGANISATION_FIELDS]
        with transaction.atomic():
            before = snapshot(Organisation.objects.get(pk=obj.pk), fields) if change else {}
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                obj=obj,
                organisation=obj,
                action="organisation.update" if change else "organisation.create",
                before=before,
                after=snapshot(obj, fields),
            )


@admin.register(Membership)
class MembershipAdmin(UnscopedAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    raw_id_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(UnscopedAdmin):
    list_display = ["email", "organisation", "role", "created_at", "accepted_at", "revoked_at"]
    exclude = ["token_hash"]


@admin.register(AuditEntry)
class AuditEntryAdmin(UnscopedAdmin):
    list_display = ["at", "actor_label", "action", "object_repr", "organisation"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor_label", "action"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "search_name"]
    raw_id_fields = ["parent"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]
