"""``naikkelas import businesses FILE --organisation SLUG``: the spreadsheet import for IT
staff and scripts, run in this process (no worker needed).

``naikkelas import products FILE --organisation SLUG`` is the catalog's product import;
the registry does not import the catalog (a later app), so it is looked up by name."""

from __future__ import annotations

import importlib
import json
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scopes_disabled

from naikkelas.core.models import Organisation
from naikkelas.registry.models import MappingTemplate
from naikkelas.registry.services import imports as services


class Command(BaseCommand):
    help = (
        "Import businesses from an XLSX, XLS, ODS or CSV file. The JSON report (--report) "
        'holds {"rows": [...], "summary": {...}}: one object per row below the header, '
        '{"sheet", "row", "outcome", "business_id", "duplicate_of", "messages"}, with outcome '
        "created, updated, duplicate, rejected or skipped (blank, total and repeated header "
        "rows are included as skipped); messages are in Indonesian. "
        "'import products' reads a product list for the businesses the organisation coaches: "
        'rows {"sheet", "row", "outcome", "product_id", "messages"}, outcome created, '
        "updated, rejected or skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["businesses", "products"], help="what to import")
        parser.add_argument("file", help="the spreadsheet (XLSX, XLS, ODS or CSV, ≤ 20 MB)")
        parser.add_argument("--organisation", required=True, help="slug of the organisation")
        parser.add_argument(
            "--region", help="import into this region inside the organisation's (Kemendagri code)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would happen, store nothing"
        )
        parser.add_argument("--report", help="write the JSON report to this file ('-': stdout)")
        parser.add_argument("--mapping-template", help="name of a saved column mapping")

    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled():
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"unknown organisation {options['organisation']!r}")
        if options["what"] == "products":
            module = importlib.import_module("naikkelas.catalog.management.import_products")
            module.handle(self, organisation, options)
            return
        path = options["file"]
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from exc
        try:
            job = services.import_upload(
                actor=None,
                organisation=organisation,
                data=data,
                filename=os.path.basename(path),
                region_code=options.get("region"),
            )
            if options.get("mapping_template"):
                with scopes_disabled():
                    exists = MappingTemplate.objects.filter(
                        organisation=organisation, name=options["mapping_template"]
                    ).exists()
                if not exists:
                    raise CommandError(f"no mapping template {options['mapping_template']!r}")
                services.import_template_apply(
                    actor=None, job=job, name=options["mapping_template"]
                )
        except ValidationError as exc:
            raise CommandError(f"{path}: {' '.join(exc.messages)}") from exc
        if options["dry_run"]:
            plan = services.import_preview(actor=None, job=job)
            rows = services.plan_report(plan)
            summary = plan.counts()
        else:
            services.import_run(job=job)
            job.refresh_from_db()
            rows = services.job_report(job)
            summary = dict(job.counts)
        report = {
            "file": path,
            "organisation": organisation.slug,
            "area": job.area_code,
            "import_id": job.pk,
            "dry_run": bool(options["dry_run"]),
            "rows": rows,
            "summary": summary,
        }
        if options.get("report"):
            text = json.dumps(report, ensure_ascii=False, indent=1)
            if options["report"] == "-":
                self.stdout.write(text)
            else:
                with open(options["report"], "w", encoding="utf-8") as handle:
                    handle.write(text)
        counts = ", ".join(f"{key} {value}" for key, value in summary.items())
        verb = "would import" if options["dry_run"] else "imported"
        self.stderr.write(f"{verb} {path}: {counts}")
