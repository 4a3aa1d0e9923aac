"""The engines behind :class:`~naikkelas.catalog.search.types.SearchEngine`."""
