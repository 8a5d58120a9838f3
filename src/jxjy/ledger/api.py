"""What other apps may call of the ledger (OEP-49): a record's fields checked, its project
checked, records registered in bulk, and the ledger's refusals. Pages and the REST API are
interfaces, not apps: they call the services and selectors themselves."""

from jxjy.ledger.bulk import NewRecord, records_register_many
from jxjy.ledger.services import ProjectMismatch, project_check, record_approval, record_checked

__all__ = [
    "NewRecord",
    "ProjectMismatch",
    "project_check",
    "record_approval",
    "record_checked",
    "records_register_many",
]
