"""The event report for the organisers and the leader: a page with charts (SVG drawn on
the server), and its XLSX and PDF built in the background with their progress."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naikkelas.core.models import Organisation
from naikkelas.core.views import org_view
from naikkelas.events.charts import bar_chart
from naikkelas.events.models import Event, ReportExport, ReportExportStatus
from naikkelas.events.selectors.report import event_report
from naikkelas.events.services.reports import report_export_request


@org_view("view_reports")
def report(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("organisation"), pk=event_id)
    data = event_report(event)
    charts = {
        "visitors": bar_chart(
            [(v.date.strftime("%d-%m"), v.visitors) for v in data.visitors],
            title=_("Visitors per day"),
        ),
        "sales_days": bar_chart(
            [(d.date.strftime("%d-%m"), d.amount) for d in data.sales_days],
            title=_("Sales per day"),
            money=True,
        ),
        "sales_category": bar_chart(
            [(r.label, r.amount) for r in data.sales_by_category],
            title=_("Sales per category"),
            money=True,
        ),
        "exhibitors_category": bar_chart(
            [(r.label, r.count) for r in data.by_category], title=_("Exhibitors per category")
        ),
        "exhibitors_region": bar_chart(
            [(r.label, r.count) for r in data.by_region], title=_("Exhibitors per region")
        ),
    }
    if data.merchants:
        charts["festival"] = bar_chart(
            [(d.date.strftime("%d-%m"), d.amount) for d in data.festival_days],
            title=_("Merchants' sales per day"),
            money=True,
        )
    exports = ReportExport.objects.filter(event=event).order_by("-created_at")[:6]
    return render(
        request,
        "events/report/report.html",
        {
            "organisation": organisation,
            "event": event,
            "report": data,
            "charts": charts,
            "exports": exports,
        },
    )


@require_POST
@org_view("view_reports")
def export(request: HttpRequest, organisation: Organisation, event_id: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=event_id)
    kind = request.POST.get("kind", "")
    report_export_request(actor=request.user, event=event, kind=kind)
    messages.success(request, _("The file is being built; it appears below when ready."))
    return redirect("events:report", organisation.slug, event.pk)


@org_view("view_reports")
def export_progress(
    request: HttpRequest, organisation: Organisation, event_id: int, export_id: int
) -> HttpResponse:
    item = get_object_or_404(ReportExport, pk=export_id, event_id=event_id)
    return render(
        request,
        "events/report/partials/export.html",
        {"export": item, "organisation": organisation},
    )


@org_view("view_reports")
def export_download(
    request: HttpRequest, organisation: Organisation, event_id: int, export_id: int
) -> HttpResponse:
    item = get_object_or_404(ReportExport, pk=export_id, event_id=event_id)
    if item.status != ReportExportStatus.DONE or not item.file:
        raise Http404
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1]
    )


P = "o/<slug:slug>/events/<int:event_id>/report/"
urlpatterns = [
    path(P, report, name="report"),
    path(P + "file/", export, name="report_export"),
    path(P + "file/<int:export_id>/", export_progress, name="report_export_progress"),
    path(P + "file/<int:export_id>/download/", export_download, name="report_export_download"),
]
