"""The event report's XLSX and PDF, built in the background with their progress."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from naikkelas.core.audit import audit_record
from naikkelas.core.models import User
from naikkelas.events.models import Event, ReportExport, ReportExportStatus
from naikkelas.events.services.events import can_on_event


def report_export_request(*, actor: User | None, event: Event, kind: str) -> ReportExport:
    """Queue an XLSX or PDF of the report (``view_reports`` in an organiser)."""
    if actor is not None and not can_on_event(actor, event, "view_reports"):
        raise PermissionDenied(_("Only the organisers' officers and leaders may read reports."))
    if kind not in ("xlsx", "pdf"):
        raise ValidationError({"kind": _("Choose XLSX or PDF.")})
    from naikkelas.events.tasks_floor import report_export_task

    with transaction.atomic(), scopes_disabled():
        export = ReportExport.objects.create(
            event=event, kind=kind, requested_by=actor if actor is not None and actor.pk else None
        )
        audit_record(
            actor=actor,
            action="event_report.export",
            obj=event,
            organisation=event.organisation,
            after={"kind": kind},
        )
        export_id = export.pk
        transaction.on_commit(lambda: report_export_task.enqueue(export_id))
    return export


def report_export_run(export_id: int) -> ReportExport:
    """Build the file (the worker calls this); progress is saved on the row as it goes."""
    from naikkelas.events.report_files import report_pdf, report_xlsx
    from naikkelas.events.selectors.report import event_report

    with scopes_disabled():
        export = ReportExport.objects.select_related("event__organisation").get(pk=export_id)
        if export.status == ReportExportStatus.DONE:
            return export

        def progress(percent: int) -> None:
            ReportExport.objects.filter(pk=export_id).update(progress=min(percent, 99))

        ReportExport.objects.filter(pk=export_id).update(
            status=ReportExportStatus.RUNNING, progress=1
        )
        try:
            report = event_report(export.event)
            progress(10)
            build = report_xlsx if export.kind == "xlsx" else report_pdf
            content = build(report, lambda p: progress(10 + p * 85 // 100))
        except Exception as exc:  # the officer sees that it failed, and can try again
            ReportExport.objects.filter(pk=export_id).update(
                status=ReportExportStatus.FAILED, error=f"{exc.__class__.__name__}: {exc}"[:2000]
            )
            raise
        name = f"laporan-{export.event.slug}-{timezone.localdate():%Y%m%d}.{export.kind}"
        export.file.save(name, ContentFile(content), save=False)
        export.status = ReportExportStatus.DONE
        export.progress = 100
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "status", "progress", "finished_at"])
    return export
