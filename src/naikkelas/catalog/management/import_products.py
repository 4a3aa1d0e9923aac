"""``naikkelas import products FILE --organisation SLUG [--dry-run] [--report OUT.json]``:
the product import for IT staff and scripts, run in this process (no worker needed).
Called by the ``import`` command (the registry's), which owns the command name."""

from __future__ import annotations

import json
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from naikkelas.catalog.services import imports as services
from naikkelas.core.models import Organisation


def handle(command: BaseCommand, organisation: Organisation, options: dict[str, Any]) -> None:
    if options.get("region") or options.get("mapping_template"):
        raise CommandError("--region and --mapping-template are for 'import businesses' only")
    path = options["file"]
    try:
        with open(path, "rb") as handle_:
            data = handle_.read()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        job = services.product_import_upload(
            actor=None, organisation=organisation, data=data, filename=os.path.basename(path)
        )
    except ValidationError as exc:
        raise CommandError(f"{path}: {' '.join(exc.messages)}") from exc
    if options["dry_run"]:
        plan = services.product_import_preview(actor=None, job=job)
        rows = services.plan_report(plan)
        summary = plan.counts()
    else:
        services.product_import_run(job=job)
        job.refresh_from_db()
        rows = services.job_report(job)
        summary = dict(job.counts)
    report = {
        "file": path,
        "organisation": organisation.slug,
        "import_id": job.pk,
        "dry_run": bool(options["dry_run"]),
        "rows": rows,
        "summary": summary,
    }
    if options.get("report"):
        text = json.dumps(report, ensure_ascii=False, indent=1)
        if options["report"] == "-":
            command.stdout.write(text)
        else:
            with open(options["report"], "w", encoding="utf-8") as out:
                out.write(text)
    counts = ", ".join(f"{key} {value}" for key, value in summary.items())
    verb = "would import" if options["dry_run"] else "imported"
    command.stderr.write(f"{verb} {path}: {counts}")
