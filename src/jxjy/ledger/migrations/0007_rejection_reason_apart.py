# A rejection's reason gets a column of its own. Until now rejecting a correction wrote the
# rejection's reason over the correction's; the audit trail kept the correction's words
# (action "record.supersede" on the record it replaced), and they are put back from there.

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def split_reasons(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    CreditRecord = apps.get_model("ledger", "CreditRecord")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    rejected = CreditRecord.objects.filter(status="rejected").exclude(reason="")
    for record in rejected.iterator():
        record.rejection_reason = record.reason
        record.reason = ""
        if record.supersedes_id is not None:
            entry = (
                AuditEntry.objects.filter(
                    action="record.supersede",
                    target_type="ledger.creditrecord",
                    target_id=str(record.supersedes_id),
                )
                .order_by("-id")
                .first()
            )
            if entry is not None:
                record.reason = str(entry.detail.get("reason", ""))
        record.save(update_fields=["reason", "rejection_reason"])


def join_reasons(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    CreditRecord = apps.get_model("ledger", "CreditRecord")
    for record in CreditRecord.objects.exclude(rejection_reason="").iterator():
        record.reason = record.rejection_reason
        record.save(update_fields=["reason"])


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0006_evidence_targets"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="creditrecord",
            name="rejection_reason",
            field=models.TextField(blank=True, verbose_name="reason for rejecting"),
        ),
        migrations.AlterField(
            model_name="creditrecord",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reason for correcting"),
        ),
        migrations.RunPython(split_reasons, join_reasons),
    ]
