"""Reads of the registry, one module per use-case family (``businesses``, ``imports``,
``duplicates``)."""
