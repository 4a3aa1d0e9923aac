from django.db import migrations, models
from django.db.models import Count, Exists, OuterRef, Subquery


def count_scans(apps, schema_editor):
    """Tickets scanned before the counter existed get their number of scans."""
    Ticket = apps.get_model("events", "Ticket")
    Scan = apps.get_model("events", "Scan")
    scans = Scan.objects.filter(ticket=OuterRef("pk")).order_by()
    Ticket.objects.filter(Exists(scans)).update(
        scan_count=Subquery(scans.values("ticket").annotate(n=Count("pk")).values("n"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_visitors_sales_festival"),
    ]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="scan_count",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="scans"),
        ),
        migrations.RunPython(count_scans, migrations.RunPython.noop),
    ]
