from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "naikkelas.catalog"
    label = "catalog"
    verbose_name = _("Catalog")

    def ready(self) -> None:
        from naikkelas.catalog import signals

        post_migrate.connect(signals.load_reference_data, sender=self)
        signals.connect()
