"""The catalog in the admin site: administrators edit the category tree and the search
synonyms here; products and collections are shown for support staff (changes go through
the pages, which audit them)."""

from __future__ import annotations

from django.contrib import admin

from naikkelas.catalog.models import Category, Collection, HsCode, Product, SynonymGroup
from naikkelas.core.admin import UnscopedAdmin


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "parent", "position", "hs_hint", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["parent__position", "position", "name"]


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    list_display = ["terms", "updated_by", "updated_at"]
    search_fields = ["terms"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(HsCode)
class HsCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "section", "description"]
    list_filter = ["level", "section"]
    search_fields = ["code", "description"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "business", "category", "status", "updated_at"]
    list_filter = ["status", "category"]
    search_fields = ["name", "business__name"]
    raw_id_fields = ["business", "category"]
    readonly_fields = ["created_by", "updated_by", "hidden_by", "hidden_at", "published_at"]
    filter_horizontal = ["certificates"]


@admin.register(Collection)
class CollectionAdmin(UnscopedAdmin):
    list_display = ["title", "organisation", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title"]
