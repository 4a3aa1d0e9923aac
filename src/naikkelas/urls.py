from django.contrib import admin
from django.urls import include, path

from naikkelas.api import api
from naikkelas.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("naikkelas.core.urls")),
    path("", include("naikkelas.registry.urls")),
    path("", include("naikkelas.catalog.urls")),
    path("", include("naikkelas.events.urls")),
]
