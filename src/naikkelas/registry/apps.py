from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def install_search_index(using: str = "default", **kwargs: Any) -> None:
    """After every migrate: the search indexes and their triggers (a rebuilt SQLite table
    loses its triggers; see naikkelas.registry.db_objects)."""
    from naikkelas.registry import db_objects

    db_objects.install(connections[using])


class RegistryConfig(AppConfig):
    name = "naikkelas.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        post_migrate.connect(install_search_index, sender=self)
