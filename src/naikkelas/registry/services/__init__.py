"""Writes of the registry, one module per use-case family:

- ``businesses``: register, update, coach, owners, certificates, channels, clusters
- ``imports``: the spreadsheet import (upload, mapping, preview, run, result file)
- ``duplicates``: finding duplicate clusters and merging them
"""
