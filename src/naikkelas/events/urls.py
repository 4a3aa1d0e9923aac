"""The events' pages: each module of ``views`` contributes its ``urlpatterns``."""

from __future__ import annotations

import importlib

app_name = "events"

AREAS = ["events", "public", "calls", "owner", "booths"]
# the floor: visitors and check-in, the online hall, sales, the sale festival, the report
AREAS += ["visitors", "checkin", "hall", "sales", "festival", "report"]

urlpatterns: list = []
for area in AREAS:
    try:
        module = importlib.import_module(f"naikkelas.events.views.{area}")
    except ModuleNotFoundError as exc:
        if exc.name != f"naikkelas.events.views.{area}":
            raise
        continue
    urlpatterns += module.urlpatterns
