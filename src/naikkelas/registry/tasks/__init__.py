"""Background work of the registry, one module per area (django-tasks)."""
