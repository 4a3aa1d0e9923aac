"""Pages of the registry, one module per area; each module defines ``urlpatterns``."""
