from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "naikkelas.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from naikkelas.core import signals

        post_migrate.connect(signals.load_reference_data, sender=self)
